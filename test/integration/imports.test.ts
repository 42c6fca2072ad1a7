import { readFileSync } from 'node:fs';
import http from 'node:http';
import { beforeAll, describe, expect, test } from 'vitest';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { signDelivery } from '../../scripts/local-platform/qstash-signature';
import type { ImportJob } from '../../src/modules/imports/schemas';
import { request } from '../harness/http';
import { eventually, hostUrl, platform } from '../harness/platform';
import { addTeamMember, bearer, errorCode, teamLogin, vendorApi } from '../harness/team';
import {
  feedServer,
  finished,
  getJob,
  googleFeed,
  type ImportVendor,
  importFile,
  importVendor,
  jobRowsOf,
  manyRows,
  multipartBody,
  rowErrors,
  stagedOf,
  upload,
} from './imports-fixtures';
import { verifySignature, webhookReceiver } from './webhook-fixtures';

const three = [
  { id: 'A-1', title: 'Hammer', price: '12.99 EUR' },
  { id: 'A-2', title: 'Nails, 100 pcs', price: '3.50 EUR' },
  { id: 'A-3', title: 'Saw', price: '24.00 EUR' },
];

describe('uploads', () => {
  let iv: ImportVendor;
  beforeAll(async () => {
    iv = await importVendor();
  });

  test('a CSV body: 202 with the job, then completed with every item staged as new', async () => {
    const started = await upload(iv.vendor.slug, iv.token, googleFeed(three), { query: { fileName: 'feed.csv' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', dryRun: false, fileName: 'feed.csv', error: null });
    const job = await finished(iv.vendor.slug, iv.token, started.body.id);
    expect(job).toMatchObject({
      status: 'completed',
      format: 'google',
      source: 'google',
      counts: { rowsRead: 3, rowsValid: 3, rowsFailed: 0, new: 3, changed: 0, unchanged: 0, missing: 0 },
      progress: { fraction: 1 },
    });
    expect(job.progress.bytesTotal).toBe(new TextEncoder().encode(googleFeed(three)).length);
    const staged = await stagedOf(iv.vendor.id);
    expect(staged.map((s) => [s.externalId, s.diffStatus, s.source, s.lastJobId])).toEqual([
      ['A-1', 'new', 'google', job.id],
      ['A-2', 'new', 'google', job.id],
      ['A-3', 'new', 'google', job.id],
    ]);
    expect(staged[1]?.data).toMatchObject({ title: 'Nails, 100 pcs', priceMinor: 350, currency: 'EUR' });
    // The job's rows are gone once applied: staging holds them now.
    expect(await jobRowsOf(iv.vendor.id, job.id)).toEqual([]);

    const listed = await vendorApi<{ data: ImportJob[] }>(iv.vendor.slug, iv.token, 'GET', '/imports');
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((j) => j.id)).toContain(job.id);
  });

  test('a TSV body with a source label', async () => {
    const other = await importVendor();
    const job = await importFile(other, googleFeed(three, '\t'), {
      contentType: 'text/tab-separated-values',
      query: { source: 'letzshop' },
    });
    expect(job).toMatchObject({ status: 'completed', source: 'letzshop', counts: { new: 3, rowsFailed: 0 } });
    expect((await stagedOf(other.vendor.id)).map((s) => s.source)).toEqual(['letzshop', 'letzshop', 'letzshop']);
  });

  test('a Shopify product CSV: items grouped by handle, source shopify, steps ending on handle boundaries', async () => {
    const other = await importVendor();
    const csv =
      'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price\n' +
      'shirt,Shirt,Size,S,SH-S,19.90\nshirt,,Size,M,SH-M,19.90\nshirt,,Size,L,SH-L,21.90\nmug,Mug,,,MUG-1,8.00\n';
    const job = await importFile(other, csv, { tuning: { batchSize: 1, stepRows: 1 } });
    expect(job).toMatchObject({
      status: 'completed',
      format: 'shopify',
      source: 'shopify',
      counts: { rowsRead: 4, rowsValid: 4, rowsFailed: 0, new: 4 },
    });
    const staged = await stagedOf(other.vendor.id);
    expect(staged.map((s) => [s.externalId, s.groupId, s.line])).toEqual([
      ['MUG-1', 'mug', 5],
      ['SH-L', 'shirt', 4],
      ['SH-M', 'shirt', 3],
      ['SH-S', 'shirt', 2],
    ]);
  });

  test("Shopify's own product template: 17 rows read, 16 variants valid, its image-only row not failed", async () => {
    const other = await importVendor();
    const job = await importFile(other, readFileSync(new URL('../fixtures/feeds/shopify-product-template.csv', import.meta.url)));
    // rowsRead counts records; the 17th (example-pants' third image) is neither an item nor a failure.
    expect(job).toMatchObject({
      status: 'completed',
      format: 'shopify',
      counts: { rowsRead: 17, rowsValid: 16, rowsFailed: 0, new: 16, changed: 0, unchanged: 0, missing: 0 },
    });
    // Every variant keeps its item but loses its barcode to Excel: warnings, listed, never failures.
    const errors = await rowErrors(other.vendor.slug, other.token, job.id);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['GTIN_MANGLED']));
    expect(errors.filter((e) => e.column === 'Variant Barcode')).toHaveLength(16);
  });

  test('Shopify failed rows are the distinct lines with errors, not the rows without an item', async () => {
    const other = await importVendor();
    const csv =
      'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src\n' +
      'shirt,Shirt,Size,S,SH-S,19.90,https://cdn.example.com/front.jpg\n' +
      'shirt,,Size,M,SH-M,19.90,\n' +
      'shirt,,,,,,https://cdn.example.com/back.jpg\n' + // image-only: joins the shirt's images
      'mug,Mug,,,MUG-1,abc,\n' + // INVALID_PRICE
      'cap,Cap,,,SH-M,5.00,\n' + // DUPLICATE_ID, found across batches by the pipeline
      'bag,,,,BAG-1,1.299,\n'; // MISSING_FIELD and INVALID_PRICE: one failed row
    const job = await importFile(other, csv, { tuning: { batchSize: 1 } });
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 6, rowsValid: 2, rowsFailed: 3, new: 2 } });
    const errors = await rowErrors(other.vendor.slug, other.token, job.id);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [5, 'INVALID_PRICE'],
      [6, 'DUPLICATE_ID'],
      [7, 'MISSING_FIELD'],
      [7, 'INVALID_PRICE'],
    ]);
    const staged = await stagedOf(other.vendor.id);
    expect(staged.map((s) => [s.externalId, (s.data as { imageUrls: string[] }).imageUrls])).toEqual([
      ['SH-M', ['https://cdn.example.com/front.jpg', 'https://cdn.example.com/back.jpg']],
      ['SH-S', ['https://cdn.example.com/front.jpg', 'https://cdn.example.com/back.jpg']],
    ]);
  });

  test('a multipart file part, named after the uploaded file', async () => {
    const other = await importVendor();
    const { body, contentType } = multipartBody('nightly-feed.csv', googleFeed(three));
    const started = await upload(other.vendor.slug, other.token, body, { contentType });
    expect(started.status).toBe(202);
    expect(started.body.fileName).toBe('nightly-feed.csv');
    const job = await finished(other.vendor.slug, other.token, started.body.id);
    expect(job).toMatchObject({ status: 'completed', counts: { new: 3 } });
    expect(job.progress.bytesTotal).toBe(new TextEncoder().encode(googleFeed(three)).length);
  });

  test('a multipart body without a file part is BAD_REQUEST', async () => {
    const boundary = 'xyz123';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`;
    const answer = await upload(iv.vendor.slug, iv.token, body, { contentType: `multipart/form-data; boundary=${boundary}` });
    expect(answer.status).toBe(400);
    expect(errorCode(answer.body)).toBe('BAD_REQUEST');
  });

  test('a feed URL: the worker fetches it (following a redirect) and imports it', async () => {
    const other = await importVendor();
    const server = await feedServer({
      '/feed.csv': { body: googleFeed(three) },
      '/moved': { status: 302, body: '', headers: { location: '/feed.csv' } },
      '/gone': { status: 404, body: 'nope' },
    });
    try {
      const started = await vendorApi<ImportJob>(other.vendor.slug, other.token, 'POST', '/imports', {
        url: server.url('/moved'),
      });
      expect(started.status).toBe(202);
      expect(started.body.fileUrl).toBe(server.url('/moved'));
      const job = await finished(other.vendor.slug, other.token, started.body.id);
      expect(job).toMatchObject({ status: 'completed', counts: { new: 3 } });
      expect(job.progress.bytesTotal).toBe(new TextEncoder().encode(googleFeed(three)).length);

      const missing = await vendorApi<ImportJob>(other.vendor.slug, other.token, 'POST', '/imports', {
        url: server.url('/gone'),
      });
      const failed = await finished(other.vendor.slug, other.token, missing.body.id);
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'FETCH_FAILED' } });
    } finally {
      await server.close();
    }
  });

  test('feed URLs must be http(s) on the public internet', async () => {
    for (const url of [
      'ftp://example.com/feed.csv',
      'http://10.0.0.7/feed.csv',
      'http://169.254.169.254/latest',
      'http://192.168.1.10/feed.csv',
      'nonsense',
    ]) {
      const answer = await vendorApi(iv.vendor.slug, iv.token, 'POST', '/imports', { url });
      expect(answer.status, url).toBe(422);
      expect(errorCode(answer.body)).toBe('VALIDATION_FAILED');
    }
  });

  test('PAYLOAD_TOO_LARGE past the size limit: declared length, streamed without a length, multipart', async () => {
    const tuning = { maxBytes: 64 * 1024 };
    const big = googleFeed(manyRows(4000));
    expect(big.length).toBeGreaterThan(64 * 1024);
    const declared = await upload(iv.vendor.slug, iv.token, big, { tuning });
    expect(declared.status).toBe(413);
    expect(errorCode(declared.body)).toBe('PAYLOAD_TOO_LARGE');

    const { body, contentType } = multipartBody('big.csv', big);
    const multipart = await upload(iv.vendor.slug, iv.token, body, { contentType, tuning });
    expect(multipart.status).toBe(413);

    // Chunked transfer: no length up front, so the import Worker counts while it streams to R2.
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const port = new URL(hostUrl(iv.vendor.slug)).port;
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/vendor/imports',
          method: 'POST',
          agent: false,
          headers: {
            host: `${iv.vendor.slug}.localhost:${port}`,
            ...bearer(iv.token),
            'content-type': 'text/csv',
            'transfer-encoding': 'chunked',
            'x-vitrine-import-tuning': JSON.stringify(tuning),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 8192) req.write(big.slice(i, i + 8192));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(errorCode(JSON.parse(chunked.body))).toBe('PAYLOAD_TOO_LARGE');
    // No job was left behind by the refused uploads.
    const listed = await vendorApi<{ data: ImportJob[] }>(iv.vendor.slug, iv.token, 'GET', '/imports?limit=100');
    expect(listed.body.data.every((j) => j.progress.bytesTotal === null || j.progress.bytesTotal < 64 * 1024)).toBe(true);
  });
});

describe('import.finished.v1 webhook', () => {
  test('an endpoint subscribed to it receives every finished import, signed, with the counts and error code', {
    timeout: 90_000,
  }, async () => {
    const iv = await importVendor();
    const receiver = await webhookReceiver();
    try {
      const endpoint = async (path: string, events: string[]) => {
        const created = await vendorApi<{ id: string; secret: string }>(iv.vendor.slug, iv.token, 'POST', '/webhooks', {
          url: receiver.url(path),
          events,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return created.body;
      };
      const imports = await endpoint('/imports', ['import.finished.v1']);
      const orders = await endpoint('/orders', ['order.placed.v1']);

      const csv = googleFeed([...three, { id: 'A-4', title: 'Glue', price: 'free' }]);
      const completed = await importFile(iv, csv, { query: { fileName: 'nightly.csv' } });
      expect(completed.counts).toMatchObject({ rowsRead: 4, rowsValid: 3, rowsFailed: 1, new: 3 });
      const failed = await importFile(iv, '', { query: { fileName: 'empty.csv' } });
      expect(failed).toMatchObject({ status: 'failed', error: { code: 'EMPTY_FILE' } });

      const hits = await eventually(
        async () => {
          const got = receiver.received.filter((r) => r.path === '/imports');
          return got.length >= 2 ? got : undefined;
        },
        45_000,
        'the receiver to get both import.finished.v1 events',
      );
      const byJob = new Map(hits.map((hit) => [hit.event.data.jobId, hit]));
      expect(hits).toHaveLength(2);
      for (const hit of hits) {
        expect(hit.headers['vitrine-event']).toBe('import.finished.v1');
        expect(hit.event).toMatchObject({ topic: 'import.finished.v1', vendorId: iv.vendor.id });
        expect(verifySignature(imports.secret, hit.headers['vitrine-signature'] as string, hit.body)).toBe(true);
      }
      expect(byJob.get(completed.id)?.event.data).toEqual({
        jobId: completed.id,
        status: 'completed',
        dryRun: false,
        source: 'google',
        fileName: 'nightly.csv',
        errorCode: null,
        errorMessage: null,
        rowsRead: 4,
        rowsValid: 3,
        rowsFailed: 1,
        newCount: 3,
        changedCount: 0,
        unchangedCount: 0,
        missingCount: 0,
      });
      expect(byJob.get(failed.id)?.event.data).toMatchObject({
        jobId: failed.id,
        status: 'failed',
        fileName: 'empty.csv',
        errorCode: 'EMPTY_FILE',
        errorMessage: failed.error?.message,
        rowsRead: 0,
        rowsValid: 0,
        rowsFailed: 0,
        newCount: 0,
      });
      // The other endpoint's filter left it out: both endpoints' deliveries are recorded together.
      const skipped = await vendorApi<{ data: unknown[] }>(iv.vendor.slug, iv.token, 'GET', `/webhooks/${orders.id}/deliveries`);
      expect(skipped.body.data).toEqual([]);
      expect(receiver.received.filter((r) => r.path === '/orders')).toEqual([]);
    } finally {
      await receiver.close();
    }
  });
});

describe('the diff against staging', () => {
  test('re-import: unchanged; a changed row: changed with its fields; a removed row: missing', async () => {
    const iv = await importVendor();
    const first = await importFile(iv, googleFeed(three));
    expect(first.counts).toMatchObject({ new: 3 });

    const second = await importFile(iv, googleFeed(three));
    expect(second.counts).toMatchObject({ new: 0, changed: 0, unchanged: 3, missing: 0 });
    const afterSecond = await stagedOf(iv.vendor.id);
    expect(afterSecond.every((s) => s.diffStatus === 'unchanged')).toBe(true);

    // The same file a third time changes nothing at all, not even a timestamp.
    const third = await importFile(iv, googleFeed(three));
    expect(third.counts).toMatchObject({ unchanged: 3 });
    expect(await stagedOf(iv.vendor.id)).toEqual(afterSecond);

    const changed = [
      { ...three[0], price: '13.49 EUR', title: 'Claw hammer' } as (typeof three)[0],
      three[1] as (typeof three)[0],
    ];
    const fourth = await importFile(iv, googleFeed(changed));
    expect(fourth.counts).toMatchObject({ new: 0, changed: 1, unchanged: 1, missing: 1 });
    const staged = await stagedOf(iv.vendor.id);
    const byId = Object.fromEntries(staged.map((s) => [s.externalId, s]));
    expect(byId['A-1']).toMatchObject({ diffStatus: 'changed', changedFields: ['priceMinor', 'title'] });
    expect(byId['A-1']?.data).toMatchObject({ title: 'Claw hammer', priceMinor: 1349 });
    expect(byId['A-1']?.previousData).toMatchObject({ title: 'Hammer', priceMinor: 1299 });
    expect(byId['A-2']).toMatchObject({ diffStatus: 'unchanged', changedFields: [] });
    expect(byId['A-3']).toMatchObject({ diffStatus: 'missing', lastJobId: fourth.id });

    // Back in the feed: new again.
    const fifth = await importFile(iv, googleFeed([...changed, three[2] as (typeof three)[0]]));
    expect(fifth.counts).toMatchObject({ new: 1, changed: 0, unchanged: 2, missing: 0 });
  });

  test('a dry run reports the would-be diff and leaves staging untouched', async () => {
    const iv = await importVendor();
    await importFile(iv, googleFeed(three));
    const before = await stagedOf(iv.vendor.id);
    const next = [
      { ...three[0], price: '99.00 EUR' } as (typeof three)[0],
      three[1] as (typeof three)[0],
      { id: 'A-9', title: 'Drill', price: '80 EUR' },
    ];
    const dry = await importFile(iv, googleFeed(next), { query: { dryRun: 'true' } });
    expect(dry).toMatchObject({ status: 'completed', dryRun: true, counts: { new: 1, changed: 1, unchanged: 1, missing: 1 } });
    expect(await stagedOf(iv.vendor.id)).toEqual(before);
    const rows = await jobRowsOf(iv.vendor.id, dry.id);
    expect(rows.map((r) => [r.externalId, r.diffStatus, r.changedFields])).toEqual([
      ['A-1', 'changed', ['priceMinor']],
      ['A-2', 'unchanged', []],
      ['A-9', 'new', []],
    ]);
  });
});

describe('steps, crashes and cancellation', () => {
  test('a feed that needs several steps finishes with exact counts', async () => {
    const iv = await importVendor();
    const rows = manyRows(3000);
    const started = Date.now();
    const job = await importFile(iv, googleFeed(rows), { tuning: { batchSize: 250, stepRows: 500 } });
    const seconds = (Date.now() - started) / 1000;
    console.log(`imports: 3000 rows in 6+ steps, ${seconds.toFixed(1)} s end to end (${Math.round(3000 / seconds)} rows/s)`);
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 3000, rowsValid: 3000, new: 3000 } });
    expect(job.progress.step).toBeGreaterThanOrEqual(6);
    expect((await stagedOf(iv.vendor.id)).length).toBe(3000);
  });

  test('throughput with the default batch and step sizes, first import and re-import (reported, not asserted)', async () => {
    const iv = await importVendor();
    const rows = Number(process.env.IMPORT_TEST_ROWS ?? 5000);
    const feed = googleFeed(manyRows(rows));
    const timed = async (label: string) => {
      const started = Date.now();
      const accepted = await upload(iv.vendor.slug, iv.token, feed);
      expect(accepted.status).toBe(202);
      const job = await finished(iv.vendor.slug, iv.token, accepted.body.id, 110_000);
      const seconds = (Date.now() - started) / 1000;
      const worker =
        job.startedAt && job.finishedAt ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000 : Number.NaN;
      console.log(
        `imports (${label}): ${rows} rows, ${seconds.toFixed(2)} s upload to completed (${Math.round(rows / seconds)} rows/s); ` +
          `${worker.toFixed(2)} s from start to finish in the worker (${Math.round(rows / worker)} rows/s)`,
      );
      return job;
    };
    expect(await timed('new')).toMatchObject({ status: 'completed', counts: { rowsRead: rows, new: rows } });
    expect(await timed('re-import')).toMatchObject({
      status: 'completed',
      counts: { rowsRead: rows, unchanged: rows, missing: 0 },
    });
  }, 240_000);

  test('a crash after a committed batch resumes from the checkpoint: nothing twice, nothing lost', async () => {
    const iv = await importVendor();
    const job = await importFile(iv, googleFeed(manyRows(1500)), {
      tuning: { batchSize: 200, stepRows: 600, crashAfterBatches: 1 },
    });
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 1500, rowsValid: 1500, rowsFailed: 0, new: 1500 } });
    expect(await rowErrors(iv.vendor.slug, iv.token, job.id)).toEqual([]);
    expect((await stagedOf(iv.vendor.id)).length).toBe(1500);
  });

  test('the same step message delivered twice at once runs once', async () => {
    const iv = await importVendor();
    const started = await upload(iv.vendor.slug, iv.token, googleFeed(manyRows(900)), {
      tuning: { batchSize: 100, stepRows: 300, stepDelaySeconds: 4 },
    });
    expect(started.status).toBe(202);
    const id = started.body.id;
    const running = await eventually(async () => {
      const job = await getJob(iv.vendor.slug, iv.token, id);
      return job.progress.step >= 1 && job.status === 'running' ? job : undefined;
    }, 30_000);
    // Progress moves while the job runs: counters and the byte checkpoint are committed per batch.
    expect(running.counts.rowsRead).toBeGreaterThanOrEqual(300);
    expect(running.progress.bytesProcessed).toBeGreaterThan(0);
    expect(running.progress.fraction).toBeGreaterThan(0);
    const url = `${platform().urls.marketplaceImport}/steps`;
    const body = JSON.stringify({ vendorId: iv.vendor.id, jobId: id, step: running.progress.step });
    const deliver = async () => {
      const signature = await signDelivery(LOCAL_SECRETS.qstashCurrentSigningKey, url, new TextEncoder().encode(body));
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'upstash-signature': signature, 'content-type': 'application/json' },
        body,
      });
      return { status: response.status, body: (await response.json()) as { outcome: string } };
    };
    const answers = await Promise.all([deliver(), deliver()]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.outcome).sort()).toContain('stale');
    const job = await finished(iv.vendor.slug, iv.token, id);
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 900, rowsValid: 900, new: 900 } });
    expect(await rowErrors(iv.vendor.slug, iv.token, id)).toEqual([]);

    // A step message without a valid QStash signature is refused.
    const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(forged.status).toBe(401);
  });

  test('cancel: the job stops at the next step and staging stays as it was', async () => {
    const iv = await importVendor();
    await importFile(iv, googleFeed(three));
    const before = await stagedOf(iv.vendor.id);
    const started = await upload(iv.vendor.slug, iv.token, googleFeed(manyRows(1000)), {
      tuning: { batchSize: 100, stepRows: 100, stepDelaySeconds: 3 },
    });
    const cancel = await vendorApi<ImportJob>(iv.vendor.slug, iv.token, 'POST', `/imports/${started.body.id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    const job = await finished(iv.vendor.slug, iv.token, started.body.id);
    expect(job.status).toBe('cancelled');
    expect(await stagedOf(iv.vendor.id)).toEqual(before);
    expect(await jobRowsOf(iv.vendor.id, job.id)).toEqual([]);
    const again = await vendorApi(iv.vendor.slug, iv.token, 'POST', `/imports/${job.id}/cancel`);
    expect(again.status).toBe(409);
    expect(errorCode(again.body)).toBe('CONFLICT');
  });
});

