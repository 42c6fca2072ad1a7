/**
 * The in-memory Redis behind the local Upstash REST server when no `REDIS_URL` is given: enough
 * of Redis (strings, keys, hashes, sets, sorted sets, lists) for the app and newcomers' machines.
 * Single-threaded JavaScript makes every command, and every batch run without awaiting, atomic.
 */

/** A reply as Redis would send it: bulk/status strings, integers, nil and nested arrays. */
export type RedisReply = string | number | null | RedisReply[];

/** An error reply (`ERR …`, `WRONGTYPE …`); its message is what Redis would send. */
export class RedisReplyError extends Error {
  override name = 'RedisReplyError';
}

type Value =
  | { type: 'string'; data: string }
  | { type: 'hash'; data: Map<string, string> }
  | { type: 'set'; data: Set<string> }
  | { type: 'zset'; data: Map<string, number> }
  | { type: 'list'; data: string[] };
type ValueType = Value['type'];
type DataOf<T extends ValueType> = Extract<Value, { type: T }>['data'];

interface Entry {
  value: Value;
  /** Epoch ms; undefined means no TTL. */
  expiresAt: number | undefined;
  /** Creation order; SCAN cursors point into it so keys deleted mid-scan never shift others. */
  seq: number;
}

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const NOT_FLOAT = 'ERR value is not a valid float';
const SYNTAX = 'ERR syntax error';
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Expired keys nobody reads again (old rate-limit windows) are swept at most this often. */
const SWEEP_INTERVAL_MS = 60_000;

/** Keys, their values and TTLs, with Redis's lazy expiry. */
class Keyspace {
  private readonly entries = new Map<string, Entry>();
  private nextSeq = 1;
  private lastSweep = Date.now();

  lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The key's data if it holds a `type`; undefined when missing; WRONGTYPE otherwise. */
  read<T extends ValueType>(key: string, type: T): DataOf<T> | undefined {
    const entry = this.lookup(key);
    if (!entry) return undefined;
    if (entry.value.type !== type) throw new RedisReplyError(WRONGTYPE);
    return entry.value.data as DataOf<T> | undefined;
  }

  /** The key's data, creating an empty `type` value (no TTL) when the key is missing. */
  write<T extends ValueType>(key: string, type: T, empty: () => DataOf<T>): DataOf<T> {
    const existing = this.read(key, type);
    if (existing !== undefined) return existing;
    const data = empty();
    this.put(key, { type, data } as Value, undefined);
    return data;
  }

  put(key: string, value: Value, expiresAt: number | undefined): void {
    const seq = this.lookup(key)?.seq ?? this.nextSeq++;
    this.entries.set(key, { value, expiresAt, seq });
  }

  delete(key: string): boolean {
    return this.lookup(key) !== undefined && this.entries.delete(key);
  }

