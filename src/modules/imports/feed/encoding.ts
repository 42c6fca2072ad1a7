/**
 * Text decoding of feed fields. Field bytes are sliced on ASCII delimiters, which never occur inside a
 * multi-byte UTF-8 sequence or a Windows-1252 character, so each field decodes on its own.
 * Windows-1252 is decoded with our own table (0x80–0x9F differ from Latin-1) so the result does not
 * depend on which legacy encodings the runtime's TextDecoder carries.
 */

export type FeedEncoding = 'utf-8' | 'windows-1252';

// Code points of 0x80–0x9F in Windows-1252; the five undefined bytes keep their C1 code point.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f, 0x90,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Longest run handed to String.fromCharCode.apply at once (argument-count limits). */
const APPLY_CHUNK = 8192;

function asciiString(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= APPLY_CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let text = '';
  for (let at = start; at < end; at += APPLY_CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(at, Math.min(end, at + APPLY_CHUNK)) as unknown as number[]);
  }
  return text;
}

/** Decodes bytes as Windows-1252. */
export function decodeWindows1252(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const codes = new Array<number>(end - start);
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    codes[i - start] = byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] as number) : byte;
  }
  let text = '';
  for (let at = 0; at < codes.length; at += APPLY_CHUNK) {
    text += String.fromCharCode.apply(null, codes.slice(at, at + APPLY_CHUNK));
  }
  return text;
}

/**
 * Decodes `bytes[start, end)`. A UTF-8 file with a stray Windows-1252 field (files pasted together
 * from two sources) gets that field decoded as Windows-1252 rather than as replacement characters.
 */
export function decodeField(bytes: Uint8Array, start: number, end: number, encoding: FeedEncoding): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if ((bytes[i] as number) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return asciiString(bytes, start, end);
  if (encoding === 'utf-8') {
    try {
      return utf8.decode(bytes.subarray(start, end));
    } catch {
      // not UTF-8 after all: fall through
    }
  }
  return decodeWindows1252(bytes, start, end);
}

/** The length of a UTF-8 byte order mark at the start of `head` (0 or 3). */
export function bomLength(head: Uint8Array): number {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
}

/**
 * BOM → UTF-8; bytes that are valid UTF-8 → UTF-8; anything else → Windows-1252. `complete` says
 * whether `head` is the whole file (else a multi-byte sequence cut at its end is not an error).
 */
export function detectEncoding(head: Uint8Array, complete: boolean): FeedEncoding {
  if (bomLength(head) === 3) return 'utf-8';
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    decoder.decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/**
 * Decodes the fields of one record, given as `[start, end, flag]` triples of byte offsets in `bytes`.
 * One decoder call per record rather than per field: UTF-8 is decoded once and cut at the fields'
 * character positions (lead bytes tell how many UTF-16 units each sequence makes).
 * Returns null when the record is not valid UTF-8 (the caller decodes field by field).
 */
export function decodeUtf8Spans(bytes: Uint8Array, spans: number[]): string[] | null {
  const first = spans[0] as number;
  const last = spans[spans.length - 2] as number;
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(first, last));
  } catch {
    return null;
  }
  const fields: string[] = new Array(spans.length / 3);
  let at = first;
  let unit = 0;
  for (let s = 0; s < spans.length; s += 3) {
    const start = spans[s] as number;
    const end = spans[s + 1] as number;
    unit = advance(bytes, at, start, unit);
    const from = unit;
    unit = advance(bytes, start, end, unit);
    at = end;
    fields[s / 3] = text.slice(from, unit);
  }
  return fields;
}

/** UTF-16 index after walking valid UTF-8 from byte `from` to byte `to`. */
function advance(bytes: Uint8Array, from: number, to: number, unit: number): number {
  let i = from;
  let u = unit;
  while (i < to) {
    const byte = bytes[i] as number;
    if (byte < 0x80) i++;
    else if (byte >= 0xf0) {
      i += 4;
      u++; // a surrogate pair: one extra unit
    } else if (byte >= 0xe0) i += 3;
    else i += 2;
    u++;
  }
  return u;
}
