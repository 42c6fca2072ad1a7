/**
 * An RFC 4180 record reader over bytes (see docs/decisions.md, "Feed parsing"): it knows the exact
 * file offset after every record (the pipeline resumes with a ranged read there), turns a broken
 * quote or an oversized field into a problem on that one record, and never holds more than about
 * `maxFieldBytes` of one record in memory.
 *
 * Delimiters, quotes and line breaks are ASCII, and ASCII bytes never occur inside a multi-byte
 * UTF-8 sequence or a Windows-1252 character, so scanning bytes is exact for both encodings.
 * Records end at LF, CRLF or a lone CR (old Mac Excel); blank lines are skipped.
 */
import { decodeField, decodeUtf8Spans, type FeedEncoding } from './encoding';
import { FeedError } from './types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** What went wrong in one record; the reader goes on with the next one. */
export interface RecordProblem {
  code: 'BROKEN_QUOTES' | 'FIELD_TOO_LARGE';
  /** 0-based index of the offending field. */
  field: number;
}

export interface RawRecord {
  fields: string[];
  /** Physical line where the record starts. */
  line: number;
  /** File offsets of the record's first byte and of the byte after its line break. */
  start: number;
  end: number;
  /** Physical line at `end`. */
  endLine: number;
  problem: RecordProblem | null;
}

// Span flags: how to turn a field's bytes into text.
const PLAIN = 0;
const DOUBLED_QUOTES = 1;
const DROPPED = 2;

type Scan =
  | { kind: 'need' }
  | { kind: 'end' }
  | { kind: 'record'; end: number; spans: number[]; lineBreaks: number; problem: RecordProblem | null }
  | { kind: 'oversize'; fieldStart: number; spans: number[]; lineBreaks: number; problem: RecordProblem | null };

const NEED: Scan = { kind: 'need' };
const END: Scan = { kind: 'end' };

function countLineBreaks(buf: Uint8Array, start: number, end: number): number {
  let breaks = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte === LF) {
      if (i === start || buf[i - 1] !== CR) breaks++;
    } else if (byte === CR) breaks++;
  }
  return breaks;
}

/** Index of the first delimiter, LF or CR at or after `from` (or `buf.length`). */
function findFieldEnd(buf: Uint8Array, from: number, delimiter: number): number {
  const n = buf.length;
  let i = from;
  while (i < n) {
    const byte = buf[i];
    if (byte === delimiter || byte === LF || byte === CR) return i;
    i++;
  }
  return n;
}

/**
 * Scans one record starting at `buf[start]`. `eof` says no bytes follow `buf`. Returns `need` when
 * the record may continue past the buffer, `oversize` at the first field longer than `maxFieldBytes`
 * (quotes included) or the field in which the record passes `maxRecordBytes`. Whether a field is too
 * large depends only on the file's bytes, never on where the chunks were cut, so a resumed read sees
 * the same records as a whole one.
 */
