import { signWebhook } from './signature';

/** What sending a delivery needs: QStash, and the webhooks Worker that takes its callbacks. */
export interface DeliveryEnv {
  QSTASH_URL: string;
  QSTASH_TOKEN: string;
  WEBHOOKS_URL: string;
  /** Delivery retries per message; unset means QStash's default (3), capped by the plan. */
  QSTASH_RETRIES?: string;
}

/** One delivery on its way out: the stored body goes to the endpoint, signed with its secret. */
export interface OutgoingDelivery {
  id: string;
  topic: string;
  url: string;
  secret: string;
  payload: Record<string, unknown>;
  /** Attempts already made (a replay continues the count); QStash's callbacks add to it. */
  attemptBase: number;
}

/** Where QStash reports each attempt and the final failure of a delivery. */
export function callbackUrl(env: Pick<DeliveryEnv, 'WEBHOOKS_URL'>): string {
  return `${env.WEBHOOKS_URL.replace(/\/+$/, '')}/callback`;
}

/**
 * Publishes a delivery through QStash to the endpoint, signed now, with callbacks that record each
 * attempt on the delivery row. `deduplicationId` is the delivery id for the first send (a
 * republish is dropped by QStash) and a fresh one for a replay. Throws when QStash refuses.
 */
export async function publishDelivery(env: DeliveryEnv, delivery: OutgoingDelivery, deduplicationId: string): Promise<void> {
  const body = JSON.stringify(delivery.payload);
  const signature = await signWebhook(delivery.secret, Math.floor(Date.now() / 1000), body);
  const callback = callbackUrl(env);
  const headers: Record<string, string> = {
    authorization: `Bearer ${env.QSTASH_TOKEN}`,
    'content-type': 'application/json',
    'upstash-method': 'POST',
    'upstash-deduplication-id': deduplicationId,
    'upstash-forward-vitrine-signature': signature,
    'upstash-forward-vitrine-event': delivery.topic,
    'upstash-forward-vitrine-delivery': delivery.id,
    'upstash-callback': callback,
    'upstash-callback-forward-vitrine-attempt-base': String(delivery.attemptBase),
    'upstash-failure-callback': callback,
    'upstash-failure-callback-forward-vitrine-attempt-base': String(delivery.attemptBase),
  };
  const retries = env.QSTASH_RETRIES ? Number(env.QSTASH_RETRIES) : undefined;
  if (retries !== undefined && Number.isInteger(retries) && retries >= 0) headers['upstash-retries'] = String(retries);
  const response = await fetch(`${env.QSTASH_URL.replace(/\/+$/, '')}/v2/publish/${delivery.url}`, {
    method: 'POST',
    headers,
    body,
  });
  if (!response.ok) throw new Error(`QStash refused the delivery: ${response.status} ${(await response.text()).slice(0, 200)}`);
  await response.body?.cancel();
}
