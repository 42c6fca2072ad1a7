/**
 * readFeed: records → validated items in batches, with the file offset to resume at after each
 * batch. Shopify batches end at a handle boundary (a product's rows never straddle two batches).
 */
import { CsvRecordReader, type RawRecord } from './csv-reader';
import { GoogleMapper } from './google';
import { quoted, RowCheck } from './row-check';
import { ShopifyMapper, type ShopifyRow } from './shopify';
import { type FeedBatch, type FeedDialect, FeedError, type FeedItem, type FeedRowError, type ReadFeedOptions } from './types';

const DEFAULT_MAX_FIELD_BYTES = 1 << 20;
/**
 * A handle with more rows than this is cut (Shopify allows 2,048 variants): the rows after the cut
 * lack their product row, so they fail with MISSING_FIELD, and memory stays bounded.
 */
const MAX_GROUP_ROWS = 5000;

/** Streams validated batches from `stream`, which starts at byte `options.startOffset` of the file. */
export async function* readFeed(
  stream: ReadableStream<Uint8Array>,
  dialect: FeedDialect,
  options: ReadFeedOptions,
): AsyncGenerator<FeedBatch> {
  const maxFieldBytes = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const batchSize = Math.max(1, options.batchSize);
  const fresh = options.startOffset === dialect.dataOffset;
  const reader = new CsvRecordReader(stream, {
    delimiter: dialect.delimiter,
    encoding: dialect.encoding,
    startOffset: options.startOffset,
    startLine: options.startLine ?? dialect.dataLine ?? 2,
    maxFieldBytes,
  });
  const records = new Lookahead(reader, options.yieldEvery);
  try {
    if (fresh && (await records.peek()) === null) {
      throw new FeedError('HEADER_ONLY', 'The file has a header but no product rows.');
    }
    const batches =
      dialect.format === 'shopify'
        ? shopifyBatches(records, dialect, new ShopifyMapper(dialect.header, options.defaultCurrency), batchSize)
        : googleBatches(records, dialect, new GoogleMapper(dialect.header, options.defaultCurrency), batchSize);
    yield* batches;
  } finally {
    await reader.cancel();
  }
}

class Lookahead {
  private pending: RawRecord | null | undefined;
  private taken = 0;
  constructor(
    private readonly reader: CsvRecordReader,
    private readonly yieldEvery = 0,
  ) {}

  async peek(): Promise<RawRecord | null> {
    if (this.pending === undefined) this.pending = await this.reader.next();
    return this.pending;
  }

  async next(): Promise<RawRecord | null> {
    // Awaiting a record is a microtask: without a timeout now and then, a whole batch parses
    // without letting the runtime send or receive anything.
    if (this.yieldEvery > 0 && ++this.taken % this.yieldEvery === 0) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    const record = await this.peek();
    this.pending = undefined;
    return record;
  }
}

class BatchBuilder {
  items: FeedItem[] = [];
  errors: FeedRowError[] = [];
  warnings: FeedRowError[] = [];
  rowsRead = 0;
  private readonly ids = new Set<string>();

  /** Adds a row's outcome; a second item with an id already in this batch becomes DUPLICATE_ID. */
  add(item: FeedItem | null, check: RowCheck): void {
    this.rowsRead++;
    this.addChecked(item, check);
  }

  addChecked(item: FeedItem | null, check: RowCheck): void {
    this.errors.push(...check.errors);
    this.warnings.push(...check.warnings);
    if (!item) return;
    if (this.ids.has(item.externalId)) {
      this.errors.push({
        line: item.line,
        externalId: item.externalId,
        column: null,
        code: 'DUPLICATE_ID',
        message: `Line ${item.line}: the id ${quoted(item.externalId)} appears on an earlier line too; only the first one is imported.`,
        value: item.externalId.slice(0, 200),
      });
      return;
    }
    this.ids.add(item.externalId);
    this.items.push(item);
  }

  build(endOffset: number, nextLine: number, done: boolean): FeedBatch {
    return {
      items: this.items,
      errors: this.errors,
      warnings: this.warnings,
      rowsRead: this.rowsRead,
      endOffset,
      nextLine,
      done,
    };
  }
}

