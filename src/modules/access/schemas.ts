import { z } from '@hono/zod-openapi';
import { API_KEY_SCOPES, TEAM_ROLES } from './permissions';

export const emailSchema = z.string().trim().email().max(254).openapi({ example: 'owner@acme.test' });
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200).openapi({ example: 'vitrine-demo' });

export const loginSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) }).openapi('Login');
export const refreshSchema = z.object({ refreshToken: z.string().min(1).optional() }).openapi('Refresh');
export const registerSchema = z
  .object({ email: emailSchema, name: z.string().trim().min(1).max(120), password: passwordSchema })
  .openapi('RegisterCustomer');

export const userSchema = z.object({ id: z.string().uuid(), email: z.string(), name: z.string() }).openapi('User');
export const roleSchema = z.enum(TEAM_ROLES).openapi('TeamRole');
export const scopeSchema = z.enum(API_KEY_SCOPES).openapi('ApiKeyScope');

const tokens = {
  token: z.string().openapi({ description: 'Access token (JWT, 15 minutes): send as Authorization: Bearer' }),
  refreshToken: z.string().openapi({ description: 'Opaque refresh token (30 days, rotates on use)' }),
  expiresIn: z.number().int(),
};

export const tokensSchema = z.object(tokens).openapi('Tokens');
export const adminSessionSchema = z.object({ ...tokens, user: userSchema }).openapi('AdminSession');
export const teamSessionSchema = z.object({ ...tokens, user: userSchema, role: roleSchema }).openapi('TeamSession');
export const customerSessionSchema = z.object({ ...tokens, customer: userSchema }).openapi('CustomerSession');
