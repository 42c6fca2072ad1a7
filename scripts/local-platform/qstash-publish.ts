/**
 * Turns a publish request (`/v2/publish`, `/v2/enqueue` or one `/v2/batch` entry) into a message
 * record, reading QStash's `Upstash-*` request headers.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CallbackTarget, FlowControl, HeaderMap, MessageRecord } from './qstash-store';

/** A publish as it reached us, whichever endpoint carried it. */
export interface PublishInput {
  destination: string;
  headers: HeaderMap;
  body: Buffer;
  queueName: string | undefined;
  callerIp: string;
}

/** The new record and, when the publisher asked for it, its deduplication key. */
export interface ParsedPublish {
  record: MessageRecord;
  dedupKey: string | undefined;
}

/** A request the real QStash would refuse with 400. */
export class PublishError extends Error {
  override readonly name = 'PublishError';
}

/** QStash caps how long it waits for a destination; 5 minutes is long enough for any dev Worker. */
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const FORWARD_PREFIX = 'upstash-forward-';
/** undici's fetch refuses these, and they describe the hop, not the message. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'expect']);
const QUEUE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Validates a publish and builds its record; throws PublishError on what QStash rejects. */
export function parsePublish(input: PublishInput, defaultRetries: number, now = Date.now()): ParsedPublish {
  const { headers } = input;
  if (input.queueName !== undefined && !QUEUE_NAME.test(input.queueName)) {
    throw new PublishError(`invalid queue name: ${input.queueName}`);
  }
  const record: MessageRecord = {
    messageId: newMessageId(),
    url: normalizeDestination(input.destination),
    method: (headers['upstash-method'] ?? 'POST').toUpperCase(),
    header: forwardedHeaders(headers, FORWARD_PREFIX, true),
    body: input.body,
    createdAt: now,
    notBefore: readNotBefore(headers, now),
    maxRetries: readCount(headers, 'upstash-retries') ?? defaultRetries,
    retried: 0,
    timeoutMs: readDuration(headers, 'upstash-timeout') ?? DEFAULT_TIMEOUT_MS,
    callerIp: input.callerIp,
    labels: (headers['upstash-label'] ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
    queueName: input.queueName,
    flowControl: readFlowControl(headers),
    callback: readCallback(headers, 'upstash-callback'),
    failureCallback: readCallback(headers, 'upstash-failure-callback'),
    state: 'CREATED',
  };
  return { record, dedupKey: dedupKeyOf(record, headers) };
}

/** Builds the record of a message QStash itself sends (callbacks, DLQ retries). */
export function internalMessage(
  fields: Pick<MessageRecord, 'url' | 'method' | 'header' | 'body' | 'maxRetries' | 'callerIp'> & Partial<MessageRecord>,
): MessageRecord {
  return {
    messageId: newMessageId(),
    createdAt: Date.now(),
    notBefore: 0,
    retried: 0,
    timeoutMs: DEFAULT_TIMEOUT_MS,
    labels: [],
    queueName: undefined,
    flowControl: undefined,
    callback: undefined,
    failureCallback: undefined,
    ...fields,
    state: 'CREATED',
  };
}

function newMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`;
}

/**
 * The destination travels as the rest of the request path. Some proxies collapse `//`, so
 * `http:/host` is repaired before validating.
 */
export function normalizeDestination(raw: string): string {
  const repaired = raw.replace(/^(https?):\/(?!\/)/i, '$1://');
  let url: URL;
  try {
    url = new URL(repaired);
  } catch {
    throw new PublishError(`invalid destination url: ${raw} (URL groups and APIs are not supported locally)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PublishError(`invalid destination url: ${raw}`);
  }
  return repaired;
}

/** Lower-cases names and joins repeated values, so every header lookup is one map read. */
export function normalizeHeaders(raw: Record<string, string | string[] | undefined>): HeaderMap {
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** `<prefix><Name>` headers become `<Name>`; the message's own content-type rides along. */
function forwardedHeaders(headers: HeaderMap, prefix: string, withContentType: boolean): HeaderMap {
  const forwarded: HeaderMap = {};
  for (const [name, value] of Object.entries(headers)) {
    const target = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
    if (target && !HOP_HEADERS.has(target)) forwarded[target] = value;
  }
  const contentType = headers['content-type'];
  if (withContentType && contentType) forwarded['content-type'] = contentType;
  return forwarded;
}

/** `Upstash-Not-Before` (unix seconds) wins over `Upstash-Delay`. */
function readNotBefore(headers: HeaderMap, now: number): number {
  const notBefore = headers['upstash-not-before'];
  if (notBefore !== undefined) {
    const seconds = Number(notBefore);
    if (!Number.isInteger(seconds) || seconds < 0) throw new PublishError(`invalid Upstash-Not-Before: ${notBefore}`);
    return seconds * 1000;
  }
  const delay = readDuration(headers, 'upstash-delay');
  return delay ? now + delay : 0;
}

function readCount(headers: HeaderMap, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new PublishError(`invalid ${name}: ${raw}`);
  return value;
}

function readDuration(headers: HeaderMap, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined) throw new PublishError(`invalid ${name}: ${raw}`);
  return ms;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Go-style durations as QStash accepts them: `10s`, `2m`, `1h30m`, `500ms`; a bare number is seconds. */
export function parseDuration(raw: string): number | undefined {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 0);
  }
  return total;
}

/** `Upstash-Flow-Control-Value: parallelism=2, rate=10, period=1s`; only parallelism is enforced here. */
function readFlowControl(headers: HeaderMap): FlowControl | undefined {
  const key = headers['upstash-flow-control-key'];
  if (!key) return undefined;
  const match = /parallelism\s*=\s*(\d+)/.exec(headers['upstash-flow-control-value'] ?? '');
  const parallelism = match?.[1] ? Number(match[1]) : undefined;
  if (parallelism === 0) throw new PublishError('flow control parallelism must be at least 1');
  return { key, parallelism };
}

/** `Upstash-Callback` plus its `-Forward-*`, `-Retries` and `-Method` companions. */
function readCallback(headers: HeaderMap, name: string): CallbackTarget | undefined {
  const url = headers[name];
  if (!url) return undefined;
  return {
    url: normalizeDestination(url),
    method: (headers[`${name}-method`] ?? 'POST').toUpperCase(),
    header: forwardedHeaders(headers, `${name}-forward-`, false),
    retries: readCount(headers, `${name}-retries`),
  };
}

/** Deduplication is scoped to the destination; content-based keys hash what would be delivered. */
function dedupKeyOf(record: MessageRecord, headers: HeaderMap): string | undefined {
  const id = headers['upstash-deduplication-id'];
  if (id) return `id:${record.url}\n${id}`;
  if (headers['upstash-content-based-deduplication'] !== 'true') return undefined;
  const hash = createHash('sha256');
  hash.update(`${record.url}\n${record.method}\n${record.queueName ?? ''}\n`);
  for (const name of Object.keys(record.header).sort()) hash.update(`${name}:${record.header[name]}\n`);
  return `content:${hash.update(record.body).digest('hex')}`;
}
