import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, security } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { invalid, refused } from '../inventory/route-parts';
import {
  alertPageSchema,
  alertQuerySchema,
  alertSettingsSchema,
  updateAlertSettingsSchema,
  updatedAlertSettingsSchema,
} from './schemas';
import { getAlertSettings, listAlerts, updateAlertSettings } from './service';

const tags = ['inventory'];

/** `/api/v1/vendor/inventory/alert{s,-settings}`: low-stock alerts and the threshold that raises them. */
export const stockAlertRoutes = createApi();

stockAlertRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/inventory/alerts',
    tags,
    security,
    summary: 'Low-stock alerts, newest first: open ones by default, or `status=resolved|all` (keyset pages)',
    middleware: [requirePermission('inventory:read')],
    request: { query: alertQuerySchema },
    responses: { 200: json(alertPageSchema, 'A page of alerts'), ...invalid, ...refused },
  }),
  async (c) => c.json(await listAlerts(c.get('db'), hostVendor(c).id, c.req.valid('query')), 200),
);

stockAlertRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/inventory/alert-settings',
    tags,
    security,
    summary:
      'The stock settings: the low-stock threshold (units available over all locations; 0: alerts off) and the unpaid-order expiry (hours; null: off)',
    middleware: [requirePermission('inventory:read')],
    responses: { 200: json(alertSettingsSchema, 'The settings'), ...refused },
  }),
  async (c) => c.json(await getAlertSettings(c.get('db'), hostVendor(c).id), 200),
);

stockAlertRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/inventory/alert-settings',
    tags,
    security,
    summary:
      'Sets the low-stock threshold (every variant is judged against it at once: alerts raised or resolved) and/or the unpaid-order expiry; settings not given keep their value',
    middleware: [requirePermission('inventory:write')],
    request: body(updateAlertSettingsSchema),
    responses: { 200: json(updatedAlertSettingsSchema, 'Saved'), ...invalid, ...refused },
  }),
  async (c) => {
    const saved = await updateAlertSettings(c.get('db'), hostVendor(c).id, c.req.valid('json'));
    if (saved.raised + saved.resolved > 0) kickRelay(c.env, c.executionCtx);
    return c.json(saved, 200);
  },
);
