/**
 * In-memory state of the local QStash: message records, the deduplication window and the DLQ.
 * Everything is bounded so a long `npm run dev` session does not grow without limit.
 */

/** Lifecycle of a message; the terminal states are DELIVERED, FAILED (dead-lettered) and CANCELED. */
export type MessageState = 'CREATED' | 'ACTIVE' | 'RETRY' | 'DELIVERED' | 'FAILED' | 'CANCELED';

/** Header names are kept lower-cased, as node:http hands them to us. */
export type HeaderMap = Record<string, string>;

/** Where a callback or failure callback goes, and how it is delivered. */
export interface CallbackTarget {
  url: string;
  method: string;
  header: HeaderMap;
  retries: number | undefined;
}

/** A flow-control key limits how many messages sharing it are in delivery at once. */
export interface FlowControl {
  key: string;
  parallelism: number | undefined;
}

/** One accepted message, as the API shows it and the dispatcher delivers it. */
export interface MessageRecord {
  messageId: string;
  url: string;
  method: string;
  /** Exactly what goes to the destination besides QStash's own headers (incl. content-type). */
  header: HeaderMap;
  body: Buffer;
  createdAt: number;
  /** Epoch ms before which the message is not delivered; 0 for "now". */
  notBefore: number;
  maxRetries: number;
  retried: number;
  timeoutMs: number;
  callerIp: string;
  labels: string[];
  queueName: string | undefined;
  flowControl: FlowControl | undefined;
  callback: CallbackTarget | undefined;
  failureCallback: CallbackTarget | undefined;
  state: MessageState;
}

/** The destination's answer to one attempt; status 0 means no HTTP answer (network error, timeout). */
export interface AttemptResponse {
  status: number;
  header: HeaderMap;
  body: Buffer;
}

/** A dead-lettered message with the response of its last attempt. */
export interface DlqEntry {
  dlqId: string;
  seq: number;
  message: MessageRecord;
  response: AttemptResponse;
}

/** Filters of the DLQ and bulk-cancel endpoints; every list is OR, separate fields are AND. */
export interface RecordFilter {
  ids?: string[];
  messageIds?: string[];
  urls?: string[];
  queueNames?: string[];
  labels?: string[];
  flowControlKeys?: string[];
  callerIps?: string[];
  hosts?: string[];
  paths?: string[];
  responseStatuses?: number[];
  fromDate?: number;
  toDate?: number;
  /** URL groups and schedules do not exist here, so a filter on them matches nothing. */
  matchesNothing?: boolean;
}

/** Keep this many finished message records and DLQ entries; older ones are forgotten. */
const RETAINED = 10_000;
/** QStash's deduplication window. */
const DEDUP_WINDOW_MS = 10 * 60 * 1000;

const TERMINAL: ReadonlySet<MessageState> = new Set(['DELIVERED', 'FAILED', 'CANCELED']);

/** True once a message will never be attempted again. */
export function isTerminal(state: MessageState): boolean {
  return TERMINAL.has(state);
}

/** Records, deduplication ids and dead letters, all bounded. */
export class MessageStore {
  private readonly records = new Map<string, MessageRecord>();
  /** Finished ids in finishing order, so the oldest are dropped first. */
  private readonly finished = new Set<string>();
  private readonly dedup = new Map<string, { messageId: string; expiresAt: number }>();
  private readonly dead = new Map<string, DlqEntry>();
  private deadSeq = 0;

  add(record: MessageRecord): void {
    this.records.set(record.messageId, record);
  }

  get(messageId: string): MessageRecord | undefined {
    return this.records.get(messageId);
  }

  /** Every message not yet in a terminal state. */
  pending(): MessageRecord[] {
    return [...this.records.values()].filter((record) => !isTerminal(record.state));
  }

  /** Marks a record finished and forgets the oldest finished ones beyond the retention cap. */
  retire(record: MessageRecord): void {
    this.finished.add(record.messageId);
    for (const id of this.finished) {
      if (this.finished.size <= RETAINED) break;
      this.finished.delete(id);
      this.records.delete(id);
    }
  }

  /** The message id already accepted under this deduplication key inside the window, if any. */
  findDuplicate(key: string, now: number): string | undefined {
    this.expireDedup(now);
    return this.dedup.get(key)?.messageId;
  }

  rememberDedup(key: string, messageId: string, now: number): void {
    this.dedup.set(key, { messageId, expiresAt: now + DEDUP_WINDOW_MS });
  }

  /** Entries share one TTL, so insertion order is expiry order and we stop at the first live one. */
  private expireDedup(now: number): void {
    for (const [key, entry] of this.dedup) {
      if (entry.expiresAt > now) break;
      this.dedup.delete(key);
    }
  }

  addDead(message: MessageRecord, response: AttemptResponse): DlqEntry {
    const seq = ++this.deadSeq;
    const entry: DlqEntry = { dlqId: `${Date.now()}-${seq}`, seq, message, response };
    this.dead.set(entry.dlqId, entry);
    for (const id of this.dead.keys()) {
      if (this.dead.size <= RETAINED) break;
      this.dead.delete(id);
    }
    return entry;
  }

  removeDead(dlqId: string): boolean {
    return this.dead.delete(dlqId);
  }

  get deadCount(): number {
    return this.dead.size;
  }

  /**
   * One page of matching DLQ entries, oldest first. The cursor is the sequence number of the next
   * match, so it stays valid when earlier entries are deleted between pages.
   */
  pageDead(filter: RecordFilter, cursor: string | undefined, count: number): { entries: DlqEntry[]; cursor?: string } {
    const from = cursor ? Number(cursor) : 0;
    const entries: DlqEntry[] = [];
    for (const entry of this.dead.values()) {
      if (entry.seq < from || !matchesDead(entry, filter)) continue;
      if (entries.length === count) return { entries, cursor: String(entry.seq) };
      entries.push(entry);
    }
    return { entries };
  }
}

function matchesDead(entry: DlqEntry, filter: RecordFilter): boolean {
  if (filter.ids && !filter.ids.includes(entry.dlqId)) return false;
  if (filter.responseStatuses && !filter.responseStatuses.includes(entry.response.status)) return false;
  return matchesMessage(entry.message, filter);
}

/** Whether a message passes the filter's message-level fields. */
export function matchesMessage(message: MessageRecord, filter: RecordFilter): boolean {
  if (filter.matchesNothing) return false;
  const url = new URL(message.url);
  const checks: Array<[string[] | undefined, string[]]> = [
    [filter.messageIds, [message.messageId]],
    [filter.urls, [message.url]],
    [filter.queueNames, message.queueName ? [message.queueName] : []],
    [filter.labels, message.labels],
    [filter.flowControlKeys, message.flowControl ? [message.flowControl.key] : []],
    [filter.callerIps, [message.callerIp]],
    [filter.hosts, [url.host, url.hostname]],
    [filter.paths, [url.pathname]],
  ];
  if (checks.some(([wanted, actual]) => wanted && !actual.some((value) => wanted.includes(value)))) return false;
  if (filter.fromDate !== undefined && message.createdAt < filter.fromDate) return false;
  if (filter.toDate !== undefined && message.createdAt > filter.toDate) return false;
  return true;
}
