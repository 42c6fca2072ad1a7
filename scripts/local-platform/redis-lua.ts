/**
 * Lua scripts over the local Upstash REST server. `@upstash/ratelimit` sends `EVALSHA` with the
 * sha1 of its script text and falls back to `EVAL` on `NOSCRIPT`. Its scripts open with
 * `#!lua flags=allow-key-locking`, an Upstash-only flag Redis 7 rejects, so against a real Redis
 * the flag is stripped and the client's sha mapped to the stripped text. The in-memory store has
 * no Lua, so it runs native ports of those scripts, recognised by the same sha1.
 */
import { createHash } from 'node:crypto';
import { type RedisReply, RedisReplyError } from './redis-memory-store';

/** `redis.call` as a script sees it. */
export type RedisCall = (...command: string[]) => RedisReply;

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
const UNSUPPORTED_FLAGS = new Set(['allow-key-locking']);

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Whether the command is one the script layer answers (EVAL, EVALSHA, their _RO forms, SCRIPT). */
export function isScriptCommand(name: string | undefined): boolean {
  const upper = name?.toUpperCase() ?? '';
  return ['EVAL', 'EVAL_RO', 'EVALSHA', 'EVALSHA_RO', 'SCRIPT'].includes(upper);
}

/**
 * Drops shebang flags Redis does not know. The first newline is kept so line numbers in Redis's
 * error messages still match the client's text.
 */
export function stripUnsupportedShebang(script: string): string {
  const newline = script.indexOf('\n');
  const firstLine = newline === -1 ? script : script.slice(0, newline);
  const match = /^#!lua(?:[ \t]+flags=(\S*))?[ \t]*$/.exec(firstLine);
  if (!match) return script;
  const flags = (match[1] ?? '').split(',').filter(Boolean);
  const kept = flags.filter((flag) => !UNSUPPORTED_FLAGS.has(flag));
  if (kept.length === flags.length) return script;
  const body = newline === -1 ? '' : script.slice(newline);
  // Without a shebang Redis runs the script as it ran every script before 7.0, the most lenient mode.
  return kept.length === 0 ? body : `#!lua flags=${kept.join(',')}${body}`;
}

// ---------------------------------------------------------------- real Redis

/** A command ready for Redis, and how to turn Redis's reply back into what the client expects. */
export interface RewrittenCommand {
  command: string[];
  mapReply: (reply: unknown) => unknown;
}

const unchanged = (reply: unknown): unknown => reply;

/** Maps the client's script shas to the stripped scripts Redis actually runs. */
export class ScriptRegistry {
  private readonly strippedBySha = new Map<string, string>();

  /** Rewrites EVAL/EVALSHA/SCRIPT LOAD/SCRIPT EXISTS; other commands pass through untouched. */
  rewrite(command: string[]): RewrittenCommand {
    const [name = '', first = '', ...rest] = command;
    const upper = name.toUpperCase();
    if (upper === 'EVAL' || upper === 'EVAL_RO') {
      return { command: [upper, this.remember(first), ...rest], mapReply: unchanged };
    }
    if (upper === 'EVALSHA' || upper === 'EVALSHA_RO') {
      const script = this.strippedBySha.get(first.toLowerCase());
      // A known sha runs as EVAL of the stripped text: Redis caches it by its own sha anyway.
      if (script === undefined) return { command, mapReply: unchanged };
      return { command: [upper.replace('SHA', ''), script, ...rest], mapReply: unchanged };
    }
    if (upper === 'SCRIPT' && first.toUpperCase() === 'LOAD' && rest[0] !== undefined) {
      const original = rest[0];
      return { command: ['SCRIPT', 'LOAD', this.remember(original)], mapReply: () => sha1(original) };
    }
    if (upper === 'SCRIPT' && first.toUpperCase() === 'EXISTS') {
      return { command: ['SCRIPT', 'EXISTS', ...rest.map((sha) => this.redisSha(sha))], mapReply: unchanged };
    }
    return { command, mapReply: unchanged };
  }

  private remember(script: string): string {
    const stripped = stripUnsupportedShebang(script);
    if (stripped !== script) this.strippedBySha.set(sha1(script), stripped);
    return stripped;
  }

  private redisSha(clientSha: string): string {
    const script = this.strippedBySha.get(clientSha.toLowerCase());
    return script === undefined ? clientSha : sha1(script);
  }
}

// ---------------------------------------------------------------- in-memory store

interface ScriptInput {
  keys: string[];
  argv: string[];
  call: RedisCall;
}
type NativeScript = (input: ScriptInput) => RedisReply;

/** Answers EVAL/EVALSHA/SCRIPT in memory mode: @upstash/ratelimit's scripts run natively, others fail. */
export function runMemoryScriptCommand(command: readonly string[], call: RedisCall): RedisReply {
  const [name = '', first = '', ...rest] = command;
  const upper = name.toUpperCase();
  if (upper === 'SCRIPT') return runScriptSubcommand(first, rest);
  const sha = upper.startsWith('EVALSHA') ? first.toLowerCase() : sha1(first);
  const script = NATIVE_SCRIPTS.get(sha);
  if (!script && upper.startsWith('EVALSHA')) throw new RedisReplyError(NOSCRIPT);
  if (!script) throw scriptsNeedRedis();
  return script({ ...parseEvalArguments(rest), call });
}

