/**
 * Sale windows: prices change when a window opens or closes without anyone touching the rule. When
 * the pricing Worker has priced a rule whose window has a bound still ahead, it sends itself a
 * pricing-rule.window-reached.v1 message through QStash, delivered not before that bound
 * (`Upstash-Not-Before`), deduplicated by rule and bound. On arrival it re-prices the rule's scope.
 * Bounds beyond QStash's longest delay get a message at that horizon, which schedules again.
 */
import { Client } from '@upstash/qstash';
import type { Envelope } from '../events/envelope';
import { upcomingBoundaries } from './compute';
import { pricingWindowReachedV1 } from './events';
import type { RuleRow } from './repo';

/** What scheduling needs; without it (a bare local run) windows change prices only on the next event. */
export interface ScheduleEnv {
  QSTASH_URL?: string;
  QSTASH_TOKEN?: string;
  /** This Worker's public URL: where the scheduled message comes back. */
  PRICING_URL?: string;
  QSTASH_RETRIES?: string;
}

/** QStash's longest delay on the smaller plans: bounds further out are reached in hops. */
export const MAX_DELAY_MS = 7 * 24 * 3600 * 1000;

/** A UUID (v4 layout) derived from `text`, so the same rule and bound always make the same message id. */
async function stableUuid(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const b = digest.slice(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The window messages a rule needs from `now`: one per bound ahead (or per horizon hop). */
export async function windowMessages(rule: RuleRow, now: Date): Promise<{ envelope: Envelope; notBefore: Date }[]> {
  if (!rule.active) return [];
  const horizon = now.getTime() + MAX_DELAY_MS;
  const times = [...new Set(upcomingBoundaries(rule, now).map((at) => Math.min(at.getTime(), horizon)))];
  return Promise.all(
    times.map(async (at) => {
      const payload = pricingWindowReachedV1.schema.parse({ ruleId: rule.id, at: new Date(at).toISOString() });
      const envelope: Envelope = {
        id: await stableUuid(`pricing-window:${rule.id}:${at}`),
        topic: pricingWindowReachedV1.topic,
        vendorId: rule.vendorId,
        aggregateType: pricingWindowReachedV1.aggregateType,
        aggregateId: rule.id,
        payload,
        occurredAt: now.toISOString(),
      };
      return { envelope, notBefore: new Date(at) };
    }),
  );
}

/** Sends the rule's window messages (a resend of the same bound is dropped by QStash's deduplication). */
export async function scheduleWindows(env: ScheduleEnv, rule: RuleRow, now = new Date()): Promise<number> {
  const messages = await windowMessages(rule, now);
  if (messages.length === 0) return 0;
  if (!env.QSTASH_URL || !env.QSTASH_TOKEN || !env.PRICING_URL) {
    console.warn(JSON.stringify({ pricing: 'sale window not scheduled: QStash or PRICING_URL not configured', ruleId: rule.id }));
    return 0;
  }
  const client = new Client({ baseUrl: env.QSTASH_URL, token: env.QSTASH_TOKEN });
  const retries = env.QSTASH_RETRIES ? Number(env.QSTASH_RETRIES) : undefined;
  for (const { envelope, notBefore } of messages) {
    await client.publishJSON({
      url: env.PRICING_URL,
      body: envelope,
      // Seconds, rounded up: the message never arrives before the bound it is for.
      notBefore: Math.ceil(notBefore.getTime() / 1000),
      deduplicationId: `pricing-window.${envelope.id}`,
      ...(retries !== undefined && Number.isInteger(retries) && retries >= 0 ? { retries } : {}),
    });
  }
  return messages.length;
}
