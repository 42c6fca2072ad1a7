/**
 * JSON shapes the `@upstash/qstash` SDK reads (Message, DlqMessage, QueueResponse, callback bodies)
 * and the query filters it sends to the DLQ and bulk-cancel endpoints.
 */
import type { AttemptResponse, DlqEntry, HeaderMap, MessageRecord, RecordFilter } from './qstash-store';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The message as `GET /v2/messages/<id>` answers it, plus the local-only `state` and `retried`. */
export function messageView(record: MessageRecord): Record<string, unknown> {
  return {
    messageId: record.messageId,
    url: record.url,
    method: record.method,
    header: headerView(record.header),
    ...bodyView(record.body, 'body'),
    maxRetries: record.maxRetries,
    notBefore: record.notBefore || record.createdAt,
    createdAt: record.createdAt,
    callback: record.callback?.url,
    failureCallback: record.failureCallback?.url,
    queueName: record.queueName,
    callerIp: record.callerIp,
    flowControlKey: record.flowControl?.key,
    parallelism: record.flowControl?.parallelism,
    label: record.labels[0],
    labels: record.labels.length > 0 ? record.labels : undefined,
    state: record.state,
    retried: record.retried,
  };
}

/** One DLQ entry as `GET /v2/dlq` lists it. */
export function dlqView(entry: DlqEntry): Record<string, unknown> {
  return {
    ...messageView(entry.message),
    dlqId: entry.dlqId,
    responseStatus: entry.response.status || undefined,
    responseHeader: headerView(entry.response.header),
    ...bodyView(entry.response.body, 'responseBody'),
  };
}

/** The JSON body QStash POSTs to `Upstash-Callback` / `Upstash-Failure-Callback` URLs. */
export function callbackBody(record: MessageRecord, response: AttemptResponse, dlqId?: string): string {
  return JSON.stringify({
    status: response.status,
    header: headerView(response.header),
    body: response.body.toString('base64'),
    retried: record.retried,
    maxRetries: record.maxRetries,
    sourceMessageId: record.messageId,
    url: record.url,
    method: record.method,
    sourceHeader: headerView(record.header),
    sourceBody: record.body.toString('base64'),
    notBefore: record.notBefore || record.createdAt,
    createdAt: record.createdAt,
    callerIP: record.callerIp,
    ...(dlqId ? { dlqId } : {}),
  });
}

/** UTF-8 bodies travel as text, anything else base64 under `<field>Base64`, as QStash does. */
function bodyView(body: Buffer, field: string): Record<string, string> {
  if (body.length === 0) return {};
  try {
    return { [field]: utf8.decode(body) };
  } catch {
    return { [`${field}Base64`]: body.toString('base64') };
  }
}

/** Go's `http.Header` shape: canonical names, list values. */
function headerView(header: HeaderMap): Record<string, string[]> {
  return Object.fromEntries(Object.entries(header).map(([name, value]) => [canonicalName(name), [value]]));
}

function canonicalName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Reads the SDK's filter query (`url=…&label=…&dlqIds=…`) into a RecordFilter. */
export function parseFilter(params: URLSearchParams): RecordFilter {
  const list = (name: string): string[] | undefined => {
    const values = params
      .getAll(name)
      .flatMap((value) => value.split(','))
      .filter(Boolean);
    return values.length > 0 ? values : undefined;
  };
  const date = (name: string): number | undefined => {
    const value = params.get(name);
    return value ? Number(value) : undefined;
  };
  return {
    ids: list('dlqIds'),
    messageIds: list('messageIds') ?? list('messageId'),
    urls: list('url'),
    queueNames: list('queueName'),
    labels: list('label'),
    flowControlKeys: list('flowControlKey'),
    callerIps: list('callerIp'),
    hosts: list('host'),
    paths: list('path'),
    responseStatuses: list('responseStatus')?.map(Number),
    fromDate: date('fromDate'),
    toDate: date('toDate'),
    matchesNothing: params.has('topicName') || params.has('scheduleId'),
  };
}

/** True when the query names no filter at all, i.e. the request means "all". */
export function isEmptyFilter(filter: RecordFilter): boolean {
  return Object.values(filter).every((value) => value === undefined || value === false);
}
