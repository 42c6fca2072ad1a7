import type { OrderStatus } from '../../../drizzle/schema';

/**
 * The order status machine: pending → confirmed → processing → shipped → delivered; an order not
 * yet shipped can be cancelled; a shipped or delivered one refunded. Cancelled and refunded are
 * final.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['processing', 'cancelled'],
  processing: ['shipped', 'cancelled'],
  shipped: ['delivered', 'refunded'],
  delivered: ['refunded'],
  cancelled: [],
  refunded: [],
};

/** The statuses an order in `from` may move to. */
export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * What a transition does to the order's reserved stock: cancelling releases it, shipping takes
 * it off the shelf (on hand and reserved both fall, ledger reason `sold`). A refund leaves stock
 * alone: returned goods come back through a `returned` stock adjustment once someone has looked
 * at them.
 */
export function stockEffect(to: OrderStatus): 'release' | 'ship' | null {
  if (to === 'cancelled') return 'release';
  if (to === 'shipped') return 'ship';
  return null;
}
