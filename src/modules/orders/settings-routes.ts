import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { body, json, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { refused } from './route-helpers';
import {
  createShippingMethodSchema,
  idParamSchema,
  shippingMethodListSchema,
  shippingMethodSchema,
  taxRateInputSchema,
  taxRateListSchema,
  taxRateSchema,
  updateShippingMethodSchema,
  updateTaxRateSchema,
} from './schemas';
import {
  createShippingMethod,
  createTaxRate,
  deleteShippingMethod,
  deleteTaxRate,
  listShippingMethods,
  listTaxRates,
  updateShippingMethod,
  updateTaxRate,
} from './settings-service';

const tags = ['vendor'];
const read = requirePermission('checkout:read');
const write = requirePermission('checkout:write');

/** `/api/v1/vendor/settings/{shipping-methods,tax-rates}`: checkout settings (owners and managers). */
export const checkoutSettingsRoutes = createApi();

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/settings/shipping-methods',
    tags,
    security,
    summary: 'Every shipping method, active or not',
    middleware: [read],
    responses: { 200: json(shippingMethodListSchema, 'Methods'), ...refused },
  }),
  async (c) => c.json({ data: await listShippingMethods(c.get('db'), vendorIdOf(c), false) }, 200),
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/settings/shipping-methods',
    tags,
    security,
    summary: 'Adds a shipping method: flat price, or by weight brackets',
    middleware: [write],
    request: body(createShippingMethodSchema),
    responses: { 201: json(shippingMethodSchema, 'Added'), 422: json(errorSchema, 'Invalid body'), ...refused },
  }),
  async (c) => c.json(await createShippingMethod(c.get('db'), vendorIdOf(c), c.req.valid('json')), 201),
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/settings/shipping-methods/{id}',
    tags,
    security,
    summary: 'Changes a shipping method',
    middleware: [write],
    request: { params: idParamSchema, ...body(updateShippingMethodSchema) },
    responses: {
      200: json(shippingMethodSchema, 'Changed'),
      404: json(errorSchema, 'No such method'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => {
    const patch = Object.fromEntries(Object.entries(c.req.valid('json')).filter(([, v]) => v !== undefined));
    return c.json(await updateShippingMethod(c.get('db'), vendorIdOf(c), c.req.valid('param').id, patch), 200);
  },
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/settings/shipping-methods/{id}',
    tags,
    security,
    summary: 'Deletes a shipping method (orders keep its name)',
    middleware: [write],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' }, 404: json(errorSchema, 'No such method'), ...refused },
  }),
  async (c) => {
    await deleteShippingMethod(c.get('db'), vendorIdOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/settings/tax-rates',
    tags,
    security,
    summary: 'VAT rates: the standard rate (no category) and per-category rates',
    middleware: [read],
    responses: { 200: json(taxRateListSchema, 'Rates'), ...refused },
  }),
  async (c) => c.json({ data: await listTaxRates(c.get('db'), vendorIdOf(c)) }, 200),
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/settings/tax-rates',
    tags,
    security,
    summary: 'Adds the standard VAT rate or a category’s rate (basis points: 1700 = 17 %)',
    middleware: [write],
    request: body(taxRateInputSchema),
    responses: {
      201: json(taxRateSchema, 'Added'),
      409: json(errorSchema, 'That rate exists already'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => c.json(await createTaxRate(c.get('db'), vendorIdOf(c), c.req.valid('json')), 201),
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/settings/tax-rates/{id}',
    tags,
    security,
    summary: 'Renames a rate or changes its percentage (placed orders keep theirs)',
    middleware: [write],
    request: { params: idParamSchema, ...body(updateTaxRateSchema) },
    responses: {
      200: json(taxRateSchema, 'Changed'),
      404: json(errorSchema, 'No such rate'),
      422: json(errorSchema, 'Invalid body'),
      ...refused,
    },
  }),
  async (c) => c.json(await updateTaxRate(c.get('db'), vendorIdOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
);

checkoutSettingsRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/settings/tax-rates/{id}',
    tags,
    security,
    summary: 'Deletes a rate',
    middleware: [write],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' }, 404: json(errorSchema, 'No such rate'), ...refused },
  }),
  async (c) => {
    await deleteTaxRate(c.get('db'), vendorIdOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);
