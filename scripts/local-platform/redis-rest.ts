/**
 * A local server for the Upstash Redis REST protocol, so the real `@upstash/redis` and
 * `@upstash/ratelimit` clients work in Workers and Node without an Upstash account. It is backed
 * by a real Redis (ioredis) when given a URL and by the in-memory store otherwise.
 *
 * Protocol, as `@upstash/redis` 1.39 speaks it: every call is a POST with a JSON array body and
 * `Authorization: Bearer <token>`. `/` runs one command and answers `{result}` (errors: 400
 * `{error}`); `/pipeline` and `/multi-exec` run a list and answer `[{result}|{error}, …]`. With
 * `Upstash-Encoding: base64` every string in a result is base64. The client never uses GET or
 * path-style commands; `/subscribe` and `/psubscribe` (server-sent events) are not served.
 */

import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ChainableCommander, Redis } from 'ioredis';
import { keepConnectionsAlive } from './keep-alive';
import { isScriptCommand, type RedisCall, type RewrittenCommand, runMemoryScriptCommand, ScriptRegistry } from './redis-lua';
import { MemoryStore, RedisReplyError } from './redis-memory-store';

/** A running local Upstash Redis REST server. */
export interface RedisRestServer {
  /** Base URL for `new Redis({ url, token })`, with the real port when started on port 0. */
  url: string;
  mode: 'redis' | 'memory';
  close(): Promise<void>;
}

/** Where to listen, the bearer token to require, and the Redis to use (none: in memory). */
export interface RedisRestServerOptions {
  port: number;
  host?: string;
  token: string;
  redisUrl?: string;
}

/** Upstash's own request size limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Commands that change the state of the one connection every request shares. */
const CONNECTION_COMMANDS = new Set([
  'AUTH',
  'DISCARD',
  'EXEC',
  'HELLO',
  'MONITOR',
  'MULTI',
  'PSUBSCRIBE',
  'PUNSUBSCRIBE',
  'QUIT',
  'RESET',
  'SELECT',
  'SSUBSCRIBE',
  'SUBSCRIBE',
  'SUNSUBSCRIBE',
  'UNSUBSCRIBE',
  'UNWATCH',
  'WATCH',
]);

type Command = string[];
type Outcome = { result: unknown } | { error: string };
type Wire = string | number | null | Wire[];

/** What the HTTP layer needs from a store; `run` and `transaction` throw error replies. */
interface Backend {
  mode: RedisRestServer['mode'];
  run(command: Command): Promise<unknown>;
  pipeline(commands: Command[]): Promise<Outcome[]>;
  transaction(commands: Command[]): Promise<Outcome[]>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the server; resolves once it listens (and, with `redisUrl`, once Redis answered). */
export async function startRedisRestServer(options: RedisRestServerOptions): Promise<RedisRestServer> {
  const backend = options.redisUrl ? await connectRedisBackend(options.redisUrl) : createMemoryBackend();
  const host = options.host ?? '127.0.0.1';
  const server = keepConnectionsAlive(createServer(createRequestHandler(backend, options.token)));
  try {
    await listen(server, options.port, host);
  } catch (error) {
    await backend.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    mode: backend.mode,
    close: () => closeServer(server, backend),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeServer(server: Server, backend: Backend): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // The client keeps connections alive; without this, close() would wait for them to idle out.
  server.closeAllConnections();
  await closed;
  await backend.close();
}

// ---------------------------------------------------------------- HTTP

function createRequestHandler(backend: Backend, token: string) {
  let syncTokens = 0;
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Read-your-writes: the client sends back the last token it got; a fresh client sends none.
    const syncToken = headerValue(req, 'upstash-sync-token') || `local-${++syncTokens}`;
    respond(req, backend, token).then(
      (payload) => send(res, 200, payload, syncToken),
      (error: unknown) => {
        const { status, message } = toHttpError(error);
        send(res, status, { error: message }, syncToken);
      },
    );
  };
}

async function respond(req: IncomingMessage, backend: Backend, token: string): Promise<unknown> {
  if (!isAuthorized(req, token)) throw new HttpError(401, 'Unauthorized');
  if (req.method !== 'POST') throw new HttpError(405, 'ERR the REST API only accepts POST requests');
  const body = parseJson(await readBody(req));
  const base64 = headerValue(req, 'upstash-encoding')?.toLowerCase() === 'base64';
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  switch (path) {
    case '/':
      return { result: encodeResult(await backend.run(parseCommand(body)), base64) };
    case '/pipeline':
      return encodeOutcomes(await backend.pipeline(parseCommands(body)), base64);
    case '/multi-exec':
      return encodeOutcomes(await backend.transaction(parseCommands(body)), base64);
    default:
      throw new HttpError(404, `ERR unknown endpoint ${path}`);
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isAuthorized(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Past the limit the rest is still drained, so the client reads the 413 instead of a reset. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new HttpError(413, 'ERR max request size exceeded');
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR the request body is not valid JSON');
  }
}

function parseCommand(value: unknown): Command {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, 'ERR a command must be a non-empty JSON array');
  }
  return value.map(toArgument);
}

