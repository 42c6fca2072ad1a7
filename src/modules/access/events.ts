import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/** A shopper registered with a vendor's shop. */
export const customerRegisteredV1 = defineEvent(
  'customer.registered.v1',
  'customer',
  z.object({ customerId: z.string().uuid(), email: z.string().email() }),
);

/** A shopper changed their own account details (for now: their name). */
export const customerUpdatedV1 = defineEvent(
  'customer.updated.v1',
  'customer',
  z.object({ customerId: z.string().uuid(), name: z.string() }),
);
