/**
 * Per-row validation shared by both formats: collects a row's errors (the row is rejected) and
 * warnings (the row is kept, the value dropped) with messages that name the column and the value.
 */
import { isAllowedImageUrl, isValidGtin } from '../../catalog';
import { parseMoney } from './money';
import type { FeedRowError } from './types';
import { parseInteger } from './units';

/**
 * Length limits (characters), aligned with the catalog's own so that an item the parser accepts also
 * fits a product: documented in docs/decisions.md ("Feed parsing").
 */
export const LIMITS = {
  externalId: 100,
  title: 200,
  description: 100_000,
  brand: 120,
  sku: 64,
  mpn: 70,
  url: 2000,
  category: 750,
  optionName: 40,
  optionValue: 60,
  attributeName: 60,
  attributeValue: 1000,
} as const;

const VALUE_CUT = 200;

/** Shown in messages: the value cut to 60 characters. */
function quoted(value: string): string {
  return value.length > 60 ? `“${value.slice(0, 57)}…”` : `“${value}”`;
}

export class RowCheck {
  readonly errors: FeedRowError[] = [];
  readonly warnings: FeedRowError[] = [];

  constructor(
    readonly line: number,
    public externalId: string | null,
  ) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** Rejects the row. `message` is the sentence after "Line N: ". */
  fail(code: string, column: string | null, value: string | null, message: string): void {
    this.errors.push(this.entry(code, column, value, message));
  }

  /** Keeps the row but reports a dropped value. */
  warn(code: string, column: string | null, value: string | null, message: string): void {
    this.warnings.push(this.entry(code, column, value, message));
  }

  missing(column: string): void {
    this.fail('MISSING_FIELD', column, null, `${column} is required but empty.`);
  }

  /** `value` if within `max` characters, else a TOO_LONG error and null. */
  length(column: string, value: string, max: number): string | null {
    if (value.length <= max) return value;
    this.fail('TOO_LONG', column, value, `${column} has ${value.length} characters; at most ${max} are allowed.`);
    return null;
  }

  /** An absolute http(s) link; INVALID_URL otherwise. */
  link(column: string, value: string): string | null {
    if (value.length > LIMITS.url) return this.length(column, value, LIMITS.url);
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url.href === value ? value : url.href;
    } catch {
      // reported below
    }
    this.fail('INVALID_URL', column, value, `${column} ${quoted(value)} is not a web address starting with https://.`);
    return null;
  }

  /** An image the catalog accepts (https); INVALID_URL otherwise. */
  image(column: string, value: string): string | null {
    if (value.length > LIMITS.url) return this.length(column, value, LIMITS.url);
    if (isAllowedImageUrl(value)) return value;
    this.fail('INVALID_URL', column, value, `${column} ${quoted(value)} is not an image address starting with https://.`);
    return null;
  }

  /** An amount, in `currency` unless the text names its own; INVALID_PRICE or INVALID_CURRENCY otherwise. */
  money(column: string, text: string, currency: string): { minor: number; currency: string } | null {
    const money = parseMoney(text, currency);
    if (money.ok) return { minor: money.minor, currency: money.currency };
    this.fail(money.code, column, text, `${column} ${quoted(text)} ${money.reason}.`);
    return null;
  }

  /** A stock count; INVALID_NUMBER otherwise. An oversold item (Shopify exports negative stock) has none left: 0. */
  quantity(column: string, text: string): number | null {
    const parsed = parseInteger(text);
    if (parsed !== null) return Math.max(0, parsed);
    this.fail('INVALID_NUMBER', column, text, `${column} ${quoted(text)} is not a whole number.`);
    return null;
  }

  /**
   * Digits only, check digit verified. Excel's scientific notation (`3.65275E+11`) has lost digits
   * for good: a warning, and the GTIN is dropped. Leading zeros Excel stripped are restored (they do
   * not change the check digit).
   */
  gtin(column: string, raw: string): string | null {
    const value = raw.replace(/[\s-]/g, '');
    if (/^\d+(?:[.,]\d+)?E\+?\d+$/i.test(value)) {
      this.warn(
        'GTIN_MANGLED',
        column,
        raw,
        `${column} ${quoted(raw)} was turned into a number by a spreadsheet and its digits are lost; the barcode was not imported. Format the column as text, or export the file again without opening it in Excel.`,
      );
      return null;
    }
    const padded = /^\d{9,11}$/.test(value) ? value.padStart(12, '0') : value;
    if (isValidGtin(padded)) return padded;
    this.fail(
      'INVALID_GTIN',
      column,
      raw,
      /^\d+$/.test(value)
        ? `${column} ${quoted(raw)} is not a valid GTIN: it needs 8, 12, 13 or 14 digits with a correct check digit.`
        : `${column} ${quoted(raw)} is not a GTIN: only digits are allowed.`,
    );
    return null;
  }

  private entry(code: string, column: string | null, value: string | null, message: string): FeedRowError {
    return {
      line: this.line,
      externalId: this.externalId,
      column,
      code,
      message: `Line ${this.line}: ${message}`,
      value: value === null ? null : value.slice(0, VALUE_CUT),
    };
  }
}

/** Formats a value for a message. */
export { quoted };
