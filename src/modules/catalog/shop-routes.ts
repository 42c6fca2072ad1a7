import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { json, vendorIdOf } from '../../platform/route-parts';
import {
  shopCategorySchema,
  shopCategoryTreeSchema,
  shopProductPageSchema,
  shopProductQuerySchema,
  shopProductSchema,
  slugParamSchema,
} from './shop-schemas';
import { getShopCategory, getShopProduct, listShopCategories, listShopProducts } from './shop-service';

const tags = ['shop'];
const invalid = { 422: json(errorSchema, 'Invalid query (VALIDATION_FAILED)') };
const notFound = { 404: json(errorSchema, 'No such active product or category here (NOT_FOUND)') };

/** The same for everyone, so shared caches may keep it briefly. */
const publicCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=30');
};

/** `/api/v1/shop/{products,categories}`: shoppers browse the catalog, signed in or not. */
export const shopCatalogRoutes = createApi();
shopCatalogRoutes.use('/products', publicCache);
shopCatalogRoutes.use('/products/*', publicCache);
shopCatalogRoutes.use('/categories', publicCache);
shopCatalogRoutes.use('/categories/*', publicCache);

shopCatalogRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/products',
    tags,
    summary: 'Searches and lists active products: filters, sorts, keyset `cursor`, optional facets',
    request: { query: shopProductQuerySchema },
    responses: { 200: json(shopProductPageSchema, 'A page of products'), ...invalid },
  }),
  async (c) => c.json(await listShopProducts(c.get('db'), vendorIdOf(c), c.req.valid('query')), 200),
);

shopCatalogRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/products/{slug}',
    tags,
    summary: 'One active product with its variants, availability and category path',
    request: { params: slugParamSchema },
    responses: { 200: json(shopProductSchema, 'The product'), ...notFound, ...invalid },
  }),
  async (c) => c.json(await getShopProduct(c.get('db'), vendorIdOf(c), c.req.valid('param').slug), 200),
);

shopCatalogRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/categories',
    tags,
    summary: 'The category tree, each category with its count of active products (subcategories included)',
    responses: { 200: json(shopCategoryTreeSchema, 'The tree') },
  }),
  async (c) => c.json({ data: await listShopCategories(c.get('db'), vendorIdOf(c)) }, 200),
);

shopCatalogRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/categories/{slug}',
    tags,
    summary: 'One category with its path and subcategories; its products come from GET /products?category=',
    request: { params: slugParamSchema },
    responses: { 200: json(shopCategorySchema, 'The category'), ...notFound, ...invalid },
  }),
  async (c) => c.json(await getShopCategory(c.get('db'), vendorIdOf(c), c.req.valid('param').slug), 200),
);
