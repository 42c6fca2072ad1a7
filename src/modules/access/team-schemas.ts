import { z } from '@hono/zod-openapi';
import { emailSchema, roleSchema, scopeSchema } from './schemas';

const uuid = z.string().uuid();
const timestamp = z.string().datetime();

export const memberSchema = z
  .object({
    userId: uuid,
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    since: timestamp.openapi({ description: 'When they joined the team' }),
  })
  .openapi('TeamMember');

export const invitationSchema = z
  .object({
    id: uuid,
    email: z.string(),
    role: roleSchema,
    invitedBy: uuid.nullable(),
    createdAt: timestamp,
    expiresAt: timestamp,
  })
  .openapi('Invitation');

export const teamSchema = z
  .object({
    members: z.array(memberSchema),
    invitations: z.array(invitationSchema).openapi({ description: 'Pending invitations (not accepted, revoked or expired)' }),
  })
  .openapi('Team');

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema }).openapi('Invite');

export const createdInvitationSchema = invitationSchema
  .extend({
    acceptUrl: z.string().url().openapi({
      description: 'The link to hand to the invitee; it is shown only now (only its hash is stored)',
      example: 'https://acme.vitrine.shop/dashboard/invite/3q2-…',
    }),
  })
  .openapi('CreatedInvitation');

export const changeRoleSchema = z.object({ role: roleSchema }).openapi('ChangeRole');

export const invitationPreviewSchema = z
  .object({
    vendorName: z.string(),
    email: z.string(),
    role: roleSchema,
    expiresAt: timestamp,
    needsPassword: z.boolean().openapi({
      description: 'true: no account yet, so send a name and a new password; false: confirm with the existing password',
    }),
  })
  .openapi('InvitationPreview');

export const acceptInvitationSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional().openapi({ description: 'Required when the invitee has no account yet' }),
    password: z.string().min(1).max(200),
  })
  .openapi('AcceptInvitation');

export const apiKeySchema = z
  .object({
    id: uuid,
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, to recognise it', example: 'vk_0f3a9c1e2' }),
    scopes: z.array(scopeSchema),
    createdBy: uuid.nullable(),
    createdAt: timestamp,
    lastUsedAt: timestamp.nullable(),
    revokedAt: timestamp.nullable(),
  })
  .openapi('ApiKey');

export const apiKeyPageSchema = z
  .object({ data: z.array(apiKeySchema), nextCursor: z.string().nullable() })
  .openapi('ApiKeyPage');

export const createApiKeySchema = z
  .object({
    name: z.string().trim().min(1).max(120).openapi({ example: 'Nightly feed upload' }),
    scopes: z
      .array(scopeSchema)
      .min(1, 'choose at least one scope')
      .refine((scopes) => new Set(scopes).size === scopes.length, 'each scope once'),
  })
  .openapi('CreateApiKey');

export const createdApiKeySchema = z
  .object({
    id: uuid,
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(scopeSchema),
    createdAt: timestamp,
    key: z.string().openapi({ description: 'The secret: shown only in this response; send it as Authorization: Bearer' }),
  })
  .openapi('CreatedApiKey');

export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
export const userIdParamSchema = z.object({ userId: uuid.openapi({ param: { name: 'userId', in: 'path' } }) });
export const tokenParamSchema = z.object({
  token: z
    .string()
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
});

export type Member = z.infer<typeof memberSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export type ApiKeyDto = z.infer<typeof apiKeySchema>;
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
