import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import type { LocalPorts } from '../../scripts/local-platform/config';
import { type Platform, startPlatform } from '../../scripts/local-platform/platform';
import { claimSlot, slotRedisUrl } from './slot';

export interface ProvidedPlatform {
  ports: LocalPorts;
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
