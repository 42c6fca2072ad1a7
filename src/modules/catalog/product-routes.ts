import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, security, vendorIdOf as vendorId } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { archiveProduct, bulkChangeProducts, createProduct, getProduct, listProducts } from './product-service';
import { updateProduct } from './product-update';
import { catalogActor, refused, tags } from './route-helpers';
import {
  bulkProductsSchema,
  bulkResultSchema,
  createProductSchema,
  productIdParamSchema,
  productListQuerySchema,
  productPageSchema,
  productSchema,
  updateProductSchema,
} from './schemas';

/** `/api/v1/vendor/products`: the team creates, edits, archives and bulk-changes products. */
export const productRoutes = createApi();

productRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/products',
    tags,
    security,
    summary: 'Lists products: search (title, brand, SKU), filters, sort and keyset cursor',
    middleware: [requirePermission('catalog:read')],
    request: { query: productListQuerySchema },
    responses: {
      200: json(productPageSchema, 'A page of products'),
      422: json(errorSchema, 'Invalid query or cursor'),
      ...refused,
    },
  }),
  async (c) => c.json(await listProducts(c.get('db'), vendorId(c), c.req.valid('query')), 200),
);

productRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/products',
    tags,
    security,
    summary: 'Creates a product with its variants (product.created.v1; product.published.v1 when active)',
    middleware: [requirePermission('catalog:write')],
    request: body(createProductSchema),
    responses: {
      201: json(productSchema, 'Created'),
      409: json(errorSchema, 'Slug or SKU taken (details.sku names the SKU)'),
      422: json(errorSchema, 'Invalid body (details: path and message per problem)'),
      ...refused,
    },
  }),
  async (c) => {
    const product = await createProduct(c.get('db'), vendorId(c), c.req.valid('json'), catalogActor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(product, 201);
  },
);

productRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/products/bulk',
    tags,
    security,
    summary: 'Activates, archives, drafts, features or unfeatures up to 500 products at once',
    middleware: [requirePermission('catalog:write')],
    request: body(bulkProductsSchema),
    responses: { 200: json(bulkResultSchema, 'How many products changed'), 422: json(errorSchema, 'Invalid body'), ...refused },
  }),
  async (c) => {
    const result = await bulkChangeProducts(c.get('db'), vendorId(c), c.req.valid('json'), catalogActor(c));
    if (result.updated > 0) kickRelay(c.env, c.executionCtx);
    return c.json(result, 200);
  },
);

productRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/products/{id}',
    tags,
    security,
    summary: 'A product with its variants',
    middleware: [requirePermission('catalog:read')],
    request: { params: productIdParamSchema },
    responses: { 200: json(productSchema, 'The product'), 404: json(errorSchema, 'No such product'), ...refused },
  }),
  async (c) => c.json(await getProduct(c.get('db'), vendorId(c), c.req.valid('param').id), 200),
);

productRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/products/{id}',
    tags,
    security,
    summary: 'Changes a product if `version` is still current; `variants` replaces the set by SKU',
    middleware: [requirePermission('catalog:write')],
    request: { params: productIdParamSchema, ...body(updateProductSchema) },
    responses: {
      200: json(productSchema, 'The product as it is now (its version + 1 if anything changed)'),
      404: json(errorSchema, 'No such product'),
      409: json(errorSchema, 'Stale version (details.currentVersion), or slug/SKU taken'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const product = await updateProduct(c.get('db'), vendorId(c), c.req.valid('param').id, c.req.valid('json'), catalogActor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(product, 200);
  },
);

productRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/products/{id}/archive',
    tags,
    security,
    summary: 'Archives a product (takes it off the shop; product.archived.v1)',
    middleware: [requirePermission('catalog:write')],
    request: { params: productIdParamSchema },
    responses: { 200: json(productSchema, 'The archived product'), 404: json(errorSchema, 'No such product'), ...refused },
  }),
  async (c) => {
    const product = await archiveProduct(c.get('db'), vendorId(c), c.req.valid('param').id, catalogActor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(product, 200);
  },
);
