import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/** A platform admin created a vendor; its shop exists from now on. */
export const vendorCreatedV1 = defineEvent(
  'vendor.created.v1',
  'vendor',
  z.object({ vendorId: z.string().uuid(), slug: z.string(), name: z.string() }),
);
