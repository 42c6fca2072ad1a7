/**
 * A deterministic Letzshop-style Google Shopping feed for the import benchmark: item groups of 1–12
 * colour/size variants, quoted descriptions with commas, doubled quotes and the odd line break,
 * German/French/Luxembourgish and some CJK text, valid EAN-13s, sale prices with date ranges.
 * The same seed always writes the same bytes.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export interface GeneratedFeed {
  path: string;
  rows: number;
  bytes: number;
  delimiter: ',' | '\t';
}

const COLUMNS = [
  'id',
  'item_group_id',
  'title',
  'description',
  'link',
  'image_link',
  'additional_image_link',
  'availability',
  'price',
  'sale_price',
  'sale_price_effective_date',
  'brand',
  'gtin',
  'mpn',
  'condition',
  'google_product_category',
  'product_type',
  'color',
  'size',
  'material',
  'shipping_weight',
  'quantity',
  'custom_label_0',
];

const BRANDS = ['Müller & Söhn', 'Café Lëtzebuerg', 'Ørsted Design', 'Atelier Éclair', 'Kyoto 京都', 'Nordlicht', 'Acme'];
const PRODUCTS = ['T-Shirt', 'Pullover', 'Jeans', 'Veste', 'Schal', 'Mütze', 'Chemise', 'Kleed', 'Sneaker'];
const COLOURS = ['Schwarz', 'Weiß', 'Bleu marine', 'Rot', 'Grün', 'Beige', 'Gris chiné', '桜色'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const MATERIALS = ['100% Baumwolle', 'Laine mérinos', 'Leinen, gewaschen', 'Polyester (recycelt)'];
const AVAILABILITY = ['in_stock', 'in stock', 'in_stock', 'out_of_stock', 'preorder', 'backorder', 'in_stock'];

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An EAN-13 with a correct check digit for a running number. */
function ean13(n: number): string {
  const body = `40${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + ((10 - (sum % 10)) % 10);
}

function cell(value: string, delimiter: string): string {
  return value.includes('"') || value.includes(delimiter) || value.includes('\n') ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes `rows` data rows (plus the header) to `path`. */
export async function generateLetzshopFeed(
  path: string,
  options: { rows?: number; delimiter?: ',' | '\t'; seed?: number } = {},
): Promise<GeneratedFeed> {
  const rows = options.rows ?? 100_000;
  const delimiter = options.delimiter ?? ',';
  const next = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${COLUMNS.join(delimiter)}\n`);
  let written = 0;
  let group = 0;
  let chunk = '';
  while (written < rows) {
    group++;
    const brand = pick(BRANDS);
    const product = pick(PRODUCTS);
    const material = pick(MATERIALS);
    const colours = COLOURS.slice(0, 1 + Math.floor(next() * 3));
    const sizes = SIZES.slice(Math.floor(next() * 2), 2 + Math.floor(next() * 4));
    const basePrice = 900 + Math.floor(next() * 20_000);
    const onSale = next() < 0.2;
    const description =
      `${product} von ${brand}: ${material}, bequem & langlebig. „Lieblingsstück“ — ""sagen"" unsere Kund·innen.` +
      (next() < 0.05 ? '\nPflegehinweis: 30 °C, nicht im Trockner.' : '');
    for (const colour of colours) {
      for (const size of sizes) {
        if (written >= rows) break;
        written++;
        const id = `LZ-${group}-${colour.length}${size}`;
        const price = basePrice + (size === 'XXL' ? 200 : 0);
        const values = [
          `${id}-${written}`,
          `LZ-${group}`,
          `${brand} ${product} ${colour} ${size}`,
          description,
          `https://shop.example.lu/p/lz-${group}?colour=${encodeURIComponent(colour)}`,
          `https://cdn.example.lu/img/lz-${group}-${colour.length}.jpg`,
          `https://cdn.example.lu/img/lz-${group}-b.jpg,https://cdn.example.lu/img/lz-${group}-c.jpg`,
          pick(AVAILABILITY),
          `${(price / 100).toFixed(2)} EUR`,
          onSale ? `${((price * 0.8) / 100).toFixed(2)} EUR` : '',
          onSale ? '2026-11-01T00:00+01:00/2026-11-30T23:59+01:00' : '',
          brand,
          ean13(written),
          `MPN-${group}-${size}`,
          'new',
          'Apparel & Accessories > Clothing',
          `Mode > ${product}`,
          colour,
          size,
          material,
          `${(0.2 + next()).toFixed(2)} kg`,
          String(Math.floor(next() * 50)),
          next() < 0.3 ? 'Black Friday' : '',
        ];
        chunk += `${values.map((value) => cell(value, delimiter)).join(delimiter)}\n`;
        if (chunk.length > 256 * 1024) {
          await write(chunk);
          chunk = '';
        }
      }
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return { path, rows, bytes, delimiter };
}
