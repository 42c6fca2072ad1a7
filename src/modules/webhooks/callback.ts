import { and, eq, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type WebhookDeliveryStatus, webhookDeliveries } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';

/** The part of QStash's callback body (`Upstash-Callback` / `Upstash-Failure-Callback`) we read. */
const callbackSchema = z.object({
  status: z.number().int(),
  body: z.string().optional(),
  retried: z.number().int().min(0).default(0),
  maxRetries: z.number().int().min(0).default(0),
  sourceHeader: z.record(z.string(), z.array(z.string())).default({}),
  sourceBody: z.string().default(''),
  dlqId: z.string().optional(),
});

export type CallbackOutcome = 'recorded' | 'stale' | 'ignored';

function decodeBase64(text: string): string {
  const binary = atob(text);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function header(headers: Record<string, string[]>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key]?.[0] : undefined;
}

/** The delivery and vendor a callback is about, from the signed body (source headers and body). */
function subject(callback: z.infer<typeof callbackSchema>): { deliveryId: string; vendorId: string } | undefined {
  const deliveryId = header(callback.sourceHeader, 'vitrine-delivery');
  try {
    const source = JSON.parse(decodeBase64(callback.sourceBody)) as { vendorId?: unknown };
    const vendorId = source.vendorId;
    const uuid = z.string().uuid();
    if (!uuid.safeParse(deliveryId).success || !uuid.safeParse(vendorId).success) return undefined;
    return { deliveryId: deliveryId as string, vendorId: vendorId as string };
  } catch {
    return undefined;
  }
}

/**
 * Records one attempt QStash reports: succeeded on a 2xx, failed once retries are spent (or on the
 * failure callback), pending otherwise. Attempts count on from `attemptBase` (a replay's start);
 * a callback older than what the row shows (they may arrive out of order) changes nothing.
 */
export async function recordAttempt(db: Database, body: unknown, attemptBase: number): Promise<CallbackOutcome> {
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) return 'ignored';
  const callback = parsed.data;
  const about = subject(callback);
  if (!about) return 'ignored';
  const delivered = callback.status >= 200 && callback.status < 300;
  const spent = callback.dlqId !== undefined || callback.retried >= callback.maxRetries;
  const status: WebhookDeliveryStatus = delivered ? 'succeeded' : spent ? 'failed' : 'pending';
  const attempts = attemptBase + callback.retried + 1;
  const answer = callback.body ? safeDecode(callback.body).slice(0, 500) : '';
  const lastError = delivered
    ? null
    : callback.status === 0
      ? answer || 'No response'
      : `HTTP ${callback.status}${answer ? `: ${answer}` : ''}`;
  const [rows] = await db.vendor(about.vendorId).write(
    (q) =>
      [
        q
          .update(webhookDeliveries)
          .set({
            status,
            attempts,
            lastStatusCode: callback.status || null,
            lastError,
            lastAttemptAt: sql`now()`,
            nextAttemptAt: null,
          })
          .where(
            and(
              eq(webhookDeliveries.vendorId, about.vendorId),
              eq(webhookDeliveries.id, about.deliveryId),
              lte(webhookDeliveries.attempts, attempts),
            ),
          )
          .returning({ id: webhookDeliveries.id }),
      ] as const,
  );
  return rows.length > 0 ? 'recorded' : 'stale';
}

function safeDecode(text: string): string {
  try {
    return decodeBase64(text);
  } catch {
    return '';
  }
}
