import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { LOCAL_SECRETS, type LocalPorts } from '../../scripts/local-platform/config';
import { type Platform, startPlatform } from '../../scripts/local-platform/platform';
import { DEMO_ADMIN, DEMO_VENDORS } from '../../scripts/local-platform/seed';
import { TEAM_ROLES } from '../../src/modules/access/permissions';
import { request } from './http';
import { claimSlot, slotRedisUrl } from './slot';

export interface ProvidedPlatform {
  ports: LocalPorts;
  /** Access tokens of the demo accounts, signed in once per run: `audience|host|email` → token. */
  sessions: Record<string, string>;
  urls: Platform['urls'];
  postgres: Platform['postgres'];
  redisMode: Platform['redisMode'];
  workerVars: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    platform: ProvidedPlatform;
  }
}

/**
 * Boots the local platform once per test run on the test ports (so a running `npm run dev` is
 * left alone): DATABASE_URL and REDIS_URL when set, else embedded Postgres and in-memory Redis.
 */
export default async function setup(project: TestProject) {
  const started = Date.now();
  const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
  const redisUrl = slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot);
  if (redisUrl) {
    // A run starts from an empty Redis: no host cache, rate-limit window or deny list of an earlier run.
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
  }
  const platform = await startPlatform({
    ports: slot.ports,
    dataDir: slot.dataDir,
    outDir: `${slot.dataDir}/dist`,
    databaseUrl: process.env.DATABASE_URL || undefined,
    redisUrl,
    cronSeconds: 2,
    log: (line) => {
      if (process.env.VITRINE_TEST_VERBOSE || /error|fail/i.test(line)) console.log(line);
    },
  });
  console.log(
    `local platform (test slot ${slot.slot}) up in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(postgres ${platform.postgres.embedded ? 'embedded' : 'external'}, redis ${platform.redisMode})`,
  );
  project.provide('platform', {
    ports: slot.ports,
    sessions: await signInDemoAccounts(slot.ports.worker),
    urls: platform.urls,
    postgres: platform.postgres,
    redisMode: platform.redisMode,
    workerVars: platform.workerVars,
  });
  return async () => {
    await platform.stop();
    await slot.release();
  };
}

/**
 * Signs every demo account in once for the whole run, so test files share those tokens instead of
 * each signing in again (the per-account sign-in limit would otherwise trip across parallel files).
 */
async function signInDemoAccounts(port: number): Promise<Record<string, string>> {
  const accounts: [audience: string, host: string, email: string][] = [['admin', 'admin', DEMO_ADMIN]];
  for (const { slug } of DEMO_VENDORS) {
    for (const role of TEAM_ROLES) accounts.push(['vendor', slug, `${role}@${slug}.test`]);
    accounts.push(['shop', slug, `shopper@${slug}.test`]);
  }
  const sessions: Record<string, string> = {};
  await Promise.all(
    accounts.map(async ([audience, host, email]) => {
      const response = await request(`http://${host}.localhost:${port}/api/v1/${audience}/auth/login`, {
        method: 'POST',
        json: { email, password: LOCAL_SECRETS.demoPassword },
      });
      if (response.status !== 200) throw new Error(`demo sign-in of ${email}: ${response.status} ${await response.text()}`);
      sessions[`${audience}|${host}|${email}`] = ((await response.json()) as { token: string }).token;
    }),
  );
  return sessions;
}
