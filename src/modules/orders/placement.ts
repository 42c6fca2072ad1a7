import { ApiError } from '../../platform/errors';
import { outboxRow } from '../../platform/outbox';
import type { SellableVariant } from '../catalog';
import { orderPlacedV1 } from './events';
import { paymentProvider } from './payments';
import type { PlacedOrder, PlacedOutcome } from './place-statement';
import type { OrderItemRow, OrderRow, ShippingMethodRow } from './repo';
import type { PlaceOrderInput, Quote } from './schemas';

/** What placing an order writes, built from the validated request and its quote before any SQL runs. */
export function buildPlacement(
  vendorId: string,
  input: PlaceOrderInput,
  facts: {
    key: string;
    hash: string;
    buyer: { customerId: string | null };
    quote: Quote;
    method: ShippingMethodRow;
    variants: Map<string, SellableVariant>;
  },
): PlacedOrder {
  const { key, hash, buyer, quote, method } = facts;
  const orderId = crypto.randomUUID();
  const payment = paymentProvider(input.paymentMethod).authorize({
    number: 0,
    totalMinor: quote.totalMinor,
    currency: quote.currency,
    email: input.email,
  });
  const event = outboxRow(orderPlacedV1, {
    vendorId,
    aggregateId: orderId,
    // The statement sets the number it takes.
    payload: {
      orderId,
      number: 0,
      customerId: buyer.customerId,
      email: input.email,
      currency: quote.currency,
      totalMinor: quote.totalMinor,
      paymentMethod: input.paymentMethod,
      items: quote.lines.map((l) => ({ variantId: l.variantId, sku: l.sku, quantity: l.quantity, totalMinor: l.totalMinor })),
    },
  });
  return {
    order: {
      id: orderId,
      vendorId,
      email: input.email,
      customerId: buyer.customerId,
      shippingAddress: input.shippingAddress,
      billingAddress: input.billingAddress ?? input.shippingAddress,
      currency: quote.currency,
      subtotalMinor: quote.subtotalMinor,
      shippingMinor: quote.shippingMinor,
      taxMinor: quote.taxMinor,
      totalMinor: quote.totalMinor,
      taxBreakdown: quote.taxBreakdown,
      shippingMethodId: method.id,
      shippingMethodName: method.name,
      paymentMethod: input.paymentMethod,
      paymentStatus: payment.status,
      note: input.note,
      idempotencyKey: key,
      requestHash: hash,
    },
    items: quote.lines.map((line, position) => ({
      id: crypto.randomUUID(),
      position,
      productId: line.productId,
      variantId: line.variantId,
      productTitle: line.productTitle,
      variantOptions: line.options,
      sku: line.sku,
      unitPriceMinor: line.unitPriceMinor,
      quantity: line.quantity,
      taxRateBp: line.taxRateBp,
      taxMinor: line.taxMinor,
      totalMinor: line.totalMinor,
      weightGrams: facts.variants.get(line.variantId)?.weightGrams ?? null,
    })),
    history: { actorKind: buyer.customerId ? 'customer' : 'guest', actorId: buyer.customerId },
    event: { topic: event.topic, aggregateType: event.aggregateType, payload: event.payload },
  };
}

/** The order and items as stored, from what was sent and what the statement answered. */
export function storedRows(
  vendorId: string,
  placement: PlacedOrder,
  stored: PlacedOutcome,
): { row: OrderRow; itemRows: OrderItemRow[] } {
  const { order } = placement;
  if (stored.number === null || stored.placed_at === null || stored.updated_at === null)
    throw new Error('the placing statement stored no order');
  const row: OrderRow = {
    ...order,
    customerId: order.customerId ?? null,
    shippingMethodId: order.shippingMethodId ?? null,
    paymentStatus: order.paymentStatus ?? 'pending',
    note: order.note ?? null,
    number: Number(stored.number),
    status: 'pending',
    version: 1,
    placedAt: new Date(stored.placed_at),
    updatedAt: new Date(stored.updated_at),
  };
  const itemRows: OrderItemRow[] = placement.items.map((item) => ({
    ...item,
    vendorId,
    orderId: order.id,
    variantOptions: item.variantOptions ?? {},
    weightGrams: item.weightGrams ?? null,
  }));
  return { row, itemRows };
}

/** INSUFFICIENT_STOCK naming each short line with what was asked and what is available. */
export function insufficientStock(totals: PlacedOutcome['totals'], sku: (variantId: string) => string | null): ApiError {
  const short = totals.filter((t) => t.available < t.requested);
  const message = short.map((s) => `${sku(s.variantId) ?? s.variantId}: ${s.available} available, ${s.requested} asked`);
  return new ApiError('INSUFFICIENT_STOCK', `Not enough stock (${message.join('; ')})`, {
    details: { lines: short.map((s) => ({ ...s, sku: sku(s.variantId) })) },
  });
}
