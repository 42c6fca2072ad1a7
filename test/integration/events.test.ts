import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { outbox, processedMessages } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import { consumersOf } from '../../src/platform/consumers';
import { request } from '../harness/http';
import { appDatabase, createTestVendor, eventually, platform } from '../harness/platform';

type ConsumerKey = 'stock' | 'pricing' | 'marketplaceImport';
const CONSUMER_URL: Record<ConsumerKey, () => string> = {
  stock: () => platform().urls.stock,
  pricing: () => platform().urls.pricing,
  marketplaceImport: () => platform().urls.marketplaceImport,
};

async function vendorCreatedEvent(vendorId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(outbox)
            .where(and(eq(outbox.vendorId, vendorId), eq(outbox.topic, 'vendor.created.v1'))),
        ] as const,
    );
  return rows;
}

function envelopeFor(vendorId: string) {
  return {
    id: crypto.randomUUID(),
    topic: 'vendor.created.v1',
    vendorId,
    aggregateType: 'vendor',
    aggregateId: vendorId,
    payload: { vendorId, slug: 'x', name: 'X' },
    occurredAt: new Date().toISOString(),
  };
}

async function deliver(url: string, body: string, signature?: string) {
  return request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'upstash-signature': signature } : {}) },
    body,
  });
}

async function processedCount(vendorId: string, messageId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read((q) => [q.select().from(processedMessages).where(eq(processedMessages.messageId, messageId))] as const);
  return rows;
}

describe('outbox → relay → QStash → consumers', () => {
  test('creating a vendor writes vendor.created.v1 in the same transaction', async () => {
    const vendor = await createTestVendor();
    const events = await vendorCreatedEvent(vendor.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      aggregateType: 'vendor',
      aggregateId: vendor.id,
      payload: { vendorId: vendor.id, slug: vendor.slug },
    });
  });

  test('the relay publishes it and every consumer records it exactly once', async () => {
    const vendor = await createTestVendor();
    const [event] = await vendorCreatedEvent(vendor.id);
    if (!event) throw new Error('no event');
    const published = await eventually(
      async () => {
        const [row] = await vendorCreatedEvent(vendor.id);
        return row?.publishedAt ?? undefined;
      },
      20_000,
      'the relay to publish',
    );
    expect(published).toBeInstanceOf(Date);
    const processed = await eventually(
      async () => {
        const rows = await processedCount(vendor.id, event.id);
        return rows.length === consumersOf('vendor.created.v1').length ? rows : undefined;
      },
      20_000,
      'all consumers to record the event',
    );
    expect(processed.map((row) => row.consumer).sort()).toEqual([...consumersOf('vendor.created.v1')].sort());
  });
});

describe.each(Object.keys(CONSUMER_URL) as ConsumerKey[])('consumer %s', (consumer) => {
  test('applies a signed delivery once even when it is delivered twice', async () => {
    const vendor = await createTestVendor();
    const envelope = envelopeFor(vendor.id);
    const body = JSON.stringify(envelope);
    const url = CONSUMER_URL[consumer]();
    const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
    const first = await deliver(url, body, signature);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { outcome: string }).outcome).toBe('ignored');
    const second = await deliver(url, body, signature);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { outcome: string }).outcome).toBe('duplicate');
    expect(await processedCount(vendor.id, envelope.id)).toHaveLength(1);
  });

  test('accepts a delivery signed with the next signing key (rotation)', async () => {
    const vendor = await createTestVendor();
    const body = JSON.stringify(envelopeFor(vendor.id));
    const url = CONSUMER_URL[consumer]();
    const signature = await signDelivery(LOCAL_SECRETS.qstashNextSigningKey, url, new TextEncoder().encode(body));
    expect((await deliver(url, body, signature)).status).toBe(200);
  });

  test('rejects an unsigned delivery with 401 and records nothing', async () => {
    const vendor = await createTestVendor();
    const envelope = envelopeFor(vendor.id);
    const response = await deliver(CONSUMER_URL[consumer](), JSON.stringify(envelope));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    expect(await processedCount(vendor.id, envelope.id)).toHaveLength(0);
  });

  test('rejects a forged signature and a tampered body with 401', async () => {
    const vendor = await createTestVendor();
    const envelope = envelopeFor(vendor.id);
    const body = JSON.stringify(envelope);
    const url = CONSUMER_URL[consumer]();
    const forged = await signDelivery('not-the-signing-key', url, new TextEncoder().encode(body));
    expect((await deliver(url, body, forged)).status).toBe(401);
    const genuine = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
    const tampered = JSON.stringify({ ...envelope, vendorId: crypto.randomUUID() });
    expect((await deliver(url, tampered, genuine)).status).toBe(401);
    expect(await processedCount(vendor.id, envelope.id)).toHaveLength(0);
  });
});
