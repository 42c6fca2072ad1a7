import { z } from '@hono/zod-openapi';
import { type Issue, isAllowedImageUrl, isValidGtin, optionTypeIssues, SLUG_MAX, SLUG_PATTERN, variantIssues } from './rules';

const uuid = z.string().uuid();
const timestamp = z.string().datetime();
const money = z.number().int().min(0).max(1_000_000_000_000);

/** Adds rule violations found outside zod to a refinement context, with zod-style paths. */
export function addIssues(ctx: z.RefinementCtx, issues: Issue[]): void {
  for (const issue of issues) {
    const path = issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    ctx.addIssue({ code: 'custom', path, message: issue.message });
  }
}

export const productStatusSchema = z.enum(['draft', 'active', 'archived']).openapi('ProductStatus', {
  description: '`active` products are on the shop; publishing = becoming active',
});

export const catalogSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(SLUG_MAX)
  .regex(SLUG_PATTERN, 'lowercase letters, digits and inner hyphens only')
  .openapi({ example: 'portland-cement-25-kg' });

export const productImageSchema = z
  .object({
    url: z.string().trim().max(2000).refine(isAllowedImageUrl, 'an https URL'),
    alt: z.string().trim().max(300).default(''),
  })
  .openapi('ProductImage');

export const optionTypeSchema = z
  .object({
    name: z.string().trim().min(1).max(40).openapi({ example: 'Size' }),
    values: z
      .array(z.string().trim().min(1).max(60))
      .min(1)
      .max(100)
      .openapi({ example: ['S', 'M', 'L'] }),
  })
  .openapi('OptionType');

const attributesSchema = z
  .record(z.string().trim().min(1).max(60), z.string().max(1000))
  .refine((attributes) => Object.keys(attributes).length <= 50, 'at most 50 attributes')
  .openapi({ example: { material: 'Steel' } });

export const variantInputSchema = z
  .object({
    sku: z.string().trim().min(1).max(64).regex(/^\S+$/, 'no spaces in a SKU').openapi({ example: 'ACM-CEM-25' }),
    gtin: z
      .string()
      .trim()
      .refine((gtin) => gtin === '' || isValidGtin(gtin), 'not a valid GTIN-8, -12, -13 or -14 (check digit)')
      .nullable()
      .optional()
      .openapi({ example: '4006381333931' }),
    options: z
      .record(z.string(), z.string())
      .default({})
      .openapi({ example: { Size: 'M' } }),
    priceMinor: money.openapi({ description: 'Price in minor units (cents)', example: 1299 }),
    compareAtMinor: money.nullable().optional().openapi({ description: 'The "was" price; above priceMinor when set' }),
    costMinor: money.nullable().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .default('EUR'),
    weightGrams: z.number().int().min(0).max(10_000_000).nullable().optional(),
  })
  .openapi('VariantInput');

const productFields = {
  title: z.string().trim().min(1).max(200).openapi({ example: 'Portland cement 25 kg' }),
  slug: catalogSlugSchema.optional().openapi({ description: 'Derived from the title when missing' }),
  descriptionHtml: z
    .string()
    .max(100_000)
    .openapi({ description: 'Sanitised to p, br, strong, em, ul, ol, li, a (http/https/mailto), h2–h4, blockquote' }),
  brand: z.string().trim().max(120).nullable(),
  status: productStatusSchema,
  featured: z.boolean(),
  categoryId: uuid.nullable(),
  images: z.array(productImageSchema).max(20),
  optionTypes: z.array(optionTypeSchema).max(3),
  attributes: attributesSchema,
  variants: z.array(variantInputSchema).min(1, 'a product needs at least one variant').max(100),
};

export const createProductSchema = z
  .object({
    ...productFields,
    descriptionHtml: productFields.descriptionHtml.default(''),
    brand: productFields.brand.optional(),
    status: productFields.status.default('draft'),
    featured: productFields.featured.default(false),
    categoryId: productFields.categoryId.optional(),
    images: productFields.images.default([]),
    optionTypes: productFields.optionTypes.default([]),
    attributes: attributesSchema.default({}),
  })
  .superRefine((product, ctx) => {
    addIssues(ctx, optionTypeIssues(product.optionTypes));
    addIssues(ctx, variantIssues(product.optionTypes, product.variants));
  })
  .openapi('CreateProduct');