function runScriptSubcommand(subcommand: string, args: string[]): RedisReply {
  const upper = subcommand.toUpperCase();
  if (upper === 'EXISTS') return args.map((sha) => (NATIVE_SCRIPTS.has(sha.toLowerCase()) ? 1 : 0));
  if (upper === 'FLUSH') return 'OK';
  if (upper === 'LOAD' && args.length === 1) {
    const sha = sha1(args[0] ?? '');
    if (!NATIVE_SCRIPTS.has(sha)) throw scriptsNeedRedis();
    return sha;
  }
  throw new RedisReplyError(`ERR unknown subcommand or wrong number of arguments for 'script|${subcommand}'`);
}

function scriptsNeedRedis(): RedisReplyError {
  return new RedisReplyError(
    'ERR Lua scripts need a real Redis: the in-memory store only runs the scripts of @upstash/ratelimit (start the local platform with REDIS_URL)',
  );
}

/** Splits `numkeys key… arg…` with Redis's checks. */
function parseEvalArguments([numKeysText = '', ...rest]: string[]): { keys: string[]; argv: string[] } {
  if (!/^-?\d+$/.test(numKeysText)) throw new RedisReplyError('ERR value is not an integer or out of range');
  const numKeys = Number(numKeysText);
  if (numKeys < 0) throw new RedisReplyError("ERR Number of keys can't be negative");
  if (numKeys > rest.length) throw new RedisReplyError("ERR Number of keys can't be greater than number of args");
  return { keys: rest.slice(0, numKeys), argv: rest.slice(numKeys) };
}

// ---------------------------------------------------------------- Lua value semantics

/** Lua's `tonumber` on a string or reply: undefined where Lua gives nil. */
function toNumber(value: RedisReply | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const number = Number(value.trim());
  return Number.isNaN(number) ? undefined : number;
}

/** Lua's arithmetic coercion: a non-numeric string raises a script error. */
function arithmetic(value: RedisReply | undefined): number {
  const number = toNumber(value);
  if (number === undefined) throw new RedisReplyError('ERR Error running script: attempt to perform arithmetic on a non-number');
  return number;
}

/** A Lua number passed to `redis.call` becomes its shortest decimal form (Redis 7 uses fpconv_dtoa). */
function arg(value: number): string {
  return String(value);
}

/** A Lua table returned to Redis: numbers become integers (truncated); the first nil ends the array. */
function luaArray(...values: Array<number | undefined>): RedisReply[] {
  const end = values.indexOf(undefined);
  return values.slice(0, end === -1 ? undefined : end).map((value) => Math.trunc(value ?? 0));
}

/** The default limit, or the dynamic one stored under the optional key (every script's preamble). */
function effectiveLimit(
  call: RedisCall,
  defaultLimit: string | undefined,
  dynamicLimitKey: string | undefined,
): number | undefined {
  let limit = toNumber(defaultLimit);
  if (dynamicLimitKey !== undefined && dynamicLimitKey !== '') {
    const dynamic = call('GET', dynamicLimitKey);
    if (dynamic !== null) limit = toNumber(dynamic);
  }
  return limit;
}

/** The token bucket's `HMGET key refilledAt tokens`. */
function readBucket(call: RedisCall, key: string): RedisReply[] {
  const reply = call('HMGET', key, 'refilledAt', 'tokens');
  return Array.isArray(reply) ? reply : [];
}

/** `GET` a counter as the sliding window reads it: a missing key counts as 0. */
function counter(call: RedisCall, key: string): number {
  const value = call('GET', key);
  return value === null ? 0 : arithmetic(value);
}

// ---------------------------------------------------------------- @upstash/ratelimit 2.2.0 ports
// Each mirrors the Lua in node_modules/@upstash/ratelimit/dist/index.mjs line by line.

const fixedWindowLimit: NativeScript = ({
  keys: [key = '', dynamicKey],
  argv: [tokens, window = '', incrementBy = ''],
  call,
}) => {
  const limit = effectiveLimit(call, tokens, dynamicKey);
  const used = arithmetic(call('INCRBY', key, incrementBy));
  // The first increment of a window starts its TTL.
  if (used === toNumber(incrementBy)) call('PEXPIRE', key, window);
  return luaArray(used, limit);
};

const fixedWindowRemaining: NativeScript = ({ keys: [key = '', dynamicKey], argv: [tokens], call }) => {
  const limit = effectiveLimit(call, tokens, dynamicKey);
  const value = call('GET', key);
  const used = value === null ? 0 : toNumber(value);
  return luaArray(arithmetic(limit) - arithmetic(used), limit);
};

/** The previous window's count, weighted by how much of it still overlaps the sliding window. */
function weightedPrevious(call: RedisCall, previousKey: string, now: string | undefined, window: string | undefined): number {
  const windowMs = arithmetic(window);
  const percentageInCurrent = (arithmetic(now) % windowMs) / windowMs;
  return Math.floor((1 - percentageInCurrent) * counter(call, previousKey));
}

