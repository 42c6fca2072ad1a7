import { z } from 'zod';
import { PermanentError } from '../../platform/consumer';
import type { WsTx } from '../../platform/db';
import type { Envelope } from '../events/envelope';
import { inventoryAdjustedV1 } from '../inventory';
import { findOrderAllocations, orderCancelledV1, orderPlacedV1 } from '../orders';

/**
 * The events that change what a variant has available (all locations together): an order placed
 * (reserves), an order cancelled (releases), a stock adjustment. A transfer moves stock between
 * locations and a shipment lowers on hand and reserved alike, so neither changes the total.
 */
export const STOCK_TOPICS = [orderPlacedV1.topic, orderCancelledV1.topic, inventoryAdjustedV1.topic] as const;

// Only the fields the engine reads: a payload that grew (or an older one) still applies.
const uuid = z.string().uuid();
const placed = z.object({ items: z.array(z.object({ variantId: uuid })) });
const cancelled = z.object({ orderId: uuid });
const adjusted = z.object({ variantId: uuid });

function payloadOf<S extends z.ZodType>(schema: S, event: Envelope): z.infer<S> {
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) throw new PermanentError(`${event.topic} ${event.id}: payload has no valid variant or order id`);
  return parsed.data;
}

/** The variants whose availability the event changed (a cancelled order's from its allocations, read in `tx`). */
export async function variantsChangedBy(tx: WsTx, event: Envelope): Promise<string[]> {
  switch (event.topic) {
    case orderPlacedV1.topic:
      return [...new Set(payloadOf(placed, event).items.map((item) => item.variantId))];
    case orderCancelledV1.topic: {
      const { orderId } = payloadOf(cancelled, event);
      const allocations = await findOrderAllocations(tx, event.vendorId, orderId);
      return [...new Set(allocations.map((allocation) => allocation.variantId))];
    }
    case inventoryAdjustedV1.topic:
      return [payloadOf(adjusted, event).variantId];
    default:
      return [];
  }
}
