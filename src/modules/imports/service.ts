import { outbox } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outboxRow } from '../../platform/outbox';
import type { Principal } from '../access/principal';
import { decodeCursor, encodeCursor } from '../orders/cursor';
import { discardBody, fileKey } from './body';
import { importRequestedV1 } from './events';
import { feedUrlProblem } from './feed-url';
import { findJob, findJobs, findRowErrors, insertJob, type JobRow, updateCancelRequested } from './repo';
import type {
  CreateImportFromUrl,
  CreateImportQuery,
  ImportJob,
  ImportJobPage,
  ImportJobQuery,
  RowError,
  RowErrorPage,
  RowErrorQuery,
  Tuning,
} from './schemas';
import { tuningSchema } from './schemas';
import { signUploadToken } from './upload-token';

/** A Fetcher as a service binding gives it. */
interface ServiceBinding {
  fetch(input: string, init?: RequestInit): Promise<Response>;
}

/** What the import routes need from the main Worker's bindings. */
export interface ImportApiEnv {
  JWT_SIGNING_KEYS: string;
  /** Service binding to the marketplace-import Worker (production). */
  MARKETPLACE_IMPORT?: ServiceBinding;
  /** Its URL, where there is no service binding (local platform). */
  MARKETPLACE_IMPORT_URL?: string;
  /** Largest file accepted, in bytes (default 200 MiB). */
  IMPORT_MAX_BYTES?: string;
  LOCAL_WEBHOOK_HOSTS?: string;
  LOCAL_FAULT_INJECTION?: string;
}

export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function maxImportBytes(env: { IMPORT_MAX_BYTES?: string }, tuning?: Tuning | null): number {
  const configured = Number(env.IMPORT_MAX_BYTES);
  const limit = Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_BYTES;
  return tuning?.maxBytes ? Math.min(limit, tuning.maxBytes) : limit;
}

/**
 * The `X-Vitrine-Import-Tuning` header (JSON), honoured only on the local platform
 * (`LOCAL_FAULT_INJECTION=on`, like the consumers' fault injection); everywhere else ignored.
 */
export function readTuning(env: ImportApiEnv, header: string | undefined): Tuning | null {
  return readTuningHeader(tuningSchema, env, header);
}

