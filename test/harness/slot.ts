import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { type LocalPorts, testPorts } from '../../scripts/local-platform/config';

const MAX_SLOTS = 8;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Claims a free slot (its own ports and data folder) for this test run: a lock folder holding
 * our pid, taken atomically, with stale locks of dead runs reclaimed. Returns how to release it.
 */
export async function claimSlot(
  root: string,
): Promise<{ slot: number; ports: LocalPorts; dataDir: string; release(): Promise<void> }> {
  await mkdir(root, { recursive: true });
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const lock = join(root, `slot-${slot}.lock`);
    try {
      await mkdir(lock);
    } catch {
      const owner = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      if (owner && isAlive(owner)) continue;
      await rm(lock, { recursive: true, force: true });
      try {
        await mkdir(lock);
      } catch {
        continue;
      }
    }
    await writeFile(join(lock, 'pid'), String(process.pid));
    const ports = testPorts(slot);
    if (!(await portFree(ports.worker)) || !(await portFree(ports.postgres))) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    return { slot, ports, dataDir: join(root, `slot-${slot}`), release: () => rm(lock, { recursive: true, force: true }) };
  }
  throw new Error(`no free test slot: ${MAX_SLOTS} test runs already hold the test ports`);
}

/**
 * The slot's own logical Redis database (1 + slot; `npm run dev` keeps 0), so runs sharing one
 * Redis server never read each other's host caches, rate limits or revoked sessions.
 */
export function slotRedisUrl(redisUrl: string | undefined, slot: number): string | undefined {
  if (!redisUrl) return undefined;
  const url = new URL(redisUrl);
  url.pathname = `/${1 + slot}`;
  return url.toString();
}
