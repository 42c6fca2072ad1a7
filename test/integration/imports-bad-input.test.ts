import { beforeAll, describe, expect, test } from 'vitest';
import {
  googleFeed,
  type ImportVendor,
  importFile,
  importVendor,
  jobRowsOf,
  manyRows,
  rowErrors,
  stagedOf,
} from './imports-fixtures';

/**
 * Part 7 of the import issue: every kind of bad input ends in a clear job error or in row errors,
 * and a failed job leaves staging exactly as it was (its own rows gone).
 */
const good = [
  { id: 'G-1', title: 'Hammer', price: '12.99 EUR' },
  { id: 'G-2', title: 'Saw', price: '24.00 EUR' },
];

let iv: ImportVendor;
let staged: Awaited<ReturnType<typeof stagedOf>>;

beforeAll(async () => {
  iv = await importVendor();
  const first = await importFile(iv, googleFeed(good));
  expect(first.status).toBe('completed');
  staged = await stagedOf(iv.vendor.id);
  expect(staged).toHaveLength(2);
});

describe('whole-file problems fail the job and leave staging untouched', () => {
  const cases: [string, string | Uint8Array, string][] = [
    ['an empty file', '', 'EMPTY_FILE'],
    ['a header-only file', 'id,title,price\n', 'HEADER_ONLY'],
    [
      'a binary file (a PNG)',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]),
      'BINARY_FILE',
    ],
    ['an unknown format', 'sku;name;cost\n1;Hammer;3\n', 'UNSUPPORTED_FORMAT'],
    ['the wrong delimiter in the rows', 'id;title;price\n1,Hammer,10 EUR\n2,Nail,5 EUR\n', 'UNSUPPORTED_FORMAT'],
  ];
  for (const [name, body, code] of cases) {
    test(name, async () => {
      const job = await importFile(iv, body);
      expect(job.status).toBe('failed');
      expect(job.error?.code).toBe(code);
      expect(job.error?.message.length).toBeGreaterThan(10);
      expect(await stagedOf(iv.vendor.id)).toEqual(staged);
      expect(await jobRowsOf(iv.vendor.id, job.id)).toEqual([]);
    });
  }

  test('a file that breaks after batches were already read: failed, those batches dropped, staging untouched', async () => {
    // A quote that never closes and runs past the field limit to the end of the file: MALFORMED_FILE,
    // found only after thousands of good rows were read and committed batch by batch.
    const body = `${googleFeed(manyRows(8000, 'late'))}late-x,"never closed ${'y'.repeat(1_200_000)}\n`;
    const job = await importFile(iv, body, { tuning: { batchSize: 500 } });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'MALFORMED_FILE' } });
    expect(job.counts.rowsRead).toBeGreaterThan(0);
    expect(await stagedOf(iv.vendor.id)).toEqual(staged);
    expect(await jobRowsOf(iv.vendor.id, job.id)).toEqual([]);
  });
});

describe('row problems become row errors; the valid rows go through', () => {
  test('broken quotes', async () => {
    const other = await importVendor();
    const job = await importFile(other, 'id,title,price\n1,"Hammer,10 EUR\n2,Nail,5 EUR\n3,Saw,7 EUR\n');
    expect(job).toMatchObject({ status: 'completed', counts: { rowsFailed: 1, new: 2 } });
    expect((await rowErrors(other.vendor.slug, other.token, job.id)).map((e) => [e.line, e.code])).toEqual([
      [2, 'BROKEN_QUOTES'],
    ]);
    expect((await stagedOf(other.vendor.id)).map((s) => s.externalId)).toEqual(['2', '3']);
  });

  test('ragged rows', async () => {
    const other = await importVendor();
    const job = await importFile(other, 'id,title,price\n1,Hammer,10 EUR,extra\n2,Nail\n3,Saw,7 EUR\n');
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 3, rowsFailed: 2, new: 1 } });
    const errors = await rowErrors(other.vendor.slug, other.token, job.id);
    expect(errors.map((e) => e.code)).toEqual(['RAGGED_ROW', 'RAGGED_ROW']);
    expect((await stagedOf(other.vendor.id)).map((s) => s.externalId)).toEqual(['3']);
  });

  test('duplicate ids, within a batch and across batches: the first row wins', async () => {
    const other = await importVendor();
    const rows = [
      ...manyRows(6, 'D'),
      { id: 'D-2', title: 'Again', price: '1 EUR' },
      { id: 'D-6', title: 'Again', price: '1 EUR' },
    ];
    const job = await importFile(other, googleFeed(rows), { tuning: { batchSize: 3 } });
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 8, rowsValid: 6, rowsFailed: 2, new: 6 } });
    const errors = await rowErrors(other.vendor.slug, other.token, job.id);
    expect(errors.map((e) => [e.line, e.code, e.externalId])).toEqual([
      [8, 'DUPLICATE_ID', 'D-2'],
      [9, 'DUPLICATE_ID', 'D-6'],
    ]);
    const stagedRows = await stagedOf(other.vendor.id);
    expect(stagedRows.find((s) => s.externalId === 'D-2')?.data).toMatchObject({ title: 'Product 2' });
  });

  test('a 10 MB field is a FIELD_TOO_LARGE row error, not a crash', async () => {
    const other = await importVendor();
    const body = `id,title,price\n1,${'x'.repeat(10 * 1024 * 1024)},1 EUR\n2,Nail,2 EUR\n`;
    const job = await importFile(other, body);
    expect(job).toMatchObject({ status: 'completed', counts: { rowsRead: 2, rowsFailed: 1, new: 1 } });
    const errors = await rowErrors(other.vendor.slug, other.token, job.id);
    expect(errors.map((e) => [e.line, e.code, e.column])).toEqual([[2, 'FIELD_TOO_LARGE', 'title']]);
  });

  test('a rejected row of an item already staged does not mark it missing', async () => {
    const other = await importVendor();
    await importFile(other, googleFeed(good));
    const job = await importFile(other, googleFeed([good[0] as (typeof good)[0], { id: 'G-2', title: 'Saw', price: 'free' }]));
    expect(job).toMatchObject({ status: 'completed', counts: { unchanged: 1, missing: 0, rowsFailed: 1 } });
    expect((await stagedOf(other.vendor.id)).map((s) => [s.externalId, s.diffStatus])).toEqual([
      ['G-1', 'unchanged'],
      ['G-2', 'new'],
    ]);
  });
});
