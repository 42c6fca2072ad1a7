import { createRoute } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { body, json, refusedWith, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import {
  createEndpointSchema,
  deliveryPageSchema,
  deliveryQuerySchema,
  deliverySchema,
  endpointListSchema,
  endpointSchema,
  endpointWithSecretSchema,
  idParamSchema,
  updateEndpointSchema,
} from './schemas';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  replayDelivery,
  rotateSecret,
  sendTestPing,
  updateEndpoint,
} from './service';

const tags = ['vendor'];
const read = requirePermission('webhooks:read');
const write = requirePermission('webhooks:write');

const refused = refusedWith('Not allowed for this caller');
const missing = { 404: json(errorSchema, 'No such endpoint or delivery here') };

/** `/api/v1/vendor/webhooks…`: endpoints, their delivery logs, tests and replays. */
export const webhookRoutes = createApi();

webhookRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/webhooks',
    tags,
    security,
    summary: 'Every webhook endpoint (secrets are shown only on create and rotate)',
    middleware: [read],
    responses: { 200: json(endpointListSchema, 'Endpoints'), ...refused },
  }),
  async (c) => c.json({ data: await listEndpoints(c.get('db'), vendorIdOf(c)) }, 200),
);

webhookRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/webhooks',
    tags,
    security,
    summary: 'Adds an endpoint; the answer carries its signing secret, this once',
    middleware: [write],
    request: body(createEndpointSchema),
    responses: { 201: json(endpointWithSecretSchema, 'Added'), 422: json(errorSchema, 'Invalid URL or topics'), ...refused },
  }),
  async (c) => c.json(await createEndpoint(c.get('db'), c.env, vendorIdOf(c), c.req.valid('json')), 201),
);

webhookRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/webhooks/{id}',
    tags,
    security,
    summary: 'One endpoint',
    middleware: [read],
    request: { params: idParamSchema },
    responses: { 200: json(endpointSchema, 'Endpoint'), ...missing, ...refused },
  }),
  async (c) => c.json(await getEndpoint(c.get('db'), vendorIdOf(c), c.req.valid('param').id), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/webhooks/{id}',
    tags,
    security,
    summary: 'Changes the URL, description, topics or active flag',
    middleware: [write],
    request: { params: idParamSchema, ...body(updateEndpointSchema) },
    responses: { 200: json(endpointSchema, 'Changed'), ...missing, 422: json(errorSchema, 'Invalid body'), ...refused },
  }),
  async (c) => c.json(await updateEndpoint(c.get('db'), c.env, vendorIdOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/webhooks/{id}',
    tags,
    security,
    summary: 'Deletes an endpoint and its delivery log',
    middleware: [write],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' }, ...missing, ...refused },
  }),
  async (c) => {
    await deleteEndpoint(c.get('db'), vendorIdOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/webhooks/{id}/rotate-secret',
    tags,
    security,
    summary: 'Gives the endpoint a new signing secret, shown this once',
    middleware: [write],
    request: { params: idParamSchema },
    responses: { 200: json(endpointWithSecretSchema, 'Rotated'), ...missing, ...refused },
  }),
  async (c) => c.json(await rotateSecret(c.get('db'), vendorIdOf(c), c.req.valid('param').id), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/webhooks/{id}/test',
    tags,
    security,
    summary: 'Sends a `webhook.test` ping to the endpoint',
    middleware: [write],
    request: { params: idParamSchema },
    responses: {
      202: json(deliverySchema, 'Queued'),
      ...missing,
      503: json(errorSchema, 'Could not be queued'),
      ...refused,
    },
  }),
  async (c) => c.json(await sendTestPing(c.get('db'), c.env, vendorIdOf(c), c.req.valid('param').id), 202),
);

webhookRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    tags,
    security,
    summary: "The endpoint's delivery log, newest first (keyset pages, filter by status)",
    middleware: [read],
    request: { params: idParamSchema, query: deliveryQuerySchema },
    responses: { 200: json(deliveryPageSchema, 'Deliveries'), ...missing, 422: json(errorSchema, 'Invalid query'), ...refused },
  }),
  async (c) => c.json(await listDeliveries(c.get('db'), vendorIdOf(c), c.req.valid('param').id, c.req.valid('query')), 200),
);

webhookRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/webhook-deliveries/{id}/replay',
    tags,
    security,
    summary: 'Sends a delivery again (a new attempt, signed now with the current secret)',
    middleware: [write],
    request: { params: idParamSchema },
    responses: {
      202: json(deliverySchema, 'Queued'),
      ...missing,
      503: json(errorSchema, 'Could not be queued'),
      ...refused,
    },
  }),
  async (c) => c.json(await replayDelivery(c.get('db'), c.env, vendorIdOf(c), c.req.valid('param').id), 202),
);
