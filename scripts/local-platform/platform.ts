import { join } from 'node:path';
import type { TenancyEnv } from '../../src/modules/tenancy';
import { Database } from '../../src/platform/db';
import { buildSite } from './build';
import { LOCAL_SECRETS, type LocalPorts } from './config';
import { prepareLocalDatabase } from './migrate';
import { startNeonProxy } from './neon-proxy';
import { startPostgres } from './postgres';
import { type QStashServer, startQStashServer } from './qstash';
import { startRedisRestServer } from './redis-rest';
import { seedDemo } from './seed';
import { startWorker } from './workers';

export interface PlatformOptions {
  ports: LocalPorts;
  /** Where embedded Postgres and wrangler keep their state (git-ignored). */
  dataDir: string;
  databaseUrl?: string;
  redisUrl?: string;
  /** Where to build the main Worker (default dist/, as `npm run build`). */
  outDir?: string;
  /** Seconds between cron ticks of the outbox relay. */
  cronSeconds?: number;
  /** Seconds between cron ticks of the stock Worker (the unpaid-order expiry; default 30). */
  stockCronSeconds?: number;
  log?: (line: string) => void;
}

export interface Platform {
  urls: {
    worker: string;
    relay: string;
    stock: string;
    pricing: string;
    marketplaceImport: string;
    webhooks: string;
    neon: string;
    redis: string;
    qstash: string;
  };
  postgres: { superuserUrl: string; appUrl: string; ownerUrl: string; embedded: boolean };
  redisMode: 'redis' | 'memory';
  qstash: QStashServer;
  /** The bindings every Worker gets, for tests that build a Database in Node. */
  workerVars: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Brings the whole platform up on this machine: Postgres (DATABASE_URL or embedded), migrations
 * and the demo seed, Neon's two endpoints, the Upstash Redis and QStash servers, and the six
 * Workers under wrangler, with the relay's cron fired every few seconds (the stock Worker's every 30).
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { ports } = options;
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => log(`stop: ${String(error)}`));
  };
  try {
    const [postgres, mainConfig] = await Promise.all([
      startPostgres({ dataDir: join(options.dataDir, 'postgres'), port: ports.postgres, databaseUrl: options.databaseUrl }),
      buildSite(log, options.outDir),
    ]);
    stops.push(() => postgres.stop());
    const { ownerUrl, appUrl } = await prepareLocalDatabase(postgres.superuserUrl);
    log(`postgres ${postgres.embedded ? 'embedded' : 'external'} on ${postgres.host}:${postgres.port}, migrated`);

    const neon = await startNeonProxy({ port: ports.neon, postgresHost: postgres.host, postgresPort: postgres.port });
    stops.push(() => neon.close());
    const redis = await startRedisRestServer({ port: ports.redis, token: LOCAL_SECRETS.redisToken, redisUrl: options.redisUrl });
    stops.push(() => redis.close());
    const qstash = await startQStashServer({
      port: ports.qstash,
      token: LOCAL_SECRETS.qstashToken,
      currentSigningKey: LOCAL_SECRETS.qstashCurrentSigningKey,
      nextSigningKey: LOCAL_SECRETS.qstashNextSigningKey,
    });
    stops.push(() => qstash.close());
    log(
      `redis (${redis.mode === 'redis' ? `backed by ${options.redisUrl}` : 'in-memory store'}) ${redis.url}; qstash ${qstash.url}`,
    );

    const local = (port: number) => `http://127.0.0.1:${port}`;
    const vars: Record<string, string> = {
      ROOT_DOMAIN: 'localhost',
      ENVIRONMENT: 'development',
      DATABASE_URL: appUrl,
      NEON_FETCH_ENDPOINT: `${neon.url}/sql`,
      NEON_WS_PROXY: new URL(neon.url).host,
      // Embedded Postgres asks for a password as Neon does; a trust-auth server never asks.
      NEON_PIPELINE_CONNECT: postgres.embedded ? 'password' : 'false',
      UPSTASH_REDIS_REST_URL: redis.url,
      UPSTASH_REDIS_REST_TOKEN: LOCAL_SECRETS.redisToken,
      QSTASH_URL: qstash.url,
      QSTASH_TOKEN: LOCAL_SECRETS.qstashToken,
      QSTASH_CURRENT_SIGNING_KEY: LOCAL_SECRETS.qstashCurrentSigningKey,
      QSTASH_NEXT_SIGNING_KEY: LOCAL_SECRETS.qstashNextSigningKey,
      JWT_SIGNING_KEYS: `local-1:${LOCAL_SECRETS.jwtSecret}`,
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      // The whole test suite signs the demo accounts in from parallel workers.
      LOGIN_RATE_LIMIT_PER_ACCOUNT: '40',
      // Tests hammer the demo shops from one machine; per key stays small enough to test.
      API_RATE_LIMIT_PER_VENDOR: '100000',
      API_RATE_LIMIT_PER_KEY: '120',
      OUTBOX_RELAY_URL: local(ports.relay),
      STOCK_URL: local(ports.stock),
      PRICING_URL: local(ports.pricing),
      MARKETPLACE_IMPORT_URL: local(ports.marketplaceImport),
      WEBHOOKS_URL: local(ports.webhooks),
      // Local only: webhook endpoints may be plain http on loopback (the tests' receivers).
      LOCAL_WEBHOOK_HOSTS: 'on',
      // Local only: consumers honour an event's `faultInjection` (src/platform/consumer-faults.ts),
      // and deliveries retry 8 times so the fault tests' 30 % failure rate loses nothing.
      LOCAL_FAULT_INJECTION: 'on',
      QSTASH_RETRIES: '8',
    };

    const seedDb = new Database(vars as { DATABASE_URL: string });
    const seedStarted = Date.now();
    const seeded = await seedDemo(seedDb, vars as unknown as TenancyEnv);
    await seedDb.close();
    const accounts = seeded.created.length ? `seeded demo vendors: ${seeded.created.join(', ')}` : 'demo data already present';
    const catalogs = seeded.catalogs.length ? `; seeded demo catalogs: ${seeded.catalogs.join(', ')}` : '';
    log(`${accounts}${catalogs} (${((Date.now() - seedStarted) / 1000).toFixed(1)} s)`);

    const stateDir = join(options.dataDir, 'wrangler');
    const specs = [
      { name: 'outbox-relay', config: 'workers/outbox-relay/wrangler.toml', port: ports.relay, vars, scheduled: true },
      { name: 'stock', config: 'workers/stock/wrangler.toml', port: ports.stock, vars, scheduled: true },
      { name: 'pricing', config: 'workers/pricing/wrangler.toml', port: ports.pricing, vars },
      { name: 'marketplace-import', config: 'workers/marketplace-import/wrangler.toml', port: ports.marketplaceImport, vars },
      { name: 'webhooks', config: 'workers/webhooks/wrangler.toml', port: ports.webhooks, vars },
      { name: 'main', config: mainConfig, port: ports.worker, vars },
    ];
    // Every Worker that did start is stopped even when another failed to, so none is left behind.
    const started = await Promise.allSettled(specs.map((spec) => startWorker(spec, stateDir, log)));
    for (const result of started) if (result.status === 'fulfilled') stops.push(() => result.value.stop());
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    const tick = (port: number, cron: string) =>
      fetch(`${local(port)}/__scheduled?cron=${encodeURIComponent(cron)}`).then(
        (response) => response.body?.cancel(),
        () => {},
      );
    const relayCron = setInterval(() => tick(ports.relay, '* * * * *'), (options.cronSeconds ?? 5) * 1000);
    const stockCron = setInterval(() => tick(ports.stock, '*/5 * * * *'), (options.stockCronSeconds ?? 30) * 1000);
    stops.push(async () => {
      clearInterval(relayCron);
      clearInterval(stockCron);
    });

    return {
      urls: {
        worker: local(ports.worker),
        relay: local(ports.relay),
        stock: local(ports.stock),
        pricing: local(ports.pricing),
        marketplaceImport: local(ports.marketplaceImport),
        webhooks: local(ports.webhooks),
        neon: neon.url,
        redis: redis.url,
        qstash: qstash.url,
      },
      postgres: { superuserUrl: postgres.superuserUrl, appUrl, ownerUrl, embedded: postgres.embedded },
      redisMode: redis.mode,
      qstash,
      workerVars: vars,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
