import { and, eq, sql } from 'drizzle-orm';
import { webhookDeliveries, webhookEndpoints } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { decodeCursor, encodeCursor } from '../orders/cursor';
import { type DeliveryEnv, publishDelivery } from './publish';
import {
  type DeliveryRow,
  deliveryColumns,
  type EndpointRow,
  findDeliveries,
  findDeliveryWithEndpoint,
  findEndpoint,
  findEndpoints,
} from './repo';
import type {
  CreateEndpointInput,
  Delivery,
  DeliveryPage,
  DeliveryQuery,
  Endpoint,
  EndpointWithSecret,
  UpdateEndpointInput,
} from './schemas';
import { generateWebhookSecret } from './signature';
import { TEST_TOPIC, WEBHOOK_TOPICS } from './topics';

/** What the webhook routes need from the Worker's bindings. */
export interface WebhookEnv extends Partial<DeliveryEnv> {
  /** `on` (local platform only): endpoints may be plain http on 127.0.0.1 or localhost. */
  LOCAL_WEBHOOK_HOSTS?: string;
}

const invalid = (path: string, message: string) =>
  new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: [{ path, message }] });

/** https only; http on loopback only where the local platform allows it (tests, `npm run dev`). */
function checkUrl(env: WebhookEnv, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url', 'not a URL');
  }
  if (url.username || url.password) throw invalid('url', 'credentials in the URL are not allowed');
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (env.LOCAL_WEBHOOK_HOSTS === 'on' && loopback && (url.protocol === 'http:' || url.protocol === 'https:'))
    return url.toString();
  if (url.protocol !== 'https:') throw invalid('url', 'the URL must use https');
  if (loopback) throw invalid('url', 'the URL must be reachable from the internet');
  return url.toString();
}

function checkEvents(events: readonly string[]): string[] {
  if (events.includes('*')) {
    if (events.length > 1) throw invalid('events', "'*' stands alone: it means every topic");
    return ['*'];
  }
  const unknown = events.filter((topic) => !(WEBHOOK_TOPICS as readonly string[]).includes(topic));
  if (unknown.length > 0) throw invalid('events', `unknown topic ${unknown.join(', ')}`);
  return [...new Set(events)];
}

function deliveryEnv(env: WebhookEnv): DeliveryEnv {
  const { QSTASH_URL, QSTASH_TOKEN, WEBHOOKS_URL } = env;
  if (!QSTASH_URL || !QSTASH_TOKEN || !WEBHOOKS_URL)
    throw new ApiError('SERVICE_UNAVAILABLE', 'Webhook delivery is not configured');
  return { ...env, QSTASH_URL, QSTASH_TOKEN, WEBHOOKS_URL };
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function toEndpoint(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type DeliveryView = Pick<DeliveryRow, Exclude<keyof DeliveryRow, 'vendorId'>>;

function toDelivery(row: DeliveryView): Delivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    topic: row.topic,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: iso(row.nextAttemptAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
  };
}

/** The vendor's endpoints, newest first (secrets are never listed). */
export async function listEndpoints(db: Database, vendorId: string): Promise<Endpoint[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findEndpoints(q, vendorId)] as const);
  return rows.map(toEndpoint);
}

export async function getEndpoint(db: Database, vendorId: string, id: string): Promise<Endpoint> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findEndpoint(q, vendorId, id)] as const);
  if (!row) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
  return toEndpoint(row);
}

/** Adds an endpoint with a new secret, answered this once. */
export async function createEndpoint(
  db: Database,
  env: WebhookEnv,
  vendorId: string,
  input: CreateEndpointInput,
): Promise<EndpointWithSecret> {
  const values = {
    vendorId,
    url: checkUrl(env, input.url),
    description: input.description,
    events: checkEvents(input.events),
    active: input.active,
    secret: generateWebhookSecret(),
  };
  const [[row]] = await db.vendor(vendorId).write((q) => [q.insert(webhookEndpoints).values(values).returning()] as const);
  if (!row) throw new Error('the webhook endpoint insert returned no row');
  return { ...toEndpoint(row), secret: row.secret };
}

/** Changes an endpoint's URL, description, filter or active flag. */
export async function updateEndpoint(
  db: Database,
  env: WebhookEnv,
  vendorId: string,
  id: string,
  input: UpdateEndpointInput,
): Promise<Endpoint> {
  const patch = {
    ...(input.url !== undefined ? { url: checkUrl(env, input.url) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.events !== undefined ? { events: checkEvents(input.events) } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(webhookEndpoints)
          .set({ ...patch, updatedAt: sql`now()` })
          .where(and(eq(webhookEndpoints.vendorId, vendorId), eq(webhookEndpoints.id, id)))
          .returning(),
      ] as const,
  );
  if (!row) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
  return toEndpoint(row);
}

/** Deletes an endpoint and its delivery log. */
export async function deleteEndpoint(db: Database, vendorId: string, id: string): Promise<void> {
  const [rows] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .delete(webhookEndpoints)
          .where(and(eq(webhookEndpoints.vendorId, vendorId), eq(webhookEndpoints.id, id)))
          .returning({ id: webhookEndpoints.id }),
      ] as const,
  );
  if (rows.length === 0) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
}

