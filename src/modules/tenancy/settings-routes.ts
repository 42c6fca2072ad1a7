import { createRoute } from '@hono/zod-openapi';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import { updateVendorSchema, vendorSchema } from './schemas';
import { toVendorDto } from './service';
import { updateVendor } from './vendor-admin-service';

const tags = ['vendor'];
const refused = {
  401: json(errorSchema, 'Not signed in on this shop'),
  403: json(errorSchema, 'Your role may not do this'),
};

/** `/api/v1/vendor/settings`: the shop's own name and theme (owners change them, everyone reads). */
export const settingsRoutes = createApi();

settingsRoutes.use('/settings', async (c, next) =>
  requirePermission(c.req.method === 'GET' ? 'settings:read' : 'settings:write')(c, next),
);

settingsRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/settings',
    tags,
    summary: "The shop's settings (name, slug, theme)",
    security,
    responses: { 200: json(vendorSchema, 'Settings'), ...refused },
  }),
  (c) => c.json(toVendorDto(hostVendor(c)), 200),
);

settingsRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/settings',
    tags,
    summary: 'Renames or re-themes the shop (owners); emits vendor.updated.v1',
    security,
    request: body(updateVendorSchema),
    responses: { 200: json(vendorSchema, 'Updated'), ...refused, 422: json(errorSchema, 'Invalid body') },
  }),
  async (c) => {
    const principal = c.get('principal');
    if (principal?.kind !== 'team') throw new ApiError('FORBIDDEN', 'Only the team changes settings');
    const vendor = await updateVendor(
      { db: c.get('db'), env: c.env, actorId: principal.userId },
      vendorIdOf(c),
      c.req.valid('json'),
    );
    kickRelay(c.env, c.executionCtx);
    return c.json(vendor, 200);
  },
);
