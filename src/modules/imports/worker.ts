import { createConsumer, verifySignature } from '../../platform/consumer';
import { Database } from '../../platform/db';
import { kickRelay } from '../../platform/relay-kick';
import { importPublishRequestedV1, importRequestedV1 } from './events';
import { type ImportWorkerEnv, runImportStep } from './pipeline';

export type { ImportWorkerEnv };

import { fileKey } from './body';
import { runPublishStep } from './publish-job-steps';
import { stepMessageSchema } from './schemas';
import { publishStep } from './steps';
import { BadUploadError, storeMultipartFile, storeStream, TooLargeError } from './storage';
import { verifyUploadToken } from './upload-token';

/**
 * The marketplace-import Worker's three doors: `POST /uploads` (the main Worker streams a file
 * in, with a short-lived upload token), `POST /steps` (QStash delivers the pipeline's step
 * messages) and everything else, the outbox consumer that starts a requested import.
 */

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const error = (status: number, code: string, message: string) => json(status, { error: { code, message } });

/** Stores an upload in R2 under its job's key: 201 with its size, 413 past the limit, 400 when malformed. */
export async function handleUpload(request: Request, env: ImportWorkerEnv): Promise<Response> {
  const token = request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
  const claims = token ? await verifyUploadToken(env.JWT_SIGNING_KEYS, token) : undefined;
  if (!claims) {
    await request.body?.cancel().catch(() => {});
    return error(401, 'UNAUTHORIZED', 'A valid upload token is required');
  }
  const key = fileKey(claims.vendorId, claims.jobId);
  const contentType = request.headers.get('content-type') ?? '';
  try {
    if (/^multipart\/form-data\b/i.test(contentType)) {
      const stored = await storeMultipartFile(env.IMPORTS, key, contentType, request.body, claims.maxBytes);
      return json(201, stored);
    }
    return json(201, { bytes: await storeStream(env.IMPORTS, key, request.body, claims.maxBytes), fileName: '' });
  } catch (failure) {
    if (failure instanceof TooLargeError) return error(413, 'PAYLOAD_TOO_LARGE', failure.message);
    if (failure instanceof BadUploadError) return error(400, 'BAD_REQUEST', failure.message);
    throw failure;
  }
}

/** Runs one step of an import (`/steps`) or of a publish job (`/publish-steps`), delivered by QStash (signature checked); 500 makes QStash retry. */
export async function handleStep(
  request: Request,
  env: ImportWorkerEnv,
  ctx: ExecutionContext,
  run: typeof runImportStep | typeof runPublishStep = runImportStep,
): Promise<Response> {
  const body = await request.text();
  if (!(await verifySignature(env, request, body))) return error(401, 'UNAUTHORIZED', 'Missing or invalid Upstash-Signature');
  let parsedBody: unknown;
  try {
    parsedBody = JSON.parse(body);
  } catch {
    parsedBody = undefined;
  }
  const message = stepMessageSchema.safeParse(parsedBody);
  if (!message.success) return json(200, { outcome: 'rejected' });
  const db = new Database(env);
  try {
    const retried = Number(request.headers.get('upstash-retried') ?? 0) || 0;
    const maxRetries = Number(env.QSTASH_RETRIES) >= 0 && env.QSTASH_RETRIES ? Number(env.QSTASH_RETRIES) : 3;
    const outcome = await run({ env, db, message: message.data, retried, maxRetries });
    // A step that did work may have written events (import.finished.v1, a publish batch's product
    // events): send them now rather than at the relay's next cron tick.
    if (outcome !== 'stale' && outcome !== 'missing') kickRelay(env, ctx);
    return json(200, { outcome });
  } catch (failure) {
    console.error(JSON.stringify({ job: message.data.jobId, step: message.data.step, transient: String(failure).slice(0, 500) }));
    return error(500, 'INTERNAL', 'Transient failure; QStash will retry');
  } finally {
    ctx.waitUntil(db.close());
  }
}

/** The outbox consumer: a requested import or publish job gets its first step message (deduplicated by job and step). */
export const importConsumer = createConsumer<ImportWorkerEnv>(
  'marketplace-import',
  { [importRequestedV1.topic]: async () => {}, [importPublishRequestedV1.topic]: async () => {} },
  {
    afterCommit: async (env, _db, event) => {
      if (event.topic === importPublishRequestedV1.topic) {
        const { jobId } = importPublishRequestedV1.schema.parse(event.payload);
        await publishStep(env, { vendorId: event.vendorId, jobId, step: 0 }, 0, '/publish-steps');
        return;
      }
      const { jobId } = importRequestedV1.schema.parse(event.payload);
      await publishStep(env, { vendorId: event.vendorId, jobId, step: 0 });
    },
  },
);

/** The Worker's fetch handler. */
export async function handleImportRequest(request: Request, env: ImportWorkerEnv, ctx: ExecutionContext): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (request.method === 'POST' && path === '/uploads') return handleUpload(request, env);
  if (request.method === 'POST' && path === '/steps') return handleStep(request, env, ctx);
  if (request.method === 'POST' && path === '/publish-steps') return handleStep(request, env, ctx, runPublishStep);
  return importConsumer.fetch(request, env, ctx);
}
