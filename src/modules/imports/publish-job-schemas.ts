import { z } from '@hono/zod-openapi';
import { JOB_STATUSES } from './schemas';

const uuid = z.string().uuid();

/** A publish job as the API shows it: what it publishes, how far it got, what failed. */
export const publishJobSchema = z
  .object({
    id: uuid,
    status: z.enum(JOB_STATUSES),
    cancelRequested: z.boolean(),
    selection: z.object({
      all: z.boolean(),
      source: z.string().nullable(),
      groupIds: z.array(z.string()).nullable(),
      archiveMissing: z.boolean(),
    }),
    progress: z.object({
      groupsTotal: z.number().int().openapi({ description: 'Groups waiting when the job was made' }),
      groupsDone: z.number().int().openapi({ description: 'Groups this job published or could not publish' }),
      /** 0 … 1; 1 once the job has finished. */
      fraction: z.number(),
      step: z.number().int(),
    }),
    counts: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      variants: z.number().int(),
      archived: z.number().int(),
      failed: z.number().int(),
    }),
    failures: z
      .array(z.object({ source: z.string(), groupId: z.string(), code: z.string(), message: z.string() }))
      .openapi({ description: 'The first 100 groups that could not be published' }),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .openapi('PublishJob');
export type PublishJob = z.infer<typeof publishJobSchema>;

export const publishJobPageSchema = z
  .object({ data: z.array(publishJobSchema), nextCursor: z.string().nullable() })
  .openapi('PublishJobPage');

export const publishJobQuerySchema = z.object({
  status: z.enum(JOB_STATUSES).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PublishJobQuery = z.output<typeof publishJobQuerySchema>;

/**
 * Local platform only (`LOCAL_FAULT_INJECTION=on`, the `X-Vitrine-Import-Tuning` header): groups
 * per batch and per step, a delay between steps, and a crash after committed batches.
 */
export const publishTuningSchema = z
  .object({
    groupsPerBatch: z.number().int().min(1).max(500).optional(),
    groupsPerStep: z.number().int().min(1).optional(),
    stepDelaySeconds: z.number().int().min(0).max(60).optional(),
    crashAfterBatches: z.number().int().min(1).optional(),
  })
  .strict();
export type PublishTuning = z.infer<typeof publishTuningSchema>;
