import { z } from '@hono/zod-openapi';
import { roleSchema } from './schemas';

const timestamp = z.string().datetime();

export const adminUserSchema = z
  .object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    isPlatformAdmin: z.boolean(),
    disabledAt: timestamp.nullable().openapi({ description: 'Set while the user is disabled: no sign-in, no sessions' }),
    createdAt: timestamp,
    memberships: z.array(
      z.object({ vendorId: z.string().uuid(), vendorSlug: z.string(), vendorName: z.string(), role: roleSchema }),
    ),
  })
  .openapi('AdminUser');

export const adminUserPageSchema = z
  .object({ data: z.array(adminUserSchema), nextCursor: z.string().nullable() })
  .openapi('AdminUserPage');

export const listUsersQuerySchema = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of the email or name' }),
  cursor: z.string().max(600).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const userStatsSchema = z
  .object({ total: z.number().int(), admins: z.number().int(), disabled: z.number().int() })
  .openapi('UserStats');

export const userIdParamSchema = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export type AdminUser = z.infer<typeof adminUserSchema>;
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;
export type UserStats = z.infer<typeof userStatsSchema>;
