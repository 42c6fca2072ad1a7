import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, hostVendor, json, refusedWith, security } from '../../platform/route-parts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-key-service';
import { requirePermission } from './middleware';
import { teamActor } from './route-context';
import { apiKeyPageSchema, createApiKeySchema, createdApiKeySchema, idParamSchema, pageQuerySchema } from './team-schemas';

const tags = ['vendor'];
const refused = refusedWith('Only owners manage API keys');

/** /api/v1/vendor/api-keys: owners create, list and revoke API keys. */
export const apiKeyRoutes = createApi();

apiKeyRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api-keys',
    tags,
    security,
    summary: 'Creates an API key (owners); the key itself is in this response only',
    middleware: [requirePermission('api-keys:write')],
    request: body(createApiKeySchema),
    responses: { 201: json(createdApiKeySchema, 'Created'), 422: json(errorSchema, 'Invalid body'), ...refused },
  }),
  async (c) => {
    const key = await createApiKey(c.get('db'), teamActor(c), c.req.valid('json'));
    kickRelay(c.env, c.executionCtx);
    return c.json(key, 201);
  },
);

apiKeyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api-keys',
    tags,
    security,
    summary: 'Lists API keys, newest first, without their secrets (owners)',
    middleware: [requirePermission('api-keys:read')],
    request: { query: pageQuerySchema },
    responses: { 200: json(apiKeyPageSchema, 'A page of keys'), 422: json(errorSchema, 'Invalid cursor or limit'), ...refused },
  }),
  async (c) => c.json(await listApiKeys(c.get('db'), hostVendor(c).id, c.req.valid('query')), 200),
);

apiKeyRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/api-keys/{id}',
    tags,
    security,
    summary: 'Revokes an API key (owners); it is refused from the next request on',
    middleware: [requirePermission('api-keys:write')],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Revoked (or already revoked)' }, 404: json(errorSchema, 'No such key'), ...refused },
  }),
  async (c) => {
    await revokeApiKey(c.get('db'), teamActor(c), c.req.valid('param').id);
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);
