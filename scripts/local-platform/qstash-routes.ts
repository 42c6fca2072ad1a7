/**
 * The QStash v2 REST endpoints the `@upstash/qstash` SDK calls, plus `/__local/*` for tests.
 * Request and response shapes follow the SDK 2.12 source (client.ts, queue.ts, dlq.ts, messages.ts).
 */
import type { IncomingMessage } from 'node:http';
import type { Dispatcher, QStashFaults } from './qstash-delivery';
import type { Lane } from './qstash-lanes';
import { internalMessage, normalizeHeaders, type ParsedPublish, type PublishInput, parsePublish } from './qstash-publish';
import { type MessageStore, matchesMessage } from './qstash-store';
import { dlqView, isEmptyFilter, messageView, parseFilter } from './qstash-views';

/** An error the API answers with `status` and `{ error: message }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One parsed request as a handler sees it. */
export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  params: string[];
  body: () => Promise<Buffer>;
}

/** A handler's answer; `body: undefined` sends an empty body. */
export interface Reply {
  status: number;
  body?: unknown;
}

/** A method, a pathname pattern (groups become params) and its handler. */
export interface Route {
  method: string;
  pattern: RegExp;
  handle: (ctx: RouteContext) => Promise<Reply> | Reply;
}

/** What the routes read and change. */
export interface RouteDeps {
  store: MessageStore;
  dispatcher: Dispatcher;
  keys: { current: string; next: string };
  maxRetries: number;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

/** The route table; first match wins, so the literal `/v2/dlq/retry` precedes `/v2/dlq/<id>`. */
export function buildRoutes(deps: RouteDeps): Route[] {
  const { store, dispatcher } = deps;
  return [
    {
      method: 'POST',
      pattern: /^\/v2\/publish\/(.+)$/,
      handle: async (ctx) => ({ status: 201, body: commit(deps, parse(deps, await publishInput(ctx, undefined, 0))) }),
    },
    {
      method: 'POST',
      pattern: /^\/v2\/enqueue\/([^/]+)\/(.+)$/,
      handle: async (ctx) => ({ status: 201, body: commit(deps, parse(deps, await publishInput(ctx, ctx.params[0], 1))) }),
    },
    {
      method: 'POST',
      pattern: /^\/v2\/batch$/,
      handle: async (ctx) => ({ status: 201, body: publishBatch(deps, ctx, await readJson(ctx)) }),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/messages\/([^/]+)$/,
      handle: (ctx) => ({ status: 200, body: messageView(findMessage(store, ctx.params[0])) }),
    },
    { method: 'DELETE', pattern: /^\/v2\/messages\/([^/]+)$/, handle: (ctx) => cancelOne(deps, ctx.params[0]) },
    {
      method: 'DELETE',
      pattern: /^\/v2\/messages$/,
      handle: (ctx) => ({ status: 200, body: { cancelled: cancelMatching(deps, ctx.url.searchParams) } }),
    },
    { method: 'GET', pattern: /^\/v2\/dlq$/, handle: (ctx) => listDead(deps, ctx.url.searchParams) },
    { method: 'POST', pattern: /^\/v2\/dlq\/retry$/, handle: (ctx) => retryDead(deps, ctx.url.searchParams) },
    { method: 'DELETE', pattern: /^\/v2\/dlq\/([^/]+)$/, handle: (ctx) => deleteOneDead(deps, ctx.params[0]) },
    { method: 'DELETE', pattern: /^\/v2\/dlq$/, handle: (ctx) => deleteDead(deps, ctx.url.searchParams) },
    { method: 'GET', pattern: /^\/v2\/keys$/, handle: () => ({ status: 200, body: deps.keys }) },
    { method: 'POST', pattern: /^\/v2\/queues$/, handle: async (ctx) => upsertQueue(dispatcher, await readJson(ctx)) },
    {
      method: 'GET',
      pattern: /^\/v2\/queues$/,
      handle: () => ({ status: 200, body: dispatcher.lanes.listQueues().map(queueView) }),
    },
    {
      method: 'GET',
      pattern: /^\/v2\/queues\/([^/]+)$/,
      handle: (ctx) => ({ status: 200, body: queueView(findQueue(dispatcher, ctx.params[0])) }),
    },
    { method: 'DELETE', pattern: /^\/v2\/queues\/([^/]+)$/, handle: (ctx) => deleteQueue(dispatcher, ctx.params[0]) },
    {
      method: 'POST',
      pattern: /^\/v2\/queues\/([^/]+)\/(pause|resume)$/,
      handle: (ctx) => pauseQueue(dispatcher, ctx.params[0], ctx.params[1] === 'pause'),
    },
    { method: 'GET', pattern: /^\/__local\/faults$/, handle: () => ({ status: 200, body: dispatcher.getFaults() }) },
    {
      method: 'POST',
      pattern: /^\/__local\/faults$/,
      handle: async (ctx) => ({ status: 200, body: dispatcher.setFaults(validateFaults(await readJson(ctx))) }),
    },
    { method: 'GET', pattern: /^\/__local\/stats$/, handle: () => ({ status: 200, body: dispatcher.stats() }) },
  ];
}

/** The destination is the rest of the path plus the query string, which belongs to it. */
async function publishInput(ctx: RouteContext, queueName: string | undefined, destinationParam: number): Promise<PublishInput> {
  return {
    destination: `${ctx.params[destinationParam] ?? ''}${ctx.url.search}`,
    headers: normalizeHeaders(ctx.req.headers),
    body: await ctx.body(),
    queueName,
    callerIp: ctx.req.socket.remoteAddress ?? '',
  };
}

function parse(deps: RouteDeps, input: PublishInput): ParsedPublish {
  return parsePublish(input, deps.maxRetries);
}

/** Accepts a parsed message unless its deduplication key was seen in the window. */
function commit(deps: RouteDeps, { record, dedupKey }: ParsedPublish): { messageId: string; url: string; deduplicated?: true } {
  const now = Date.now();
  if (dedupKey) {
    const existing = deps.store.findDuplicate(dedupKey, now);
    if (existing) {
      deps.dispatcher.noteDeduplicated();
      return { messageId: existing, url: record.url, deduplicated: true };
    }
    deps.store.rememberDedup(dedupKey, record.messageId, now);
  }
  deps.dispatcher.publish(record);
  return { messageId: record.messageId, url: record.url };
}

/** Validates the whole batch before accepting any of it, so a bad entry publishes nothing. */
function publishBatch(deps: RouteDeps, ctx: RouteContext, payload: unknown): unknown[] {
  if (!Array.isArray(payload)) throw new HttpError(400, 'batch body must be a JSON array');
  const parsed = payload.map((entry: unknown) => parse(deps, batchInput(ctx, entry)));
  return parsed.map((message) => commit(deps, message));
}

function batchInput(ctx: RouteContext, entry: unknown): PublishInput {
  const { destination, headers, body, queue } = (entry ?? {}) as Record<string, unknown>;
  if (typeof destination !== 'string') throw new HttpError(400, 'every batch entry needs a destination');
  if (body !== undefined && typeof body !== 'string') throw new HttpError(400, 'batch entry body must be a string');
  if (queue !== undefined && typeof queue !== 'string') throw new HttpError(400, 'batch entry queue must be a string');
  return {
    destination,
    headers: normalizeHeaders((headers ?? {}) as Record<string, string>),
    body: Buffer.from(body ?? ''),
    queueName: queue,
    callerIp: ctx.req.socket.remoteAddress ?? '',
  };
}

function findMessage(store: MessageStore, id: string | undefined) {
  const record = id ? store.get(id) : undefined;
  if (!record) throw new HttpError(404, 'message not found');
  return record;
}

/** Cancelling a message that already finished is a 404, as on QStash. */
function cancelOne(deps: RouteDeps, id: string | undefined): Reply {
  if (!deps.dispatcher.cancel(findMessage(deps.store, id))) throw new HttpError(404, 'message not found');
  return { status: 200, body: { cancelled: 1 } };
}

/** Bulk cancel: `messageIds=…`, filters, or nothing at all for "all". */
function cancelMatching(deps: RouteDeps, params: URLSearchParams): number {
  const filter = parseFilter(params);
  const targets = deps.store.pending().filter((record) => isEmptyFilter(filter) || matchesMessage(record, filter));
  return targets.filter((record) => deps.dispatcher.cancel(record)).length;
}

function pageSize(params: URLSearchParams): number {
  const count = Number(params.get('count') ?? DEFAULT_PAGE);
  if (!Number.isInteger(count) || count < 1) throw new HttpError(400, 'count must be a positive integer');
  return Math.min(count, MAX_PAGE);
}

function pageDead(deps: RouteDeps, params: URLSearchParams) {
  return deps.store.pageDead(parseFilter(params), params.get('cursor') ?? undefined, pageSize(params));
}

function listDead(deps: RouteDeps, params: URLSearchParams): Reply {
  const page = pageDead(deps, params);
  return { status: 200, body: { messages: page.entries.map(dlqView), cursor: page.cursor } };
}

/** Re-publishes dead letters as new messages (new ids, retries start over) and removes them. */
function retryDead(deps: RouteDeps, params: URLSearchParams): Reply {
  const page = pageDead(deps, params);
  const responses = page.entries.map(({ dlqId, message }) => {
    const { url, method, header, body, maxRetries, callerIp, labels, queueName, flowControl, callback, failureCallback } =
      message;
    const record = internalMessage({
      url,
      method,
      header,
      body,
      maxRetries,
      callerIp,
      labels,
      queueName,
      flowControl,
      callback,
      failureCallback,
    });
    deps.store.removeDead(dlqId);
    deps.dispatcher.publish(record);
    return { messageId: record.messageId };
  });
  return { status: 200, body: { responses, cursor: page.cursor } };
}

function deleteOneDead(deps: RouteDeps, dlqId: string | undefined): Reply {
  if (!dlqId || !deps.store.removeDead(dlqId)) throw new HttpError(404, 'dlq message not found');
  return { status: 200 };
}

function deleteDead(deps: RouteDeps, params: URLSearchParams): Reply {
  const page = pageDead(deps, params);
  for (const entry of page.entries) deps.store.removeDead(entry.dlqId);
  return { status: 200, body: { deleted: page.entries.length, cursor: page.cursor } };
}

/** `Queue.upsert` sends `{ queueName, parallelism, paused }`. */
function upsertQueue(dispatcher: Dispatcher, payload: unknown): Reply {
  const { queueName, parallelism = 1, paused = false } = (payload ?? {}) as Record<string, unknown>;
  if (typeof queueName !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(queueName)) throw new HttpError(400, 'invalid queueName');
  if (!Number.isInteger(parallelism) || (parallelism as number) < 1)
    throw new HttpError(400, 'parallelism must be a positive integer');
  if (typeof paused !== 'boolean') throw new HttpError(400, 'paused must be a boolean');
  dispatcher.upsertQueue(queueName, parallelism as number, paused);
  return { status: 200 };
}

function findQueue(dispatcher: Dispatcher, name: string | undefined): Lane {
  const lane = name ? dispatcher.lanes.queue(name) : undefined;
  if (!lane) throw new HttpError(404, 'queue not found');
  return lane;
}

function deleteQueue(dispatcher: Dispatcher, name: string | undefined): Reply {
  if (!name || !dispatcher.deleteQueue(name)) throw new HttpError(404, 'queue not found');
  return { status: 200 };
}

function pauseQueue(dispatcher: Dispatcher, name: string | undefined, paused: boolean): Reply {
  const lane = findQueue(dispatcher, name);
  dispatcher.upsertQueue(lane.name, lane.parallelism, paused);
  return { status: 200 };
}

/** `QueueResponse`: lag counts the queue's messages not yet finished (waiting or in delivery). */
function queueView(lane: Lane) {
  const { name, parallelism, paused, createdAt, updatedAt } = lane;
  return { name, parallelism, paused, createdAt, updatedAt, lag: lane.waiting.length + lane.active };
}

/** Accepts a partial QStashFaults and rejects out-of-range values. */
export function validateFaults(payload: unknown): Partial<QStashFaults> {
  const faults = (payload ?? {}) as Record<string, unknown>;
  const valid: Partial<QStashFaults> = {};
  for (const name of ['duplicateRate', 'failRate', 'delayRate', 'delayMs'] as const) {
    const value = faults[name];
    if (value === undefined) continue;
    const max = name === 'delayMs' ? Number.MAX_SAFE_INTEGER : 1;
    if (typeof value !== 'number' || !(value >= 0 && value <= max)) throw new HttpError(400, `invalid ${name}: ${String(value)}`);
    valid[name] = value;
  }
  const only = faults.onlyMatching;
  if (only !== undefined) {
    if (typeof only !== 'string') throw new HttpError(400, 'invalid onlyMatching: must be a string');
    valid.onlyMatching = only;
  }
  return valid;
}

async function readJson(ctx: RouteContext): Promise<unknown> {
  const body = await ctx.body();
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body must be JSON');
  }
}
