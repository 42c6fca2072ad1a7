import { z } from '@hono/zod-openapi';
import { roleSchema, scopeSchema, userSchema } from './schemas';

/** The vendor a team member or API key acts for, as `/vendor/me` shows it. */
export const vendorRefSchema = z.object({ id: z.string().uuid(), slug: z.string(), name: z.string() }).openapi('VendorRef');

/** `/vendor/me`: a signed-in team member (with their role) or an API key (with its scopes). */
export const vendorMeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('team'), user: userSchema, role: roleSchema, vendor: vendorRefSchema }),
    z.object({
      kind: z.literal('api-key'),
      key: z.object({ id: z.string().uuid(), scopes: z.array(scopeSchema) }),
      vendor: vendorRefSchema,
    }),
  ])
  .openapi('VendorMe');

/** What a shopper may change about their own account. */
export const updateCustomerSchema = z
  .object({ name: z.string().trim().min(1, 'enter your name').max(120, 'at most 120 characters') })
  .openapi('UpdateCustomer');

export type Account = z.infer<typeof userSchema>;
