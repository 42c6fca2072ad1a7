/** One delivery attempt: the signed HTTP request QStash makes to a destination. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { normalizeHeaders } from './qstash-publish';
import { signDelivery } from './qstash-signature';
import type { AttemptResponse, HeaderMap, MessageRecord } from './qstash-store';

/** Enough of a failing response to debug it from the DLQ without keeping megabytes per entry. */
const MAX_KEPT_RESPONSE_BYTES = 64 * 1024;

/** What the fault injector reports instead of a real answer, as if the destination said 500. */
export const INJECTED_FAILURE: AttemptResponse = {
  status: 500,
  header: { 'content-type': 'text/plain' },
  body: Buffer.from('local qstash: injected failure (failRate)'),
};

/** 2xx means delivered; anything else (including no answer) is a failed attempt. */
export function isDelivered(response: AttemptResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** A 489 with `Upstash-NonRetryable-Error: true` sends the message to the DLQ without retrying. */
export function isNonRetryable(response: AttemptResponse): boolean {
  return response.status === 489 && response.header['upstash-nonretryable-error']?.toLowerCase() === 'true';
}

/**
 * Sends the message once, signed with `signingKey`. Network errors and timeouts come back as
 * status 0 with the error text as body, never as a thrown error.
 */
export async function sendAttempt(record: MessageRecord, signingKey: string, closing: AbortSignal): Promise<AttemptResponse> {
  // GET and HEAD carry no body, so the signature must hash the empty body the destination sees.
  const hasBody = record.method !== 'GET' && record.method !== 'HEAD';
  const body = hasBody ? record.body : Buffer.alloc(0);
  const headers: HeaderMap = {
    ...record.header,
    'user-agent': 'Upstash-QStash',
    'upstash-message-id': record.messageId,
    'upstash-retried': String(record.retried),
    'upstash-caller-ip': record.callerIp,
    'upstash-signature': await signDelivery(signingKey, record.url, body),
  };
  try {
    return await exchange(
      new URL(record.url),
      record.method,
      headers,
      hasBody ? body : undefined,
      AbortSignal.any([closing, AbortSignal.timeout(record.timeoutMs)]),
    );
  } catch (error) {
    return { status: 0, header: {}, body: Buffer.from(describeError(error)) };
  }
}

/**
 * node:http rather than fetch: fetch adds browser headers (sec-fetch-mode, accept-language) that
 * QStash never sends. Redirects are not followed: for QStash a 3xx is a failed attempt.
 */
function exchange(
  url: URL,
  method: string,
  headers: HeaderMap,
  body: Buffer | undefined,
  signal: AbortSignal,
): Promise<AttemptResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const lengthHeader = body ? { 'content-length': String(body.length) } : {};
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: { ...headers, ...lengthHeader }, signal }, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < MAX_KEPT_RESPONSE_BYTES) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          header: normalizeHeaders(res.headers),
          body: Buffer.concat(chunks).subarray(0, MAX_KEPT_RESPONSE_BYTES),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
