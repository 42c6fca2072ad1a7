import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

const uuid = z.string().uuid();

const alert = z.object({
  alertId: uuid,
  variantId: uuid,
  productId: uuid,
  sku: z.string(),
  title: z.string(),
  available: z.number().int(),
  threshold: z.number().int(),
});

/** A variant's available stock (all locations together) fell to the vendor's low-stock threshold or below. */
export const inventoryLowStockV1 = defineEvent('inventory.low-stock.v1', 'variant-stock', alert);

/** A variant with an open low-stock alert has more available than the threshold again; the alert is resolved. */
export const inventoryRestockedV1 = defineEvent('inventory.restocked.v1', 'variant-stock', alert);
