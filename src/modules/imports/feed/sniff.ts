/**
 * Dialect detection from the head of a file: binary or empty files, encoding, delimiter, format and
 * where the data starts. Every whole-file problem ends here as a FeedError with a sentence for the vendor.
 */
import { scanRecord } from './csv-reader';
import { bomLength, decodeField, detectEncoding } from './encoding';
import { isGoogleHeader, missingGoogleColumns } from './google';
import { isShopifyHeader, missingShopifyColumns } from './shopify';
import { type FeedDialect, FeedError, type FeedFormat } from './types';

/** How much of the file `sniffFeed` wants to see. */
export const SNIFF_BYTES = 64 * 1024;

const DELIMITERS = [',', '\t', ';', '|'] as const;
const DELIMITER_NAMES: Record<FeedDialect['delimiter'], string> = {
  ',': 'commas',
  '\t': 'tabs',
  ';': 'semicolons',
  '|': 'vertical bars',
};

/** Magic numbers of files vendors upload by mistake. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive or an Excel workbook (.xlsx); save it as CSV (UTF-8) first' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls); save it as CSV (UTF-8) first' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive; upload the CSV inside it' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text ("Unicode text" in Excel); save it as CSV (UTF-8) instead' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text; save it as CSV (UTF-8) instead' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
];

function assertText(head: Uint8Array): void {
  for (const { bytes, what } of SIGNATURES) {
    if (bytes.every((byte, index) => head[index] === byte)) {
      throw new FeedError('BINARY_FILE', `This file is ${what}, not a CSV or TSV product feed.`);
    }
  }
  let control = 0;
  for (const byte of head) {
    if (byte === 0) throw new FeedError('BINARY_FILE', 'This file contains binary data (zero bytes), not CSV or TSV text.');
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) control++;
  }
  if (control > Math.max(8, head.length / 100)) {
    throw new FeedError('BINARY_FILE', 'This file contains binary data (control characters), not CSV or TSV text.');
  }
}

function detectFormat(header: string[]): FeedFormat | null {
  if (isShopifyHeader(header)) return 'shopify';
  if (isGoogleHeader(header)) return 'google';
  return null;
}

interface Candidate {
  delimiter: FeedDialect['delimiter'];
  header: string[];
  format: FeedFormat | null;
  end: number;
  lineBreaks: number;
}

/** Reads the dialect from the first bytes of the file (at least the first 64 KiB, or all of it). */
export function sniffFeed(head: Uint8Array, options?: { fileSize?: number }): FeedDialect {
  const complete = options?.fileSize !== undefined ? head.length >= options.fileSize : head.length < SNIFF_BYTES;
  const bom = bomLength(head);
  if (options?.fileSize === 0 || head.length === 0 || (complete && isBlank(head, bom))) {
    throw new FeedError('EMPTY_FILE', 'The file is empty.');
  }
  assertText(head);
  const encoding = detectEncoding(head.subarray(bom), complete);

  // Excel writes `sep=;` as the first line when told which separator a CSV uses.
  const hint = /^sep=([,;|\t])\r?\n/i.exec(decodeField(head, bom, Math.min(head.length, bom + 8), 'utf-8'));
  const headerStart = bom + (hint?.[0].length ?? 0);
  const delimiters = hint ? [hint[1] as FeedDialect['delimiter']] : DELIMITERS;
  const candidates: Candidate[] = [];
  for (const delimiter of delimiters) {
    const scan = scanRecord(head, headerStart, complete, delimiter.charCodeAt(0), SNIFF_BYTES, SNIFF_BYTES);
    if (scan.kind !== 'record' || scan.problem) continue;
    const header: string[] = [];
    for (let s = 0; s < scan.spans.length; s += 3) {
      let text = decodeField(head, scan.spans[s] as number, scan.spans[s + 1] as number, encoding).trim();
      if (scan.spans[s + 2] === 1) text = text.replaceAll('""', '"');
      header.push(text);
    }
    candidates.push({ delimiter, header, format: detectFormat(header), end: scan.end, lineBreaks: scan.lineBreaks });
  }
  if (candidates.length === 0) {
    throw new FeedError(
      'MALFORMED_FILE',
      'The first line could not be read as a header: it is longer than 64 KiB or has a quote that is never closed.',
    );
  }
  const score = (c: Candidate) => (c.format ? 10_000 : 0) + c.header.length;
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  if (!best.format) {
    if (best.header.length <= 1) {
      throw new FeedError(
        'UNSUPPORTED_FORMAT',
        `The header has a single column (${preview(best.header[0] ?? '')}): columns must be separated by commas, tabs, semicolons or vertical bars (|).`,
      );
    }
    throw new FeedError(
      'UNSUPPORTED_FORMAT',
      `The columns (${best.header.slice(0, 6).map(preview).join(', ')}${best.header.length > 6 ? ', …' : ''}) are neither a Google Shopping / Letzshop feed (id, title, price, …) nor a Shopify product CSV (Handle, Title, Variant Price, …).`,
    );
  }
  const missing = best.format === 'shopify' ? missingShopifyColumns(best.header) : missingGoogleColumns(best.header);
  if (missing.length > 0) {
    const what = best.format === 'shopify' ? 'Shopify product CSV' : 'Google Shopping / Letzshop feed';
    throw new FeedError('UNSUPPORTED_FORMAT', `This ${what} lacks the required column(s) ${missing.join(', ')}.`);
  }

  const dataOffset = best.end;
  const sample = sampleRecords(head, dataOffset, complete, best.delimiter.charCodeAt(0));
  if (complete && sample.length === 0) {
    throw new FeedError('HEADER_ONLY', 'The file has a header but no product rows.');
  }
  if (best.header.length > 1 && sample.length > 0 && sample.every((count) => count === 1)) {
    throw new FeedError(
      'UNSUPPORTED_FORMAT',
      `The header is separated by ${DELIMITER_NAMES[best.delimiter]} but the rows are not (line ${1 + best.lineBreaks + (hint ? 2 : 1)} has a single column): save the file with one separator throughout.`,
    );
  }
  return {
    format: best.format,
    delimiter: best.delimiter,
    encoding,
    header: best.header,
    dataOffset,
    dataLine: 1 + best.lineBreaks + (hint ? 1 : 0),
  };
}

function isBlank(head: Uint8Array, from: number): boolean {
  for (let i = from; i < head.length; i++) {
    const byte = head[i];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

/** Field counts of up to 20 complete, non-blank records after the header. */
function sampleRecords(head: Uint8Array, from: number, complete: boolean, delimiter: number): number[] {
  const counts: number[] = [];
  let at = from;
  while (counts.length < 20) {
    const scan = scanRecord(head, at, complete, delimiter, SNIFF_BYTES, SNIFF_BYTES);
    if (scan.kind !== 'record') break;
    at = scan.end;
    const blank = scan.spans.length === 3 && scan.spans[0] === scan.spans[1] && !scan.problem;
    if (!blank) counts.push(scan.spans.length / 3);
  }
  return counts;
}

function preview(text: string): string {
  return text.length > 40 ? `“${text.slice(0, 37)}…”` : `“${text}”`;
}
