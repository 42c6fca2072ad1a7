import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();

export const JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** A label for where the products come from: `letzshop`, `google`, `shopify`, or the vendor's own. */
const sourceLabel = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'letters, digits, - and _ (up to 40)');

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

/** Options of `POST /imports`, in the query string whatever the body is. */
export const createImportQuerySchema = z.object({
  source: sourceLabel
    .optional()
    .openapi({ description: 'Label for the products (default: the detected format, `google` or `shopify`)' }),
  dryRun: flag.openapi({ description: '`true`: report the diff without writing staging' }),
  fileName: z.string().trim().max(200).optional().openapi({ description: 'Name to show for a raw body upload' }),
});
export type CreateImportQuery = z.output<typeof createImportQuerySchema>;

/** `POST /imports` with a JSON body: the worker fetches the feed from `url`. */
export const createImportFromUrlSchema = z
  .object({
    url: z.string().trim().min(1).max(2000).openapi({ description: 'http(s) URL of a CSV/TSV feed on the public internet' }),
    source: sourceLabel.optional(),
    dryRun: z.boolean().optional(),
  })
  .openapi('CreateImportFromUrl');
export type CreateImportFromUrl = z.output<typeof createImportFromUrlSchema>;

export const importJobSchema = z
  .object({
    id: uuid,
    status: z.enum(JOB_STATUSES),
    dryRun: z.boolean(),
    cancelRequested: z.boolean(),
    source: z.string().openapi({ description: 'Empty until the format is detected when no label was given' }),
    format: z.enum(['google', 'shopify']).nullable(),
    fileName: z.string(),
    fileUrl: z.string().nullable(),
    progress: z.object({
      bytesProcessed: z.number().int(),
      bytesTotal: z.number().int().nullable(),
      /** 0 … 1; 1 once the job has finished. */
      fraction: z.number().nullable(),
      step: z.number().int(),
    }),
    counts: z.object({
      rowsRead: z.number().int(),
      rowsValid: z.number().int(),
      rowsFailed: z.number().int(),
      new: z.number().int(),
      changed: z.number().int(),
      unchanged: z.number().int(),
      missing: z.number().int(),
      published: z.number().int(),
    }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('ImportJob');
export type ImportJob = z.infer<typeof importJobSchema>;

export const importJobPageSchema = z
  .object({ data: z.array(importJobSchema), nextCursor: z.string().nullable() })
  .openapi('ImportJobPage');
export type ImportJobPage = z.infer<typeof importJobPageSchema>;

export const importJobQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ImportJobQuery = z.output<typeof importJobQuerySchema>;

export const rowErrorSchema = z
  .object({
    line: z.number().int(),
    externalId: z.string().nullable(),
    column: z.string().nullable(),
    code: z.string(),
    message: z.string(),
    value: z.string().nullable(),
  })
  .openapi('ImportRowError');
export type RowError = z.infer<typeof rowErrorSchema>;

export const rowErrorPageSchema = z
  .object({ data: z.array(rowErrorSchema), nextCursor: z.string().nullable() })
  .openapi('ImportRowErrorPage');
export type RowErrorPage = z.infer<typeof rowErrorPageSchema>;

export const rowErrorQuerySchema = z.object({
  code: z.string().max(60).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RowErrorQuery = z.output<typeof rowErrorQuerySchema>;

export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });

/** The continuation message the import Worker sends itself through QStash, one per step. */
export const stepMessageSchema = z.object({ vendorId: uuid, jobId: uuid, step: z.number().int().min(0) });
export type StepMessage = z.infer<typeof stepMessageSchema>;

/**
 * Local platform only (`LOCAL_FAULT_INJECTION=on`): smaller batches, steps and size limit so tests
 * reach several steps with a few thousand rows, a delay between steps, and an injected crash.
 */
export const tuningSchema = z
  .object({
    batchSize: z.number().int().min(1).max(50_000).optional(),
    stepRows: z.number().int().min(1).optional(),
    maxBytes: z.number().int().min(1).optional(),
    stepDelaySeconds: z.number().int().min(0).max(60).optional(),
    /** The first delivery of each step message crashes after committing this many batches. */
    crashAfterBatches: z.number().int().min(1).optional(),
  })
  .strict();
export type Tuning = z.infer<typeof tuningSchema>;
