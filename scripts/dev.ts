/**
 * `npm run dev`: the whole platform on this machine with demo data. Uses DATABASE_URL and
 * REDIS_URL when set, else embedded Postgres and an in-memory Redis store. Ctrl-C stops it all.
 */
import { DEV_PORTS, LOCAL_SECRETS } from './local-platform/config';
import { startPlatform } from './local-platform/platform';
import { DEMO_VENDORS, demoLogins } from './local-platform/seed';

const started = Date.now();
const platform = await startPlatform({
  ports: DEV_PORTS,
  dataDir: new URL('../.data/dev', import.meta.url).pathname,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: process.env.REDIS_URL || undefined,
  log: (line) => console.log(line),
});

const port = DEV_PORTS.worker;
const shops = DEMO_VENDORS.map((vendor) => `    ${vendor.name.padEnd(26)} http://${vendor.slug}.localhost:${port}/`).join('\n');
console.log(`
Vitrine is up in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Platform landing           http://localhost:${port}/
  Admin                      http://admin.localhost:${port}/
  Shops
${shops}
  API health                 http://localhost:${port}/api/v1/health
  API docs                   http://localhost:${port}/api/v1/docs
  Logins (password ${LOCAL_SECRETS.demoPassword})
${demoLogins()
  .map((login) => `    ${login}`)
  .join('\n')}
  Outbox relay stats         ${platform.urls.relay}/stats
${platform.redisMode === 'memory' ? '\n  Redis: in-memory store (set REDIS_URL to use a real Redis).\n' : ''}
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
