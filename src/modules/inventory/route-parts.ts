import { errorSchema } from '../../platform/openapi';
import { json } from '../../platform/route-parts';

/** The inventory routes' own pieces of their OpenAPI descriptions (the generic ones are the platform's). */
export const tags = ['inventory'];

export const refused = {
  401: json(errorSchema, 'Not signed in, or a credential of another vendor'),
  403: json(errorSchema, 'Not allowed for this role or API key'),
};

export const invalid = { 422: json(errorSchema, 'Invalid request') };
export const notFound = (what: string) => ({ 404: json(errorSchema, what) });
export const conflict = (what: string) => ({ 409: json(errorSchema, what) });