export function scanRecord(
  buf: Uint8Array,
  start: number,
  eof: boolean,
  delimiter: number,
  maxFieldBytes: number,
  maxRecordBytes: number,
): Scan {
  const n = buf.length;
  if (start >= n) return eof ? END : NEED;
  const spans: number[] = [];
  let lineBreaks = 0;
  let problem: RecordProblem | null = null;
  let i = start;
  for (;;) {
    const fieldStart = i;
    const spansBefore = spans.length;
    const breaksBefore = lineBreaks;
    const problemBefore = problem;
    const oversize = (): Scan => ({
      kind: 'oversize',
      fieldStart,
      spans: spans.slice(0, spansBefore),
      lineBreaks: breaksBefore,
      problem: problemBefore,
    });
    // The field goes on past the buffer: it is too large already, or more bytes are needed.
    const needMore = (): Scan => (n - fieldStart > maxFieldBytes || n - start > maxRecordBytes ? oversize() : NEED);
    let afterField: number;
    let contentStart: number;
    let contentEnd: number;
    let flag = PLAIN;
    if (i < n && buf[i] === QUOTE) {
      let from = i + 1;
      let close = -1;
      for (;;) {
        const quote = buf.indexOf(QUOTE, from);
        if (quote === -1) break;
        if (quote + 1 >= n) {
          if (!eof) return needMore();
          close = quote;
          break;
        }
        if (buf[quote + 1] === QUOTE) {
          flag = DOUBLED_QUOTES;
          from = quote + 2;
          continue;
        }
        close = quote;
        break;
      }
      if (close === -1) {
        if (!eof || n - fieldStart > maxFieldBytes || n - start > maxRecordBytes) return needMore();
        // Never closed: the record is the rest of the physical line the quote opened on.
        const lineEnd = findLineEnd(buf, fieldStart + 1);
        spans.push(fieldStart + 1, lineEnd.at, DROPPED);
        return {
          kind: 'record',
          end: lineEnd.next,
          spans,
          lineBreaks: lineBreaks + (lineEnd.next > lineEnd.at ? 1 : 0),
          problem: problem ?? { code: 'BROKEN_QUOTES', field: spansBefore / 3 },
        };
      }
      contentStart = i + 1;
      contentEnd = close;
      afterField = close + 1;
      if (afterField < n) {
        const byte = buf[afterField];
        if (byte !== delimiter && byte !== LF && byte !== CR) {
          // Text after the closing quote (`"abc"def`): the field's quoting is broken.
          afterField = findFieldEnd(buf, afterField, delimiter);
          if (afterField >= n && !eof) return needMore();
          problem ??= { code: 'BROKEN_QUOTES', field: spansBefore / 3 };
        }
      }
      lineBreaks += countLineBreaks(buf, contentStart, contentEnd);
    } else {
      afterField = findFieldEnd(buf, i, delimiter);
      if (afterField >= n && !eof) return needMore();
      contentStart = i;
      contentEnd = afterField;
    }
    if (afterField - fieldStart > maxFieldBytes || afterField - start > maxRecordBytes) return oversize();
    spans.push(contentStart, contentEnd, flag);
    if (afterField >= n) return { kind: 'record', end: n, spans, lineBreaks, problem };
    const byte = buf[afterField];
    if (byte === delimiter) {
      i = afterField + 1;
      continue;
    }
    if (byte === LF) return { kind: 'record', end: afterField + 1, spans, lineBreaks: lineBreaks + 1, problem };
    // CR: CRLF or a lone CR
    if (afterField + 1 >= n && !eof) return NEED;
    const end = buf[afterField + 1] === LF ? afterField + 2 : afterField + 1;
    return { kind: 'record', end, spans, lineBreaks: lineBreaks + 1, problem };
  }
}

/** The first line break at or after `from`: where it starts and the index after it. */
function findLineEnd(buf: Uint8Array, from: number): { at: number; next: number } {
  for (let i = from; i < buf.length; i++) {
    if (buf[i] === LF) return { at: i, next: i + 1 };
    if (buf[i] === CR) return { at: i, next: buf[i + 1] === LF ? i + 2 : i + 1 };
  }
  return { at: buf.length, next: buf.length };
}

export interface RecordReaderOptions {
  delimiter: string;
  encoding: FeedEncoding;
  /** File offset of the stream's first byte. */
  startOffset: number;
  /** Physical line number at `startOffset`. */
  startLine: number;
  maxFieldBytes: number;
}

/** Reads records one by one from a byte stream that starts at a record boundary. */
export class CsvRecordReader {
  private buf: Uint8Array = new Uint8Array(0);
  /** File offset of `buf[0]`. */
  private base: number;
  /** Index in `buf` where the next record starts. */
  private pos = 0;
  private eof = false;
  private line: number;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly delimiter: number;
  private readonly maxRecordBytes: number;

  constructor(
    stream: ReadableStream<Uint8Array>,
    private readonly options: RecordReaderOptions,
  ) {
    this.reader = stream.getReader();
    this.base = options.startOffset;
    this.line = options.startLine;
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRecordBytes = Math.max(4 * options.maxFieldBytes, 1 << 20);
  }

  /** File offset where the next record starts. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Physical line where the next record starts. */
  get nextLine(): number {
    return this.line;
  }

  /** The next non-blank record, or null at the end of the stream. */
  async next(): Promise<RawRecord | null> {
    for (;;) {
      const { maxFieldBytes } = this.options;
      const scan = scanRecord(this.buf, this.pos, this.eof, this.delimiter, maxFieldBytes, this.maxRecordBytes);
      if (scan.kind === 'need') {
        await this.fill();
        continue;
      }
      if (scan.kind === 'end') return null;
      if (scan.kind === 'oversize') return this.skipOversized(scan.fieldStart, scan.spans, scan.lineBreaks, scan.problem);
      const record: RawRecord = {
        fields: this.decodeSpans(scan.spans),
        line: this.line,
        start: this.base + this.pos,
        end: this.base + scan.end,
        endLine: this.line + scan.lineBreaks,
        problem: scan.problem,
      };
      this.line += scan.lineBreaks;
      this.pos = scan.end;
      if (record.problem === null && record.fields.length === 1 && record.fields[0] === '') continue;
      return record;
    }
  }

