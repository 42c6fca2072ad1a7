import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { importJobs, inventoryLevels, outbox, products, publishJobs, stagedProducts, variants } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import type { FeedItem } from '../../src/modules/imports/feed';
import type { PublishJob } from '../../src/modules/imports/publish-job-schemas';
import { request } from '../harness/http';
import { appDatabase, eventually, hostUrl, platform } from '../harness/platform';
import { addTeamMember, bearer, createVendorWithOwner, errorCode, type TeamVendor, teamLogin, vendorApi } from '../harness/team';

/**
 * Publish jobs: a large publish (or `background: true`) answers 202 with a job the import Worker
 * runs in steps. Staged rows are written the way the import worker leaves them, one group per
 * item unless a test says otherwise; local tuning makes batches and steps small.
 */

function item(n: number, overrides: Partial<FeedItem> = {}): FeedItem {
  const id = `G${String(n).padStart(4, '0')}`;
  return {
    line: n + 2,
    externalId: id,
    groupId: id,
    title: `Job product ${id}`,
    descriptionHtml: '<p>Made in bulk.</p>',
    brand: 'Bulk',
    link: null,
    imageUrls: [],
    priceMinor: 1000 + n,
    currency: 'EUR',
    salePriceMinor: null,
    saleStartsAt: null,
    saleEndsAt: null,
    availability: 'in_stock',
    quantity: (n % 7) + 1,
    gtin: null,
    mpn: null,
    sku: `SKU-${id}`,
    condition: 'new',
    category: 'Bulk > Things',
    options: [],
    weightGrams: null,
    costMinor: null,
    status: null,
    attributes: {},
    ...overrides,
  };
}

/** A vendor with an editor, and `items` staged as new under a finished import job. */
async function stagedVendor(items: FeedItem[], name = 'Publish Job Co') {
  const vendor = await createVendorWithOwner(name);
  const editor = await teamLogin(vendor.slug, await addTeamMember(vendor, 'editor'));
  const jobId = crypto.randomUUID();
  const db = appDatabase().vendor(vendor.id);
  await db.write(
    (q) =>
      [
        q.insert(importJobs).values({
          id: jobId,
          vendorId: vendor.id,
          source: 'letzshop',
          format: 'google',
          fileName: 'feed.csv',
          fileKey: `imports/${vendor.id}/${jobId}`,
          status: 'completed',
          rowsRead: items.length,
          rowsValid: items.length,
          finishedAt: new Date(),
        }),
        q.insert(stagedProducts).values(
          items.map((data) => ({
            vendorId: vendor.id,
            source: 'letzshop',
            externalId: data.externalId,
            groupId: data.groupId,
            line: data.line,
            data: data as unknown as Record<string, unknown>,
            contentHash: createHash('sha256').update(JSON.stringify(data)).digest('hex'),
            diffStatus: 'new' as const,
            changedFields: [],
            lastJobId: jobId,
          })),
        ),
      ] as const,
  );
  return { vendor, editor };
}

/** POSTs a publish with local tuning (groups per batch and per step). */
async function publish(vendor: TeamVendor, token: string, body: unknown, tuning?: Record<string, number>) {
  const response = await request(hostUrl(vendor.slug, '/api/v1/vendor/imports/staging/publish'), {
    method: 'POST',
    headers: { ...bearer(token), ...(tuning ? { 'x-vitrine-import-tuning': JSON.stringify(tuning) } : {}) },
    json: body,
  });
  return { status: response.status, body: (await response.json()) as PublishJob & Record<string, unknown> };
}

const getJob = (vendor: TeamVendor, token: string, id: string) =>
  vendorApi<PublishJob>(vendor.slug, token, 'GET', `/imports/publish-jobs/${id}`);

async function finished(vendor: TeamVendor, token: string, id: string, timeoutMs = 90_000): Promise<PublishJob> {
  return eventually(
    async () => {
      const job = (await getJob(vendor, token, id)).body;
      return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    },
    timeoutMs,
    `publish job ${id} to finish`,
  );
}

async function catalogOf(vendorId: string) {
  const [productRows, variantRows, levels, staged, events] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q.select().from(products).where(eq(products.vendorId, vendorId)),
          q.select().from(variants).where(eq(variants.vendorId, vendorId)),
          q.select().from(inventoryLevels).where(eq(inventoryLevels.vendorId, vendorId)),
          q.select().from(stagedProducts).where(eq(stagedProducts.vendorId, vendorId)),
          q
            .select({ topic: outbox.topic, aggregateId: outbox.aggregateId })
            .from(outbox)
            .where(
              and(
                eq(outbox.vendorId, vendorId),
                inArray(outbox.topic, ['product.created.v1', 'inventory.adjusted.v1', 'import.publish-requested.v1']),
              ),
            ),
        ] as const,
    );
  return { products: productRows, variants: variantRows, levels, staged, events };
}

const count = (events: { topic: string }[], topic: string) => events.filter((e) => e.topic === topic).length;

