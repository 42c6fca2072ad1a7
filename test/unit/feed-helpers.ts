/** Helpers for the feed parser's unit tests: byte streams cut into chunks, whole-file reads. */
import {
  type FeedBatch,
  type FeedDialect,
  type FeedItem,
  type FeedRowError,
  readFeed,
  sniffFeed,
} from '../../src/modules/imports/feed';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A stream of `bytes` in chunks of `chunkSize` (small sizes exercise records across chunk boundaries). */
export function streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

export interface ReadResult {
  dialect: FeedDialect;
  batches: FeedBatch[];
  items: FeedItem[];
  errors: FeedRowError[];
  warnings: FeedRowError[];
}

/** Reads `bytes` from `startOffset` (the data offset by default) to the end. */
export async function readAll(
  bytes: Uint8Array,
  options: {
    batchSize?: number;
    chunkSize?: number;
    maxFieldBytes?: number;
    dialect?: FeedDialect;
    startOffset?: number;
    startLine?: number;
  } = {},
): Promise<ReadResult> {
  const dialect = options.dialect ?? sniffFeed(bytes.subarray(0, 64 * 1024), { fileSize: bytes.length });
  const startOffset = options.startOffset ?? dialect.dataOffset;
  const batches: FeedBatch[] = [];
  for await (const batch of readFeed(streamOf(bytes.subarray(startOffset), options.chunkSize), dialect, {
    startOffset,
    startLine: options.startLine,
    batchSize: options.batchSize ?? 1000,
    defaultCurrency: 'EUR',
    maxFieldBytes: options.maxFieldBytes,
  })) {
    batches.push(batch);
  }
  return {
    dialect,
    batches,
    items: batches.flatMap((b) => b.items),
    errors: batches.flatMap((b) => b.errors),
    warnings: batches.flatMap((b) => b.warnings ?? []),
  };
}

/** The FeedError code `fn` throws (or rejects with), else 'none'. */
export async function feedErrorOf(fn: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await fn();
    return { code: 'none', message: '' };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    return { code: code ?? 'not a FeedError', message };
  }
}
