/** The feed parser on Shopify product CSVs: the real template (Excel damage included), both dialects, handle-sized batches. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAll, utf8 } from './feed-helpers';

const TEMPLATE = new Uint8Array(readFileSync(new URL('../fixtures/feeds/shopify-product-template.csv', import.meta.url)));

describe('Shopify product CSV', () => {
  it('parses the real template into its 16 variants', async () => {
    const { dialect, items, errors, warnings, batches } = await readAll(TEMPLATE);
    expect(dialect).toMatchObject({ format: 'shopify', delimiter: ',', encoding: 'utf-8' });
    expect(dialect.header).toHaveLength(48);
    expect(errors).toEqual([]);
    expect(batches.reduce((n, b) => n + b.rowsRead, 0)).toBe(17);
    expect(items.map((i) => i.externalId)).toEqual([
      'SRT_COT_111',
      'SRT_COT_122',
      'SRT_COT_133',
      'SRT_COT_211',
      'SRT_COT_222',
      'SRT_COT_233',
      'SRT_COT_311',
      'SRT_COT_322',
      'SRT_COT_333',
      'SRT_COT_411',
      'SRT_COT_422',
      'SRT_COT_433',
      'PNT_DEN_285',
      'PNT_DEN_305',
      'PNT_DEN_405',
      'HAT_GRY_275',
    ]);
    const shirt = items[0];
    expect(shirt).toMatchObject({
      line: 2,
      groupId: 'example-shirt',
      title: 'Example T-Shirt',
      brand: 'Acme',
      link: null,
      priceMinor: 2500,
      currency: 'EUR',
      salePriceMinor: null,
      availability: 'in_stock',
      quantity: null, // inventory not tracked
      gtin: null, // 3.65275E+11: lost to Excel
      mpn: null,
      sku: 'SRT_COT_111',
      condition: 'new',
      category: 'Shirts',
      options: [
        { name: 'Color', value: 'Green' },
        { name: 'Size', value: 'S' },
      ],
      weightGrams: 145,
      costMinor: null,
      status: 'active',
    });
    expect(shirt?.descriptionHtml).toMatch(/^<p>This t-shirt is as simple as it gets\./);
    expect(shirt?.imageUrls).toEqual([
      'https://burst.shopifycdn.com/photos/tshirts.jpg?width=1500',
      'https://burst.shopifycdn.com/photos/blank-colored-t-shirts.jpg?width=1500',
      'https://burst.shopifycdn.com/photos/green-t-shirt.jpg?width=1500',
      'https://burst.shopifycdn.com/photos/cobalt-blue-t-shirt.jpg?width=1500',
      'https://burst.shopifycdn.com/photos/grey-t-shirt.jpg?width=1500',
      'https://burst.shopifycdn.com/photos/purple-t-shirt.jpg?width=1500',
    ]);
    expect(shirt?.attributes).toMatchObject({
      Tags: 'Made to Order, Shirt Tag',
      'SEO Title': 'Example T-Shirt | Test Store',
      'Google Shopping / Gender': 'male',
    });
    expect(Object.keys(shirt?.attributes ?? {})).not.toContain('Variant Requires Shipping');
    expect(items[11]?.options).toEqual([
      { name: 'Color', value: 'Purple' },
      { name: 'Size', value: 'L' },
    ]);

    const jeans = items.filter((i) => i.groupId === 'example-pants');
    expect(jeans.map((i) => [i.sku, i.priceMinor, i.salePriceMinor, i.quantity, i.weightGrams, i.costMinor, i.status])).toEqual([
      ['PNT_DEN_285', 9500, null, 20, 227, 5000, 'draft'],
      ['PNT_DEN_305', 9500, null, 15, 283, 5000, 'draft'],
      ['PNT_DEN_405', 9500, null, 10, 397, 5000, 'draft'],
    ]);
    // The image-only row (line 17) adds the fourth image; it is not an item.
    expect(jeans[0]?.imageUrls).toHaveLength(4);
    expect(jeans[0]?.imageUrls[3]).toBe(
      'https://burst.shopifycdn.com/photos/female-fashion-model-poses-in-city-street.jpg?width=1500',
    );

    const hat = items.at(-1);
    expect(hat).toMatchObject({
      line: 18,
      externalId: 'HAT_GRY_275',
      options: [], // Title / Default Title
      priceMinor: 2299, // the compare-at price is the regular price…
      salePriceMinor: 1799, // …and Shopify's price the sale price
      quantity: 50,
      condition: 'refurbished',
      costMinor: 850,
      status: 'archived',
      weightGrams: 72,
    });

    expect(warnings.filter((w) => w.code === 'GTIN_MANGLED' && w.column === 'Variant Barcode')).toHaveLength(16);
    expect(warnings[0]).toMatchObject({ line: 2, externalId: 'SRT_COT_111', value: '3.65275E+11' });
    expect(warnings[0]?.message).toContain('was turned into a number by a spreadsheet');
  });

  it('never splits a handle across batches, and resumes at each batch end', async () => {
    const full = await readAll(TEMPLATE);
    for (const batchSize of [1, 2, 5, 12, 13, 100]) {
      const { batches } = await readAll(TEMPLATE, { batchSize, chunkSize: 97 });
      const handlesPerBatch = batches.map((b) => new Set(b.items.map((i) => i.groupId)));
      const seen = new Set<string>();
      for (const handles of handlesPerBatch) {
        for (const handle of handles) {
          expect(seen.has(handle)).toBe(false);
          seen.add(handle);
        }
      }
      expect(batches.flatMap((b) => b.items.map((i) => i.externalId))).toEqual(full.items.map((i) => i.externalId));
      for (const [index, batch] of batches.entries()) {
        const rest = await readAll(TEMPLATE, {
          dialect: full.dialect,
          startOffset: batch.endOffset,
          startLine: batch.nextLine,
          chunkSize: 13,
        });
        expect(rest.items.map((i) => [i.line, i.externalId])).toEqual(
          batches.slice(index + 1).flatMap((b) => b.items.map((i) => [i.line, i.externalId])),
        );
      }
    }
  });

  it('reads the older dialect (no Product Category, Status, Variant Weight Unit) and Published', async () => {
    const text = [
      'Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Price,Variant Compare At Price,Variant Barcode,Image Src',
      'mug,Mug,<p>Stoneware</p>,Potter,Kitchen,"mug, gift",TRUE,Colour,White,MUG-W,350,shopify,0,continue,12.00,,4006381333931,https://img.example/mug.jpg',
      'mug,,,,,,,,Black,MUG-B,350,shopify,3,deny,12.00,,,',
      'cup,Cup,,Potter,Kitchen,,FALSE,Title,Default Title,,,,,,8,,,',
    ].join('\r\n');
    const { items, errors } = await readAll(utf8(text));
    expect(errors).toEqual([]);
    expect(items.map((i) => [i.externalId, i.status, i.availability, i.quantity, i.gtin, i.options])).toEqual([
      ['MUG-W', 'active', 'backorder', 0, '4006381333931', [{ name: 'Colour', value: 'White' }]],
      ['MUG-B', 'active', 'in_stock', 3, null, [{ name: 'Colour', value: 'Black' }]],
      ['cup', 'draft', 'in_stock', null, null, []],
    ]);
    expect(items[0]?.attributes).toEqual({ Tags: 'mug, gift' });
    expect(items[1]?.imageUrls).toEqual(['https://img.example/mug.jpg']);
  });

  it('reads the 2024 export headers (URL handle, SKU, Price, Product image URL)', async () => {
    const text = [
      'Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,Status,SKU,Barcode,Option1 name,Option1 value,Price,Compare-at price,Cost per item,Inventory quantity,Weight value (grams),Product image URL',
      'Lamp,lamp,<p>Brass</p>,Lux,Home > Lighting,Lamps,,TRUE,active,LMP-1,,Finish,Brass,"1,299.00",,400,4,2100,https://img.example/lamp.jpg',
    ].join('\n');
    const { items, errors } = await readAll(utf8(text));
    expect(errors).toEqual([]);
    expect(items[0]).toMatchObject({
      externalId: 'LMP-1',
      groupId: 'lamp',
      title: 'Lamp',
      category: 'Lamps',
      priceMinor: 129900,
      costMinor: 40000,
      quantity: 4,
      weightGrams: 2100,
      status: 'active',
      options: [{ name: 'Finish', value: 'Brass' }],
      imageUrls: ['https://img.example/lamp.jpg'],
    });
  });

  it('rejects a product whose first row is broken, with an error on each of its variants', async () => {
    const text = [
      'Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price',
      'tee,,Size,S,T-S,10',
      'tee,,,M,T-M,10',
      'ok,Ok,,,OK-1,5',
    ].join('\n');
    const { items, errors } = await readAll(utf8(text));
    expect(items.map((i) => i.externalId)).toEqual(['OK-1']);
    expect(errors.map((e) => [e.line, e.code, e.column])).toEqual([
      [2, 'MISSING_FIELD', 'Title'],
      [3, 'PRODUCT_ROW_INVALID', null],
    ]);
  });
});
