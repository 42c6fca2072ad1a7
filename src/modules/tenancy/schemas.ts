import { z } from '@hono/zod-openapi';

/** Hosts that can never be a vendor's subdomain. */
export const RESERVED_SLUGS = new Set(['admin', 'www', 'api', 'app', 'assets', 'static', 'mail', 'dashboard', 'status', 'docs']);

export const slugSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens only')
  .refine((slug) => !RESERVED_SLUGS.has(slug), 'this slug is reserved')
  .openapi({ example: 'acme' });

const hexColour = z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, 'a hex colour such as #1f4fd1');

export const themeSchema = z
  .object({ primary: hexColour, accent: hexColour, logoUrl: z.string().url().nullable() })
  .openapi('VendorTheme');

export const createVendorSchema = z
  .object({
    name: z.string().trim().min(1).max(120).openapi({ example: 'Acme Building Supplies' }),
    slug: slugSchema,
    theme: themeSchema.optional(),
  })
  .openapi('CreateVendor');

export const vendorSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    theme: themeSchema,
    createdAt: z.string().datetime(),
  })
  .openapi('Vendor');

export type CreateVendorInput = z.infer<typeof createVendorSchema>;
export type VendorDto = z.infer<typeof vendorSchema>;
