import type { Redis } from '@upstash/redis/cloudflare';
import { z } from 'zod';

/** The relay's last completed run, one Redis key it overwrites: cheap to write after every kick. */
export const RELAY_LAST_RUN_KEY = 'relay:last-run';
/** Its last run that published something (an idle cron run would otherwise hide it). */
export const RELAY_LAST_PUBLISH_KEY = 'relay:last-publish';
/** A record older than this is gone, and the admin page says the relay hasn't reported lately. */
const LAST_RUN_TTL_SECONDS = 24 * 60 * 60;

export const relayRunSchema = z.object({
  at: z.string(),
  trigger: z.enum(['cron', 'kick']),
  published: z.number().int(),
  messages: z.number().int(),
  durationMs: z.number(),
  error: z.string().optional(),
});

/** What one relay invocation did: rows and QStash messages published, how long, or its error. */
export type RelayRun = z.infer<typeof relayRunSchema>;

/** Stores the run as the relay's last one (and last publishing one when it published); callers skip runs that found the lock taken. */
export async function recordRelayRun(redis: Redis, run: RelayRun): Promise<void> {
  const value = JSON.stringify(run);
  const pipeline = redis.pipeline().set(RELAY_LAST_RUN_KEY, value, { ex: LAST_RUN_TTL_SECONDS });
  if (run.published > 0) pipeline.set(RELAY_LAST_PUBLISH_KEY, value, { ex: LAST_RUN_TTL_SECONDS });
  await pipeline.exec();
}

/** The relay's last recorded run (or last publishing run), or null when none was recorded in the last day. */
export async function readRelayRun(redis: Redis, key: string = RELAY_LAST_RUN_KEY): Promise<RelayRun | null> {
  const raw = await redis.get<unknown>(key);
  if (raw === null || raw === undefined) return null;
  // @upstash/redis parses JSON values itself; a plain string would be an older or foreign value.
  const parsed = relayRunSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
  return parsed.success ? parsed.data : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
