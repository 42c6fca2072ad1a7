/**
 * The end-to-end half of `npm run bench:import`: boots the local platform on a free test slot, makes
 * a vendor with an owner, uploads the generated feed to `POST /api/v1/vendor/imports` (text/csv) and
 * polls `GET /api/v1/vendor/imports/{id}` until the job has finished. The job's own timestamps give
 * the Worker's share (parsing + staging writes, step after step); the client's clock the whole.
 */
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { memberships, users } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { type Platform, startPlatform } from '../../scripts/local-platform/platform';
import { hashPassword } from '../../src/modules/access/passwords';
import type { ImportJob } from '../../src/modules/imports/schemas';
import { Database } from '../../src/platform/db';
import { request } from '../harness/http';
import { claimSlot, slotRedisUrl } from '../harness/slot';

export interface EndToEnd {
  uploadSeconds: number;
  /** startedAt → the first poll that saw the whole file read (parsing + writing the job's rows). */
  stagingSeconds: number;
  /** startedAt → finishedAt of the job (staging, then the diff against the staged catalog). */
  jobSeconds: number;
  /** From the first byte of the upload until the poll saw the job finished. */
  totalSeconds: number;
  /** Peak RSS of the marketplace-import Worker's workerd processes during the job (Linux /proc), if found. */
  workerPeakRssMb: number | null;
  job: ImportJob;
}

/** Pids of the workerd processes the platform's `wrangler dev` runs for the marketplace-import Worker on `port` (Linux only). */
async function importWorkerPids(port: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const processes: { pid: number; ppid: number; cmd: string }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      processes.push({ pid: Number(entry), ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  const wranglers = new Set(
    processes
      .filter((p) => p.cmd.includes('workers/marketplace-import/wrangler.toml') && p.cmd.includes(`--port ${port} `))
      .map((p) => p.pid),
  );
  return processes.filter((p) => wranglers.has(p.ppid) && p.cmd.includes('workerd')).map((p) => p.pid);
}

async function rssOf(pids: number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  }
  return total;
}

/** Boots the platform for `use` and stops it afterwards. */
export async function withPlatform<T>(use: (platform: Platform) => Promise<T>): Promise<T> {
  const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
  try {
    const platform = await startPlatform({
      ports: slot.ports,
      dataDir: slot.dataDir,
      outDir: `${slot.dataDir}/dist`,
      databaseUrl: process.env.DATABASE_URL || undefined,
      redisUrl: slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot),
      log: () => {},
    });
    try {
      return await use(platform);
    } finally {
      await platform.stop();
    }
  } finally {
    await slot.release();
  }
}

async function json<T>(response: Response, expected: number, what: string): Promise<T> {
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** A vendor of its own (admin API) and its owner's token. */
async function benchVendor(platform: Platform): Promise<{ slug: string; token: string }> {
  const base = (host: string, path: string) => `http://${host}.localhost:${new URL(platform.urls.worker).port}${path}`;
  const admin = await json<{ token: string }>(
    await request(base('admin', '/api/v1/admin/auth/login'), {
      method: 'POST',
      json: { email: 'admin@vitrine.test', password: LOCAL_SECRETS.demoPassword },
    }),
    200,
    'admin sign-in',
  );
  const slug = `bench-import-${crypto.randomUUID().slice(0, 8)}`;
  const vendor = await json<{ id: string }>(
    await request(base('admin', '/api/v1/admin/vendors'), {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
      json: { name: 'Import Bench', slug },
    }),
    201,
    'creating the vendor',
  );
  const password = 'bench-import-password';
  const owner = { id: crypto.randomUUID(), email: `${slug}@example.test`, name: 'Bench owner' };
  const db = new Database(platform.workerVars as { DATABASE_URL: string });
  try {
    const passwordHash = await hashPassword(password);
    await db.platform().write((q) => [q.insert(users).values({ ...owner, passwordHash })] as const);
    await db
      .vendor(vendor.id)
      .write((q) => [q.insert(memberships).values({ vendorId: vendor.id, userId: owner.id, role: 'owner' })] as const);
  } finally {
    await db.close();
  }
  const session = await json<{ token: string }>(
    await request(base(slug, '/api/v1/vendor/auth/login'), { method: 'POST', json: { email: owner.email, password } }),
    200,
    'owner sign-in',
  );
  return { slug, token: session.token };
}

/** Uploads the file and waits (up to `timeoutSeconds`) for its import job to finish; a job still running then is answered as it stands. */
export async function importEndToEnd(platform: Platform, path: string, timeoutSeconds = 600): Promise<EndToEnd> {
  const { slug, token } = await benchVendor(platform);
  const url = (p: string) => `http://${slug}.localhost:${new URL(platform.urls.worker).port}/api/v1/vendor${p}`;
  const headers = { authorization: `Bearer ${token}` };
  const body = new Uint8Array(await readFile(path));
  const started = performance.now();
  const created = await json<ImportJob>(
    await request(url('/imports'), { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body }),
    202,
    'POST /imports',
  );
  const uploadSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + timeoutSeconds * 1000;
  // wrangler replaces its workerd processes now and then: look them up on every poll.
  const importPort = new URL(platform.urls.marketplaceImport).port;
  let peakRss = 0;
  let stagedAt: number | undefined;
  for (;;) {
    peakRss = Math.max(peakRss, await rssOf(await importWorkerPids(importPort)));
    const job = await json<ImportJob>(await request(url(`/imports/${created.id}`), { headers }), 200, 'GET /imports/{id}');
    const { bytesProcessed, bytesTotal } = job.progress;
    if (stagedAt === undefined && bytesTotal !== null && bytesProcessed >= bytesTotal) stagedAt = Date.now();
    const timedOut = Date.now() > deadline;
    if (['completed', 'failed', 'cancelled'].includes(job.status) || timedOut) {
      const totalSeconds = timedOut ? Number.NaN : (performance.now() - started) / 1000;
      const jobSeconds =
        job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : Number.NaN;
      const stagingSeconds = job.startedAt ? ((stagedAt ?? Date.now()) - Date.parse(job.startedAt)) / 1000 : Number.NaN;
      return {
        uploadSeconds,
        stagingSeconds,
        jobSeconds,
        totalSeconds,
        job,
        workerPeakRssMb: peakRss > 0 ? peakRss / 1024 / 1024 : null,
      };
    }
    await sleep(250);
  }
}
