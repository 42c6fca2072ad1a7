import type { Envelope } from '../modules/events/envelope';
import type { ConsumerName } from './consumers';

/**
 * Test-only fault injection for consumers, so the fault-injection tests can make a consumer's
 * transaction fail halfway. Active only when the Worker has `LOCAL_FAULT_INJECTION=on`, which only
 * the local platform sets; production never does, and there an event can't trigger it.
 *
 * An event asks for it in its payload: `faultInjection: { failAttempts: n, consumers?: [...] }`
 * makes the named consumers (all when omitted) throw after writing their processed-message record
 * inside the transaction, on deliveries whose `Upstash-Retried` is below `n`.
 */
export interface FaultEnv {
  LOCAL_FAULT_INJECTION?: string;
}

/** Thrown inside the consumer's transaction: a transient failure, so the transaction rolls back and QStash retries. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** The fault this delivery of `event` must fail with, if the event asks for one; otherwise undefined. */
export function injectedFault(
  env: FaultEnv,
  consumer: ConsumerName,
  event: Envelope,
  retried: number,
): InjectedFault | undefined {
  if (env.LOCAL_FAULT_INJECTION !== 'on') return undefined;
  const fault = event.payload.faultInjection as { failAttempts?: unknown; consumers?: unknown } | undefined;
  if (!fault || typeof fault.failAttempts !== 'number') return undefined;
  if (Array.isArray(fault.consumers) && !fault.consumers.includes(consumer)) return undefined;
  if (retried >= fault.failAttempts) return undefined;
  return new InjectedFault(`injected fault: attempt ${retried + 1} of ${consumer} fails`);
}
