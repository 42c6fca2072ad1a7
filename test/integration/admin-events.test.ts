/** The admin's view of the event pipeline: stats, dead letters and their replay (issue 6). */
import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { processedMessages } from '../../drizzle/schema';
import { request } from '../harness/http';
import { fileDeadLetter } from '../harness/pipeline';
import { adminAuth, appDatabase, createTestVendor, eventually, hostUrl } from '../harness/platform';

async function admin(method: string, path: string) {
  return request(hostUrl('admin', `/api/v1/admin${path}`), { method, headers: await adminAuth() });
}

interface DeadLetterPage {
  data: { id: string; consumer: string; messageId: string; vendorId: string; topic: string; error: string }[];
  nextCursor: string | null;
}

async function processedRecord(vendorId: string, consumer: string, messageId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(processedMessages)
            .where(and(eq(processedMessages.consumer, consumer), eq(processedMessages.messageId, messageId))),
        ] as const,
    );
  return rows[0];
}

describe('GET /admin/events/stats', () => {
  test('reports backlog, lag, throughput, consumers and the relay’s last run', async () => {
    await createTestVendor();
    const stats = await eventually(
      async () => {
        const response = await admin('GET', '/events/stats');
        expect(response.status).toBe(200);
        const body = (await response.json()) as Record<string, unknown> & {
          lastRun: unknown;
          lastPublishingRun: unknown;
          publishedLastHour: number;
        };
        return body.lastRun && body.lastPublishingRun && body.publishedLastHour > 0 ? body : undefined;
      },
      20_000,
      'a relay run to be reported',
    );
    expect(stats).toMatchObject({
      backlog: expect.any(Number),
      lagMs: expect.any(Number),
      failing: expect.any(Number),
      publishedLastMinute: expect.any(Number),
      processedLastHour: expect.any(Number),
      deadLetters: expect.any(Number),
      publishDelayMs: { p50: expect.any(Number), p99: expect.any(Number) },
      lastRun: { at: expect.any(String), trigger: expect.stringMatching(/^(cron|kick)$/), durationMs: expect.any(Number) },
      lastPublishingRun: { published: expect.any(Number), messages: expect.any(Number) },
    });
    expect((stats.lastPublishingRun as { published: number }).published).toBeGreaterThan(0);
    expect((stats.topics as { topic: string }[]).map((row) => row.topic)).toContain('vendor.created.v1');
    expect((stats.consumers as { consumer: string }[]).map((row) => row.consumer).sort()).toEqual([
      'marketplace-import',
      'pricing',
      'stock',
      'webhooks',
    ]);
  });

  test('does not exist on a vendor host', async () => {
    const response = await request(hostUrl('acme', '/api/v1/admin/events/stats'), { headers: await adminAuth() });
    expect(response.status).toBe(404);
  });
});

describe('GET /admin/events/dead-letters', () => {
  test('lists newest first, filters by vendor and consumer, pages with a cursor', async () => {
    const vendor = await createTestVendor();
    const filed = [await fileDeadLetter(vendor.id), await fileDeadLetter(vendor.id), await fileDeadLetter(vendor.id, 'stock')];
    const first = await admin('GET', `/events/dead-letters?vendorId=${vendor.id}&limit=2`);
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as DeadLetterPage;
    expect(page1.data).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = await admin('GET', `/events/dead-letters?vendorId=${vendor.id}&limit=2&cursor=${page1.nextCursor}`);
    const page2 = (await second.json()) as DeadLetterPage;
    expect(page2.data).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect([...page1.data, ...page2.data].map((row) => row.id)).toEqual(filed.map((row) => row.id).reverse());

    const stock = (await (
      await admin('GET', `/events/dead-letters?vendorId=${vendor.id}&consumer=stock`)
    ).json()) as DeadLetterPage;
    expect(stock.data.map((row) => row.id)).toEqual([filed[2]?.id]);
    expect(stock.data[0]).toMatchObject({
      consumer: 'stock',
      vendorId: vendor.id,
      topic: 'vendor.created.v1',
      error: 'broken rule',
    });
  });

  test('refuses an unknown consumer, a bad vendor id and a forged cursor with 422', async () => {
    for (const query of ['consumer=mailer', 'vendorId=nope', 'cursor=bm90LW91cnM', 'limit=0']) {
      const response = await admin('GET', `/events/dead-letters?${query}`);
      expect(response.status, query).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('the admin events page', () => {
  test('shows the pipeline figures, the tables and a dead letter with its Replay button', async () => {
    const vendor = await createTestVendor();
    const letter = await fileDeadLetter(vendor.id, 'stock');
    const token = (await adminAuth()).authorization?.replace('Bearer ', '');
    const response = await request(hostUrl('admin', `/events?vendor=${vendor.id}`), {
      headers: { cookie: `vt_access=${token}` },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const text of ['Waiting in the outbox', 'Lag (oldest waiting event)', 'By topic', 'By consumer', 'Dead letters'])
      expect(html).toContain(text);
    expect(html).toContain(`/events/dead-letters/${letter.id}/replay`);
    expect(html).toContain('broken rule');
  });

  test('says so when no dead letter matches the filter', async () => {
    const token = (await adminAuth()).authorization?.replace('Bearer ', '');
    const response = await request(hostUrl('admin', `/events?vendor=${crypto.randomUUID()}`), {
      headers: { cookie: `vt_access=${token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('No dead letter matches');
  });
});

describe('POST /admin/events/dead-letters/{id}/replay', () => {
  test('re-publishes the message, removes the dead letter, and the consumer applies it once more', async () => {
    const vendor = await createTestVendor();
    const letter = await fileDeadLetter(vendor.id, 'pricing');
    const before = await processedRecord(vendor.id, 'pricing', letter.messageId);

    const response = await admin('POST', `/events/dead-letters/${letter.id}/replay`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: letter.id,
      consumer: 'pricing',
      messageId: letter.messageId,
      queueMessageId: expect.any(String),
    });
    const listed = (await (await admin('GET', `/events/dead-letters?vendorId=${vendor.id}`)).json()) as DeadLetterPage;
    expect(listed.data).toEqual([]);
    const after = await eventually(
      async () => {
        const record = await processedRecord(vendor.id, 'pricing', letter.messageId);
        return record && before && record.processedAt > before.processedAt ? record : undefined;
      },
      20_000,
      'the consumer to apply the replayed message',
    );
    expect(after.topic).toBe('vendor.created.v1');

    const again = await admin('POST', `/events/dead-letters/${letter.id}/replay`);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  test('answers 409 for a dead letter without a valid envelope, and keeps it', async () => {
    const vendor = await createTestVendor();
    const letter = await fileDeadLetter(vendor.id, 'stock', { not: 'an envelope' });
    const response = await admin('POST', `/events/dead-letters/${letter.id}/replay`);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
    const listed = (await (await admin('GET', `/events/dead-letters?vendorId=${vendor.id}`)).json()) as DeadLetterPage;
    expect(listed.data.map((row) => row.id)).toEqual([letter.id]);
  });

  test('answers 404 for an unknown id and 422 for a malformed one', async () => {
    expect((await admin('POST', `/events/dead-letters/${crypto.randomUUID()}/replay`)).status).toBe(404);
    expect((await admin('POST', '/events/dead-letters/not-a-uuid/replay')).status).toBe(422);
  });
});
