import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

const uuid = z.string().uuid();

/** A vendor started an import: its file is in R2 (or its feed URL is known); the worker takes it from here. */
export const importRequestedV1 = defineEvent(
  'import.requested.v1',
  'import-job',
  z.object({ jobId: uuid, dryRun: z.boolean(), fileUrl: z.string().nullable() }),
);

/** An import ended: completed (with its diff counts), failed (with its error code) or cancelled. */
export const importFinishedV1 = defineEvent(
  'import.finished.v1',
  'import-job',
  z.object({
    jobId: uuid,
    status: z.enum(['completed', 'failed', 'cancelled']),
    dryRun: z.boolean(),
    source: z.string(),
    errorCode: z.string().nullable(),
    rowsRead: z.number().int(),
    rowsFailed: z.number().int(),
    newCount: z.number().int(),
    changedCount: z.number().int(),
    unchangedCount: z.number().int(),
    missingCount: z.number().int(),
  }),
);