describe('row errors', () => {
  test('listed in file order and as a CSV report safe against formula injection', async () => {
    const iv = await importVendor();
    const feed = googleFeed([
      { id: 'ok-1', title: 'Fine', price: '1 EUR' },
      { id: '=HYPERLINK("http://evil")', title: 'Bad', price: 'free' },
      { id: 'ok-2', title: '@SUM(A1)', price: 'twelve' },
    ]);
    const job = await importFile(iv, feed);
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 3, rowsValid: 1, rowsFailed: 2, new: 1 } });
    const errors = await rowErrors(iv.vendor.slug, iv.token, job.id);
    expect(errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'INVALID_PRICE'],
      [4, 'INVALID_PRICE'],
    ]);
    const page = await vendorApi<{ data: unknown[]; nextCursor: string | null }>(
      iv.vendor.slug,
      iv.token,
      'GET',
      `/imports/${job.id}/errors?limit=1`,
    );
    expect(page.body.data).toHaveLength(1);
    const rest = await vendorApi<{ data: { line: number }[]; nextCursor: string | null }>(
      iv.vendor.slug,
      iv.token,
      'GET',
      `/imports/${job.id}/errors?limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(rest.body.data.map((e) => e.line)).toEqual([4]);

    const csv = await request(hostUrl(iv.vendor.slug, `/api/v1/vendor/imports/${job.id}/errors.csv`), {
      headers: bearer(iv.token),
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('line,external_id,column,code,message,value');
    expect(lines[1]).toMatch(/^3,"'=HYPERLINK\(""http:\/\/evil""\)",/);
    expect(lines).toHaveLength(3);
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"?[=+\-@]/);
  });
});

describe('access', () => {
  let iv: ImportVendor;
  let jobId: string;
  beforeAll(async () => {
    iv = await importVendor();
    jobId = (await importFile(iv, googleFeed(three))).id;
  });

  test('an API key with imports:write may upload; one without may not', async () => {
    const writer = await vendorApi<{ key: string }>(iv.vendor.slug, iv.token, 'POST', '/api-keys', {
      name: 'feed script',
      scopes: ['imports:read', 'imports:write'],
    });
    expect(writer.status).toBe(201);
    const accepted = await upload(iv.vendor.slug, writer.body.key, googleFeed(three));
    expect(accepted.status).toBe(202);
    expect(accepted.body.createdBy).toBe('API key');
    expect((await finished(iv.vendor.slug, writer.body.key, accepted.body.id)).status).toBe('completed');

    const reader = await vendorApi<{ key: string }>(iv.vendor.slug, iv.token, 'POST', '/api-keys', {
      name: 'read only',
      scopes: ['imports:read'],
    });
    const refused = await upload(iv.vendor.slug, reader.body.key, googleFeed(three));
    expect(refused.status).toBe(403);
    expect(errorCode(refused.body)).toBe('FORBIDDEN');
    expect((await vendorApi(iv.vendor.slug, reader.body.key, 'GET', `/imports/${jobId}`)).status).toBe(200);
    expect((await vendorApi(iv.vendor.slug, reader.body.key, 'POST', `/imports/${jobId}/cancel`)).status).toBe(403);
  });

  test('a viewer may read but not upload or cancel; no token is UNAUTHORIZED', async () => {
    const viewer = await teamLogin(iv.vendor.slug, await addTeamMember(iv.vendor, 'viewer'));
    const refused = await upload(iv.vendor.slug, viewer.token, googleFeed(three));
    expect(refused.status).toBe(403);
    expect(errorCode(refused.body)).toBe('FORBIDDEN');
    expect((await vendorApi(iv.vendor.slug, viewer.token, 'GET', '/imports')).status).toBe(200);
    expect((await vendorApi(iv.vendor.slug, viewer.token, 'POST', `/imports/${jobId}/cancel`)).status).toBe(403);
    const anonymous = await upload(iv.vendor.slug, undefined, googleFeed(three));
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
  });

  test("another vendor's import is NOT_FOUND, and its token is refused on this host", async () => {
    const other = await importVendor();
    for (const path of [`/imports/${jobId}`, `/imports/${jobId}/errors`, `/imports/${jobId}/errors.csv`]) {
      const answer = await vendorApi(other.vendor.slug, other.token, 'GET', path);
      expect(answer.status, path).toBe(404);
    }
    expect((await vendorApi(other.vendor.slug, other.token, 'POST', `/imports/${jobId}/cancel`)).status).toBe(404);
    const listed = await vendorApi<{ data: ImportJob[] }>(other.vendor.slug, other.token, 'GET', '/imports');
    expect(listed.body.data).toEqual([]);
    expect((await upload(iv.vendor.slug, other.token, googleFeed(three))).status).toBe(401);
  });

  test('the internal upload endpoint refuses callers without an upload token', async () => {
    const response = await fetch(`${platform().urls.marketplaceImport}/uploads`, { method: 'POST', body: googleFeed(three) });
    expect(response.status).toBe(401);
  });

  test('the list pages newest first with a cursor', async () => {
    const second = await importFile(iv, googleFeed(three));
    const first = await vendorApi<{ data: ImportJob[]; nextCursor: string }>(iv.vendor.slug, iv.token, 'GET', '/imports?limit=1');
    expect(first.body.data.map((j) => j.id)).toEqual([second.id]);
    const next = await vendorApi<{ data: ImportJob[] }>(
      iv.vendor.slug,
      iv.token,
      'GET',
      `/imports?limit=100&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.data.map((j) => j.id)).toContain(jobId);
    expect(next.body.data.map((j) => j.id)).not.toContain(second.id);
  });
});
