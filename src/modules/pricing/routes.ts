import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../platform/errors';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { kickRelay } from '../../platform/relay-kick';
import { body, json, refusedWith, security, vendorIdOf } from '../../platform/route-parts';
import { requirePermission } from '../access/middleware';
import {
  createRuleSchema,
  idParamSchema,
  previewResultSchema,
  previewSchema,
  ruleListSchema,
  ruleSchema,
  updateRuleSchema,
} from './schemas';
import { createRule, deleteRule, getRule, listRules, previewRule, updateRule } from './service';

const tags = ['vendor'];
const read = requirePermission('pricing:read');
const write = requirePermission('pricing:write');

const refused = refusedWith('Not allowed for this caller');
const missing = { 404: json(errorSchema, 'No such pricing rule here') };
const invalid = { 422: json(errorSchema, 'Invalid rule') };

/** Who changes a rule, as its events' `by` records it. */
function actor(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  if (principal?.kind === 'team') return `user:${principal.userId}`;
  if (principal?.kind === 'api-key') return `api-key:${principal.keyId}`;
  throw new ApiError('FORBIDDEN', 'Only the team or an API key can change pricing rules');
}

/** `/api/v1/vendor/pricing-rules…`: the rules that turn base prices into selling prices, and their preview. */
export const pricingRoutes = createApi();

pricingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pricing-rules',
    tags,
    security,
    summary: 'Every pricing rule, the winning order first (priority, then newest)',
    middleware: [read],
    responses: { 200: json(ruleListSchema, 'Rules'), ...refused },
  }),
  async (c) => c.json({ data: await listRules(c.get('db'), vendorIdOf(c)) }, 200),
);

pricingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pricing-rules',
    tags,
    security,
    summary: 'Adds a rule; the pricing engine re-prices the variants it covers',
    middleware: [write],
    request: body(createRuleSchema),
    responses: { 201: json(ruleSchema, 'Added'), ...invalid, ...refused },
  }),
  async (c) => {
    const rule = await createRule(c.get('db'), vendorIdOf(c), c.req.valid('json'), actor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(rule, 201);
  },
);

pricingRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/pricing-rules/preview',
    tags,
    security,
    summary: 'What a rule would do, without saving it: the variants it covers and their prices under it',
    middleware: [read],
    request: body(previewSchema),
    responses: { 200: json(previewResultSchema, 'Preview'), ...invalid, ...refused },
  }),
  async (c) => c.json(await previewRule(c.get('db'), vendorIdOf(c), c.req.valid('json')), 200),
);

pricingRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/pricing-rules/{id}',
    tags,
    security,
    summary: 'One pricing rule',
    middleware: [read],
    request: { params: idParamSchema },
    responses: { 200: json(ruleSchema, 'Rule'), ...missing, ...refused },
  }),
  async (c) => c.json(await getRule(c.get('db'), vendorIdOf(c), c.req.valid('param').id), 200),
);

pricingRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/pricing-rules/{id}',
    tags,
    security,
    summary: 'Changes a rule (name the version you read); the engine re-prices its old and new scope',
    middleware: [write],
    request: { params: idParamSchema, ...body(updateRuleSchema) },
    responses: {
      200: json(ruleSchema, 'Changed'),
      409: json(errorSchema, 'Stale version'),
      ...missing,
      ...invalid,
      ...refused,
    },
  }),
  async (c) => {
    const rule = await updateRule(c.get('db'), vendorIdOf(c), c.req.valid('param').id, c.req.valid('json'), actor(c));
    kickRelay(c.env, c.executionCtx);
    return c.json(rule, 200);
  },
);

pricingRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/pricing-rules/{id}',
    tags,
    security,
    summary: 'Deletes a rule; the variants it priced go back to the next rule or their base price',
    middleware: [write],
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' }, ...missing, ...refused },
  }),
  async (c) => {
    await deleteRule(c.get('db'), vendorIdOf(c), c.req.valid('param').id, actor(c));
    kickRelay(c.env, c.executionCtx);
    return c.body(null, 204);
  },
);
