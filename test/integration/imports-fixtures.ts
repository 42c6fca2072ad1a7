import http from 'node:http';
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { importJobRows, stagedProducts } from '../../drizzle/schema';
import type { ImportJob, Tuning } from '../../src/modules/imports/schemas';
import { request } from '../harness/http';
import { appDatabase, eventually, hostUrl } from '../harness/platform';
import { bearer, createVendorWithOwner, type TeamVendor, teamLogin } from '../harness/team';

/** A vendor of its own and its owner's token. */
export interface ImportVendor {
  vendor: TeamVendor;
  token: string;
}

export async function importVendor(): Promise<ImportVendor> {
  const vendor = await createVendorWithOwner('Import Test Vendor');
  const { token } = await teamLogin(vendor.slug, vendor.owner);
  return { vendor, token };
}

export interface FeedRow {
  id: string;
  title: string;
  price: string;
  brand?: string;
  availability?: string;
}

/** A Google/Letzshop-style feed with `id,title,price,brand,availability` columns. */
export function googleFeed(rows: FeedRow[], delimiter: ',' | '\t' = ','): string {
  const quote = (value: string) => (delimiter === ',' && /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [['id', 'title', 'price', 'brand', 'availability'].join(delimiter)];
  for (const row of rows)
    lines.push([row.id, row.title, row.price, row.brand ?? 'Acme', row.availability ?? 'in stock'].map(quote).join(delimiter));
  return `${lines.join('\n')}\n`;
}

/** `n` valid rows with ids `${prefix}-1` … */
export function manyRows(n: number, prefix = 'sku'): FeedRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i + 1}`,
    title: `Product ${i + 1}`,
    price: `${(i % 90) + 10}.50 EUR`,
  }));
}

export interface UploadOptions {
  contentType?: string;
  query?: Record<string, string>;
  tuning?: Tuning;
  headers?: Record<string, string>;
}

/** `POST /imports` with a raw body (a CSV/TSV file). */
export async function upload(
  slug: string,
  token: string | undefined,
  body: string | Uint8Array,
  options: UploadOptions = {},
): Promise<{ status: number; body: ImportJob & { error?: { code: string; message: string } } }> {
  const query = new URLSearchParams(options.query ?? {}).toString();
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'text/csv',
    ...(token ? bearer(token) : {}),
    ...(options.tuning ? { 'x-vitrine-import-tuning': JSON.stringify(options.tuning) } : {}),
    ...options.headers,
  };
  const response = await request(hostUrl(slug, `/api/v1/vendor/imports${query ? `?${query}` : ''}`), {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** A multipart/form-data body with one file part (and a text field before it). */
export function multipartBody(fileName: string, content: string): { body: Uint8Array; contentType: string } {
  const boundary = `----vitrine${crypto.randomUUID().replaceAll('-', '')}`;
  const text =
    `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nnightly\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${content}\r\n--${boundary}--\r\n`;
  return { body: new TextEncoder().encode(text), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function getJob(slug: string, token: string, id: string): Promise<ImportJob> {
  const response = await request(hostUrl(slug, `/api/v1/vendor/imports/${id}`), { headers: bearer(token) });
  expect(response.status).toBe(200);
  return (await response.json()) as ImportJob;
}

/** Polls the job until it has finished (completed, failed or cancelled). */
export function finished(slug: string, token: string, id: string, timeoutMs = 60_000): Promise<ImportJob> {
  return eventually(
    async () => {
      const job = await getJob(slug, token, id);
      return ['completed', 'failed', 'cancelled'].includes(job.status) ? job : undefined;
    },
    timeoutMs,
    `import ${id} to finish`,
  );
}

/** Uploads and waits for the job to finish; the upload must be accepted. */
export async function importFile(iv: ImportVendor, body: string | Uint8Array, options: UploadOptions = {}): Promise<ImportJob> {
  const started = await upload(iv.vendor.slug, iv.token, body, options);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return finished(iv.vendor.slug, iv.token, started.body.id);
}

/** The vendor's staged items, by external id. */
export async function stagedOf(vendorId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q.select().from(stagedProducts).where(eq(stagedProducts.vendorId, vendorId)).orderBy(asc(stagedProducts.externalId)),
        ] as const,
    );
  return rows;
}

/** A job's rows still in the job table (a dry run keeps them with the would-be diff). */
export async function jobRowsOf(vendorId: string, jobId: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(importJobRows)
            .where(and(eq(importJobRows.vendorId, vendorId), eq(importJobRows.jobId, jobId)))
            .orderBy(asc(importJobRows.line)),
        ] as const,
    );
  return rows;
}

export async function rowErrors(slug: string, token: string, id: string) {
  const response = await request(hostUrl(slug, `/api/v1/vendor/imports/${id}/errors?limit=500`), { headers: bearer(token) });
  expect(response.status).toBe(200);
  return (
    (await response.json()) as {
      data: { line: number; externalId: string | null; code: string; column: string | null; message: string }[];
    }
  ).data;
}

/** Serves fixed files on loopback for feed-URL imports; `close()` when done. */
export async function feedServer(files: Record<string, { status?: number; body: string; headers?: Record<string, string> }>) {
  const server = http.createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(file.status ?? 200, { 'content-type': 'text/csv', ...file.headers }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: (path: string) => `http://127.0.0.1:${port}${path}`, close: () => new Promise((r) => server.close(r)) };
}
