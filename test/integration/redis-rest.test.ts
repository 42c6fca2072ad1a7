import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisRestServer, startRedisRestServer } from '../../scripts/local-platform/redis-rest';

const TOKEN = 'test-redis-token';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const NON_ASCII = 'Grüße 💡';
const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';

const MODES = [
  { mode: 'redis' as const, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  { mode: 'memory' as const, redisUrl: undefined },
];

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** The client counts the pipelines its auto-pipelining sent; the count is not in its types. */
const pipelinesSent = (redis: Redis) => (redis as unknown as { pipelineCounter: number }).pipelineCounter;

/** The shas of the single-region scripts (and the reset script) of the installed @upstash/ratelimit. */
function ratelimitScriptShas(): string[] {
  const entry = createRequire(import.meta.url).resolve('@upstash/ratelimit');
  const source = readFileSync(entry.replace(/index\.js$/, 'index.mjs'), 'utf8');
  const singleRegion = source.slice(source.indexOf('singleRegion: {'), source.indexOf('multiRegion: {'));
  const reset = source.slice(source.indexOf('var RESET_SCRIPT'));
  const hashes = (text: string) => [...text.matchAll(/hash: "([0-9a-f]{40})"/g)].map((match) => match[1] ?? '');
  return [...hashes(singleRegion), ...hashes(reset).slice(0, 1)];
}

describe.each(MODES)('local Upstash Redis REST server ($mode)', ({ mode, redisUrl }) => {
  let server: RedisRestServer;
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    server = await startRedisRestServer({ port: 0, token: TOKEN, redisUrl });
    redis = new Redis({ url: server.url, token: TOKEN });
  });
  afterAll(async () => {
    // Leave nothing behind in a developer's Redis.
    const leftovers = (await Promise.all(prefixes.map((used) => redis.keys(`${used}*`)))).flat();
    if (leftovers.length > 0) await redis.del(...leftovers);
    await server?.close();
  });

  const prefixes: string[] = [];
  /** A key no other test or run can collide with. */
  const key = (name: string) => `${prefix}${name}`;
  const newPrefix = () => {
    prefix = `test:redis-rest:${randomUUID()}:`;
    prefixes.push(prefix);
  };

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  describe('server', () => {
    beforeAll(newPrefix);

    it('listens on the ephemeral port it was given and reports its mode', () => {
      expect(server.mode).toBe(mode);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(new URL(server.url).port)).toBeGreaterThan(0);
    });

    it('rejects a wrong token through the client and a missing one with 401', async () => {
      const intruder = new Redis({ url: server.url, token: 'wrong-token' });
      await expect(intruder.get(key('any'))).rejects.toThrow('Unauthorized');

      const response = await fetch(server.url, { method: 'POST', body: JSON.stringify(['ping']) });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Unauthorized' });
    });

    it('answers 413 past 10 MB and accepts a body just under it', async () => {
      const tooLarge = await post('/', 'x'.repeat(MAX_BODY_BYTES + 1));
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toEqual({ error: 'ERR max request size exceeded' });

      const value = 'v'.repeat(MAX_BODY_BYTES - 200);
      const justUnder = await post('/', ['set', key('big'), value]);
      expect(justUnder.status).toBe(200);
      expect(await justUnder.json()).toEqual({ result: 'OK' });
      expect((await redis.get<string>(key('big')))?.length).toBe(value.length);
      expect(await redis.del(key('big'))).toBe(1);
    });

    it('echoes the sync token, or hands out one', async () => {
      const echoed = await post('/', ['ping'], { 'upstash-sync-token': 'token-123' });
      expect(echoed.headers.get('upstash-sync-token')).toBe('token-123');
      const fresh = await post('/', ['ping']);
      expect(fresh.headers.get('upstash-sync-token')).toMatch(/^local-\d+$/);
    });

    it('answers only POST on /, /pipeline and /multi-exec', async () => {
      const get = await fetch(`${server.url}/get/x`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(get.status).toBe(405);
      const subscribe = await post('/subscribe/news', []);
      expect(subscribe.status).toBe(404);
      expect(await subscribe.json()).toEqual({ error: 'ERR unknown endpoint /subscribe/news' });
      const notJson = await post('/', '{nope');
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toEqual({ error: 'ERR the request body is not valid JSON' });
    });
  });

  describe('strings and keys', () => {
    beforeAll(newPrefix);

    it('sets with EX and PX, reports TTLs and expires keys', async () => {
      expect(await redis.set(key('ex'), 'v', { ex: 60 })).toBe('OK');
      expect(await redis.get(key('ex'))).toBe('v');
      expect(await redis.ttl(key('ex'))).toBe(60);

      expect(await redis.set(key('px'), 'short', { px: 100 })).toBe('OK');
      expect(await redis.get(key('px'))).toBe('short');
      await sleep(250);
      expect(await redis.get(key('px'))).toBeNull();
      expect(await redis.exists(key('px'))).toBe(0);
      expect(await redis.pttl(key('px'))).toBe(-2);

      expect(await redis.set(key('forever'), 'v')).toBe('OK');
      expect(await redis.ttl(key('forever'))).toBe(-1);
      expect(await redis.expire(key('forever'), 100)).toBe(1);
      expect(await redis.ttl(key('forever'))).toBe(100);
      expect(await redis.persist(key('forever'))).toBe(1);
      expect(await redis.ttl(key('forever'))).toBe(-1);
    });

    it('honours NX, XX, GET and KEEPTTL', async () => {
      expect(await redis.set(key('nx'), 'first', { nx: true })).toBe('OK');
      expect(await redis.set(key('nx'), 'second', { nx: true })).toBeNull();
      expect(await redis.set(key('missing'), 'v', { xx: true })).toBeNull();
      expect(await redis.set(key('nx'), 'third', { get: true })).toBe('first');
      expect(await redis.set(key('ttl'), 'a', { ex: 100 })).toBe('OK');
      expect(await redis.set(key('ttl'), 'b', { keepTtl: true })).toBe('OK');
      expect(await redis.ttl(key('ttl'))).toBe(100);
      expect(await redis.getdel(key('nx'))).toBe('third');
      expect(await redis.exists(key('nx'), key('ttl'), key('ttl'))).toBe(2);
    });

    it('stores objects as JSON and gives them back parsed', async () => {
      const product = { sku: 'LAMP-1', qty: 3, tags: ['desk', 'led'], price: { amount: 1999, currency: 'EUR' } };
      expect(await redis.set(key('product'), product)).toBe('OK');
      expect(await redis.get(key('product'))).toEqual(product);
      expect(await redis.mset({ [key('a')]: { n: 1 }, [key('b')]: 'plain' })).toBe('OK');
      expect(await redis.mget(key('a'), key('b'), key('none'))).toEqual([{ n: 1 }, 'plain', null]);
    });

    it('counts with INCR, INCRBY, DECR and DECRBY', async () => {
      expect(await redis.incr(key('counter'))).toBe(1);
      expect(await redis.incrby(key('counter'), 10)).toBe(11);
      expect(await redis.decr(key('counter'))).toBe(10);
      expect(await redis.decrby(key('counter'), 4)).toBe(6);
      expect(await redis.get(key('counter'))).toBe(6);
      expect(await redis.append(key('text'), 'ab')).toBe(2);
      expect(await redis.append(key('text'), 'ü')).toBe(4);
    });

    it('finds keys with KEYS, SCAN MATCH/COUNT and TYPE', async () => {
      const names = Array.from({ length: 12 }, (_, i) => key(`scan:${i}`));
      await Promise.all(names.map((name) => redis.set(name, 1)));
      await redis.hset(key('scan:hash'), { f: 'v' });

      expect((await redis.keys(key('scan:?'))).sort()).toEqual(names.slice(0, 10).sort());
      const found = new Set<string>();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, { match: key('scan:*'), count: 5 });
        for (const name of keys) found.add(name);
        cursor = String(next);
      } while (cursor !== '0');
      expect([...found].sort()).toEqual([...names, key('scan:hash')].sort());
      expect(await redis.type(key('scan:0'))).toBe('string');
      expect(await redis.type(key('scan:hash'))).toBe('hash');
      expect(await redis.type(key('nothing'))).toBe('none');
    });
  });

  describe('hashes, sets, sorted sets and lists', () => {
    beforeAll(newPrefix);

    it('hashes: HSET, HGETALL as an object, HINCRBY, HDEL', async () => {
      expect(await redis.hset(key('h'), { name: 'Lamp', qty: 3, meta: { color: 'red' } })).toBe(3);
      expect(await redis.hgetall(key('h'))).toEqual({ name: 'Lamp', qty: 3, meta: { color: 'red' } });
      expect(await redis.hget(key('h'), 'qty')).toBe(3);
      expect(await redis.hincrby(key('h'), 'qty', 2)).toBe(5);
      expect(await redis.hmget(key('h'), 'name', 'nope')).toEqual({ name: 'Lamp', nope: null });
      expect(await redis.hexists(key('h'), 'name')).toBe(1);
      expect(await redis.hdel(key('h'), 'name', 'nope')).toBe(1);
      expect(await redis.hlen(key('h'))).toBe(2);
      expect((await redis.hkeys(key('h'))).sort()).toEqual(['meta', 'qty']);
      expect(await redis.hgetall(key('missing'))).toBeNull();
    });

    it('sets: SADD, SMEMBERS, SISMEMBER, SREM, SCARD', async () => {
      expect(await redis.sadd(key('s'), 'a', 'b', 'a')).toBe(2);
      expect((await redis.smembers(key('s'))).sort()).toEqual(['a', 'b']);
      expect(await redis.sismember(key('s'), 'a')).toBe(1);
      expect(await redis.srem(key('s'), 'a', 'x')).toBe(1);
      expect(await redis.scard(key('s'))).toBe(1);
    });

    it('sorted sets: ZADD, ZRANGE (rank, scores, BYSCORE, REV), ZINCRBY, ZCOUNT, ZREMRANGEBYSCORE', async () => {
      const z = key('z');
      expect(await redis.zadd(z, { score: 2, member: 'b' }, { score: 1, member: 'a' }, { score: 3, member: 'c' })).toBe(3);
      expect(await redis.zrange(z, 0, -1)).toEqual(['a', 'b', 'c']);
      expect(await redis.zrange(z, 0, -1, { withScores: true })).toEqual(['a', 1, 'b', 2, 'c', 3]);
      expect(await redis.zrange(z, 2, 3, { byScore: true })).toEqual(['b', 'c']);
      expect(await redis.zrange(z, '+inf', '(1', { byScore: true, rev: true })).toEqual(['c', 'b']);
      expect(await redis.zrange(z, 0, 0, { rev: true })).toEqual(['c']);
      expect(await redis.zscore(z, 'b')).toBe(2);
      expect(await redis.zincrby(z, 2.5, 'a')).toBe(3.5);
      expect(await redis.zadd(z, { gt: true, ch: true }, { score: 1, member: 'c' })).toBe(0);
      expect(await redis.zcard(z)).toBe(3);
      expect(await redis.zcount(z, 3, '+inf')).toBe(2);
      expect(await redis.zremrangebyscore(z, 0, 3)).toBe(2);
      expect(await redis.zrange(z, 0, -1, { withScores: true })).toEqual(['a', 3.5]);
      expect(await redis.zrem(z, 'a')).toBe(1);
      expect(await redis.exists(z)).toBe(0);
    });

    it('lists: LPUSH, RPUSH, LRANGE, LPOP, RPOP, LTRIM, LLEN', async () => {
      const list = key('l');
      expect(await redis.rpush(list, 'a', 'b', 'c')).toBe(3);
      expect(await redis.lpush(list, 'z')).toBe(4);
      expect(await redis.lrange(list, 0, -1)).toEqual(['z', 'a', 'b', 'c']);
      expect(await redis.lpop(list)).toBe('z');
      expect(await redis.rpop(list)).toBe('c');
      expect(await redis.ltrim(list, 0, 0)).toBe('OK');
      expect(await redis.llen(list)).toBe(1);
      expect(await redis.lrange(list, 0, -1)).toEqual(['a']);
    });
  });

  describe('pipelines, transactions and encoding', () => {
    beforeAll(newPrefix);

    it('runs an explicit pipeline', async () => {
      const pipeline = redis.pipeline();
      pipeline.set(key('p'), 1).incr(key('p')).get(key('p')).hset(key('ph'), { f: 'v' }).hgetall(key('ph'));
      expect(await pipeline.exec()).toEqual(['OK', 2, 2, 1, { f: 'v' }]);
    });

    it('runs MULTI/EXEC atomically and keeps per-command errors', async () => {
      const results = await redis.multi().set(key('m'), 10).incrby(key('m'), 5).get(key('m')).exec();
      expect(results).toEqual(['OK', 15, 15]);

      const failing = redis.multi().set(key('m2'), 'text').incr(key('m2')).get(key('m2'));
      await expect(failing.exec()).rejects.toThrow(`Command 2 [ incr ] failed: ${NOT_AN_INTEGER}`);
      // Redis does not roll back: the SET before the failing INCR stays.
      expect(await redis.get(key('m2'))).toBe('text');
    });

    it('aborts a whole transaction with an unknown command', async () => {
      const response = await post('/multi-exec', [['set', key('abort'), '1'], ['nosuchcmd']]);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(/^EXECABORT Transaction discarded because of previous errors: ERR unknown command 'nosuchcmd'/);
      expect(await redis.get(key('abort'))).toBeNull();
    });

    it('answers a pipeline with per-command results and errors', async () => {
      const response = await post('/pipeline', [
        ['set', key('e'), 'x'],
        ['incr', key('e')],
        ['get', key('e')],
      ]);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual([{ result: 'OK' }, { error: NOT_AN_INTEGER }, { result: 'x' }]);
    });

    it('auto-pipelines concurrent calls into one request per kind', async () => {
      const before = pipelinesSent(redis);
      const writes = await Promise.all([
        redis.set(key('auto:a'), 'A'),
        redis.set(key('auto:b'), { b: true }),
        redis.incr(key('auto:n')),
        redis.hset(key('auto:h'), { x: 1 }),
      ]);
      expect(writes).toEqual(['OK', 'OK', 1, 1]);
      expect(pipelinesSent(redis) - before).toBe(1);

      const reads = await Promise.all([
        redis.get(key('auto:a')),
        redis.get(key('auto:b')),
        redis.get(key('auto:n')),
        redis.hget(key('auto:h'), 'x'),
      ]);
      expect(reads).toEqual(['A', { b: true }, 1, 1]);
      expect(pipelinesSent(redis) - before).toBe(2);
    });

    it('round-trips non-ASCII strings through base64 at every depth', async () => {
      expect(await redis.set(key('utf8'), NON_ASCII)).toBe('OK');
      expect(await redis.get(key('utf8'))).toBe(NON_ASCII);
      expect(await redis.hset(key('utf8:h'), { [NON_ASCII]: NON_ASCII })).toBe(1);
      expect(await redis.hgetall(key('utf8:h'))).toEqual({ [NON_ASCII]: NON_ASCII });
      expect(await redis.zadd(key('utf8:z'), { score: 1, member: NON_ASCII })).toBe(1);
      expect(await redis.zrange(key('utf8:z'), 0, -1, { withScores: true })).toEqual([NON_ASCII, 1]);

      const base64 = Buffer.from(NON_ASCII).toString('base64');
      const encoded = await post(
        '/pipeline',
        [
          ['get', key('utf8')],
          ['mget', key('utf8'), key('none')],
          ['set', key('x'), '1'],
        ],
        {
          'upstash-encoding': 'base64',
        },
      );
      expect(await encoded.json()).toEqual([{ result: base64 }, { result: [base64, null] }, { result: 'OK' }]);
      const plain = await post('/', ['get', key('utf8')]);
      expect(await plain.json()).toEqual({ result: NON_ASCII });
    });

    it('surfaces error replies as thrown errors with exact messages', async () => {
      await redis.set(key('word'), 'abc');
      await expect(redis.incr(key('word'))).rejects.toThrow(NOT_AN_INTEGER);
      await expect(redis.hget(key('word'), 'f')).rejects.toThrow(
        'WRONGTYPE Operation against a key holding the wrong kind of value',
      );

      const single = await post('/', ['incr', key('word')]);
      expect(single.status).toBe(400);
      expect(await single.json()).toEqual({ error: NOT_AN_INTEGER });
      const unknown = await post('/', ['nosuchcmd', 'x']);
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { error: string }).error).toMatch(/^ERR unknown command 'nosuchcmd'/);
    });
  });

  describe('scripts', () => {
    beforeAll(newPrefix);

    it.runIf(mode === 'redis')('refuses commands that would change the shared connection', async () => {
      const response = await post('/pipeline', [['select', '1'], ['ping']]);
      expect(await response.json()).toEqual([{ error: "ERR 'select' is not supported over the REST API" }, { result: 'PONG' }]);
    });

    it('answers NOSCRIPT for an unknown sha so clients fall back to EVAL', async () => {
      await expect(redis.evalsha(sha1(randomUUID()), [], [])).rejects.toThrow('NOSCRIPT');
    });

    it.runIf(mode === 'redis')('strips the Upstash shebang and maps the client sha to the stripped script', async () => {
      const script = `#!lua flags=allow-key-locking\n-- ${randomUUID()}\nreturn {KEYS[1], ARGV[1]}`;
      await expect(redis.evalsha(sha1(script), [key('k')], ['a'])).rejects.toThrow('NOSCRIPT');
      expect(await redis.eval(script, [key('k')], ['a'])).toEqual([key('k'), 'a']);
      expect(await redis.evalsha(sha1(script), [key('k')], ['b'])).toEqual([key('k'), 'b']);

      const loaded = `#!lua flags=allow-key-locking\n-- ${randomUUID()}\nreturn ARGV[1]`;
      expect(await redis.scriptLoad(loaded)).toBe(sha1(loaded));
      expect(await redis.evalsha(sha1(loaded), [], ['c'])).toBe('c');
      expect(await redis.scriptExists(sha1(loaded))).toEqual([1]);
    });

    it.runIf(mode === 'memory')('refuses scripts other than @upstash/ratelimit’s with an explanation', async () => {
      await expect(redis.eval('return 1', [], [])).rejects.toThrow(
        'ERR Lua scripts need a real Redis: the in-memory store only runs the scripts of @upstash/ratelimit',
      );
    });

    it.runIf(mode === 'memory')('knows every single-region script of the installed @upstash/ratelimit', async () => {
      const shas = ratelimitScriptShas();
      expect(shas).toHaveLength(9);
      expect(await redis.scriptExists(shas[0] ?? '', ...shas.slice(1))).toEqual(shas.map(() => 1));
    });
  });

  describe('@upstash/ratelimit', () => {
    beforeAll(newPrefix);

    const limiter = (algorithm: ConstructorParameters<typeof Ratelimit>[0]['limiter'], dynamicLimits = false) =>
      new Ratelimit({
        redis,
        limiter: algorithm,
        prefix: key(`rl:${randomUUID()}`),
        // Without the in-process cache every call reaches the server, which is what is tested.
        ephemeralCache: false,
        dynamicLimits,
        enableTelemetry: false,
      });

    const outcomes = async (ratelimit: Ratelimit, identifier: string, calls: number) => {
      const results = [];
      for (let i = 0; i < calls; i++) results.push(await ratelimit.limit(identifier));
      return results.map(({ success, remaining, limit }) => ({ success, remaining, limit }));
    };

    const blockedAfterThree = [
      { success: true, remaining: 2, limit: 3 },
      { success: true, remaining: 1, limit: 3 },
      { success: true, remaining: 0, limit: 3 },
      { success: false, remaining: 0, limit: 3 },
    ];

    it('fixed window: counts down, blocks after N, resets', async () => {
      const ratelimit = limiter(Ratelimit.fixedWindow(3, '1 h'));
      expect(await outcomes(ratelimit, 'user-1', 4)).toEqual(blockedAfterThree);
      const remaining = await ratelimit.getRemaining('user-1');
      expect({ remaining: remaining.remaining, limit: remaining.limit }).toEqual({ remaining: 0, limit: 3 });
      expect(remaining.reset % 3_600_000).toBe(0);
      expect(await outcomes(ratelimit, 'user-2', 1)).toEqual(blockedAfterThree.slice(0, 1));

      await ratelimit.resetUsedTokens('user-1');
      expect(await outcomes(ratelimit, 'user-1', 1)).toEqual(blockedAfterThree.slice(0, 1));
    });

    it('fixed window: a custom rate consumes several tokens', async () => {
      const ratelimit = limiter(Ratelimit.fixedWindow(3, '1 h'));
      const first = await ratelimit.limit('bulk', { rate: 2 });
      expect({ success: first.success, remaining: first.remaining }).toEqual({ success: true, remaining: 1 });
      const second = await ratelimit.limit('bulk', { rate: 2 });
      expect({ success: second.success, remaining: second.remaining }).toEqual({ success: false, remaining: 0 });
    });

    it('fixed window: a dynamic limit overrides the configured one', async () => {
      const ratelimit = limiter(Ratelimit.fixedWindow(5, '1 h'), true);
      await ratelimit.setDynamicLimit({ limit: 1 });
      expect(await outcomes(ratelimit, 'dyn', 2)).toEqual([
        { success: true, remaining: 0, limit: 1 },
        { success: false, remaining: 0, limit: 1 },
      ]);
    });

    it('sliding window: counts down, blocks after N, reports remaining', async () => {
      const ratelimit = limiter(Ratelimit.slidingWindow(3, '1 h'));
      expect(await outcomes(ratelimit, 'user-1', 4)).toEqual(blockedAfterThree);
      const remaining = await ratelimit.getRemaining('user-1');
      expect({ remaining: remaining.remaining, limit: remaining.limit }).toEqual({ remaining: 0, limit: 3 });
      await ratelimit.resetUsedTokens('user-1');
      expect(await outcomes(ratelimit, 'user-1', 1)).toEqual(blockedAfterThree.slice(0, 1));
    });

    it('token bucket: spends the bucket, blocks, reports the refill time', async () => {
      const ratelimit = limiter(Ratelimit.tokenBucket(1, '1 h', 3));
      const startedAt = Date.now();
      expect(await outcomes(ratelimit, 'user-1', 4)).toEqual(blockedAfterThree);
      const remaining = await ratelimit.getRemaining('user-1');
      expect({ remaining: remaining.remaining, limit: remaining.limit }).toEqual({ remaining: 0, limit: 3 });
      expect(remaining.reset).toBeGreaterThanOrEqual(startedAt + 3_600_000);
      expect(remaining.reset).toBeLessThanOrEqual(Date.now() + 3_600_000);
    });
  });
});

describe('local Upstash Redis REST server (start-up and memory-only commands)', () => {
  it('fails fast when the Redis it was given is unreachable', async () => {
    await expect(startRedisRestServer({ port: 0, token: TOKEN, redisUrl: 'redis://127.0.0.1:1' })).rejects.toThrow(
      'cannot reach Redis at redis://127.0.0.1:1',
    );
  });

  it('flushes and counts its own keyspace', async () => {
    const server = await startRedisRestServer({ port: 0, token: TOKEN });
    try {
      const redis = new Redis({ url: server.url, token: TOKEN });
      await redis.mset({ a: 1, b: 2 });
      await redis.set('c', 3, { px: 1 });
      await sleep(20);
      expect(await redis.dbsize()).toBe(2);
      expect(await redis.flushdb()).toBe('OK');
      expect(await redis.dbsize()).toBe(0);
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.echo(NON_ASCII)).toBe(NON_ASCII);
    } finally {
      await server.close();
    }
  });
});
