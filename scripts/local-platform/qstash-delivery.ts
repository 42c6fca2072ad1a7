/**
 * The delivery engine of the local QStash: waits out delays, hands queue and flow-control slots
 * out in order, attempts, retries with backoff, dead-letters, sends callbacks, and injects faults.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { INJECTED_FAILURE, isDelivered, isNonRetryable, sendAttempt } from './qstash-attempt';
import { type Lane, Lanes } from './qstash-lanes';
import { internalMessage } from './qstash-publish';
import {
  type AttemptResponse,
  type CallbackTarget,
  isTerminal,
  type MessageRecord,
  type MessageState,
  type MessageStore,
} from './qstash-store';
import { callbackBody } from './qstash-views';

/** Fault injection for tests; every rate is a probability in [0, 1]. All 0 by default. */
export interface QStashFaults {
  /** A successful delivery is sent a second time (same message id, same Upstash-Retried). */
  duplicateRate: number;
  /** An attempt is not sent and counts as failed, as if the destination answered 500. */
  failRate: number;
  /** How long a delayed attempt waits before it is sent. */
  delayMs: number;
  /** Share of attempts that wait `delayMs` first. */
  delayRate: number;
  /**
   * When not empty, faults hit only messages whose queue name, URL or body contains this text, so
   * a fault-injection test leaves the other test files sharing the platform alone.
   */
  onlyMatching: string;
}

/** Counters behind `GET /__local/stats`. */
export interface QStashStats {
  published: number;
  deduplicated: number;
  callbacks: number;
  attempts: number;
  delivered: number;
  duplicated: number;
  failed: number;
  deadLettered: number;
  canceled: number;
  dlq: number;
  pending: number;
}

/** What the dispatcher needs from the server that owns it. */
export interface DispatcherOptions {
  store: MessageStore;
  signingKey: string;
  retryDelay: (retried: number) => number;
}

/** Per pending message: its timer (delay or backoff), whether an attempt is running, its slots. */
interface Pending {
  timer: ReturnType<typeof setTimeout> | undefined;
  inFlight: boolean;
  canceled: boolean;
  lanes: Lane[];
}

/** setTimeout overflows past ~24.8 days; longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Delivers every accepted message until it is delivered, dead-lettered or cancelled. */
export class Dispatcher {
  readonly lanes = new Lanes();
  private readonly pending = new Map<string, Pending>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly closing = new AbortController();
  private faults: QStashFaults = { duplicateRate: 0, failRate: 0, delayMs: 0, delayRate: 0, onlyMatching: '' };
  private readonly counters = {
    published: 0,
    deduplicated: 0,
    callbacks: 0,
    attempts: 0,
    delivered: 0,
    duplicated: 0,
    failed: 0,
    deadLettered: 0,
    canceled: 0,
  };

  constructor(private readonly options: DispatcherOptions) {}

  /** Accepts a message published through the API. */
  publish(record: MessageRecord): void {
    this.counters.published += 1;
    this.submit(record);
  }

  /** Counts a publish answered with `deduplicated: true`. */
  noteDeduplicated(): void {
    this.counters.deduplicated += 1;
  }

  setFaults(faults: Partial<QStashFaults>): QStashFaults {
    this.faults = { ...this.faults, ...faults };
    return this.faults;
  }

  getFaults(): QStashFaults {
    return { ...this.faults };
  }

  stats(): QStashStats {
    return { ...this.counters, dlq: this.options.store.deadCount, pending: this.pending.size };
  }

  /** Cancels a pending message; one whose attempt is running stops after it, without retrying. */
  cancel(record: MessageRecord): boolean {
    const pending = this.pending.get(record.messageId);
    if (!pending || pending.canceled) return false;
    pending.canceled = true;
    if (!pending.inFlight) this.finish(record, 'CANCELED');
    return true;
  }

  /** Creates or updates a queue and starts whatever its new settings allow. */
  upsertQueue(name: string, parallelism: number, paused: boolean): void {
    this.lanes.upsertQueue(name, parallelism, paused);
    this.pump();
  }

  /** Deletes a queue and cancels the messages still waiting in it. */
  deleteQueue(name: string): boolean {
    for (const record of this.options.store.pending()) {
      if (record.queueName === name) this.cancel(record);
    }
    return this.lanes.deleteQueue(name);
  }