  /** Stops reading the stream (the caller has what it needs). */
  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => {});
  }

  private decodeSpans(spans: number[]): string[] {
    const { encoding } = this.options;
    let dropped = false;
    for (let s = 2; s < spans.length; s += 3) if (spans[s] === DROPPED) dropped = true;
    if (encoding === 'utf-8' && spans.length > 0 && !dropped) {
      const decoded = decodeUtf8Spans(this.buf, spans);
      if (decoded) {
        for (let s = 2; s < spans.length; s += 3) {
          const index = (s - 2) / 3;
          if (spans[s] === DOUBLED_QUOTES) decoded[index] = (decoded[index] as string).replaceAll('""', '"');
        }
        return decoded;
      }
    }
    const fields: string[] = [];
    for (let s = 0; s < spans.length; s += 3) {
      const flag = spans[s + 2];
      if (flag === DROPPED) {
        fields.push('');
        continue;
      }
      const text = decodeField(this.buf, spans[s] as number, spans[s + 1] as number, encoding);
      fields.push(flag === DOUBLED_QUOTES ? text.replaceAll('""', '"') : text);
    }
    return fields;
  }

  private async fill(): Promise<void> {
    const { done, value } = await this.reader.read();
    if (done) {
      this.eof = true;
      return;
    }
    const rest = this.buf.length - this.pos;
    const next = new Uint8Array(rest + value.length);
    next.set(this.buf.subarray(this.pos), 0);
    next.set(value, rest);
    this.base += this.pos;
    this.buf = next;
    this.pos = 0;
  }

  /**
   * A field (or record) beyond the limits: keeps the fields before it, then walks to the record's end
   * byte by byte across chunks, dropping the bytes, so memory stays bounded.
   */
  private async skipOversized(
    fieldStart: number,
    spans: number[],
    lineBreaks: number,
    earlier: RecordProblem | null,
  ): Promise<RawRecord> {
    const fields = this.decodeSpans(spans);
    const field = fields.length;
    fields.push('');
    const line = this.line;
    const start = this.base + this.pos;
    let lines = lineBreaks;
    const FIELD_START = 0;
    const UNQUOTED = 1;
    const QUOTED = 2;
    const QUOTE_IN_QUOTED = 3;
    const AFTER_CR = 4;
    let state = FIELD_START;
    let at = fieldStart;
    let previous = -1;
    for (;;) {
      const buf = this.buf;
      for (; at < buf.length; at++) {
        const byte = buf[at] as number;
        const before = previous;
        previous = byte;
        if (state === AFTER_CR) {
          return this.endOversized(fields, field, earlier, line, start, lines, byte === LF ? at + 1 : at);
        }
        if (state === QUOTED) {
          if (byte === QUOTE) state = QUOTE_IN_QUOTED;
          else if (byte === CR || (byte === LF && before !== CR)) lines++;
          continue;
        }
        if (state === FIELD_START && byte === QUOTE) {
          state = QUOTED;
          continue;
        }
        if (state === QUOTE_IN_QUOTED && byte === QUOTE) {
          state = QUOTED;
          continue;
        }
        if (byte === this.delimiter) {
          state = FIELD_START;
          fields.push('');
        } else if (byte === LF) {
          return this.endOversized(fields, field, earlier, line, start, lines + 1, at + 1);
        } else if (byte === CR) {
          lines++;
          state = AFTER_CR;
        } else state = UNQUOTED;
      }
      // Drop what was walked over, keep reading.
      this.base += buf.length;
      this.buf = new Uint8Array(0);
      this.pos = 0;
      at = 0;
      await this.fill();
      if (this.eof) {
        if (state === QUOTED) {
          throw new FeedError(
            'MALFORMED_FILE',
            `A quote opened on line ${line} is never closed, and the text after it runs past ${this.options.maxFieldBytes} bytes to the end of the file. Check the quotes on line ${line}.`,
          );
        }
        return this.endOversized(fields, field, earlier, line, start, lines, 0);
      }
    }
  }

  private endOversized(
    fields: string[],
    field: number,
    earlier: RecordProblem | null,
    line: number,
    start: number,
    lines: number,
    endIndex: number,
  ) {
    this.line = line + lines;
    this.pos = endIndex;
    while (fields.length <= field) fields.push('');
    const record: RawRecord = {
      fields,
      line,
      start,
      end: this.base + endIndex,
      endLine: this.line,
      problem: earlier ?? { code: 'FIELD_TOO_LARGE', field },
    };
    return record;
  }
}
