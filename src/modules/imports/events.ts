import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

const uuid = z.string().uuid();

/** A vendor started an import: its file is in R2 (or its feed URL is known); the worker takes it from here. */
export const importRequestedV1 = defineEvent(
  'import.requested.v1',
  'import-job',
  z.object({ jobId: uuid, dryRun: z.boolean(), fileUrl: z.string().nullable() }),
);

/**
 * An import ended: completed (with its diff counts), failed (with its error code) or cancelled.
 * Also a webhook topic: `data` is what a vendor's script needs without a second call (row counts
 * as `GET /imports/{id}` answers them; the diff counts are 0 unless completed).
 */
export const importFinishedV1 = defineEvent(
  'import.finished.v1',
  'import-job',
  z.object({
    jobId: uuid,
    status: z.enum(['completed', 'failed', 'cancelled']),
    dryRun: z.boolean(),
    source: z.string(),
    fileName: z.string(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsValid: z.number().int(),
    rowsFailed: z.number().int(),
    newCount: z.number().int(),
    changedCount: z.number().int(),
    unchangedCount: z.number().int(),
    missingCount: z.number().int(),
  }),
);

/** A vendor started a publish job (a large selection of staged groups); the import Worker runs it in steps. */
export const importPublishRequestedV1 = defineEvent(
  'import.publish-requested.v1',
  'publish-job',
  z.object({ jobId: uuid, all: z.boolean(), source: z.string().nullable(), groups: z.number().int() }),
);
