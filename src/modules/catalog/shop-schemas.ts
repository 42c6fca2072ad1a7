import { z } from '@hono/zod-openapi';

export const SHOP_SORTS = ['relevance', 'newest', 'price', '-price', 'title'] as const;
export type ShopSort = (typeof SHOP_SORTS)[number];

const MAX_MINOR = 1_000_000_000_000;

/** `true` / `false` in a query string (z.coerce.boolean would read "false" as true). */
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

const minorAmount = (description: string) =>
  z.coerce.number().int().min(0).max(MAX_MINOR).optional().openapi({ type: 'integer', description });

/** A repeated query key arrives as an array, a single one as a string: both become a list. */
const brandList = z
  .union([z.string().trim().min(1).max(100), z.array(z.string().trim().min(1).max(100)).max(20)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
  .optional()
  .openapi({ description: 'A brand to keep; repeat the key for several (any of them matches)' });

const slugText = z.string().trim().min(1).max(200);

export const shopProductQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional().openapi({
      description: 'Words to find in title, brand, SKU or description; the last word also matches as a prefix',
    }),
    category: slugText.optional().openapi({ description: 'Category slug; its subcategories are included' }),
    brand: brandList,
    minPrice: minorAmount('Lowest "from" price in minor units (cents)'),
    maxPrice: minorAmount('Highest "from" price in minor units (cents)'),
    inStock: flag.openapi({ type: 'string', enum: ['true', 'false'], description: 'Only products a shopper can buy now' }),
    featured: flag.openapi({ type: 'string', enum: ['true', 'false'], description: 'Only featured products' }),
    sort: z.enum(SHOP_SORTS).optional().openapi({
      description:
        '`relevance` (default with `q`; without `q` it means `newest`), `newest` (default), `price`, `-price`, `title`',
    }),
    facets: flag.openapi({
      type: 'string',
      enum: ['true', 'false'],
      description: 'Also return brand counts, the price range and the total (in the same round trip)',
    }),
    cursor: z.string().max(600).optional().openapi({ description: '`nextCursor` of the previous page' }),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((query) => query.minPrice === undefined || query.maxPrice === undefined || query.minPrice <= query.maxPrice, {
    message: 'minPrice must not be above maxPrice',
    path: ['minPrice'],
  });
export type ShopProductQuery = z.infer<typeof shopProductQuerySchema>;

const imageSchema = z.object({ url: z.string(), alt: z.string() }).openapi('ShopImage');

export const shopProductCardSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    title: z.string(),
    brand: z.string().nullable(),
    image: imageSchema.nullable(),
    minPriceMinor: z.number().int(),
    maxPriceMinor: z.number().int(),
    compareAtMinor: z.number().int().nullable().openapi({ description: 'Former price of the cheapest variant, when higher' }),
    currency: z.string(),
    inStock: z.boolean(),
  })
  .openapi('ShopProductCard');
export type ShopProductCard = z.infer<typeof shopProductCardSchema>;

export const shopFacetsSchema = z
  .object({
    total: z.number().int().openapi({ description: 'Products matching every filter' }),
    brands: z
      .array(z.object({ name: z.string(), count: z.number().int() }))
      .openapi({ description: 'Brands matching every filter but `brand`, most products first' }),
    priceRange: z
      .object({ min: z.number().int(), max: z.number().int() })
      .nullable()
      .openapi({ description: 'Lowest and highest "from" price matching every filter but the price' }),
  })
  .openapi('ShopFacets');
export type ShopFacets = z.infer<typeof shopFacetsSchema>;

export const shopProductPageSchema = z
  .object({ data: z.array(shopProductCardSchema), nextCursor: z.string().nullable(), facets: shopFacetsSchema.optional() })
  .openapi('ShopProductPage');
export type ShopProductPage = z.infer<typeof shopProductPageSchema>;

const crumbSchema = z.object({ slug: z.string(), name: z.string() }).openapi('ShopCrumb');

export const shopVariantSchema = z
  .object({
    id: z.string().uuid(),
    sku: z.string(),
    gtin: z.string().nullable(),
    options: z.record(z.string(), z.string()),
    priceMinor: z.number().int(),
    compareAtMinor: z.number().int().nullable(),
    currency: z.string(),
    available: z.number().int().openapi({ description: 'Units a shopper can buy now, over every location' }),
    inStock: z.boolean(),
  })
  .openapi('ShopVariant');
export type ShopVariant = z.infer<typeof shopVariantSchema>;

export const shopProductSchema = z
  .object({
    id: z.string().uuid(),
    slug: z.string(),
    title: z.string(),
    brand: z.string().nullable(),
    descriptionHtml: z.string().openapi({ description: 'Sanitised when it was written' }),
    description: z.string().openapi({ description: 'The description as plain text' }),
    images: z.array(imageSchema),
    optionTypes: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
    attributes: z.record(z.string(), z.string()),
    minPriceMinor: z.number().int(),
    maxPriceMinor: z.number().int(),
    currency: z.string(),
    inStock: z.boolean(),
    category: crumbSchema.nullable(),
    breadcrumb: z.array(crumbSchema).openapi({ description: 'From the top category down to the product’s own' }),
    variants: z.array(shopVariantSchema),
    updatedAt: z.string(),
  })
  .openapi('ShopProduct');
export type ShopProduct = z.infer<typeof shopProductSchema>;

export interface ShopCategoryNode {
  id: string;
  slug: string;
  name: string;
  productCount: number;
  children: ShopCategoryNode[];
}

const categoryNodeBase = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  productCount: z.number().int().openapi({ description: 'Active products here and in every subcategory' }),
});

export const shopCategoryNodeSchema: z.ZodType<ShopCategoryNode> = categoryNodeBase
  .extend({ children: z.lazy(() => z.array(shopCategoryNodeSchema)) })
  .openapi('ShopCategoryNode');

export const shopCategoryTreeSchema = z.object({ data: z.array(shopCategoryNodeSchema) }).openapi('ShopCategoryTree');

export const shopCategorySchema = z
  .object({
    category: categoryNodeBase,
    breadcrumb: z.array(crumbSchema).openapi({ description: 'From the top category down to this one' }),
    children: z.array(categoryNodeBase),
  })
  .openapi('ShopCategory');
export type ShopCategory = z.infer<typeof shopCategorySchema>;

export const slugParamSchema = z.object({ slug: slugText.openapi({ param: { name: 'slug', in: 'path' } }) });