/** Gives the endpoint a new secret (answered this once); deliveries sent from now on use it. */
export async function rotateSecret(db: Database, vendorId: string, id: string): Promise<EndpointWithSecret> {
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(webhookEndpoints)
          .set({ secret: generateWebhookSecret(), updatedAt: sql`now()` })
          .where(and(eq(webhookEndpoints.vendorId, vendorId), eq(webhookEndpoints.id, id)))
          .returning(),
      ] as const,
  );
  if (!row) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
  return { ...toEndpoint(row), secret: row.secret };
}

/** Sends a `webhook.test` ping to the endpoint (active or not) and answers its delivery. */
export async function sendTestPing(db: Database, env: WebhookEnv, vendorId: string, id: string): Promise<Delivery> {
  const publishing = deliveryEnv(env);
  const scoped = db.vendor(vendorId);
  const [[endpoint]] = await scoped.read((q) => [findEndpoint(q, vendorId, id)] as const);
  if (!endpoint) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
  const eventId = crypto.randomUUID();
  const payload = {
    id: eventId,
    topic: TEST_TOPIC,
    vendorId,
    occurredAt: new Date().toISOString(),
    data: { endpointId: id, message: 'A test delivery from Vitrine' },
  };
  const [[row]] = await scoped.write(
    (q) =>
      [
        q
          .insert(webhookDeliveries)
          .values({ vendorId, endpointId: id, eventId, topic: TEST_TOPIC, payload, nextAttemptAt: sql`now()` })
          .returning(deliveryColumns),
      ] as const,
  );
  if (!row) throw new Error('the webhook delivery insert returned no row');
  await send(db, publishing, vendorId, row, { url: endpoint.url, secret: endpoint.secret }, row.id);
  return toDelivery(row);
}

/** One endpoint's delivery log, newest first, optionally by status. */
export async function listDeliveries(
  db: Database,
  vendorId: string,
  endpointId: string,
  query: DeliveryQuery,
): Promise<DeliveryPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [[endpoint], rows] = await db
    .vendor(vendorId)
    .read(
      (q) =>
        [
          findEndpoint(q, vendorId, endpointId),
          findDeliveries(q, vendorId, endpointId, { status: query.status, after, limit: query.limit }),
        ] as const,
    );
  if (!endpoint) throw new ApiError('NOT_FOUND', 'No such webhook endpoint here');
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(toDelivery),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.id) : null,
  };
}

/**
 * Sends a delivery again, as a new QStash message (fresh deduplication id) signed now with the
 * endpoint's current secret; its attempts continue from the count so far.
 */
export async function replayDelivery(db: Database, env: WebhookEnv, vendorId: string, id: string): Promise<Delivery> {
  const publishing = deliveryEnv(env);
  const scoped = db.vendor(vendorId);
  const [[found]] = await scoped.read((q) => [findDeliveryWithEndpoint(q, vendorId, id)] as const);
  if (!found) throw new ApiError('NOT_FOUND', 'No such webhook delivery here');
  const [[row]] = await scoped.write(
    (q) =>
      [
        q
          .update(webhookDeliveries)
          .set({ status: 'pending', nextAttemptAt: sql`now()` })
          .where(and(eq(webhookDeliveries.vendorId, vendorId), eq(webhookDeliveries.id, id)))
          .returning(deliveryColumns),
      ] as const,
  );
  if (!row) throw new ApiError('NOT_FOUND', 'No such webhook delivery here');
  await send(db, publishing, vendorId, row, found, `${id}.replay.${crypto.randomUUID()}`, found.delivery.status);
  return toDelivery(row);
}

/** Publishes; when QStash refuses, records why (and the status before a replay) and answers 503. */
async function send(
  db: Database,
  env: DeliveryEnv,
  vendorId: string,
  delivery: DeliveryView,
  endpoint: { url: string; secret: string },
  deduplicationId: string,
  statusBefore: Delivery['status'] = 'pending',
): Promise<void> {
  try {
    await publishDelivery(
      env,
      {
        id: delivery.id,
        topic: delivery.topic,
        url: endpoint.url,
        secret: endpoint.secret,
        payload: delivery.payload,
        attemptBase: delivery.attempts,
      },
      deduplicationId,
    );
  } catch (error) {
    console.error(JSON.stringify({ webhookDelivery: delivery.id, publishFailed: String(error) }));
    await db.vendor(vendorId).write(
      (q) =>
        [
          q
            .update(webhookDeliveries)
            .set({ status: statusBefore, lastError: 'Could not be queued for delivery; try again' })
            .where(and(eq(webhookDeliveries.vendorId, vendorId), eq(webhookDeliveries.id, delivery.id))),
        ] as const,
    );
    throw new ApiError('SERVICE_UNAVAILABLE', 'The delivery could not be queued; try again');
  }
}
