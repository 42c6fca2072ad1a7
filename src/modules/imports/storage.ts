import * as Multipasta from 'multipasta';
import { chunksOf, discardBody } from './body';

/**
 * Raw import files in R2, written as they stream in: never held whole in memory. A file smaller
 * than one part is one `put`; a larger one goes up as an R2 multipart upload in parts of
 * `PART_BYTES` (R2 wants every part but the last to be at least 5 MiB). Past `maxBytes` the upload
 * is aborted and nothing stays behind.
 */
export const PART_BYTES = 8 * 1024 * 1024;

/** The file is larger than the limit; nothing was stored. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes`);
  }
}

/** The request body is not what it claims (a multipart body without a file part, a broken boundary). */
export class BadUploadError extends Error {
  override readonly name = 'BadUploadError';
}

/** Collects bytes into parts and writes them to R2; `finish` answers the size. */
class R2Sink {
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private total = 0;
  private upload: R2MultipartUpload | undefined;
  private parts: R2UploadedPart[] = [];

  constructor(
    private readonly bucket: R2Bucket,
    private readonly key: string,
    private readonly maxBytes: number,
    private readonly contentType: string,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    this.total += chunk.byteLength;
    if (this.total > this.maxBytes) throw new TooLargeError(this.maxBytes);
    // The parser may hand out views of a buffer it reuses: keep a copy.
    this.buffered.push(chunk.slice());
    this.bufferedBytes += chunk.byteLength;
    while (this.bufferedBytes >= PART_BYTES) await this.flushPart(PART_BYTES);
  }

  async finish(): Promise<number> {
    if (!this.upload) {
      await this.bucket.put(this.key, concat(this.buffered, this.bufferedBytes), {
        httpMetadata: { contentType: this.contentType },
      });
    } else {
      if (this.bufferedBytes > 0) await this.flushPart(this.bufferedBytes);
      await this.upload.complete(this.parts);
    }
    this.buffered = [];
    this.bufferedBytes = 0;
    return this.total;
  }

  async abort(): Promise<void> {
    this.buffered = [];
    this.bufferedBytes = 0;
    await this.upload?.abort().catch(() => {});
  }

  private async flushPart(size: number): Promise<void> {
    this.upload ??= await this.bucket.createMultipartUpload(this.key, { httpMetadata: { contentType: this.contentType } });
    const all = concat(this.buffered, this.bufferedBytes);
    const part = all.subarray(0, size);
    const rest = all.subarray(size);
    this.buffered = rest.byteLength > 0 ? [rest] : [];
    this.bufferedBytes = rest.byteLength;
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, part));
  }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Streams `body` into R2 under `key`; answers the stored size. Throws TooLargeError past `maxBytes`. */
export async function storeStream(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<number> {
  const sink = new R2Sink(bucket, key, maxBytes, 'text/plain');
  try {
    if (body) for await (const chunk of chunksOf(body)) await sink.write(chunk);
    return await sink.finish();
  } catch (error) {
    await sink.abort();
    await discardBody(body);
    throw error;
  }
}

/**
 * Streams the first file part of a `multipart/form-data` body into R2 (other fields are ignored);
 * answers its size and file name. Throws BadUploadError when there is no file part.
 */
export async function storeMultipartFile(
  bucket: R2Bucket,
  key: string,
  contentType: string,
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<{ bytes: number; fileName: string }> {
  const sink = new R2Sink(bucket, key, maxBytes, 'text/plain');
  // The parser calls back synchronously as it reads; the chunks wait here for the (async) sink.
  const pending: Uint8Array[] = [];
  let fileName: string | undefined;
  let fileDone = false;
  let failure: Error | undefined;
  const parser = Multipasta.make({
    headers: { 'content-type': contentType },
    maxParts: 20,
    maxTotalSize: Number.POSITIVE_INFINITY,
    maxPartSize: Number.POSITIVE_INFINITY,
    onField: () => {},
    onFile: (info) => {
      const first = fileName === undefined;
      if (first) fileName = info.filename ?? '';
      return (chunk) => {
        if (!first) return;
        if (chunk === null) fileDone = true;
        else pending.push(chunk.slice());
      };
    },
    onError: (error) => {
      failure ??= new BadUploadError(`The multipart body is malformed (${error._tag})`);
    },
    onDone: () => {},
  });
  try {
    if (!body) throw new BadUploadError('The multipart body is empty');
    for await (const chunk of chunksOf(body)) {
      parser.write(chunk);
      if (failure) throw failure;
      for (const piece of pending.splice(0)) await sink.write(piece);
    }
    parser.end();
    if (failure) throw failure;
    for (const piece of pending.splice(0)) await sink.write(piece);
    if (fileName === undefined) throw new BadUploadError('The multipart body has no file part');
    if (!fileDone) throw new BadUploadError('The multipart body ends inside the file part');
    return { bytes: await sink.finish(), fileName };
  } catch (error) {
    await sink.abort();
    await discardBody(body);
    throw error;
  }
}