  /** Redis never keeps an empty hash, set, sorted set or list. */
  dropIfEmpty(key: string): void {
    const entry = this.lookup(key);
    if (!entry || entry.value.type === 'string') return;
    const data = entry.value.data;
    const size = Array.isArray(data) ? data.length : data.size;
    if (size === 0) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Live entries in creation order. */
  live(): Array<[string, Entry]> {
    this.sweep();
    return [...this.entries];
  }

  sweepIfDue(): void {
    if (Date.now() - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep();
  }

  private sweep(): void {
    const now = Date.now();
    this.lastSweep = now;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

type Handler = (ks: Keyspace, args: string[]) => RedisReply;
/** Redis's convention: arity counts the command name; negative means "at least". */
interface CommandSpec {
  arity: number;
  run: Handler;
}

/** An in-memory Redis; `call` runs one command synchronously like `redis.call` in Lua. */
export class MemoryStore {
  private readonly keyspace = new Keyspace();

  /** Runs `[command, ...args]`; throws RedisReplyError for error replies. */
  call(command: readonly string[]): RedisReply {
    const [name = '', ...args] = command;
    const spec = COMMANDS.get(name.toLowerCase());
    if (!spec) throw new RedisReplyError(`ERR unknown command '${name}'`);
    const argc = command.length;
    if (spec.arity >= 0 ? argc !== spec.arity : argc < -spec.arity) throw wrongArity(name);
    this.keyspace.sweepIfDue();
    return spec.run(this.keyspace, args);
  }

  /** Whether `call` knows the command (MULTI-EXEC rejects a batch with an unknown one). */
  supports(name: string): boolean {
    return COMMANDS.has(name.toLowerCase());
  }
}

// ---------------------------------------------------------------- argument parsing

function wrongArity(name: string): RedisReplyError {
  return new RedisReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

function parseInteger(text: string, message = NOT_INTEGER): bigint {
  if (!/^-?(0|[1-9]\d*)$/.test(text)) throw new RedisReplyError(message);
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) throw new RedisReplyError(message);
  return value;
}

function parseSafeInteger(text: string): number {
  const value = Number(parseInteger(text));
  if (!Number.isSafeInteger(value)) throw new RedisReplyError(NOT_INTEGER);
  return value;
}

function parseFloatArg(text: string, message = NOT_FLOAT): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  const value = Number(text);
  if (text.trim() === '' || text.trim() !== text || Number.isNaN(value)) {
    throw new RedisReplyError(message);
  }
  return value;
}

/** Scores print like Redis 7 does: shortest round-trip form, `inf`/`-inf`. */
function formatScore(score: number): string {
  if (score === Number.POSITIVE_INFINITY) return 'inf';
  if (score === Number.NEGATIVE_INFINITY) return '-inf';
  return String(score);
}

/** Turns Redis glob patterns (`*`, `?`, `[a-z]`, `[^x]`, `\x`) into an anchored RegExp. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? '';
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i] ?? '');
    else if (char === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        source += body.startsWith('^') ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Redis's LRANGE/ZRANGE index rules: negatives count from the end, out-of-range is clamped. */
function clampRange(start: number, stop: number, length: number): [number, number] | undefined {
  const from = Math.max(start < 0 ? start + length : start, 0);
  const to = Math.min(stop < 0 ? stop + length : stop, length - 1);
  return from > to || from >= length ? undefined : [from, to];
}

// ---------------------------------------------------------------- strings and TTLs

interface SetOptions {
  expiresAt: number | undefined;
  keepTtl: boolean;
  condition: 'NX' | 'XX' | undefined;
  get: boolean;
}

function parseSetOptions(args: string[]): SetOptions {
  const options: SetOptions = { expiresAt: undefined, keepTtl: false, condition: undefined, get: false };
  let hasExpiry = false;
  for (let i = 0; i < args.length; i++) {
    const option = (args[i] ?? '').toUpperCase();
    if ((option === 'NX' || option === 'XX') && !options.condition) options.condition = option;
    else if (option === 'GET') options.get = true;
    else if (option === 'KEEPTTL' && !hasExpiry) options.keepTtl = true;
    else if (['EX', 'PX', 'EXAT', 'PXAT'].includes(option) && !hasExpiry && !options.keepTtl) {
      const amount = args[++i];
      if (amount === undefined) throw new RedisReplyError(SYNTAX);
      options.expiresAt = expiryFrom(option, parseSafeInteger(amount), 'set');
      hasExpiry = true;
    } else throw new RedisReplyError(SYNTAX);
  }
  return options;
}

function expiryFrom(unit: string, amount: number, command: string): number {
  if (amount <= 0) throw new RedisReplyError(`ERR invalid expire time in '${command}' command`);
  if (unit === 'EX') return Date.now() + amount * 1000;
  if (unit === 'PX') return Date.now() + amount;
  return unit === 'EXAT' ? amount * 1000 : amount;
}

function runSet(ks: Keyspace, [key = '', value = '', ...rest]: string[]): RedisReply {
  const options = parseSetOptions(rest);
  const existing = ks.lookup(key);
  const previous = options.get ? (ks.read(key, 'string') ?? null) : null;
  const blocked = options.condition === 'NX' ? existing !== undefined : options.condition === 'XX' && !existing;
  if (blocked) return previous;
  const expiresAt = options.keepTtl ? existing?.expiresAt : options.expiresAt;
  ks.put(key, { type: 'string', data: value }, expiresAt);
  return options.get ? previous : 'OK';
}

/** Integer arithmetic on a string value, keeping its TTL, with Redis's overflow check. */
function incrementBy(ks: Keyspace, key: string, delta: bigint): number {
  const current = ks.read(key, 'string');
  const base = current === undefined ? 0n : parseInteger(current);
  const next = base + delta;
  if (next < INT64_MIN || next > INT64_MAX) {
    throw new RedisReplyError('ERR increment or decrement would overflow');
  }
  ks.put(key, { type: 'string', data: next.toString() }, ks.lookup(key)?.expiresAt);
  return Number(next);
}

/** EXPIRE/PEXPIRE/EXPIREAT with NX|XX|GT|LT; a time in the past deletes the key. */
function setExpiry(ks: Keyspace, key: string, expiresAt: number, flag: string | undefined): number {
  const entry = ks.lookup(key);
  if (!entry) return 0;
  const current = entry.expiresAt ?? Number.POSITIVE_INFINITY;
  const allowed =
    flag === undefined ||
    (flag === 'NX' && entry.expiresAt === undefined) ||
    (flag === 'XX' && entry.expiresAt !== undefined) ||
    (flag === 'GT' && expiresAt > current) ||
    (flag === 'LT' && expiresAt < current);
  if (!allowed) return 0;
  if (expiresAt <= Date.now()) ks.delete(key);
  else entry.expiresAt = expiresAt;
  return 1;
}

function expireCommand(toEpochMs: (amount: number) => number): Handler {
  return (ks, [key = '', amount = '', flag, ...extra]) => {
    const upper = flag?.toUpperCase();
    if (extra.length > 0 || (upper !== undefined && !['NX', 'XX', 'GT', 'LT'].includes(upper))) {
      throw new RedisReplyError(`ERR Unsupported option ${flag}`);
    }
    return setExpiry(ks, key, toEpochMs(parseSafeInteger(amount)), upper);
  };
}

function ttlCommand(unitMs: number): Handler {
  return (ks, [key = '']) => {
    const entry = ks.lookup(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    const remaining = entry.expiresAt - Date.now();
    // Redis rounds TTL to the nearest second: ((ms + 500) / 1000).
    return unitMs === 1 ? remaining : Math.floor((remaining + 500) / 1000);
  };
}

// ---------------------------------------------------------------- keyspace-wide

function runScan(ks: Keyspace, [cursorText = '', ...options]: string[]): RedisReply {
  const cursor = parseInteger(cursorText, 'ERR invalid cursor');
  let match: RegExp | undefined;
  let count = 10;
  let type: string | undefined;
  for (let i = 0; i < options.length; i += 2) {
    const option = (options[i] ?? '').toUpperCase();
    const value = options[i + 1];
    if (value === undefined) throw new RedisReplyError(SYNTAX);
    if (option === 'MATCH') match = globToRegExp(value);
    else if (option === 'COUNT') count = parseSafeInteger(value);
    else if (option === 'TYPE') type = value.toLowerCase();
    else throw new RedisReplyError(SYNTAX);
  }
  if (count < 1) throw new RedisReplyError(SYNTAX);
  // COUNT bounds the keys visited, not the keys returned, as in Redis.
  const pending = ks.live().filter(([, entry]) => entry.seq > cursor);
  const visited = pending.slice(0, count);
  const keys = visited
    .filter(([key, entry]) => (!match || match.test(key)) && (!type || entry.value.type === type))
    .map(([key]) => key);
  const last = visited.at(-1);
  const next = last === undefined || visited.length === pending.length ? '0' : String(last[1].seq);
  return [next, keys];
}

// ---------------------------------------------------------------- hashes

function runHset(ks: Keyspace, [key = '', ...pairs]: string[]): number {
  if (pairs.length % 2 !== 0) throw wrongArity('hset');
  const hash = ks.write(key, 'hash', () => new Map());
  let added = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const field = pairs[i] ?? '';
    if (!hash.has(field)) added++;
    hash.set(field, pairs[i + 1] ?? '');
  }
  return added;
}

function runHincrby(ks: Keyspace, [key = '', field = '', delta = '']: string[]): number {
  const increment = parseInteger(delta);
  const hash = ks.write(key, 'hash', () => new Map());
  const current = hash.get(field);
  const base = current === undefined ? 0n : parseInteger(current, 'ERR hash value is not an integer');
  const next = base + increment;
  if (next < INT64_MIN || next > INT64_MAX) {
    throw new RedisReplyError('ERR increment or decrement would overflow');
  }
  hash.set(field, next.toString());
  return Number(next);
}

// ---------------------------------------------------------------- sorted sets

interface ScoreBound {
  value: number;
  exclusive: boolean;
}

function parseScoreBound(text: string): ScoreBound {
  const exclusive = text.startsWith('(');
  const value = parseFloatArg(exclusive ? text.slice(1) : text, 'ERR min or max is not a float');
  return { value, exclusive };
}

function withinBounds(score: number, min: ScoreBound, max: ScoreBound): boolean {
  const aboveMin = min.exclusive ? score > min.value : score >= min.value;
  const belowMax = max.exclusive ? score < max.value : score <= max.value;
  return aboveMin && belowMax;
}

/** Members ordered by score, then by member, as Redis keeps them. */
function sortedMembers(zset: Map<string, number>): Array<[string, number]> {
  return [...zset].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0));
}

interface ZaddFlags {
  condition: 'NX' | 'XX' | undefined;
  compare: 'GT' | 'LT' | undefined;
  changed: boolean;
  increment: boolean;
}

function parseZaddFlags(args: string[]): { flags: ZaddFlags; pairs: string[] } {
  const flags: ZaddFlags = { condition: undefined, compare: undefined, changed: false, increment: false };
  let i = 0;
  for (; i < args.length; i++) {
    const flag = (args[i] ?? '').toUpperCase();
    if (flag === 'NX' || flag === 'XX') {
      if (flags.condition && flags.condition !== flag) {
        throw new RedisReplyError('ERR XX and NX options at the same time are not compatible');
      }
      flags.condition = flag;
    } else if (flag === 'GT' || flag === 'LT') flags.compare = flag;
    else if (flag === 'CH') flags.changed = true;
    else if (flag === 'INCR') flags.increment = true;
    else break;
  }
  if (flags.compare && flags.condition === 'NX') {
    throw new RedisReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  return { flags, pairs: args.slice(i) };
}

function runZadd(ks: Keyspace, [key = '', ...rest]: string[]): RedisReply {
  const { flags, pairs } = parseZaddFlags(rest);
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw new RedisReplyError(SYNTAX);
  if (flags.increment && pairs.length !== 2) {
    throw new RedisReplyError('ERR INCR option supports a single increment-element pair');
  }
  const scores = pairs.filter((_, i) => i % 2 === 0).map((text) => parseFloatArg(text));
  const zset = ks.write(key, 'zset', () => new Map());
  let added = 0;
  let changed = 0;
  let incremented: number | null = null;
  for (const [index, score] of scores.entries()) {
    const member = pairs[index * 2 + 1] ?? '';
    const current = zset.get(member);
    if (flags.condition === 'NX' && current !== undefined) continue;
    if (flags.condition === 'XX' && current === undefined) continue;
    const next = flags.increment ? (current ?? 0) + score : score;
    if (current !== undefined && flags.compare === 'GT' && !(next > current)) continue;
    if (current !== undefined && flags.compare === 'LT' && !(next < current)) continue;
    if (Number.isNaN(next)) throw new RedisReplyError('ERR resulting score is not a number (NaN)');
    if (current === undefined) added++;
    else if (current !== next) changed++;
    zset.set(member, next);
    incremented = next;
  }
  ks.dropIfEmpty(key);
  if (flags.increment) return incremented === null ? null : formatScore(incremented);
  return flags.changed ? added + changed : added;
}

interface RangeQuery {
  key: string;
  start: string;
  stop: string;
  byScore: boolean;
  reverse: boolean;
  limit: [number, number] | undefined;
  withScores: boolean;
}

function parseZrange([key = '', start = '', stop = '', ...options]: string[]): RangeQuery {
  const query: RangeQuery = { key, start, stop, byScore: false, reverse: false, limit: undefined, withScores: false };
  for (let i = 0; i < options.length; i++) {
    const option = (options[i] ?? '').toUpperCase();
    if (option === 'BYSCORE') query.byScore = true;
    else if (option === 'REV') query.reverse = true;
    else if (option === 'WITHSCORES') query.withScores = true;
    else if (option === 'LIMIT') {
      const offset = options[++i];
      const count = options[++i];
      if (offset === undefined || count === undefined) throw new RedisReplyError(SYNTAX);
      query.limit = [parseSafeInteger(offset), parseSafeInteger(count)];
    } else if (option === 'BYLEX') {
      throw new RedisReplyError('ERR BYLEX is not supported by the in-memory store; use a real Redis');
    } else throw new RedisReplyError(SYNTAX);
  }
  if (query.limit && !query.byScore) {
    throw new RedisReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  return query;
}

function selectRange(members: Array<[string, number]>, query: RangeQuery): Array<[string, number]> {
  const ordered = query.reverse ? members.reverse() : members;
  if (!query.byScore) {
    const range = clampRange(parseSafeInteger(query.start), parseSafeInteger(query.stop), ordered.length);
    return range ? ordered.slice(range[0], range[1] + 1) : [];
  }
  // With REV the bounds come max first, as in Redis.
  const [minText, maxText] = query.reverse ? [query.stop, query.start] : [query.start, query.stop];
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  const matching = ordered.filter(([, score]) => withinBounds(score, min, max));
  if (!query.limit) return matching;
  const [offset, count] = query.limit;
  if (offset < 0) return [];
  return matching.slice(offset, count < 0 ? undefined : offset + count);
}

function runZrange(ks: Keyspace, query: RangeQuery): RedisReply {
  const zset = ks.read(query.key, 'zset');
  const selected = selectRange(zset ? sortedMembers(zset) : [], query);
  return query.withScores
    ? selected.flatMap(([member, score]) => [member, formatScore(score)])
    : selected.map(([member]) => member);
}

function countByScore(ks: Keyspace, key: string, minText: string, maxText: string): string[] {
  const min = parseScoreBound(minText);
  const max = parseScoreBound(maxText);
  const zset = ks.read(key, 'zset') ?? new Map<string, number>();
  return [...zset].filter(([, score]) => withinBounds(score, min, max)).map(([member]) => member);
}

// ---------------------------------------------------------------- lists

function pushCommand(atHead: boolean): Handler {
  return (ks, [key = '', ...values]) => {
    const list = ks.write(key, 'list', () => []);
    for (const value of values) {
      if (atHead) list.unshift(value);
      else list.push(value);
    }
    return list.length;
  };
}

function popCommand(fromHead: boolean): Handler {
  return (ks, [key = '', countText, ...extra]) => {
    if (extra.length > 0) throw wrongArity(fromHead ? 'lpop' : 'rpop');
    const count = countText === undefined ? undefined : parseSafeInteger(countText);
    if (count !== undefined && count < 0) throw new RedisReplyError('ERR value is out of range, must be positive');
    const list = ks.read(key, 'list');
    if (!list) return null;
    const wanted = count ?? 1;
    // splice(-0) would take the whole list, so a zero count is answered before touching it.
    const taken = wanted === 0 ? [] : fromHead ? list.splice(0, wanted) : list.splice(-wanted).reverse();
    ks.dropIfEmpty(key);
    return count === undefined ? (taken[0] ?? null) : taken;
  };
}

function runLtrim(ks: Keyspace, [key = '', start = '', stop = '']: string[]): RedisReply {
  const list = ks.read(key, 'list');
  if (!list) return 'OK';
  const range = clampRange(parseSafeInteger(start), parseSafeInteger(stop), list.length);
  const kept = range ? list.slice(range[0], range[1] + 1) : [];
  list.splice(0, list.length, ...kept);
  ks.dropIfEmpty(key);
  return 'OK';
}

// ---------------------------------------------------------------- the command table

const stringCommands: Record<string, CommandSpec> = {
  get: { arity: 2, run: (ks, [key = '']) => ks.read(key, 'string') ?? null },
  set: { arity: -3, run: runSet },
  setnx: { arity: 3, run: (ks, [key = '', value = '']) => (runSet(ks, [key, value, 'NX']) === 'OK' ? 1 : 0) },
  setex: {
    arity: 4,
    run: (ks, [key = '', seconds = '', value = '']) => {
      ks.put(key, { type: 'string', data: value }, expiryFrom('EX', parseSafeInteger(seconds), 'setex'));
      return 'OK';
    },
  },
  getdel: {
    arity: 2,
    run: (ks, [key = '']) => {
      const value = ks.read(key, 'string');
      ks.delete(key);
      return value ?? null;
    },
  },
  mget: {
    arity: -2,
    // MGET answers nil for keys of another type instead of failing.
    run: (ks, keys) =>
      keys.map((key) => {
        const value = ks.lookup(key)?.value;
        return value?.type === 'string' ? value.data : null;
      }),
  },
  mset: {
    arity: -3,
    run: (ks, pairs) => {
      if (pairs.length % 2 !== 0) throw wrongArity('mset');
      for (let i = 0; i < pairs.length; i += 2) {
        ks.put(pairs[i] ?? '', { type: 'string', data: pairs[i + 1] ?? '' }, undefined);
      }
      return 'OK';
    },
  },
  incr: { arity: 2, run: (ks, [key = '']) => incrementBy(ks, key, 1n) },
  decr: { arity: 2, run: (ks, [key = '']) => incrementBy(ks, key, -1n) },
  incrby: { arity: 3, run: (ks, [key = '', delta = '']) => incrementBy(ks, key, parseInteger(delta)) },
  decrby: { arity: 3, run: (ks, [key = '', delta = '']) => incrementBy(ks, key, -parseInteger(delta)) },
  append: {
    arity: 3,
    run: (ks, [key = '', suffix = '']) => {
      const data = (ks.read(key, 'string') ?? '') + suffix;
      ks.put(key, { type: 'string', data }, ks.lookup(key)?.expiresAt);
      return Buffer.byteLength(data);
    },
  },
};

const keyCommands: Record<string, CommandSpec> = {
  del: { arity: -2, run: (ks, keys) => keys.filter((key) => ks.delete(key)).length },
  exists: { arity: -2, run: (ks, keys) => keys.filter((key) => ks.lookup(key) !== undefined).length },
  expire: { arity: -3, run: expireCommand((seconds) => Date.now() + seconds * 1000) },
  pexpire: { arity: -3, run: expireCommand((ms) => Date.now() + ms) },
  expireat: { arity: -3, run: expireCommand((seconds) => seconds * 1000) },
  ttl: { arity: 2, run: ttlCommand(1000) },
  pttl: { arity: 2, run: ttlCommand(1) },
  persist: {
    arity: 2,
    run: (ks, [key = '']) => {
      const entry = ks.lookup(key);
      if (entry?.expiresAt === undefined) return 0;
      entry.expiresAt = undefined;
      return 1;
    },
  },
  keys: {
    arity: 2,
    run: (ks, [pattern = '']) => {
      const regexp = globToRegExp(pattern);
      return ks
        .live()
        .map(([key]) => key)
        .filter((key) => regexp.test(key));
    },
  },
  scan: { arity: -2, run: runScan },
  type: { arity: 2, run: (ks, [key = '']) => ks.lookup(key)?.value.type ?? 'none' },
  dbsize: { arity: 1, run: (ks) => ks.live().length },
  flushdb: { arity: -1, run: flush },
  flushall: { arity: -1, run: flush },
  ping: {
    arity: -1,
    run: (_, [message, ...extra]) => {
      if (extra.length > 0) throw wrongArity('ping');
      return message ?? 'PONG';
    },
  },
  echo: { arity: 2, run: (_, [message = '']) => message },
};

function flush(ks: Keyspace, [mode, ...extra]: string[]): RedisReply {
  const upper = mode?.toUpperCase();
  if (extra.length > 0 || (upper !== undefined && upper !== 'SYNC' && upper !== 'ASYNC')) {
    throw new RedisReplyError(SYNTAX);
  }
  ks.clear();
  return 'OK';
}

const hashCommands: Record<string, CommandSpec> = {
  hset: { arity: -4, run: runHset },
  hmset: {
    arity: -4,
    run: (ks, args) => {
      runHset(ks, args);
      return 'OK';
    },
  },
  hget: { arity: 3, run: (ks, [key = '', field = '']) => ks.read(key, 'hash')?.get(field) ?? null },
  hmget: {
    arity: -3,
    run: (ks, [key = '', ...fields]) => {
      const hash = ks.read(key, 'hash');
      return fields.map((field) => hash?.get(field) ?? null);
    },
  },
  hgetall: { arity: 2, run: (ks, [key = '']) => [...(ks.read(key, 'hash') ?? [])].flat() },
  hdel: {
    arity: -3,
    run: (ks, [key = '', ...fields]) => {
      const hash = ks.read(key, 'hash');
      const removed = fields.filter((field) => hash?.delete(field)).length;
      ks.dropIfEmpty(key);
      return removed;
    },
  },
  hincrby: { arity: 4, run: runHincrby },
  hexists: { arity: 3, run: (ks, [key = '', field = '']) => (ks.read(key, 'hash')?.has(field) ? 1 : 0) },
  hlen: { arity: 2, run: (ks, [key = '']) => ks.read(key, 'hash')?.size ?? 0 },
  hkeys: { arity: 2, run: (ks, [key = '']) => [...(ks.read(key, 'hash')?.keys() ?? [])] },
  hvals: { arity: 2, run: (ks, [key = '']) => [...(ks.read(key, 'hash')?.values() ?? [])] },
};

const setCommands: Record<string, CommandSpec> = {
  sadd: {
    arity: -3,
    run: (ks, [key = '', ...members]) => {
      const set = ks.write(key, 'set', () => new Set());
      const before = set.size;
      for (const member of members) set.add(member);
      return set.size - before;
    },
  },
  srem: {
    arity: -3,
    run: (ks, [key = '', ...members]) => {
      const set = ks.read(key, 'set');
      const removed = members.filter((member) => set?.delete(member)).length;
      ks.dropIfEmpty(key);
      return removed;
    },
  },
  smembers: { arity: 2, run: (ks, [key = '']) => [...(ks.read(key, 'set') ?? [])] },
  sismember: { arity: 3, run: (ks, [key = '', member = '']) => (ks.read(key, 'set')?.has(member) ? 1 : 0) },
  scard: { arity: 2, run: (ks, [key = '']) => ks.read(key, 'set')?.size ?? 0 },
};

const sortedSetCommands: Record<string, CommandSpec> = {
  zadd: { arity: -4, run: runZadd },
  zrem: {
    arity: -3,
    run: (ks, [key = '', ...members]) => {
      const zset = ks.read(key, 'zset');
      const removed = members.filter((member) => zset?.delete(member)).length;
      ks.dropIfEmpty(key);
      return removed;
    },
  },
  zrange: { arity: -4, run: (ks, args) => runZrange(ks, parseZrange(args)) },
  zrevrange: {
    arity: -4,
    run: (ks, [key = '', start = '', stop = '', ...options]) => {
      const withScores = options.length === 1 && options[0]?.toUpperCase() === 'WITHSCORES';
      if (options.length > 0 && !withScores) throw new RedisReplyError(SYNTAX);
      return runZrange(ks, { key, start, stop, byScore: false, reverse: true, limit: undefined, withScores });
    },
  },
  zscore: {
    arity: 3,
    run: (ks, [key = '', member = '']) => {
      const score = ks.read(key, 'zset')?.get(member);
      return score === undefined ? null : formatScore(score);
    },
  },
  zcard: { arity: 2, run: (ks, [key = '']) => ks.read(key, 'zset')?.size ?? 0 },
  zincrby: {
    arity: 4,
    run: (ks, [key = '', increment = '', member = '']) => runZadd(ks, [key, 'INCR', increment, member]),
  },
  zcount: { arity: 4, run: (ks, [key = '', min = '', max = '']) => countByScore(ks, key, min, max).length },
  zremrangebyscore: {
    arity: 4,
    run: (ks, [key = '', min = '', max = '']) => {
      const doomed = countByScore(ks, key, min, max);
      const zset = ks.read(key, 'zset');
      for (const member of doomed) zset?.delete(member);
      ks.dropIfEmpty(key);
      return doomed.length;
    },
  },
};

const listCommands: Record<string, CommandSpec> = {
  lpush: { arity: -3, run: pushCommand(true) },
  rpush: { arity: -3, run: pushCommand(false) },
  lpop: { arity: -2, run: popCommand(true) },
  rpop: { arity: -2, run: popCommand(false) },
  lrange: {
    arity: 4,
    run: (ks, [key = '', start = '', stop = '']) => {
      const list = ks.read(key, 'list') ?? [];
      const range = clampRange(parseSafeInteger(start), parseSafeInteger(stop), list.length);
      return range ? list.slice(range[0], range[1] + 1) : [];
    },
  },
  llen: { arity: 2, run: (ks, [key = '']) => ks.read(key, 'list')?.length ?? 0 },
  ltrim: { arity: 4, run: runLtrim },
};

const COMMANDS: ReadonlyMap<string, CommandSpec> = new Map(
  Object.entries({
    ...stringCommands,
    ...keyCommands,
    ...hashCommands,
    ...setCommands,
    ...sortedSetCommands,
    ...listCommands,
  }),
);
