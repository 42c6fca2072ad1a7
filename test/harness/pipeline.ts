import { inArray, sql } from 'drizzle-orm';
import { deadLetters, outbox, processedMessages } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import type { QStashFaults, QStashStats } from '../../scripts/local-platform/qstash';
import { vendorCreatedV1 } from '../../src/modules/tenancy';
import { consumersOf } from '../../src/platform/consumers';
import { outboxRow } from '../../src/platform/outbox';
import { request } from './http';
import { adminAuth, appDatabase, hostUrl, platform } from './platform';

/** Calls the local QStash's API (`/v2/*`, `/__local/*`) with its token. */
export async function localQStash<T>(path: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  const response = await fetch(`${platform().urls.qstash}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${LOCAL_SECRETS.qstashToken}`, 'content-type': 'application/json' },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!response.ok) throw new Error(`local qstash ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Injects faults into the shared local QStash; pass `onlyMatching` so other test files are spared. */
export const setQStashFaults = (faults: Partial<QStashFaults>) =>
  localQStash<QStashFaults>('/__local/faults', { method: 'POST', json: faults });
export const clearQStashFaults = () =>
  setQStashFaults({ duplicateRate: 0, failRate: 0, delayRate: 0, delayMs: 0, onlyMatching: '' });
export const qstashStats = () => localQStash<QStashStats>('/__local/stats');

/** Asks the relay to drain now (as the main Worker does after a commit). */
export async function kickRelay(): Promise<void> {
  const response = await fetch(`${platform().urls.relay}/kick`, { method: 'POST' });
  await response.body?.cancel();
}

/** Creates a vendor with this exact slug through the admin API (its `vendor.created.v1` names the slug). */
export async function createVendorWithSlug(slug: string): Promise<{ id: string; slug: string }> {
  const response = await request(hostUrl('admin', '/api/v1/admin/vendors'), {
    method: 'POST',
    headers: await adminAuth(),
    json: { name: `Pipeline ${slug}`, slug },
  });
  if (response.status !== 201) throw new Error(`creating vendor ${slug}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
}

/** Runs `fn` over `items` with at most `limit` running at once. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Writes `count` extra `vendor.created.v1` rows for the vendor, each with `extra` merged into its payload. */
export async function insertEvents(vendor: { id: string; slug: string }, count: number, extra: Record<string, unknown> = {}) {
  const rows = Array.from({ length: count }, () => {
    const row = outboxRow(vendorCreatedV1, {
      vendorId: vendor.id,
      aggregateId: vendor.id,
      payload: { vendorId: vendor.id, slug: vendor.slug, name: 'Pipeline' },
    });
    return { ...row, payload: { ...row.payload, ...extra } };
  });
  const [inserted] = await appDatabase()
    .vendor(vendor.id)
    .write((q) => [q.insert(outbox).values(rows).returning({ id: outbox.id })] as const);
  return inserted.map((row) => row.id);
}

/** The vendors' outbox rows: id, created and published times. */
export async function outboxOf(vendorIds: string[]) {
  const [rows] = await appDatabase()
    .platform()
    .read((q) => [q.select().from(outbox).where(inArray(outbox.vendorId, vendorIds))] as const);
  return rows;
}

/** processed_messages rows per (consumer, message) of these vendors: `consumer|messageId` → rows. */
export async function processedOf(vendorIds: string[]) {
  const [rows] = await appDatabase()
    .platform()
    .read(
      (q) =>
        [
          q
            .select({
              consumer: processedMessages.consumer,
              messageId: processedMessages.messageId,
              processedAt: processedMessages.processedAt,
              copies:
                sql<number>`count(*) over (partition by ${processedMessages.consumer}, ${processedMessages.messageId})`.mapWith(
                  Number,
                ),
            })
            .from(processedMessages)
            .where(inArray(processedMessages.vendorId, vendorIds)),
        ] as const,
    );
  return rows;
}

export async function deadLettersOf(vendorIds: string[]) {
  const [rows] = await appDatabase()
    .platform()
    .read((q) => [q.select().from(deadLetters).where(inArray(deadLetters.vendorId, vendorIds))] as const);
  return rows;
}

/**
 * Resolves once every outbox row of the vendors is published and recorded by every subscribed
 * consumer, returning the rows; fails after `timeoutMs` naming what is still missing.
 */
export async function settled(vendorIds: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let missing = '';
  while (Date.now() < deadline) {
    const events = await outboxOf(vendorIds);
    const processed = await processedOf(vendorIds);
    const seen = new Set(processed.map((row) => `${row.consumer}|${row.messageId}`));
    const unpublished = events.filter((event) => !event.publishedAt).length;
    const absent = events.flatMap((event) =>
      consumersOf(event.topic)
        .filter((c) => !seen.has(`${c}|${event.id}`))
        .map((c) => `${c}|${event.id}`),
    );
    if (unpublished === 0 && absent.length === 0) return { events, processed };
    missing = `${unpublished} unpublished, ${absent.length} (consumer, event) pairs unprocessed, e.g. ${absent.slice(0, 3).join(', ')}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`pipeline did not settle in ${timeoutMs} ms: ${missing}`);
}

/**
 * Files a dead letter as the consumer framework does: the message recorded as processed (an hour
 * ago) and the dead letter holding its envelope, in one transaction.
 */
export async function fileDeadLetter(vendorId: string, consumer = 'pricing', payload?: unknown) {
  const messageId = crypto.randomUUID();
  const envelope = payload ?? {
    id: messageId,
    topic: 'vendor.created.v1',
    vendorId,
    aggregateType: 'vendor',
    aggregateId: vendorId,
    payload: { vendorId, slug: 'dead', name: 'Dead' },
    occurredAt: new Date().toISOString(),
  };
  const [, [row]] = await appDatabase()
    .vendor(vendorId)
    .write(
      (q) =>
        [
          q.insert(processedMessages).values({
            consumer,
            messageId,
            vendorId,
            topic: 'vendor.created.v1',
            processedAt: new Date(Date.now() - 3_600_000),
          }),
          q
            .insert(deadLetters)
            .values({ consumer, messageId, vendorId, topic: 'vendor.created.v1', payload: envelope, error: 'broken rule' })
            .returning(),
        ] as const,
    );
  if (!row) throw new Error('no dead letter');
  return row;
}
