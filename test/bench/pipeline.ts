/**
 * `npx tsx test/bench/pipeline.ts`: boots the local platform on a free test slot, commits M events
 * into the outbox (vendor-scoped `vendor.created.v1` rows, a few per transaction, kicking the relay
 * after each commit as the main Worker does), and waits until every subscribed consumer has
 * applied every event. Prints events/s end to end and the commit-to-effect lag (outbox
 * `created_at` → the consumer's `processed_at`), median and p99. Never fails on time.
 * BENCH_EVENTS (default 2000), BENCH_VENDORS (20), BENCH_PER_COMMIT (10), BENCH_WRITERS (4) tune it;
 * BENCH_RATE (events/s, default 0 = as fast as the writers go) paces the commits, for the lag at a
 * steady load rather than behind a burst.
 */
import { inArray } from 'drizzle-orm';
import { outbox, processedMessages } from '../../drizzle/schema';
import { startPlatform } from '../../scripts/local-platform/platform';
import { vendorCreatedV1 } from '../../src/modules/tenancy';
import { consumersOf } from '../../src/platform/consumers';
import { Database } from '../../src/platform/db';
import { outboxRow } from '../../src/platform/outbox';
import { claimSlot, slotRedisUrl } from '../harness/slot';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const VENDORS = Number(process.env.BENCH_VENDORS ?? 20);
const PER_COMMIT = Number(process.env.BENCH_PER_COMMIT ?? 10);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const RATE = Number(process.env.BENCH_RATE ?? 0);

const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
const platform = await startPlatform({
  ports: slot.ports,
  dataDir: slot.dataDir,
  outDir: `${slot.dataDir}/dist`,
  databaseUrl: process.env.DATABASE_URL || undefined,
  redisUrl: slotRedisUrl(process.env.REDIS_URL || undefined, slot.slot),
  cronSeconds: 5,
  log: () => {},
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const db = new Database(platform.workerVars as { DATABASE_URL: string });
try {
  // Bench vendors exist only as ids: the consumers need nothing else of them.
  const vendors = Array.from({ length: VENDORS }, () => crypto.randomUUID());
  const kick = () =>
    fetch(`${platform.urls.relay}/kick`, { method: 'POST' }).then(
      (response) => response.body?.cancel(),
      () => {},
    );
  const commits = Math.ceil(EVENTS / PER_COMMIT);
  let next = 0;
  const kicks: Promise<unknown>[] = [];
  const started = Date.now();
  const writer = async () => {
    while (next < commits) {
      const commit = next++;
      const due = started + (RATE > 0 ? (commit * PER_COMMIT * 1000) / RATE : 0);
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const vendorId = vendors[commit % VENDORS] as string;
      const size = Math.min(PER_COMMIT, EVENTS - commit * PER_COMMIT);
      const rows = Array.from({ length: size }, () =>
        outboxRow(vendorCreatedV1, { vendorId, aggregateId: vendorId, payload: { vendorId, slug: 'bench', name: 'Bench' } }),
      );
      await db.vendor(vendorId).write((q) => [q.insert(outbox).values(rows)] as const);
      kicks.push(kick());
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const committedIn = Date.now() - started;
  await Promise.all(kicks);

  // Every consumer subscribed to the topic applies every event (webhooks doesn't take vendor.created).
  const consumers = consumersOf(vendorCreatedV1.topic);
  const expected = EVENTS * consumers.length;
  let processed = 0;
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const [rows] = await db
      .platform()
      .read(
        (q) =>
          [
            q
              .select({ id: processedMessages.messageId })
              .from(processedMessages)
              .where(inArray(processedMessages.vendorId, vendors)),
          ] as const,
      );
    processed = rows.length;
    if (processed >= expected) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  const [events, applied] = await db
    .platform()
    .read(
      (q) =>
        [
          q
            .select({ id: outbox.id, createdAt: outbox.createdAt, publishedAt: outbox.publishedAt })
            .from(outbox)
            .where(inArray(outbox.vendorId, vendors)),
          q.select().from(processedMessages).where(inArray(processedMessages.vendorId, vendors)),
        ] as const,
    );
  const created = new Map(events.map((event) => [event.id, event.createdAt.getTime()]));
  const lags = applied.map((row) => row.processedAt.getTime() - (created.get(row.messageId) ?? Number.NaN)).sort((a, b) => a - b);
  const publishLags = events
    .filter((event) => event.publishedAt)
    .map((event) => (event.publishedAt as Date).getTime() - event.createdAt.getTime())
    .sort((a, b) => a - b);
  const first = Math.min(...created.values());
  const last = Math.max(...applied.map((row) => row.processedAt.getTime()));
  const seconds = (last - first) / 1000;

  console.log(
    `\nVitrine pipeline bench: ${EVENTS} events over ${VENDORS} vendors, ${PER_COMMIT} per commit, ${WRITERS} writers, ${RATE > 0 ? `paced at ${RATE} events/s` : 'unpaced'},`,
  );
  console.log(
    `${consumers.length} consumers each (${expected} deliveries), local QStash + wrangler dev (workerd) on this machine\n`,
  );
  const table = [
    ['events committed in', `${(committedIn / 1000).toFixed(2)} s`],
    ['applied (consumer, event) pairs', `${applied.length} / ${expected}`],
    ['first commit → last effect', `${seconds.toFixed(2)} s`],
    ['events/s end to end', (EVENTS / seconds).toFixed(0)],
    ['deliveries/s end to end', (applied.length / seconds).toFixed(0)],
    ['commit → publish, median / p99', `${percentile(publishLags, 50)} ms / ${percentile(publishLags, 99)} ms`],
    ['commit → effect, median / p99', `${percentile(lags, 50)} ms / ${percentile(lags, 99)} ms`],
    ['commit → effect, max', `${lags.at(-1)} ms`],
  ];
  for (const [name, value] of table) console.log(`${(name as string).padEnd(34)} ${value}`);
} finally {
  await db.close();
  await platform.stop();
  await slot.release();
}