const slidingWindowLimit: NativeScript = ({ keys: [currentKey = '', previousKey = '', dynamicKey], argv, call }) => {
  const [tokens, now, window, incrementByText] = argv;
  const limit = effectiveLimit(call, tokens, dynamicKey);
  const incrementBy = arithmetic(incrementByText);
  const current = counter(call, currentKey);
  const previous = weightedPrevious(call, previousKey, now, window);
  // Refunds (negative increments) are never rejected.
  if (incrementBy > 0 && previous + current >= arithmetic(limit)) return luaArray(-1, limit);
  const updated = arithmetic(call('INCRBY', currentKey, arg(incrementBy)));
  if (updated === incrementBy) call('PEXPIRE', currentKey, arg(arithmetic(window) * 2 + 1000));
  return luaArray(arithmetic(limit) - (updated + previous), limit);
};

const slidingWindowRemaining: NativeScript = ({ keys: [currentKey = '', previousKey = '', dynamicKey], argv, call }) => {
  const [tokens, now, window] = argv;
  const limit = effectiveLimit(call, tokens, dynamicKey);
  const used = weightedPrevious(call, previousKey, now, window) + counter(call, currentKey);
  return luaArray(arithmetic(limit) - used, limit);
};

const tokenBucketLimit: NativeScript = ({ keys: [key = '', dynamicKey], argv, call }) => {
  const [maxTokens, intervalText, refillRateText, nowText, incrementByText] = argv;
  const limit = arithmetic(effectiveLimit(call, maxTokens, dynamicKey));
  const interval = arithmetic(intervalText);
  const refillRate = arithmetic(refillRateText);
  const now = arithmetic(nowText);
  const incrementBy = arithmetic(incrementByText);
  const [storedAt = null, storedTokens = null] = readBucket(call, key);
  let refilledAt = storedAt === null ? now : arithmetic(storedAt);
  let tokens = storedAt === null ? limit : arithmetic(storedTokens);
  if (now >= refilledAt + interval) {
    const refills = Math.floor((now - refilledAt) / interval);
    tokens = Math.min(limit, tokens + refills * refillRate);
    refilledAt += refills * interval;
  }
  if (incrementBy > 0 && tokens < incrementBy) return luaArray(-1, refilledAt + interval, limit);
  const remaining = tokens - incrementBy;
  const expireAt = Math.ceil((limit - remaining) / refillRate) * interval;
  call('HSET', key, 'refilledAt', arg(refilledAt), 'tokens', arg(remaining));
  if (expireAt > 0) call('PEXPIRE', key, arg(expireAt));
  return luaArray(remaining, refilledAt + interval, limit);
};

const tokenBucketRemaining: NativeScript = ({ keys: [key = '', dynamicKey], argv: [maxTokens], call }) => {
  const limit = effectiveLimit(call, maxTokens, dynamicKey);
  const [storedAt = null, storedTokens = null] = readBucket(call, key);
  if (storedAt === null) return luaArray(limit, -1, limit);
  return luaArray(toNumber(storedTokens), toNumber(storedAt), limit);
};

// Upstream's `if r == incrementBy` compares a number with an ARGV string, which Lua never finds
// equal, so its PEXPIRE never runs; the port leaves it out to behave exactly like Redis.
const cachedFixedWindowLimit: NativeScript = ({ keys: [key = ''], argv: [, incrementBy = ''], call }) =>
  call('INCRBY', key, incrementBy);

const cachedFixedWindowRemaining: NativeScript = ({ keys: [key = ''], call }) => call('GET', key) ?? 0;

const resetUsedTokens: NativeScript = ({ keys: [pattern = ''], call }) => {
  const keys = call('KEYS', pattern);
  if (Array.isArray(keys) && keys.length > 0) call('DEL', ...keys.map(String));
  return null;
};

/** sha1 of each script's text in @upstash/ratelimit 2.2.0 (its `SCRIPTS` and `RESET_SCRIPT`). */
const NATIVE_SCRIPTS: ReadonlyMap<string, NativeScript> = new Map([
  ['b2efc02798c8e9b471a10f9b1d5745db89923ff3', fixedWindowLimit],
  ['823cb2a5a902d69681244f5e28e5ebb8f2a89edd', fixedWindowRemaining],
  ['74740bb3d7792848093cdef586b6b6037c455fd6', slidingWindowLimit],
  ['7ca36169e0fc9caedd81b4eef8e99854c157f9b5', slidingWindowRemaining],
  ['d60be5bd3d83482ae229309f1f7425424f891204', tokenBucketLimit],
  ['40daf4a441df736f5c99f8b77bbe176c909e5de4', tokenBucketRemaining],
  ['1861a700bafe96c833a483af6b1c28a8897cfdb0', cachedFixedWindowLimit],
  ['eb82f0e853d2fc9a236fa9bfbe704fda6ac2fc36', cachedFixedWindowRemaining],
  ['54bd274ddc59fb3be0f42deee2f64322a10e2b50', resetUsedTokens],
]);
