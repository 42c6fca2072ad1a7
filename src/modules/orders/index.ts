/**
 * What other modules (the cart, the shop and dashboard pages, the seed) may use of orders:
 * quoting and placing an order, the status machine, payment providers, reading orders (and the
 * stock an order holds, for the stock engine), events.
 */
export { type Buyer, placeOrder, quoteCheckout } from './checkout-service';
export {
  orderCancelledV1,
  orderConfirmedV1,
  orderDeliveredV1,
  orderPlacedV1,
  orderRefundedV1,
  orderShippedV1,
} from './events';
export {
  findGuestOrder,
  getCustomerOrder,
  getTeamOrder,
  listOrders,
  listUnpaidPendingOrders,
  type OrderActor,
  SYSTEM_ACTOR,
  type TransitionGuard,
  transitionOrder,
} from './order-service';
export { PAYMENT_PROVIDERS, type PaymentProvider, paymentProvider } from './payments';
export { includedTax, priceOrder } from './pricing';
export { findAllocations as findOrderAllocations } from './repo';
export {
  idempotencyHeaderSchema,
  type Order,
  type OrderPage,
  type OrderSummary,
  type PlaceOrderInput,
  placeOrderSchema,
  type Quote,
  type QuoteRequest,
  quoteRequestSchema,
  quoteSchema,
  type TeamOrder,
} from './schemas';
export { createShippingMethod, createTaxRate, listShippingMethods, listTaxRates } from './settings-service';
export { allowedTransitions, canTransition, TRANSITIONS } from './status';
