/**
 * Public types of the feed parser. This file mirrors /work/briefs/feed-contract.md exactly;
 * the pipeline imports them through ./index.ts only.
 */

/** google = Letzshop / Google Shopping feeds. */
export type FeedFormat = 'google' | 'shopify';

export interface FeedDialect {
  format: FeedFormat;
  delimiter: ',' | '\t' | ';' | '|';
  encoding: 'utf-8' | 'windows-1252';
  /** Header cells as written in the file (trimmed, BOM removed). */
  header: string[];
  /** Byte offset of the first record after the header (where reading starts on a fresh job). */
  dataOffset: number;
  /** Physical line of `dataOffset` (2 unless the header has quoted line breaks). Added, optional. */
  dataLine?: number;
}

export type Availability = 'in_stock' | 'out_of_stock' | 'preorder' | 'backorder';

export interface FeedItem {
  /** Physical line (1-based; the header is line 1) where the record starts. */
  line: number;
  /** google: `id`; shopify: `Variant SKU`, else `${handle}:${option values joined by '/'}`. */
  externalId: string;
  /** google: `item_group_id` or else `id`; shopify: `Handle`. Items of one product share it. */
  groupId: string;
  title: string;
  descriptionHtml: string | null;
  brand: string | null;
  link: string | null;
  /** image_link + additional_image_link / Shopify Image Src rows of the handle + Variant Image */
  imageUrls: string[];
  /** integer minor units */
  priceMinor: number;
  /** ISO 4217, e.g. 'EUR' (Shopify has none in the file: the caller's default currency) */
  currency: string;
  salePriceMinor: number | null;
  /** ISO timestamps from sale_price_effective_date */
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  availability: Availability;
  /** a quantity column (`quantity`, `stock`, `inventory`, Shopify `Variant Inventory Qty`) */
  quantity: number | null;
  /** digits only, check digit verified */
  gtin: string | null;
  mpn: string | null;
  sku: string | null;
  condition: 'new' | 'refurbished' | 'used' | null;
  /** product_type (or google_product_category) / Shopify Type (or Product Category); `>`-separated path kept as text. */
  category: string | null;
  /** color, size, material, pattern… / Shopify Option1..3 */
  options: { name: string; value: string }[];
  /** shipping_weight ("1.2 kg", "300 g", "2 lb") / Variant Grams */
  weightGrams: number | null;
  /** Shopify "Cost per item"; google `cost_of_goods_sold` */
  costMinor: number | null;
  status: 'active' | 'draft' | 'archived' | null;
  /** Unknown columns, kept by their header name (non-empty values only). */
  attributes: Record<string, string>;
}

export interface FeedRowError {
  line: number;
  externalId: string | null;
  /** header name of the offending column, if any */
  column: string | null;
  /**
   * stable codes: MISSING_FIELD, INVALID_PRICE, INVALID_CURRENCY, INVALID_GTIN, GTIN_MANGLED (Excel
   * scientific notation), INVALID_URL, INVALID_AVAILABILITY, TOO_LONG, FIELD_TOO_LARGE, RAGGED_ROW,
   * BROKEN_QUOTES, INVALID_NUMBER, …
   */
  code: string;
  /** a sentence a vendor understands, naming the column and the value */
  message: string;
  /** the offending value, cut to 200 chars */
  value: string | null;
}

export interface FeedBatch {
  /** valid items only */
  items: FeedItem[];
  /** rows that were rejected (a row may produce several errors) */
  errors: FeedRowError[];
  /** records consumed in this batch (valid + rejected) */
  rowsRead: number;
  /** Byte offset in the FILE just after the last record of this batch: resume here. Shopify batches
   *  always end at a handle boundary, so a product's rows never straddle two batches. */
  endOffset: number;
  /** true on the last batch (end of file) */
  done: boolean;
  /** Physical line at `endOffset`: pass it as `startLine` when resuming there. Added; always set by readFeed. */
  nextLine?: number;
  /** Kept rows with a dropped value (GTIN_MANGLED: Excel's 3.65275E+11): the item is in `items`
   *  without it. Same shape as errors; store them in the row-error table too. Added; always set by readFeed. */
  warnings?: FeedRowError[];
}

export type FeedErrorCode = 'UNSUPPORTED_FORMAT' | 'EMPTY_FILE' | 'HEADER_ONLY' | 'BINARY_FILE' | 'MALFORMED_FILE';

/** Whole-file problems: the job fails with this code and message. */
export class FeedError extends Error {
  readonly code: FeedErrorCode;
  constructor(code: FeedErrorCode, message: string) {
    super(message);
    this.name = 'FeedError';
    this.code = code;
  }
}

export interface ReadFeedOptions {
  startOffset: number;
  batchSize: number;
  defaultCurrency: string;
  maxFieldBytes?: number;
  /** Physical line at `startOffset` (a previous batch's `nextLine`); default `dialect.dataLine`. Added, optional. */
  startLine?: number;
  /**
   * Hands the thread back to the event loop (a zero timeout) every this many records, so a batch
   * read ahead lets the I/O of the batch being written (its insert) go on; default never.
   */
  yieldEvery?: number;
}