/** A record's structural problem (broken quotes, oversized field, wrong column count) or null. */
function structuralCheck(record: RawRecord, dialect: FeedDialect, externalId: string | null): RowCheck | null {
  const { problem, fields, line } = record;
  const columns = dialect.header.length;
  if (problem) {
    const check = new RowCheck(line, externalId);
    const column = dialect.header[problem.field] ?? null;
    const where = column ? `the column “${column}”` : `column ${problem.field + 1}`;
    if (problem.code === 'BROKEN_QUOTES') {
      check.fail(
        'BROKEN_QUOTES',
        column,
        null,
        `the quotes in ${where} are broken (a quote is not closed, or text follows a closing quote); the row was skipped.`,
      );
    } else {
      check.fail('FIELD_TOO_LARGE', column, null, `${where} is too large (over the size limit); the row was skipped.`);
    }
    return check;
  }
  if (fields.length !== columns) {
    const extraEmpty = fields.length > columns && fields.slice(columns).every((field) => field.trim() === '');
    if (extraEmpty) {
      fields.length = columns;
      return null;
    }
    const check = new RowCheck(line, externalId);
    check.fail(
      'RAGGED_ROW',
      null,
      null,
      `the row has ${fields.length} column${fields.length === 1 ? '' : 's'} but the header has ${columns}; check the separators and quotes on this line.`,
    );
    return check;
  }
  return null;
}

async function* googleBatches(
  records: Lookahead,
  dialect: FeedDialect,
  mapper: GoogleMapper,
  batchSize: number,
): AsyncGenerator<FeedBatch> {
  let batch = new BatchBuilder();
  let last: RawRecord | null = null;
  for (;;) {
    const record = await records.next();
    if (record === null) break;
    last = record;
    const broken = structuralCheck(record, dialect, mapper.externalIdOf(record.fields));
    if (broken) batch.add(null, broken);
    else {
      const { item, check } = mapper.map(record.fields, record.line);
      batch.add(item, check);
    }
    if (batch.rowsRead >= batchSize) {
      const done = (await records.peek()) === null;
      yield batch.build(record.end, record.endLine, done);
      if (done) return;
      batch = new BatchBuilder();
    }
  }
  yield batch.build(last?.end ?? dialect.dataOffset, last?.endLine ?? dialect.dataLine ?? 2, true);
}

async function* shopifyBatches(
  records: Lookahead,
  dialect: FeedDialect,
  mapper: ShopifyMapper,
  batchSize: number,
): AsyncGenerator<FeedBatch> {
  let batch = new BatchBuilder();
  let last: RawRecord | null = null;
  for (;;) {
    const first = await records.next();
    if (first === null) break;
    // One handle's rows (or one broken row on its own).
    const group: RawRecord[] = [first];
    const broken = structuralCheck(first, dialect, null);
    const handle = broken ? null : mapper.handleOf(first.fields);
    if (handle) {
      for (;;) {
        const next = await records.peek();
        if (next === null || structuralCheck(next, dialect, null) || mapper.handleOf(next.fields) !== handle) break;
        group.push(next);
        await records.next();
        if (group.length >= MAX_GROUP_ROWS) break;
      }
    }
    last = group[group.length - 1] as RawRecord;
    if (broken) batch.add(null, broken);
    else if (!handle) {
      const check = new RowCheck(first.line, null);
      check.missing(dialect.header[0] ?? 'Handle');
      batch.add(null, check);
    } else {
      const rows: ShopifyRow[] = group.map((record) => ({ fields: record.fields, line: record.line }));
      const { items, checks } = mapper.mapGroup(rows);
      batch.rowsRead += group.length;
      for (const check of checks) batch.addChecked(null, check);
      for (const item of items) batch.addChecked(item, new RowCheck(item.line, item.externalId));
    }
    if (batch.rowsRead >= batchSize) {
      const done = (await records.peek()) === null;
      yield batch.build(last.end, last.endLine, done);
      if (done) return;
      batch = new BatchBuilder();
    }
  }
  yield batch.build(last?.end ?? dialect.dataOffset, last?.endLine ?? dialect.dataLine ?? 2, true);
}
