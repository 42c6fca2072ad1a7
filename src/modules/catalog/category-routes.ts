import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import {
  categoryIdParamSchema,
  categorySchema,
  categoryTreeSchema,
  createCategorySchema,
  updateCategorySchema,
} from './category-schemas';
import { createCategory, deleteCategory, listCategoryTree, updateCategory } from './category-service';
import { refused, tags } from './route-helpers';

/** `/api/v1/vendor/categories`: the team arranges the category tree. */
export const categoryRoutes = createApi();

categoryRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/categories',
    tags,
    security,
    summary: 'The category tree, siblings by position, with direct product counts',
    middleware: [requirePermission('catalog:read')],
    responses: { 200: json(categoryTreeSchema, 'Top-level categories with nested children'), ...refused },
  }),
  async (c) => c.json({ data: await listCategoryTree(c.get('db'), vendorIdOf(c)) }, 200),
);

categoryRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/categories',
    tags,
    security,
    summary: 'Creates a category (slug from the name when missing)',
    middleware: [requirePermission('catalog:write')],
    request: body(createCategorySchema),
    responses: {
      201: json(categorySchema, 'Created'),
      409: json(errorSchema, 'Slug taken'),
      422: json(errorSchema, 'Invalid body or unknown parent'),
      ...refused,
    },
  }),
  async (c) => c.json(await createCategory(c.get('db'), vendorIdOf(c), c.req.valid('json')), 201),
);

categoryRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/categories/{id}',
    tags,
    security,
    summary: 'Renames, reorders or moves a category (never under itself or its subcategories)',
    middleware: [requirePermission('catalog:write')],
    request: { params: categoryIdParamSchema, ...body(updateCategorySchema) },
    responses: {
      200: json(categorySchema, 'Updated'),
      404: json(errorSchema, 'No such category'),
      409: json(errorSchema, 'Slug taken'),
      422: json(errorSchema, 'Invalid body, unknown parent, or a move that would make a cycle'),
      ...refused,
    },
  }),
  async (c) => {
    const input = c.req.valid('json');
    const category = await updateCategory(c.get('db'), vendorIdOf(c), c.req.valid('param').id, input);
    // A move may have written category.moved.v1.
    if (input.parentId !== undefined) kickRelay(c.env, c.executionCtx);
    return c.json(category, 200);
  },
);

categoryRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/categories/{id}',
    tags,
    security,
    summary: 'Deletes an empty category',
    middleware: [requirePermission('catalog:write')],
    request: { params: categoryIdParamSchema },
    responses: {
      204: { description: 'Deleted' },
      404: json(errorSchema, 'No such category'),
      409: json(errorSchema, 'It holds products or subcategories (details: products, children)'),
      ...refused,
    },
  }),
  async (c) => {
    await deleteCategory(c.get('db'), vendorIdOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);
