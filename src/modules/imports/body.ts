/** Stream helpers the upload path shares between the main Worker and the import Worker. */

/** Where each import's file lives: one key per job, under its vendor. */
export function fileKey(vendorId: string, jobId: string): string {
  return `imports/${vendorId}/${jobId}`;
}

/** How much of a refused body is still read (and dropped) so the client sees the answer, not a reset. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/**
 * Reads and drops what is left of a refused body (up to DRAIN_BYTES, then cancels): answering
 * while the client is still sending makes some proxies reset the connection instead.
 */
export async function discardBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return;
  let dropped = 0;
  try {
    for await (const chunk of chunksOf(body)) {
      dropped += chunk.byteLength;
      if (dropped > DRAIN_BYTES) break;
    }
  } catch {}
  await body.cancel().catch(() => {});
}

/** The chunks of a stream, read with a reader (works the same in workerd and Node). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
