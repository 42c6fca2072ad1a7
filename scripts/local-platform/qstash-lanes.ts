/**
 * Concurrency lanes: a queue is a FIFO lane (parallelism 1 unless upserted otherwise); a
 * flow-control key is a lane limiting how many of its messages are in delivery at once.
 * A message holds a slot in its lanes from its first attempt until it is delivered, dead-lettered
 * or cancelled, so a queue waits behind a failing message through all its retries, as QStash does.
 */
import type { MessageRecord } from './qstash-store';

/** One queue or flow-control key. */
export interface Lane {
  name: string;
  parallelism: number;
  paused: boolean;
  active: number;
  waiting: MessageRecord[];
  createdAt: number;
  updatedAt: number;
}

/** A message whose lanes all had a free slot; the slots are already taken. */
export interface Runnable {
  record: MessageRecord;
  lanes: Lane[];
}

function newLane(name: string, parallelism: number): Lane {
  const now = Date.now();
  return { name, parallelism, paused: false, active: 0, waiting: [], createdAt: now, updatedAt: now };
}

/** All queues and flow-control keys, and the FIFO hand-out of free slots. */
export class Lanes {
  private readonly queues = new Map<string, Lane>();
  private readonly flows = new Map<string, Lane>();

  /** Creates or updates a queue, as `POST /v2/queues` does. */
  upsertQueue(name: string, parallelism: number, paused: boolean): Lane {
    const lane = this.queues.get(name) ?? newLane(name, parallelism);
    lane.parallelism = parallelism;
    lane.paused = paused;
    lane.updatedAt = Date.now();
    this.queues.set(name, lane);
    return lane;
  }

  queue(name: string): Lane | undefined {
    return this.queues.get(name);
  }

  listQueues(): Lane[] {
    return [...this.queues.values()];
  }

  deleteQueue(name: string): boolean {
    return this.queues.delete(name);
  }

  /** Whether the message must wait for a slot at all (plain publishes never do). */
  isLaned(record: MessageRecord): boolean {
    return record.queueName !== undefined || record.flowControl !== undefined;
  }

  /** Puts a ready message at the back of its primary lane: its queue, else its flow-control key. */
  enqueue(record: MessageRecord): void {
    // Like QStash, the latest message's parallelism becomes its flow-control key's setting.
    const flow = record.flowControl;
    if (flow?.parallelism !== undefined) this.flowLane(flow.key).parallelism = flow.parallelism;
    const [primary] = this.lanesOf(record);
    primary?.waiting.push(record);
  }

  /** Takes a waiting message out of its primary lane (cancellation); never creates a lane. */
  remove(record: MessageRecord): void {
    const lane =
      record.queueName !== undefined
        ? this.queues.get(record.queueName)
        : record.flowControl && this.flows.get(record.flowControl.key);
    const index = lane ? lane.waiting.indexOf(record) : -1;
    if (lane && index >= 0) lane.waiting.splice(index, 1);
  }

  /**
   * Hands out every message that can start now, heads of lanes first. A head whose other lane is
   * full stays at the head, so FIFO order holds.
   */
  takeRunnable(): Runnable[] {
    const runnable: Runnable[] = [];
    for (const lane of [...this.queues.values(), ...this.flows.values()]) {
      while (lane.waiting.length > 0) {
        const record = lane.waiting[0] as MessageRecord;
        const lanes = this.lanesOf(record);
        if (lanes.some((l) => l.paused || l.active >= l.parallelism)) break;
        lane.waiting.shift();
        for (const l of lanes) l.active += 1;
        runnable.push({ record, lanes });
      }
    }
    return runnable;
  }

  /** Frees a finished message's slots; idle flow-control lanes are dropped so keys don't pile up. */
  release(lanes: Lane[]): void {
    for (const lane of lanes) {
      lane.active -= 1;
      if (lane.active === 0 && lane.waiting.length === 0 && this.flows.get(lane.name) === lane) {
        this.flows.delete(lane.name);
      }
    }
  }

  /** The lanes a message needs a slot in, primary first; enqueueing creates its queue implicitly. */
  private lanesOf(record: MessageRecord): Lane[] {
    const lanes: Lane[] = [];
    if (record.queueName !== undefined) {
      lanes.push(this.queues.get(record.queueName) ?? this.upsertQueue(record.queueName, 1, false));
    }
    if (record.flowControl) lanes.push(this.flowLane(record.flowControl.key));
    return lanes;
  }

  /** Rate-only keys (no parallelism) are unlimited here: rate and period are not enforced locally. */
  private flowLane(key: string): Lane {
    const lane = this.flows.get(key) ?? newLane(key, Number.POSITIVE_INFINITY);
    this.flows.set(key, lane);
    return lane;
  }
}
