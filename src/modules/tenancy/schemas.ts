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

const nameSchema = z.string().trim().min(1).max(120).openapi({ example: 'Acme Building Supplies' });

export const createVendorSchema = z
  .object({
    name: nameSchema,
    slug: slugSchema,
    theme: themeSchema.optional(),
    ownerEmail: z.string().trim().toLowerCase().email().max(254).optional().openapi({
      description: 'When given, an owner invitation for this email is created with the vendor (valid 7 days)',
      example: 'owner@acme.test',
    }),
  })
  .openapi('CreateVendor');

export const updateVendorSchema = z
  .object({ name: nameSchema.optional(), theme: themeSchema.optional() })
  .strict()
  .refine((body) => body.name !== undefined || body.theme !== undefined, 'change at least one of name, theme')
  .openapi('UpdateVendor', {
    description: 'The slug is immutable: it is the shop\u2019s address and part of every link to it, so it cannot be sent here.',
  });

export const suspendVendorSchema = z
  .object({ reason: z.string().trim().max(500).optional().openapi({ example: 'Unpaid invoices' }) })
  .openapi('SuspendVendor');

const timestamp = z.string().datetime();

export const vendorSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended']),
    theme: themeSchema,
    verifiedAt: timestamp.nullable(),
    deletedAt: timestamp.nullable().openapi({ description: 'Set once the vendor was deleted; its shop answers 404' }),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .openapi('Vendor');

export const createdVendorSchema = vendorSchema
  .extend({
    ownerInvite: z
      .object({
        email: z.string(),
        acceptUrl: z.string().url().openapi({ description: 'Shown only now: hand it to the owner (only its hash is stored)' }),
        expiresAt: timestamp,
      })
      .optional(),
  })
  .openapi('CreatedVendor');

export const domainSchema = z
  .object({ id: z.string().uuid(), domain: z.string(), verifiedAt: timestamp.nullable(), createdAt: timestamp })
  .openapi('VendorDomain');

export const vendorDetailSchema = vendorSchema
  .extend({
    verified: z.boolean(),
    memberCount: z.number().int(),
    domains: z.array(domainSchema),
  })
  .openapi('VendorDetail');

export const vendorPageSchema = z
  .object({ data: z.array(vendorSchema), nextCursor: z.string().nullable() })
  .openapi('VendorPage');

export const VENDOR_FILTERS = ['active', 'suspended', 'deleted'] as const;

export const listVendorsQuerySchema = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'Part of the name or slug' }),
  status: z.enum(VENDOR_FILTERS).optional().openapi({ description: 'Without it: every vendor that is not deleted' }),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const vendorStatsSchema = z
  .object({
    total: z.number().int().openapi({ description: 'Not deleted' }),
    active: z.number().int(),
    suspended: z.number().int(),
    unverified: z.number().int().openapi({ description: 'Not deleted and not verified yet' }),
    deleted: z.number().int(),
  })
  .openapi('VendorStats');

/** A host name: labels of letters, digits and inner hyphens, at least one dot, no port. */
export const addDomainSchema = z
  .object({
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .max(253)
      .transform((domain) => domain.replace(/\.$/, ''))
      .pipe(
        z.string().regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a domain name such as shop.example.com'),
      )
      .openapi({ example: 'shop.example.com', type: 'string' }),
  })
  .openapi('AddDomain');

const uuidParam = (name: string) =>
  z
    .string()
    .uuid()
    .openapi({ param: { name, in: 'path' } });
export const vendorIdParamSchema = z.object({ id: uuidParam('id') });
export const domainParamSchema = z.object({ id: uuidParam('id'), domainId: uuidParam('domainId') });

export type CreateVendorInput = z.infer<typeof createVendorSchema>;
export type UpdateVendorInput = z.infer<typeof updateVendorSchema>;
export type ListVendorsQuery = z.infer<typeof listVendorsQuerySchema>;
export type VendorDto = z.infer<typeof vendorSchema>;
export type VendorDetailDto = z.infer<typeof vendorDetailSchema>;
export type DomainDto = z.infer<typeof domainSchema>;
export type VendorStats = z.infer<typeof vendorStatsSchema>;
