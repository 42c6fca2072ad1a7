/**
 * `npm run bench`: boots the local platform on a free test slot and measures the main Worker's
 * hot paths with keep-alive clients. It prints figures and never fails on time.
 * BENCH_SECONDS (default 10) and BENCH_CONNECTIONS (default 32) tune the run.
 */
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { startPlatform } from '../../scripts/local-platform/platform';
import { request } from '../harness/http';
import { claimSlot, slotRedisUrl } from '../harness/slot';
import { formatTable, type LoadResult, runLoad, type Scenario } from './load';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
const platform = await startPlatform({
  ports: slot.ports,
  dataDir: slot.dataDir,
  outDir: `${slot.dataDir}/dist`,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot),
  log: () => {},
});

try {
  const base = platform.urls.worker;
  const port = slot.ports.worker;
  // The harness client sends the Host header (fetch would drop it).
  const login = await request(`http://acme.localhost:${port}/api/v1/vendor/auth/login`, {
    method: 'POST',
    json: { email: 'viewer@acme.test', password: LOCAL_SECRETS.demoPassword },
  }).catch(() => undefined);
  const token = login?.ok ? ((await login.json()) as { token: string }).token : undefined;

  const scenarios: Scenario[] = [
    { name: 'GET /api/v1/health (Postgres+Redis+QStash)', url: `${base}/api/v1/health`, host: `acme.localhost:${port}` },
    { name: 'GET / shop home page (SSR, host lookup)', url: `${base}/`, host: `acme.localhost:${port}` },
    {
      name: 'GET /api/v1/nothing (host lookup + 404)',
      url: `${base}/api/v1/nothing`,
      host: `acme.localhost:${port}`,
      expect: 404,
    },
  ];
  if (token) {
    scenarios.push({
      name: 'POST /api/v1/vendor/auth/logout (JWT check)',
      url: `${base}/api/v1/vendor/auth/logout`,
      host: `acme.localhost:${port}`,
      method: 'POST',
      headers: { authorization: `Bearer ${token}x` },
      expect: 401,
    });
  }
  const results: LoadResult[] = [];
  for (const scenario of scenarios) results.push(await runLoad(scenario, connections, seconds));
  console.log(`\nVitrine bench: ${connections} connections, ${seconds} s per scenario, wrangler dev (workerd) on this machine\n`);
  console.log(formatTable(results));
  console.log(
    '\nReference (DESIGN.md, same machine kind): a static Hono route in workerd 5,500 req/s; Neon HTTP path 1,450 req/s.',
  );
} finally {
  await platform.stop();
  await slot.release();
}
