/** The feed parser on Google Shopping / Letzshop feeds: dialects, encodings, quoting, bad input. */
import { describe, expect, it } from 'vitest';
import { sniffFeed } from '../../src/modules/imports/feed';
import { feedErrorOf, readAll, utf8 } from './feed-helpers';

const HEADER = 'id\ttitle\tprice\tavailability\timage_link';

describe('Google / Letzshop feeds', () => {
  it('maps every known column of a TSV feed, with g: prefixes and any case', async () => {
    const text = [
      'g:ID\tTitle\tg:description\tLink\tIMAGE_LINK\tadditional_image_link\tavailability\tprice\tsale_price\tsale_price_effective_date\tbrand\tgtin\tmpn\tcondition\tgoogle_product_category\tproduct_type\titem_group_id\tcolor\tsize\tshipping_weight\tquantity\tcost_of_goods_sold\tgender\tcustom_label_0',
      'TS-1-S\tT-Shirt Größe S\t<p>Bio-Baumwolle</p>\thttps://shop.example/ts-1\thttps://img.example/1.jpg\thttps://img.example/2.jpg,https://img.example/3.jpg\tin stock\t12,99 EUR\t9.99 EUR\t2026-11-01T00:00+01:00/2026-11-30T23:59+01:00\tAcme\t4006381333931\tTS1\tnew\tApparel & Accessories > Clothing\tShirts > T-Shirts\tTS-1\tBlau\tS\t0,2 kg\t7\t4.00 EUR\tunisex\tsummer',
    ].join('\n');
    const { dialect, items, errors } = await readAll(utf8(text));
    expect(dialect).toMatchObject({ format: 'google', delimiter: '\t', encoding: 'utf-8', dataLine: 2 });
    expect(dialect.header[0]).toBe('g:ID');
    expect(errors).toEqual([]);
    expect(items).toEqual([
      {
        line: 2,
        externalId: 'TS-1-S',
        groupId: 'TS-1',
        title: 'T-Shirt Größe S',
        descriptionHtml: '<p>Bio-Baumwolle</p>',
        brand: 'Acme',
        link: 'https://shop.example/ts-1',
        imageUrls: ['https://img.example/1.jpg', 'https://img.example/2.jpg', 'https://img.example/3.jpg'],
        priceMinor: 1299,
        currency: 'EUR',
        salePriceMinor: 999,
        saleStartsAt: '2026-10-31T23:00:00.000Z',
        saleEndsAt: '2026-11-30T22:59:00.000Z',
        availability: 'in_stock',
        quantity: 7,
        gtin: '4006381333931',
        mpn: 'TS1',
        sku: 'TS-1-S',
        condition: 'new',
        category: 'Shirts > T-Shirts',
        options: [
          { name: 'Color', value: 'Blau' },
          { name: 'Size', value: 'S' },
        ],
        weightGrams: 200,
        costMinor: 400,
        status: null,
        attributes: {
          google_product_category: 'Apparel & Accessories > Clothing',
          gender: 'unisex',
          custom_label_0: 'summer',
        },
      },
    ]);
  });

  it('reads comma, semicolon and pipe files, German column names and the price spellings', async () => {
    const csv = await readAll(utf8('id,title,price\n1,"Hammer, 500 g",EUR 12.99\n2,Nail,"1.299,50 EUR"\n'));
    expect(csv.dialect.delimiter).toBe(',');
    expect(csv.items.map((i) => [i.title, i.priceMinor, i.currency])).toEqual([
      ['Hammer, 500 g', 1299, 'EUR'],
      ['Nail', 129950, 'EUR'],
    ]);
    const semicolon = await readAll(
      utf8('artikelnummer;titel;preis;verfügbarkeit;menge;farbe\r\nA1;Schraube;0,15 EUR;Auf Lager;120;Silber\r\n'),
    );
    expect(semicolon.dialect.delimiter).toBe(';');
    expect(semicolon.items[0]).toMatchObject({
      externalId: 'A1',
      title: 'Schraube',
      priceMinor: 15,
      availability: 'in_stock',
      quantity: 120,
      options: [{ name: 'Color', value: 'Silber' }],
    });
    const pipe = await readAll(utf8('id|title|price|availability\nP1|Pipe|3 CHF|out of stock\n'));
    expect(pipe.dialect.delimiter).toBe('|');
    expect(pipe.items[0]).toMatchObject({ priceMinor: 300, currency: 'CHF', availability: 'out_of_stock' });
  });

  it('normalises availability spellings and infers it from the quantity when missing', async () => {
    const values = ['in_stock', 'In Stock', 'OUT_OF_STOCK', 'out of stock', 'preorder', 'Pre-Order', 'backorder', 'back order'];
    const text = [
      'id,title,price,availability,quantity',
      ...values.map((v, i) => `${i},T,1 EUR,${v},`),
      '9,T,1 EUR,,0',
      '10,T,1 EUR,,',
      '11,T,1 EUR,,-3',
    ].join('\n');
    const { items, errors } = await readAll(utf8(text));
    expect(errors).toEqual([]);
    expect(items.map((i) => i.availability)).toEqual([
      'in_stock',
      'in_stock',
      'out_of_stock',
      'out_of_stock',
      'preorder',
      'preorder',
      'backorder',
      'backorder',
      'out_of_stock',
      'in_stock',
      'out_of_stock',
    ]);
    expect(items.slice(-3).map((i) => i.quantity)).toEqual([0, null, 0]); // oversold (-3) counts as none
  });

  it('strips a UTF-8 BOM from the header and counts it in the offsets', async () => {
    const bytes = utf8('\uFEFFid,title,price\n1,Été,2 EUR\n');
    const { dialect, items } = await readAll(bytes);
    expect(dialect.header).toEqual(['id', 'title', 'price']);
    expect(dialect.encoding).toBe('utf-8');
    expect(dialect.dataOffset).toBe(3 + 'id,title,price\n'.length);
    expect(items[0]?.title).toBe('Été');
  });

  it('decodes Windows-1252 files (é, €, curly quotes)', async () => {
    const head = Array.from(utf8('id;title;price\n1;Caf'));
    // é = 0xE9, € = 0x80, “ ” = 0x93 0x94 in Windows-1252
    const bytes = new Uint8Array([...head, 0xe9, 0x20, 0x80, 0x20, 0x93, 0x41, 0x94, ...utf8(';3,50 EUR\n')]);
    const { dialect, items } = await readAll(bytes);
    expect(dialect.encoding).toBe('windows-1252');
    expect(items[0]?.title).toBe('Café € “A”');
    expect(items[0]?.priceMinor).toBe(350);
  });

  it('handles quoted delimiters, line breaks and doubled quotes, and numbers lines physically', async () => {
    const text = 'id,title,description,price\n1,"Shelf, oak","Line one\nline ""two""\r\nline three",10 EUR\n2,Plain,,5 EUR\n';
    for (const chunkSize of [1, 2, 5, 64 * 1024]) {
      const { items } = await readAll(utf8(text), { chunkSize });
      expect(items.map((i) => [i.line, i.title, i.descriptionHtml])).toEqual([
        [2, 'Shelf, oak', 'Line one\nline "two"\r\nline three'],
        [5, 'Plain', null],
      ]);
    }
  });

  it('makes a broken quote a row error and goes on with the next rows', async () => {
    const text = 'id,title,price\n1,"Stray"quote,1 EUR\n2,Fine,2 EUR\n3,"Never closed,3 EUR\n4,Last,4 EUR\n';
    const { items, errors, batches } = await readAll(utf8(text));
    expect(errors.map((e) => [e.line, e.code, e.column, e.externalId])).toEqual([
      [2, 'BROKEN_QUOTES', 'title', '1'],
      [4, 'BROKEN_QUOTES', 'title', '3'],
    ]);
    expect(errors[0]?.message).toMatch(/^Line 2: the quotes in the column “title” are broken/);
    // A quote never closed makes its own physical line the broken row; reading resumes on the next line.
    expect(items.map((i) => [i.line, i.externalId])).toEqual([
      [3, '2'],
      [5, '4'],
    ]);
    expect(batches.at(-1)?.endOffset).toBe(text.length);
  });

  it('reports ragged rows and accepts trailing empty columns', async () => {
    const text = 'id,title,price\n1,Short\n2,Long,2 EUR,extra\n3,Trailing,3 EUR,,\n';
    const { items, errors } = await readAll(utf8(text));
    expect(errors.map((e) => [e.line, e.code, e.externalId])).toEqual([
      [2, 'RAGGED_ROW', '1'],
      [3, 'RAGGED_ROW', '2'],
    ]);
    expect(errors[0]?.message).toBe(
      'Line 2: the row has 2 columns but the header has 3; check the separators and quotes on this line.',
    );
    expect(items.map((i) => i.externalId)).toEqual(['3']);
  });

  it('rejects rows that do not match the header’s delimiter with a helpful message', async () => {
    const wrong = await feedErrorOf(() => sniffFeed(utf8('id\ttitle\tprice\n1,Shirt,10 EUR\n2,Cap,5 EUR\n')));
    expect(wrong.code).toBe('UNSUPPORTED_FORMAT');
    expect(wrong.message).toContain('separated by tabs but the rows are not');
    const single = await feedErrorOf(() => sniffFeed(utf8('id:title:price\n1:Shirt:10 EUR\n')));
    expect(single).toEqual({
      code: 'UNSUPPORTED_FORMAT',
      message:
        'The header has a single column (“id:title:price”): columns must be separated by commas, tabs, semicolons or vertical bars (|).',
    });
  });

  it('fails binary, empty, header-only and unknown files clearly', async () => {
    expect((await feedErrorOf(() => sniffFeed(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])))).code).toBe('BINARY_FILE');
    expect((await feedErrorOf(() => sniffFeed(new Uint8Array([0x50, 0x4b, 0x03, 0x04])))).message).toContain('Excel workbook');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect((await feedErrorOf(() => sniffFeed(random))).code).toBe('BINARY_FILE');
    expect((await feedErrorOf(() => sniffFeed(utf8('id,title\0,price\n')))).code).toBe('BINARY_FILE');
    expect((await feedErrorOf(() => sniffFeed(new Uint8Array(0)))).code).toBe('EMPTY_FILE');
    expect((await feedErrorOf(() => sniffFeed(utf8('\uFEFF \r\n\n')))).code).toBe('EMPTY_FILE');
    expect((await feedErrorOf(() => sniffFeed(utf8('id,title,price\r\n\r\n')))).code).toBe('HEADER_ONLY');
    const unknown = await feedErrorOf(() => sniffFeed(utf8('name,age,city\nAnna,31,Esch\n')));
    expect(unknown.code).toBe('UNSUPPORTED_FORMAT');
    expect(unknown.message).toContain('“name”, “age”, “city”');
    const missing = await feedErrorOf(() => sniffFeed(utf8('id,title,link\n1,A,https://x.example\n')));
    expect(missing).toEqual({
      code: 'UNSUPPORTED_FORMAT',
      message: 'This Google Shopping / Letzshop feed lacks the required column(s) price.',
    });
  });

  it('throws HEADER_ONLY from readFeed when a fresh read finds no record', async () => {
    const bytes = utf8(`${HEADER}\n\n\n`);
    // The sniffer saw only a head (it was told the file is bigger), so readFeed is the one to find out.
    const dialect = sniffFeed(bytes, { fileSize: 10_000_000 });
    expect((await feedErrorOf(() => readAll(bytes, { dialect }))).code).toBe('HEADER_ONLY');
  });

  it('turns a 10 MB field into FIELD_TOO_LARGE and reads on, quoted or not', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    for (const field of [big, `"${big.slice(0, 5_000_000)}\n""${big.slice(5_000_000)}"`]) {
      const bytes = utf8(`id,title,description,price\n1,Huge,${field},1 EUR\n2,Next,"ok",2 EUR\n`);
      const { items, errors, batches } = await readAll(bytes, { chunkSize: 64 * 1024 });
      expect(errors.map((e) => [e.line, e.code, e.column])).toEqual([[2, 'FIELD_TOO_LARGE', 'description']]);
      expect(items.map((i) => [i.externalId, i.title])).toEqual([['2', 'Next']]);
      expect(items[0]?.line).toBe(field.startsWith('"') ? 4 : 3);
      expect(batches.at(-1)?.endOffset).toBe(bytes.length);
    }
  });

  it('fails the file when a quote opened early runs to the end of a large file', async () => {
    const bytes = utf8(`id,title,price\n1,"Open,1 EUR\n${'2,x,1 EUR\n'.repeat(200_000)}`);
    const failure = await feedErrorOf(() => readAll(bytes, { chunkSize: 64 * 1024 }));
    expect(failure.code).toBe('MALFORMED_FILE');
    expect(failure.message).toContain('A quote opened on line 2 is never closed');
  });

  it('validates each row into row errors', async () => {
    const long = 'T'.repeat(201);
    const rows = [
      'id,title,price,sale_price,sale_price_effective_date,gtin,link,image_link,availability',
      'a,,10 EUR,,,,,,', // missing title
      'b,B,ten euros,,,,,,', // price
      'c,C,10 XYZ,,,,,,', // currency
      'd,D,10 EUR,12 EUR,,,,,', // sale above price
      'e,E,10 EUR,,2026-12-01/2026-11-01,,,,', // reversed dates
      'f,F,10 EUR,,,4006381333932,,,', // check digit
      'g,G,10 EUR,,,,notaurl,http://img.example/x.jpg,', // link and image
      'h,H,10 EUR,,,,,,maybe', // availability
      `i,${long},10 EUR,,,,,,`, // too long
      ',J,10 EUR,,,,,,', // missing id
      'k,K,12.999 EUR,,,,,,', // too many decimals
      'l,L,10 EUR,8 USD,,,,,', // sale price currency
    ];
    const { items, errors } = await readAll(utf8(rows.join('\n')));
    expect(items).toEqual([]);
    expect(errors.map((e) => [e.line, e.code, e.column])).toEqual([
      [2, 'MISSING_FIELD', 'title'],
      [3, 'INVALID_PRICE', 'price'],
      [4, 'INVALID_CURRENCY', 'price'],
      [5, 'INVALID_PRICE', 'sale_price'],
      [6, 'INVALID_DATE', 'sale_price_effective_date'],
      [7, 'INVALID_GTIN', 'gtin'],
      [8, 'INVALID_URL', 'link'],
      [8, 'INVALID_URL', 'image_link'],
      [9, 'INVALID_AVAILABILITY', 'availability'],
      [10, 'TOO_LONG', 'title'],
      [11, 'MISSING_FIELD', 'id'],
      [12, 'INVALID_PRICE', 'price'],
      [13, 'INVALID_CURRENCY', 'sale_price'],
    ]);
    expect(errors.find((e) => e.code === 'INVALID_CURRENCY')?.message).toBe(
      'Line 4: price “10 XYZ” has XYZ, which is not an ISO 4217 currency code.',
    );
    expect(errors.find((e) => e.code === 'INVALID_GTIN')).toMatchObject({ externalId: 'f', value: '4006381333932' });
  });

  it('flags a duplicate id inside a batch', async () => {
    const { items, errors } = await readAll(utf8('id,title,price\nA,One,1 EUR\nB,Two,1 EUR\nA,Again,1 EUR\n'));
    expect(items.map((i) => i.title)).toEqual(['One', 'Two']);
    expect(errors.map((e) => [e.line, e.code, e.externalId])).toEqual([[4, 'DUPLICATE_ID', 'A']]);
  });

  it('keeps a mangled GTIN row and warns', async () => {
    const { items, errors, warnings } = await readAll(
      utf8('id,title,price,gtin\nA,One,1 EUR,4.00638E+12\nB,Two,1 EUR,40063813339\n'),
    );
    expect(errors).toEqual([]);
    expect(items.map((i) => [i.externalId, i.gtin])).toEqual([
      ['A', null],
      ['B', '040063813339'],
    ]);
    expect(warnings.map((w) => [w.line, w.code, w.column, w.value])).toEqual([[2, 'GTIN_MANGLED', 'gtin', '4.00638E+12']]);
  });
});