function parseCommands(value: unknown): Command[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, 'ERR a pipeline must be a non-empty JSON array of commands');
  }
  return value.map(parseCommand);
}

/** The client sends strings, numbers and booleans (objects arrive already JSON-encoded). */
function toArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new HttpError(400, 'ERR command arguments must be strings, numbers or booleans');
}

function toHttpError(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  const reply = replyErrorMessage(error);
  if (reply !== undefined) return { status: 400, message: reply };
  console.error('[redis-rest] request failed', error);
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 500, message: `ERR local Redis REST server failed: ${detail}` };
}

function send(res: ServerResponse, status: number, payload: unknown, syncToken: string): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'upstash-sync-token': syncToken,
  });
  res.end(body);
}

// ---------------------------------------------------------------- replies on the wire

function encodeOutcomes(outcomes: Outcome[], base64: boolean): Array<{ result: Wire } | { error: string }> {
  return outcomes.map((outcome) =>
    'error' in outcome ? { error: outcome.error } : { result: encodeResult(outcome.result, base64) },
  );
}

/**
 * Upstash leaves a top-level `OK` unencoded and the client special-cases it there (only there:
 * inside arrays it would be base64-decoded), so the same is done here.
 */
function encodeResult(reply: unknown, base64: boolean): Wire {
  const isOk = reply === 'OK' || (Buffer.isBuffer(reply) && reply.toString('latin1') === 'OK');
  return isOk ? 'OK' : encodeReply(reply, base64);
}

/**
 * Strings (and Buffers) become base64 when asked, at any depth; numbers and nil stay. Maps and
 * objects are flattened to `[k, v, …]`, the only shape the client decodes.
 */
function encodeReply(reply: unknown, base64: boolean): Wire {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'number') return reply;
  if (typeof reply === 'bigint') return Number(reply);
  if (typeof reply === 'string') return base64 ? Buffer.from(reply).toString('base64') : reply;
  if (Buffer.isBuffer(reply)) return base64 ? reply.toString('base64') : reply.toString('utf8');
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof Map) return encodeReply([...reply].flat(), base64);
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  if (typeof reply === 'object') return encodeReply(Object.entries(reply).flat(), base64);
  return encodeReply(String(reply), base64);
}

/** The message of an error reply (ours or ioredis's); undefined for anything else. */
function replyErrorMessage(error: unknown): string | undefined {
  if (error instanceof RedisReplyError) return error.message;
  return error instanceof Error && error.name === 'ReplyError' ? error.message : undefined;
}

function execAbort(reason: string): RedisReplyError {
  return new RedisReplyError(`EXECABORT Transaction discarded because of previous errors: ${reason}`);
}

// ---------------------------------------------------------------- backends

