import type { z } from '@hono/zod-openapi';
import { errorSchema } from '../../platform/openapi';

/** Shared pieces of the inventory routes' OpenAPI descriptions. */
export const tags = ['inventory'];
export const security = [{ bearer: [] }];

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const refused = {
  401: json(errorSchema, 'Not signed in, or a credential of another vendor'),
  403: json(errorSchema, 'Not allowed for this role or API key'),
};

export const invalid = { 422: json(errorSchema, 'Invalid request') };
export const notFound = (what: string) => ({ 404: json(errorSchema, what) });
export const conflict = (what: string) => ({ 409: json(errorSchema, what) });
