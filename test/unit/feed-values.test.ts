/** The feed parser's value rules: money, weights, dates, and the Excel separator hint. */
import { describe, expect, it } from 'vitest';
import { parseMoney } from '../../src/modules/imports/feed/money';
import { parseDateRange, parseWeightGrams } from '../../src/modules/imports/feed/units';
import { readAll, utf8 } from './feed-helpers';

describe('money', () => {
  it.each([
    ['12.99 EUR', 1299, 'EUR'],
    ['12,99 EUR', 1299, 'EUR'],
    ['EUR 12.99', 1299, 'EUR'],
    ['eur12.99', 1299, 'EUR'],
    ['1.299,50 €', 129950, 'EUR'],
    ['1,299.50 USD', 129950, 'USD'],
    ['1 299,50 EUR', 129950, 'EUR'],
    ["1'299.50 CHF", 129950, 'CHF'],
    ['£5', 500, 'GBP'],
    ['25', 2500, 'EUR'],
    ['25.00', 2500, 'EUR'],
    ['12,5', 1250, 'EUR'],
    ['1.234.567 EUR', 123456700, 'EUR'],
    ['1500 JPY', 1500, 'JPY'],
    ['1.250 KWD', 1250, 'KWD'],
  ])('%s → %i %s', (text, minor, currency) => {
    expect(parseMoney(text, 'EUR')).toEqual({ ok: true, minor, currency });
  });

  it.each([
    ['ten', 'INVALID_PRICE'],
    ['-5 EUR', 'INVALID_PRICE'],
    ['1,299 EUR', 'INVALID_PRICE'],
    ['12.999 EUR', 'INVALID_PRICE'],
    ['12.5 JPY', 'INVALID_PRICE'],
    ['12.990 EUR', 'INVALID_PRICE'],
    ['EUR 12 USD', 'INVALID_CURRENCY'],
    ['12 XYZ', 'INVALID_CURRENCY'],
    ['99999999999999 EUR', 'INVALID_PRICE'],
  ])('%s → %s', (text, code) => {
    const result = parseMoney(text, 'EUR');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe(code);
  });
});

describe('units', () => {
  it('reads weights with units into grams', () => {
    expect(['1.2 kg', '1,2 kg', '300 g', '300g', '2 lb', '16 oz', '500 mg', '3 parsecs', '12'].map(parseWeightGrams)).toEqual([
      1200,
      1200,
      300,
      300,
      907,
      454,
      1,
      null,
      null,
    ]);
  });

  it('reads sale date ranges with offsets, dates only, and rejects reversed ones', () => {
    expect(parseDateRange('2026-11-01T00:00+01:00/2026-11-30T23:59+01:00')).toEqual({
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T22:59:00.000Z',
    });
    expect(parseDateRange('2026-11-01/2026-11-30')).toEqual({
      start: '2026-11-01T00:00:00.000Z',
      end: '2026-11-30T00:00:00.000Z',
    });
    expect(parseDateRange('2026-11-30/2026-11-01')).toBeNull();
    expect(parseDateRange('next week')).toBeNull();
  });
});

describe('dialect details', () => {
  it("follows Excel's sep= hint line", async () => {
    const { dialect, items } = await readAll(utf8('sep=;\r\nid;title;price\r\n1;A, B;2,50 EUR\r\n'));
    expect(dialect).toMatchObject({ delimiter: ';', header: ['id', 'title', 'price'], dataLine: 3 });
    expect(items.map((i) => [i.line, i.title, i.priceMinor])).toEqual([[3, 'A, B', 250]]);
  });

  it('reads lone-CR line ends (old Mac Excel) and a last row without a line break', async () => {
    const { items, batches } = await readAll(utf8('id,title,price\r1,A,1 EUR\r2,B,2 EUR'), { chunkSize: 4 });
    expect(items.map((i) => [i.line, i.externalId])).toEqual([
      [2, '1'],
      [3, '2'],
    ]);
    expect(batches.at(-1)).toMatchObject({ endOffset: 34, nextLine: 3, done: true });
  });
});
