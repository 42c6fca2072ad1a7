import { createRoute, z } from '@hono/zod-openapi';
import { createApi } from '../../platform/http';
import { json } from '../../platform/route-parts';
import { checkHealth } from './service';

const check = z
  .object({ status: z.enum(['ok', 'error']), latencyMs: z.number(), error: z.string().optional() })
  .openapi('HealthCheck');
const report = z
  .object({ status: z.enum(['ok', 'degraded']), checks: z.object({ db: check, redis: check, qstash: check }) })
  .openapi('Health');

export const healthRoutes = createApi().openapi(
  createRoute({
    method: 'get',
    path: '/health',
    tags: ['platform'],
    summary: 'Checks Postgres, Redis and QStash',
    responses: {
      200: json(report, 'Every dependency answers'),
      503: json(report, 'A dependency is down'),
    },
  }),
  async (c) => {
    const health = await checkHealth(c.env, c.get('db'));
    return health.status === 'ok' ? c.json(health, 200) : c.json(health, 503);
  },
);
