import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/** A shopper registered with a vendor's shop. */
export const customerRegisteredV1 = defineEvent(
  'customer.registered.v1',
  'customer',
  z.object({ customerId: z.string().uuid(), email: z.string().email() }),
);