  /** Resolves once nothing is delayed, waiting, in flight or backing off. */
  idle(timeoutMs: number): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(check);
      };
      const check = (): void => {
        if (this.pending.size > 0) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`local qstash: still ${this.pending.size} message(s) pending after ${timeoutMs} ms`));
      }, timeoutMs);
      this.idleWaiters.add(check);
    });
  }

  /** Stops every timer and aborts running attempts; nothing is delivered afterwards. */
  close(): void {
    this.closing.abort();
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.pending.clear();
    for (const waiter of [...this.idleWaiters]) waiter();
  }

  private submit(record: MessageRecord): void {
    this.options.store.add(record);
    this.pending.set(record.messageId, { timer: undefined, inFlight: false, canceled: false, lanes: [] });
    this.after(record, record.notBefore - Date.now(), () => this.makeReady(record));
  }

  /** A message whose time has come either starts now or joins its lane. */
  private makeReady(record: MessageRecord): void {
    if (!this.lanes.isLaned(record)) {
      void this.attempt(record);
      return;
    }
    this.lanes.enqueue(record);
    this.pump();
  }

  /** Starts every laned message that has a free slot. */
  private pump(): void {
    for (const { record, lanes } of this.lanes.takeRunnable()) {
      const pending = this.pending.get(record.messageId);
      if (pending) pending.lanes = lanes;
      void this.attempt(record);
    }
  }

  private async attempt(record: MessageRecord): Promise<void> {
    const pending = this.pending.get(record.messageId);
    if (!pending || this.closing.signal.aborted) return;
    pending.inFlight = true;
    record.state = 'ACTIVE';
    let response: AttemptResponse;
    try {
      response = await this.tryOnce(record);
      if (isDelivered(response)) await this.maybeDuplicate(record);
    } catch (error) {
      // Only closing aborts on purpose; anything else is a failed attempt, never an unhandled rejection.
      if (this.closing.signal.aborted) return;
      response = { status: 0, header: {}, body: Buffer.from(String(error)) };
    }
    pending.inFlight = false;
    if (this.closing.signal.aborted) return;
    this.settle(record, pending, response);
  }

  /** One attempt, with the injected delay and failure faults applied. */
  private async tryOnce(record: MessageRecord): Promise<AttemptResponse> {
    const faulty = this.isFaulty(record);
    if (faulty && chance(this.faults.delayRate)) await sleep(this.faults.delayMs, undefined, { signal: this.closing.signal });
    this.counters.attempts += 1;
    if (faulty && chance(this.faults.failRate)) return INJECTED_FAILURE;
    return sendAttempt(record, this.options.signingKey, this.closing.signal);
  }

  /** Whether the injected faults apply to this message (all messages unless `onlyMatching` narrows them). */
  private isFaulty(record: MessageRecord): boolean {
    const match = this.faults.onlyMatching;
    if (!match) return true;
    return (record.queueName ?? '').includes(match) || record.url.includes(match) || record.body.includes(match);
  }

  /** The duplicate fault: at-least-once means a consumer can see the same delivery twice. */
  private async maybeDuplicate(record: MessageRecord): Promise<void> {
    if (!this.isFaulty(record) || !chance(this.faults.duplicateRate)) return;
    this.counters.duplicated += 1;
    await sendAttempt(record, this.options.signingKey, this.closing.signal);
  }

  /** Decides what an attempt's answer means: delivered, retry later, or dead letter. */
  private settle(record: MessageRecord, pending: Pending, response: AttemptResponse): void {
    // The callback is queued before the message finishes, so idle() never sees a gap between them.
    this.sendCallback(record, record.callback, response);
    if (isDelivered(response)) {
      this.finish(record, 'DELIVERED');
      return;
    }
    this.counters.failed += 1;
    if (pending.canceled) {
      this.finish(record, 'CANCELED');
      return;
    }
    if (isNonRetryable(response) || record.retried >= record.maxRetries) {
      this.deadLetter(record, response);
      return;
    }
    const delay = this.options.retryDelay(record.retried);
    record.retried += 1;
    record.state = 'RETRY';
    this.after(record, delay, () => void this.attempt(record));
  }

  private deadLetter(record: MessageRecord, response: AttemptResponse): void {
    const entry = this.options.store.addDead(record, response);
    this.sendCallback(record, record.failureCallback, response, entry.dlqId);
    this.finish(record, 'FAILED');
  }

  /** Callbacks are messages of their own: signed, retried, and without callbacks of their own. */
  private sendCallback(
    record: MessageRecord,
    target: CallbackTarget | undefined,
    response: AttemptResponse,
    dlqId?: string,
  ): void {
    if (!target) return;
    this.counters.callbacks += 1;
    this.submit(
      internalMessage({
        url: target.url,
        method: target.method,
        header: { ...target.header, 'content-type': 'application/json' },
        body: Buffer.from(callbackBody(record, response, dlqId)),
        maxRetries: target.retries ?? record.maxRetries,
        callerIp: record.callerIp,
      }),
    );
  }

  private finish(record: MessageRecord, state: MessageState): void {
    const pending = this.pending.get(record.messageId);
    if (!pending || isTerminal(record.state)) return;
    this.pending.delete(record.messageId);
    clearTimeout(pending.timer);
    // Without slots it may still be waiting in its lane; with slots it is not in any waiting list.
    if (pending.lanes.length === 0) this.lanes.remove(record);
    this.lanes.release(pending.lanes);
    record.state = state;
    this.count(state);
    this.options.store.retire(record);
    this.pump();
    if (this.pending.size === 0) for (const waiter of [...this.idleWaiters]) waiter();
  }

  private count(state: MessageState): void {
    if (state === 'DELIVERED') this.counters.delivered += 1;
    if (state === 'FAILED') this.counters.deadLettered += 1;
    if (state === 'CANCELED') this.counters.canceled += 1;
  }

  /** Runs `fn` after `delayMs` (at once when not positive), keeping the timer cancellable. */
  private after(record: MessageRecord, delayMs: number, fn: () => void): void {
    const pending = this.pending.get(record.messageId);
    if (!pending) return;
    if (delayMs <= 0) {
      pending.timer = undefined;
      fn();
      return;
    }
    const step = Math.min(delayMs, MAX_TIMER_MS);
    pending.timer = setTimeout(() => this.after(record, delayMs - step, fn), step);
  }
}

function chance(rate: number): boolean {
  return rate > 0 && Math.random() < rate;
}