/** The tuning header read with `schema` (an import's or a publish's), under the same local-only rule. */
export function readTuningHeader<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  env: { LOCAL_FAULT_INJECTION?: string },
  header: string | undefined,
): T | null {
  if (env.LOCAL_FAULT_INJECTION !== 'on' || !header) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    parsed = undefined;
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new ApiError('BAD_REQUEST', 'X-Vitrine-Import-Tuning is not valid tuning JSON');
  return result.data;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A job as the API shows it, with its progress through the file. */
export function toImportJob(row: JobRow): ImportJob {
  const finished = row.status === 'completed' || row.status === 'failed' || row.status === 'cancelled';
  const bytesProcessed = row.dialect ? row.checkpointOffset : 0;
  const fraction = finished ? 1 : row.bytesTotal ? Math.min(1, bytesProcessed / row.bytesTotal) : row.bytesTotal === 0 ? 1 : null;
  return {
    id: row.id,
    status: row.status,
    dryRun: row.dryRun,
    cancelRequested: row.cancelRequested,
    source: row.source,
    format: row.format === 'google' || row.format === 'shopify' ? row.format : null,
    fileName: row.fileName,
    fileUrl: row.fileUrl,
    progress: { bytesProcessed, bytesTotal: row.bytesTotal, fraction, step: row.step },
    counts: {
      rowsRead: row.rowsRead,
      rowsValid: row.rowsValid,
      rowsFailed: row.rowsFailed,
      new: row.newCount,
      changed: row.changedCount,
      unchanged: row.unchangedCount,
      missing: row.missingCount,
      published: row.publishedCount,
    },
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

function creator(principal: Principal | undefined): { createdBy: string | null; createdByLabel: string } {
  if (principal?.kind === 'api-key') return { createdBy: principal.keyId, createdByLabel: 'API key' };
  if (principal?.kind === 'team') return { createdBy: principal.userId, createdByLabel: `team member (${principal.role})` };
  return { createdBy: null, createdByLabel: '' };
}

interface NewJob {
  vendorId: string;
  jobId: string;
  principal: Principal | undefined;
  source: string | undefined;
  dryRun: boolean;
  fileName: string;
  fileUrl: string | null;
  bytesTotal: number | null;
  tuning: Tuning | null;
}

/** Writes the job and its `import.requested.v1` event in one transaction. */
async function recordJob(db: Database, job: NewJob): Promise<ImportJob> {
  const [[row]] = await db.vendor(job.vendorId).write(
    (q) =>
      [
        insertJob(q, {
          id: job.jobId,
          vendorId: job.vendorId,
          source: job.source ?? '',
          fileName: job.fileName,
          fileKey: fileKey(job.vendorId, job.jobId),
          fileUrl: job.fileUrl,
          bytesTotal: job.bytesTotal,
          dryRun: job.dryRun,
          tuning: job.tuning,
          ...creator(job.principal),
        }),
        q.insert(outbox).values(
          outboxRow(importRequestedV1, {
            vendorId: job.vendorId,
            aggregateId: job.jobId,
            payload: { jobId: job.jobId, dryRun: job.dryRun, fileUrl: job.fileUrl },
          }),
        ),
      ] as const,
  );
  if (!row) throw new Error('the import job insert returned no row');
  return toImportJob(row);
}

/**
 * Streams the request body on to the marketplace-import Worker, which stores it in R2; answers
 * the stored size and the multipart file name. PAYLOAD_TOO_LARGE past the limit.
 */
async function forwardUpload(
  env: ImportApiEnv,
  request: Request,
  claims: { vendorId: string; jobId: string; maxBytes: number },
): Promise<{ bytes: number; fileName: string }> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > claims.maxBytes) {
    await discardBody(request.body);
    throw new ApiError('PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${claims.maxBytes} bytes`);
  }
  const headers: Record<string, string> = {
    authorization: `Bearer ${await signUploadToken(env.JWT_SIGNING_KEYS, claims)}`,
    'content-type': request.headers.get('content-type') ?? 'application/octet-stream',
  };
  const init = { method: 'POST', headers, body: request.body, duplex: 'half' } as RequestInit;
  let response: Response;
  if (env.MARKETPLACE_IMPORT) response = await env.MARKETPLACE_IMPORT.fetch('https://marketplace-import/uploads', init);
  else if (env.MARKETPLACE_IMPORT_URL) response = await fetch(`${env.MARKETPLACE_IMPORT_URL.replace(/\/+$/, '')}/uploads`, init);
  else throw new ApiError('SERVICE_UNAVAILABLE', 'Imports are not configured');
  const body = (await response.json().catch(() => ({}))) as { bytes?: number; fileName?: string; error?: { message?: string } };
  if (response.status === 413) throw new ApiError('PAYLOAD_TOO_LARGE', body.error?.message ?? 'The file is too large');
  if (response.status === 400) throw new ApiError('BAD_REQUEST', body.error?.message ?? 'The upload is not valid');
  if (!response.ok || typeof body.bytes !== 'number') {
    console.error(JSON.stringify({ importUpload: response.status, body }));
    throw new ApiError('SERVICE_UNAVAILABLE', 'The file could not be stored; try again');
  }
  return { bytes: body.bytes, fileName: body.fileName ?? '' };
}

/** Starts an import from an uploaded file (a CSV/TSV body or a multipart file part). */
export async function createUploadImport(
  db: Database,
  env: ImportApiEnv,
  vendorId: string,
  principal: Principal | undefined,
  request: Request,
  query: CreateImportQuery,
  tuning: Tuning | null,
): Promise<ImportJob> {
  const jobId = crypto.randomUUID();
  const stored = await forwardUpload(env, request, { vendorId, jobId, maxBytes: maxImportBytes(env, tuning) });
  return recordJob(db, {
    vendorId,
    jobId,
    principal,
    source: query.source,
    dryRun: query.dryRun ?? false,
    fileName: (query.fileName || stored.fileName).slice(0, 200),
    fileUrl: null,
    bytesTotal: stored.bytes,
    tuning,
  });
}

/** Starts an import from a feed URL, which the worker fetches. */
export async function createUrlImport(
  db: Database,
  env: ImportApiEnv,
  vendorId: string,
  principal: Principal | undefined,
  input: CreateImportFromUrl,
  query: CreateImportQuery,
  tuning: Tuning | null,
): Promise<ImportJob> {
  const problem = feedUrlProblem(env, input.url);
  if (problem)
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: [{ path: 'url', message: problem }] });
  const url = new URL(input.url);
  return recordJob(db, {
    vendorId,
    jobId: crypto.randomUUID(),
    principal,
    source: input.source ?? query.source,
    dryRun: input.dryRun ?? query.dryRun ?? false,
    fileName: decodeURIComponent(url.pathname.split('/').pop() || url.hostname).slice(0, 200),
    fileUrl: url.toString(),
    bytesTotal: null,
    tuning,
  });
}