export const updateProductSchema = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The version you read; a stale one gets CONFLICT' }),
    title: productFields.title.optional(),
    slug: catalogSlugSchema.optional(),
    descriptionHtml: productFields.descriptionHtml.optional(),
    brand: productFields.brand.optional(),
    status: productFields.status.optional(),
    featured: productFields.featured.optional(),
    categoryId: productFields.categoryId.optional(),
    images: productFields.images.optional(),
    optionTypes: productFields.optionTypes.optional(),
    attributes: attributesSchema.optional(),
    variants: productFields.variants
      .optional()
      .openapi({ description: 'Replaces the set by SKU: existing SKUs are updated, new ones added, missing ones deleted' }),
  })
  .strict()
  .openapi('UpdateProduct');

export const BULK_ACTIONS = ['activate', 'archive', 'draft', 'feature', 'unfeature'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export const bulkProductsSchema = z
  .object({
    ids: z
      .array(uuid)
      .min(1)
      .max(500)
      .refine((ids) => new Set(ids).size === ids.length, 'each id once'),
    action: z.enum(BULK_ACTIONS),
  })
  .openapi('BulkProducts');

export const bulkResultSchema = z
  .object({ updated: z.number().int().openapi({ description: 'Products that changed (others already were so)' }) })
  .openapi('BulkResult');

export const PRODUCT_SORTS = ['-updated', 'title', 'price', '-price'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const productListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().openapi({ description: 'Words (or their starts) of the title, brand or a SKU' }),
  status: productStatusSchema.optional(),
  categoryId: uuid.optional(),
  brand: z.string().trim().max(120).optional(),
  featured: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === 'true')),
  sort: z.enum(PRODUCT_SORTS).default('-updated'),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const productIdParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

export const variantSchema = z
  .object({
    id: uuid,
    sku: z.string(),
    gtin: z.string().nullable(),
    options: z.record(z.string(), z.string()),
    priceMinor: z.number().int().openapi({ description: 'The base price the team or a feed gave, in minor units' }),
    sellingPriceMinor: z
      .number()
      .int()
      .openapi({ description: 'What the shop sells at: the base price, or what a pricing rule made of it' }),
    priceRuleId: uuid.nullable().openapi({ description: 'The pricing rule that produced the selling price, if any' }),
    compareAtMinor: z.number().int().nullable(),
    costMinor: z.number().int().nullable(),
    currency: z.string(),
    weightGrams: z.number().int().nullable(),
    position: z.number().int(),
  })
  .openapi('Variant');

const productOutputFields = {
  id: uuid,
  slug: z.string(),
  title: z.string(),
  brand: z.string().nullable(),
  status: productStatusSchema,
  featured: z.boolean(),
  categoryId: uuid.nullable(),
  images: z.array(z.object({ url: z.string(), alt: z.string() })),
  minPriceMinor: z.number().int().nullable(),
  maxPriceMinor: z.number().int().nullable(),
  currency: z.string(),
  version: z.number().int(),
  publishedAt: timestamp.nullable(),
  updatedAt: timestamp,
};

export const productSchema = z
  .object({
    ...productOutputFields,
    descriptionHtml: z.string(),
    optionTypes: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    attributes: z.record(z.string(), z.string()),
    source: z.string(),
    externalId: z.string().nullable(),
    createdAt: timestamp,
    variants: z.array(variantSchema),
  })
  .openapi('Product');

export const productSummarySchema = z
  .object({ ...productOutputFields, variantCount: z.number().int() })
  .openapi('ProductSummary');

export const productPageSchema = z
  .object({ data: z.array(productSummarySchema), nextCursor: z.string().nullable() })
  .openapi('ProductPage');

/** What `createProduct` takes: the API's body, before defaults. */
export type CreateProductInput = z.input<typeof createProductSchema>;
export type UpdateProductInput = z.output<typeof updateProductSchema>;
export type VariantInput = z.output<typeof variantInputSchema>;
export type ProductListQuery = z.output<typeof productListQuerySchema>;
export type Product = z.infer<typeof productSchema>;
export type Variant = z.infer<typeof variantSchema>;
export type ProductSummary = z.infer<typeof productSummarySchema>;
export type ProductPage = z.infer<typeof productPageSchema>;
