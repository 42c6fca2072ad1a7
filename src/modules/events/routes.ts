import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { createApi } from '../../platform/http';
import { errorSchema } from '../../platform/openapi';
import { createRedis } from '../../platform/redis';
import { adminRefused, json, security } from '../../platform/route-parts';
import { requireAdmin } from '../access/middleware';
import {
  deadLetterIdParamSchema,
  deadLetterPageSchema,
  eventStatsSchema,
  listDeadLettersQuerySchema,
  replayResultSchema,
} from './schemas';
import { type EventsContext, eventStats, listDeadLetters, replayDeadLetter } from './service';

const tags = ['admin'];

function eventsContext(c: Context<AppEnv>): EventsContext {
  return { db: c.get('db'), redis: createRedis(c.env), env: c.env };
}

/** `/api/v1/admin/events`: the event pipeline's health, its dead letters and their replay. */
export const adminEventRoutes = createApi();
adminEventRoutes.use('/events/*', requireAdmin());

adminEventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events/stats',
    tags,
    summary: "Outbox backlog and lag, publish and consume throughput, dead letters, the relay's last run",
    security,
    responses: { 200: json(eventStatsSchema, 'Pipeline figures'), ...adminRefused },
  }),
  async (c) => c.json(await eventStats(eventsContext(c)), 200),
);

adminEventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events/dead-letters',
    tags,
    summary: 'Lists messages consumers refused for good, newest first; filter by consumer and vendor',
    security,
    request: { query: listDeadLettersQuerySchema },
    responses: {
      200: json(deadLetterPageSchema, 'A page of dead letters'),
      422: json(errorSchema, 'Invalid filter, cursor or limit'),
      ...adminRefused,
    },
  }),
  async (c) => c.json(await listDeadLetters(c.get('db'), c.req.valid('query')), 200),
);

adminEventRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/events/dead-letters/{id}/replay',
    tags,
    summary: "Re-publishes a dead letter to its consumer's queue and removes it; the consumer applies it once",
    security,
    request: { params: deadLetterIdParamSchema },
    responses: {
      200: json(replayResultSchema, 'Re-published'),
      404: json(errorSchema, 'No such dead letter (or already replayed)'),
      409: json(errorSchema, 'The dead letter holds no event a consumer could receive'),
      422: json(errorSchema, 'Invalid id'),
      503: json(errorSchema, 'Replay is not configured (consumer URLs missing)'),
      ...adminRefused,
    },
  }),
  async (c) => c.json(await replayDeadLetter(eventsContext(c), c.req.valid('param').id), 200),
);