function createMemoryBackend(): Backend {
  const store = new MemoryStore();
  const call: RedisCall = (...command) => store.call(command);
  const run = (command: Command) => (isScriptCommand(command[0]) ? runMemoryScriptCommand(command, call) : store.call(command));
  const settle = (command: Command): Outcome => {
    try {
      return { result: run(command) };
    } catch (error) {
      if (error instanceof RedisReplyError) return { error: error.message };
      throw error;
    }
  };
  return {
    mode: 'memory',
    run: async (command) => run(command),
    pipeline: async (commands) => commands.map(settle),
    transaction: async (commands) => {
      // Like Redis, an unknown command aborts the whole transaction before anything runs. The
      // rest runs synchronously, so nothing can interleave: the batch is atomic.
      const unknown = commands.find(([name = '']) => !store.supports(name) && !isScriptCommand(name));
      if (unknown) throw execAbort(`ERR unknown command '${unknown[0]}'`);
      return commands.map(settle);
    },
    close: async () => {},
  };
}

async function connectRedisBackend(url: string): Promise<Backend> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let lastError: Error | undefined;
  // Without a listener ioredis reports every failed reconnect as an unhandled error event.
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = (lastError ?? (error as Error)).message;
    throw new Error(`cannot reach Redis at ${url}: ${reason}`);
  }
  const prepare = createPreparer(new ScriptRegistry());
  return {
    mode: 'redis',
    run: async (command) => {
      const prepared = prepare(command);
      const [name = '', ...args] = prepared.command;
      return prepared.mapReply(await redis.callBuffer(name, ...args));
    },
    pipeline: (commands) => execPipeline(redis.pipeline(), commands, prepare),
    transaction: (commands) => execTransaction(redis.multi(), commands, prepare),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function createPreparer(scripts: ScriptRegistry): (command: Command) => RewrittenCommand {
  return (command) => {
    const upper = (command[0] ?? '').toUpperCase();
    if (CONNECTION_COMMANDS.has(upper)) {
      throw new RedisReplyError(`ERR '${command[0]}' is not supported over the REST API`);
    }
    const rewritten = scripts.rewrite(command);
    // ioredis turns `hgetall` replies into objects (keyed by the name exactly as written); the
    // upper-case name skips that, so the field order and the flat shape reach the encoder intact.
    const [name = '', ...args] = rewritten.command;
    return { ...rewritten, command: [upper === 'HGETALL' ? upper : name, ...args] };
  };
}

/** Not atomic (as on Upstash): a command refused up front becomes that entry's error. */
async function execPipeline(
  batch: ChainableCommander,
  commands: Command[],
  prepare: (command: Command) => RewrittenCommand,
): Promise<Outcome[]> {
  const prepared = commands.map((command): RewrittenCommand | { error: string } => {
    try {
      return prepare(command);
    } catch (error) {
      return { error: replyErrorMessage(error) ?? String(error) };
    }
  });
  const queued = prepared.filter((entry): entry is RewrittenCommand => 'command' in entry);
  const outcomes = await execBatch(batch, queued);
  return prepared.map((entry) => ('command' in entry ? (outcomes.shift() ?? { error: 'ERR missing reply' }) : entry));
}

/** MULTI/EXEC; Redis's EXECABORT (a command rejected while queuing) fails the whole request. */
async function execTransaction(
  batch: ChainableCommander,
  commands: Command[],
  prepare: (command: Command) => RewrittenCommand,
): Promise<Outcome[]> {
  let prepared: RewrittenCommand[];
  try {
    prepared = commands.map(prepare);
  } catch (error) {
    throw execAbort(replyErrorMessage(error) ?? String(error));
  }
  try {
    return await execBatch(batch, prepared);
  } catch (error) {
    const previous = (error as { previousErrors?: Error[] }).previousErrors?.[0];
    if (previous) throw execAbort(previous.message);
    throw error;
  }
}

async function execBatch(batch: ChainableCommander, prepared: RewrittenCommand[]): Promise<Outcome[]> {
  for (const { command } of prepared) {
    const [name = '', ...args] = command;
    batch.callBuffer(name, ...args);
  }
  const replies = (await batch.exec()) ?? [];
  return prepared.map(({ mapReply }, index) => {
    const [error, reply] = replies[index] ?? [null, null];
    if (!error) return { result: mapReply(reply) };
    const message = replyErrorMessage(error);
    // A lost connection is not a reply: fail the request instead of blaming one command.
    if (message === undefined) throw error;
    return { error: message };
  });
}
