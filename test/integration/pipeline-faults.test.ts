/**
 * Fault injection on the event pipeline (issue 6): QStash duplicating, failing and delaying
 * deliveries, the relay dying mid-batch, a consumer's transaction failing halfway. Whatever
 * happens, every (consumer, event) ends with exactly one processed-message record and nothing is
 * lost. Faults are scoped with `onlyMatching` to this file's own vendors, so the other test files
 * sharing the platform see a healthy QStash.
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type ConsumerMessage,
  drainOutbox,
  type Publisher,
  qstashPublisher,
  type RelayEnv,
} from '../../src/modules/events/relay';
import { consumersOf } from '../../src/platform/consumers';
import {
  clearQStashFaults,
  createVendorWithSlug,
  deadLettersOf,
  insertEvents,
  kickRelay,
  mapLimit,
  outboxOf,
  qstashStats,
  setQStashFaults,
  settled,
} from '../harness/pipeline';
import { appDatabase, platform } from '../harness/platform';

/** A marker no other test's messages contain: it goes into this test's vendor slugs. */
const marker = () => `pf${crypto.randomUUID().slice(0, 8)}`;

afterEach(async () => {
  await clearQStashFaults();
});

function expectExactlyOnce(
  events: { id: string; topic: string }[],
  processed: { consumer: string; messageId: string; copies: number }[],
) {
  for (const event of events) {
    for (const consumer of consumersOf(event.topic)) {
      const rows = processed.filter((row) => row.consumer === consumer && row.messageId === event.id);
      expect(rows, `${consumer} × ${event.id}`).toHaveLength(1);
      expect(rows[0]?.copies).toBe(1);
    }
  }
}

describe('event pipeline under faults', () => {
  test('QStash duplicating 50 %, failing 30 % and delaying 30 % of deliveries: every effect exactly once', {
    timeout: 150_000,
  }, async () => {
    const run = marker();
    await setQStashFaults({ duplicateRate: 0.5, failRate: 0.3, delayRate: 0.3, delayMs: 300, onlyMatching: run });
    const before = await qstashStats();

    const vendors = await mapLimit(
      Array.from({ length: 40 }, (_, i) => i),
      8,
      (i) => createVendorWithSlug(`${run}-${i}`),
    );
    const ids = vendors.map((vendor) => vendor.id);
    const { events, processed } = await settled(ids, 120_000);

    expect(events).toHaveLength(40);
    expect(events.every((event) => event.publishedAt !== null)).toBe(true);
    expectExactlyOnce(events, processed);
    expect(await deadLettersOf(ids)).toEqual([]);
    // The faults really happened (only this test's messages are faulty, so the deltas are ours).
    const after = await qstashStats();
    expect(after.duplicated - before.duplicated).toBeGreaterThan(0);
    expect(after.failed - before.failed).toBeGreaterThan(0);
  });

  test('a relay killed mid-batch: the next run republishes the unmarked rows and nothing applies twice', {
    timeout: 90_000,
  }, async () => {
    const run = marker();
    const db = appDatabase();
    const env = platform().workerVars as unknown as RelayEnv;
    const sent: ConsumerMessage[] = [];
    let ids: string[] = [];
    try {
      // Hold the relay's lock on our own connection (session level): the relay Worker finds it
      // taken and leaves the rows alone, and our drain below, on the same connection, may take it.
      await db.platform().transaction((tx) => tx.execute(sql`select pg_advisory_lock(hashtext('vitrine.outbox-relay'))`));
      const vendors = await mapLimit([0, 1, 2, 3], 4, (i) => createVendorWithSlug(`${run}-${i}`));
      ids = vendors.map((vendor) => vendor.id);
      await Promise.all(vendors.map((vendor) => insertEvents(vendor, 2)));

      // The crash: half of this test's messages reach QStash, then the relay dies before marking anything.
      const real = qstashPublisher(env);
      const crashing: Publisher = async (messages) => {
        const ours = messages.filter((message) => ids.includes(message.body.vendorId));
        const half = ours.slice(0, Math.ceil(ours.length / 2));
        await real(half);
        sent.push(...half);
        throw new Error('relay killed mid-batch');
      };
      await expect(drainOutbox(env, db, { batchSize: 1000, maxBatches: 1, publish: crashing })).rejects.toThrow(
        'relay killed mid-batch',
      );
      expect(sent.length).toBeGreaterThan(0);
      const unmarked = await outboxOf(ids);
      expect(unmarked).toHaveLength(12);
      expect(unmarked.every((row) => row.publishedAt === null && row.attempts >= 1 && row.lastError !== null)).toBe(true);
    } finally {
      // Closing the connection releases the lock.
      await db.close();
    }

    const before = await qstashStats();
    await kickRelay();
    const { events, processed } = await settled(ids, 60_000);
    expect(events.every((event) => event.publishedAt !== null && event.lastError === null)).toBe(true);
    expectExactlyOnce(events, processed);
    // The relay republished what the crash had sent; QStash dropped those by deduplication id.
    const after = await qstashStats();
    expect(after.deduplicated - before.deduplicated).toBeGreaterThanOrEqual(sent.length);
    expect(await deadLettersOf(ids)).toEqual([]);
  });

  test("a consumer's transaction failing halfway rolls back, QStash retries, the effect lands once", {
    timeout: 90_000,
  }, async () => {
    const run = marker();
    const vendor = await createVendorWithSlug(`${run}-c`);
    // Every successful delivery of this vendor's messages is sent twice as well.
    await setQStashFaults({ duplicateRate: 1, onlyMatching: vendor.id });
    // stock writes its record, then throws inside the transaction on its first two attempts.
    const faulty = await insertEvents(vendor, 3, { faultInjection: { failAttempts: 2, consumers: ['stock'] } });
    await kickRelay();

    const { events, processed } = await settled([vendor.id], 60_000);
    expect(events).toHaveLength(4);
    expectExactlyOnce(events, processed);
    expect(await deadLettersOf([vendor.id])).toEqual([]);
    // stock applied each faulty event only after two failed attempts (QStash backs off 1 s, then 2 s).
    for (const id of faulty) {
      const at = (consumer: string) =>
        processed.find((row) => row.consumer === consumer && row.messageId === id)?.processedAt.getTime() ?? Number.NaN;
      expect(at('stock') - at('pricing'), `stock's delay on ${id}`).toBeGreaterThanOrEqual(2500);
    }
  });
});
