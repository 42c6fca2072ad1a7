import type { StepMessage } from './schemas';

/** What publishing a step message needs: QStash, and this Worker's own URL. */
export interface StepEnv {
  QSTASH_URL: string;
  QSTASH_TOKEN: string;
  MARKETPLACE_IMPORT_URL?: string;
  QSTASH_RETRIES?: string;
}

/** Where QStash delivers the import Worker's step messages (`/steps` for imports, `/publish-steps` for publish jobs). */
export function stepUrl(env: Pick<StepEnv, 'MARKETPLACE_IMPORT_URL'>, path: StepPath = '/steps'): string {
  if (!env.MARKETPLACE_IMPORT_URL) throw new Error('MARKETPLACE_IMPORT_URL is not configured');
  return `${env.MARKETPLACE_IMPORT_URL.replace(/\/+$/, '')}${path}`;
}

export type StepPath = '/steps' | '/publish-steps';

/**
 * Publishes the message that runs `step` of a job, deduplicated by `${jobId}:${step}`: publishing
 * the same step twice (a retry after a lost answer) delivers it once. Throws when QStash refuses.
 */
export async function publishStep(
  env: StepEnv,
  message: StepMessage,
  delaySeconds = 0,
  path: StepPath = '/steps',
): Promise<void> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${env.QSTASH_TOKEN}`,
    'content-type': 'application/json',
    'upstash-method': 'POST',
    'upstash-deduplication-id': `${message.jobId}:${message.step}`,
  };
  const retries = env.QSTASH_RETRIES ? Number(env.QSTASH_RETRIES) : undefined;
  if (retries !== undefined && Number.isInteger(retries) && retries >= 0) headers['upstash-retries'] = String(retries);
  if (delaySeconds > 0) headers['upstash-delay'] = `${delaySeconds}s`;
  const response = await fetch(`${env.QSTASH_URL.replace(/\/+$/, '')}/v2/publish/${stepUrl(env, path)}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(message),
  });
  if (!response.ok)
    throw new Error(`QStash refused the step message: ${response.status} ${(await response.text()).slice(0, 200)}`);
  await response.body?.cancel();
}
