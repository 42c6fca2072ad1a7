import type { Env } from '../env';

/**
 * Asks the outbox relay to drain now, after a commit that wrote outbox rows, so events leave in
 * milliseconds; cron is only the safety net, so a failed kick is logged and otherwise ignored.
 */
export function kickRelay(
  env: Pick<Env, 'OUTBOX_RELAY' | 'OUTBOX_RELAY_URL'>,
  ctx: { waitUntil(promise: Promise<unknown>): void },
): void {
  const kick = env.OUTBOX_RELAY
    ? env.OUTBOX_RELAY.fetch('https://outbox-relay/kick', { method: 'POST' })
    : env.OUTBOX_RELAY_URL
      ? fetch(`${env.OUTBOX_RELAY_URL}/kick`, { method: 'POST' })
      : undefined;
  if (!kick) return;
  ctx.waitUntil(
    kick.then(
      (response) => response.body?.cancel(),
      (error: unknown) => console.warn('outbox relay kick failed; cron will drain', error),
    ),
  );
}
