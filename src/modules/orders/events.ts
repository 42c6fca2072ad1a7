import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';
import { ORDER_STATUSES } from './schemas';

const uuid = z.string().uuid();
const status = z.enum(ORDER_STATUSES);

/** An order was placed: its stock is reserved and its number given out. */
export const orderPlacedV1 = defineEvent(
  'order.placed.v1',
  'order',
  z.object({
    orderId: uuid,
    number: z.number().int(),
    customerId: uuid.nullable(),
    email: z.string(),
    currency: z.string(),
    totalMinor: z.number().int(),
    paymentMethod: z.string(),
    items: z.array(z.object({ variantId: uuid, sku: z.string(), quantity: z.number().int(), totalMinor: z.number().int() })),
  }),
);

const statusChange = z.object({
  orderId: uuid,
  number: z.number().int(),
  from: status,
  to: status,
  actor: z.object({ kind: z.string(), id: z.string().nullable() }),
  note: z.string().nullable(),
});

/** The team accepted the order. */
export const orderConfirmedV1 = defineEvent('order.confirmed.v1', 'order', statusChange);
/** The order went out: its reserved stock left the shelf (ledger reason `sold`). */
export const orderShippedV1 = defineEvent('order.shipped.v1', 'order', statusChange);
/** The order arrived. */
export const orderDeliveredV1 = defineEvent('order.delivered.v1', 'order', statusChange);
/** The order was cancelled before shipping; its reservation was released. */
export const orderCancelledV1 = defineEvent('order.cancelled.v1', 'order', statusChange);
/** The order was refunded (stock is not returned automatically). */
export const orderRefundedV1 = defineEvent('order.refunded.v1', 'order', statusChange);

/** The event a transition into `to` emits (processing emits none). */
export const TRANSITION_EVENTS = {
  confirmed: orderConfirmedV1,
  shipped: orderShippedV1,
  delivered: orderDeliveredV1,
  cancelled: orderCancelledV1,
  refunded: orderRefundedV1,
} as const;