export async function getImportJob(db: Database, vendorId: string, id: string): Promise<ImportJob> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findJob(q, vendorId, id)] as const);
  if (!row) throw new ApiError('NOT_FOUND', 'No such import here');
  return toImportJob(row);
}

/** The vendor's imports, newest first. */
export async function listImportJobs(db: Database, vendorId: string, query: ImportJobQuery): Promise<ImportJobPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [rows] = await db
    .vendor(vendorId)
    .read((q) => [findJobs(q, vendorId, { status: query.status, after, limit: query.limit })] as const);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => toImportJob(row.job)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAtText, last.job.id) : null,
  };
}

/** Stops a queued or running import at its next step boundary; staging is left as it was. */
export async function cancelImportJob(db: Database, vendorId: string, id: string): Promise<ImportJob> {
  const [[updated], [current]] = await db
    .vendor(vendorId)
    .write((q) => [updateCancelRequested(q, vendorId, id), findJob(q, vendorId, id)] as const);
  if (updated) return toImportJob(updated);
  if (!current) throw new ApiError('NOT_FOUND', 'No such import here');
  throw new ApiError('CONFLICT', `The import has already ${current.status === 'cancelled' ? 'been cancelled' : current.status}`);
}

function encodeErrorCursor(line: number, id: number): string {
  return btoa(`${line}:${id}`).replace(/=+$/, '');
}

function decodeErrorCursor(cursor: string): { line: number; id: number } {
  try {
    const [line, id] = atob(cursor).split(':').map(Number);
    if (Number.isInteger(line) && Number.isInteger(id)) return { line: line as number, id: id as number };
  } catch {}
  throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** A job's row errors in file order (404 for another vendor's job). */
export async function listRowErrors(db: Database, vendorId: string, jobId: string, query: RowErrorQuery): Promise<RowErrorPage> {
  const after = query.cursor ? decodeErrorCursor(query.cursor) : undefined;
  const [[job], rows] = await db
    .vendor(vendorId)
    .read(
      (q) =>
        [
          findJob(q, vendorId, jobId),
          findRowErrors(q, vendorId, jobId, { code: query.code, after, limit: query.limit }),
        ] as const,
    );
  if (!job) throw new ApiError('NOT_FOUND', 'No such import here');
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(({ id: _id, ...error }): RowError => error),
    nextCursor: rows.length > query.limit && last ? encodeErrorCursor(last.line, last.id) : null,
  };
}

/** A CSV cell: quoted, and prefixed with `'` when a spreadsheet would read it as a formula. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

const CSV_HEADER = 'line,external_id,column,code,message,value\r\n';
const CSV_PAGE = 2000;

/** The job's row errors as a CSV report, streamed page by page (404 for another vendor's job). */
export async function rowErrorsCsv(db: Database, vendorId: string, jobId: string): Promise<ReadableStream<Uint8Array>> {
  await getImportJob(db, vendorId, jobId);
  const encoder = new TextEncoder();
  let after: { line: number; id: number } | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return controller.close();
      const [rows] = await db
        .vendor(vendorId)
        .read((q) => [findRowErrors(q, vendorId, jobId, { after, limit: CSV_PAGE })] as const);
      const page = rows.slice(0, CSV_PAGE);
      let text = started ? '' : CSV_HEADER;
      started = true;
      for (const e of page) text += `${[e.line, e.externalId, e.column, e.code, e.message, e.value].map(csvCell).join(',')}\r\n`;
      const last = page.at(-1);
      if (rows.length > CSV_PAGE && last) after = { line: last.line, id: last.id };
      else done = true;
      controller.enqueue(encoder.encode(text));
    },
  });
}