describe('publish jobs', { timeout: 180_000 }, () => {
  test('publishing more than 200 groups is a job: it runs in steps (crashing once per step) and completes with exact counts', async () => {
    const items = Array.from({ length: 205 }, (_, n) => item(n));
    // The last group reuses the first group's SKU: it fails, the others go on.
    items[204] = item(204, { sku: 'SKU-G0000' });
    const { vendor, editor } = await stagedVendor(items);
    const started = await publish(
      vendor,
      editor.token,
      { all: true },
      { groupsPerBatch: 20, groupsPerStep: 60, crashAfterBatches: 1 },
    );
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      status: 'queued',
      selection: { all: true, source: null, groupIds: null, archiveMissing: false },
      progress: { groupsTotal: 205, groupsDone: 0 },
    });

    const job = await finished(vendor, editor.token, started.body.id);
    expect(job).toMatchObject({
      status: 'completed',
      progress: { groupsTotal: 205, groupsDone: 205, fraction: 1 },
      counts: { created: 204, updated: 0, unchanged: 0, variants: 204, archived: 0, failed: 1 },
      error: null,
    });
    // At most 60 groups a delivery (a crashed first delivery's batch plus its retry's 60): three steps at least.
    expect(job.progress.step).toBeGreaterThanOrEqual(3);
    expect(job.failures).toEqual([
      { source: 'letzshop', groupId: 'G0204', code: 'CONFLICT', message: 'SKU SKU-G0000 is already used by another product' },
    ]);

    const after = await catalogOf(vendor.id);
    expect(after.products).toHaveLength(204);
    expect(after.variants).toHaveLength(204);
    expect(new Set(after.products.map((p) => p.externalId)).size).toBe(204);
    const quantityOf = new Map(items.slice(0, 204).map((i) => [i.sku, i.quantity]));
    const onHand = new Map(after.levels.map((l) => [l.variantId, l.onHand]));
    for (const variant of after.variants) expect(onHand.get(variant.id)).toBe(quantityOf.get(variant.sku));
    const published = after.staged.filter((row) => row.publishedHash === row.contentHash);
    expect(published.map((row) => row.groupId).sort()).toEqual(items.slice(0, 204).map((i) => i.groupId));
    expect(count(after.events, 'product.created.v1')).toBe(204);
    expect(count(after.events, 'inventory.adjusted.v1')).toBe(204);
    expect(after.events.filter((e) => e.topic === 'import.publish-requested.v1').map((e) => e.aggregateId)).toEqual([job.id]);

    // Listed, newest first; nothing waits any more but the failed group.
    const list = await vendorApi<{ data: PublishJob[] }>(vendor.slug, editor.token, 'GET', '/imports/publish-jobs');
    expect(list.status).toBe(200);
    expect(list.body.data.map((j) => j.id)).toEqual([job.id]);
    const small = await publish(vendor, editor.token, { all: true });
    expect(small.status).toBe(200);
    expect(small.body).toMatchObject({ groups: 1, created: 0, remaining: 1 });
  });

  test('a step message delivered again (twice at once, or an old one) applies once', async () => {
    const items = Array.from({ length: 40 }, (_, n) => item(n));
    const { vendor, editor } = await stagedVendor(items, 'Redelivery Co');
    const started = await publish(
      vendor,
      editor.token,
      { all: true, background: true },
      { groupsPerBatch: 5, groupsPerStep: 10, stepDelaySeconds: 3 },
    );
    expect(started.status).toBe(202);
    const id = started.body.id;
    const running = await eventually(async () => {
      const job = (await getJob(vendor, editor.token, id)).body;
      return job.progress.step >= 1 && job.status === 'running' ? job : undefined;
    }, 30_000);
    expect(running.progress.groupsDone).toBeGreaterThanOrEqual(10);
    expect(running.progress.fraction).toBeGreaterThan(0);

    const url = `${platform().urls.marketplaceImport}/publish-steps`;
    const deliver = async (step: number) => {
      const body = JSON.stringify({ vendorId: vendor.id, jobId: id, step });
      const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'upstash-signature': signature, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, body: (await response.json()) as { outcome: string } };
    };
    const answers = await Promise.all([deliver(running.progress.step), deliver(running.progress.step), deliver(0)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[2]?.body.outcome).toBe('stale');

    const job = await finished(vendor, editor.token, id);
    expect(job).toMatchObject({
      status: 'completed',
      progress: { groupsTotal: 40, groupsDone: 40 },
      counts: { created: 40, variants: 40, failed: 0 },
    });
    const after = await catalogOf(vendor.id);
    expect(after.products).toHaveLength(40);
    expect(count(after.events, 'product.created.v1')).toBe(40);

    // Without a valid QStash signature the step is refused.
    const forged = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendorId: vendor.id, jobId: id, step: 0 }),
    });
    expect(forged.status).toBe(401);
  });

  test('two publish jobs of one vendor at once make each product once', async () => {
    const items = Array.from({ length: 40 }, (_, n) => item(n));
    const { vendor, editor } = await stagedVendor(items, 'Two Jobs Co');
    const tuning = { groupsPerBatch: 5, groupsPerStep: 10 };
    const [first, second] = await Promise.all([
      publish(vendor, editor.token, { all: true, background: true }, tuning),
      publish(vendor, editor.token, { all: true, background: true }, tuning),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const jobs = await Promise.all([first, second].map((started) => finished(vendor, editor.token, started.body.id)));
    expect(jobs.map((job) => job.status)).toEqual(['completed', 'completed']);
    // Each group was published by exactly one of them; a group the other got first counts in neither.
    expect(jobs.reduce((sum, job) => sum + job.counts.created, 0)).toBe(40);
    expect(jobs.reduce((sum, job) => sum + job.progress.groupsDone, 0)).toBe(40);
    expect(jobs.every((job) => job.counts.failed === 0)).toBe(true);
    const after = await catalogOf(vendor.id);
    expect(after.products).toHaveLength(40);
    expect(after.variants).toHaveLength(40);
    expect(count(after.events, 'product.created.v1')).toBe(40);
    expect(after.staged.every((row) => row.publishedHash === row.contentHash)).toBe(true);
  });

  test('cancel stops the job after a batch: what it published stays, the job says how far it got', async () => {
    const items = Array.from({ length: 30 }, (_, n) => item(n));
    const { vendor, editor } = await stagedVendor(items, 'Cancel Co');
    const started = await publish(
      vendor,
      editor.token,
      { all: true, background: true },
      { groupsPerBatch: 5, groupsPerStep: 5, stepDelaySeconds: 3 },
    );
    expect(started.status).toBe(202);
    const id = started.body.id;
    await eventually(async () => {
      const job = (await getJob(vendor, editor.token, id)).body;
      return job.progress.groupsDone >= 5 ? job : undefined;
    }, 30_000);
    const cancel = await vendorApi<PublishJob>(vendor.slug, editor.token, 'POST', `/imports/publish-jobs/${id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    const job = await finished(vendor, editor.token, id);
    expect(job.status).toBe('cancelled');
    expect(job.progress.groupsDone).toBeGreaterThanOrEqual(5);
    expect(job.progress.groupsDone).toBeLessThan(30);
    const after = await catalogOf(vendor.id);
    expect(after.products).toHaveLength(job.counts.created);
    expect(after.staged.filter((row) => row.publishedHash === row.contentHash)).toHaveLength(job.progress.groupsDone);

    const again = await vendorApi(vendor.slug, editor.token, 'POST', `/imports/publish-jobs/${id}/cancel`);
    expect(again.status).toBe(409);
    expect(errorCode(again.body)).toBe('CONFLICT');
  });
});

describe('publish job security', { timeout: 60_000 }, () => {
  test("another vendor's job is NOT_FOUND; a viewer reads but cannot start or cancel; no token is UNAUTHORIZED", async () => {
    const { vendor, editor } = await stagedVendor([item(1), item(2)], 'Job Owner Co');
    // Written without its event: no step runs it, so it stays queued for the test.
    const [[row]] = await appDatabase()
      .vendor(vendor.id)
      .write(
        (q) => [q.insert(publishJobs).values({ vendorId: vendor.id, selectAll: true, groupsTotal: 2 }).returning()] as const,
      );
    const id = row?.id as string;
    expect((await getJob(vendor, editor.token, id)).status).toBe(200);

    const other = await createVendorWithOwner('Job Other Co');
    const otherEditor = await teamLogin(other.slug, await addTeamMember(other, 'editor'));
    const foreign = await getJob(other, otherEditor.token, id);
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign.body)).toBe('NOT_FOUND');
    const foreignCancel = await vendorApi(other.slug, otherEditor.token, 'POST', `/imports/publish-jobs/${id}/cancel`);
    expect(foreignCancel.status).toBe(404);
    expect(
      (await vendorApi<{ data: unknown[] }>(other.slug, otherEditor.token, 'GET', '/imports/publish-jobs')).body.data,
    ).toEqual([]);
    // The editor's token on the other vendor's host is not valid there.
    expect((await getJob(other, editor.token, id)).status).toBe(401);

    const viewer = await teamLogin(vendor.slug, await addTeamMember(vendor, 'viewer'));
    expect((await getJob(vendor, viewer.token, id)).status).toBe(200);
    const viewerCancel = await vendorApi(vendor.slug, viewer.token, 'POST', `/imports/publish-jobs/${id}/cancel`);
    expect(viewerCancel.status).toBe(403);
    expect(errorCode(viewerCancel.body)).toBe('FORBIDDEN');
    const viewerStart = await publish(vendor, viewer.token, { all: true, background: true });
    expect(viewerStart.status).toBe(403);
    expect(errorCode(viewerStart.body)).toBe('FORBIDDEN');

    const anonymous = await vendorApi(vendor.slug, undefined, 'GET', `/imports/publish-jobs/${id}`);
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
    expect((await vendorApi(vendor.slug, undefined, 'POST', `/imports/publish-jobs/${id}/cancel`)).status).toBe(401);
    expect((await getJob(vendor, editor.token, id)).body).toMatchObject({ status: 'queued', cancelRequested: false });

    const unknown = await getJob(vendor, editor.token, crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect((await catalogOf(vendor.id)).products).toHaveLength(0);
  });
});
