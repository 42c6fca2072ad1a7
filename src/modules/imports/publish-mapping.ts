/**
 * How staged feed items become a catalog product: one product per group (`item_group_id` /
 * Shopify handle), one variant per item. Pure functions; `publish.ts` does the writing.
 *
 * Decisions (docs/imports.md):
 * - Price: the feed's `price` is the variant's price (the pricing engine reprices from it through
 *   the product events). A sale price in effect at publish time (no window, or now inside it)
 *   becomes the price with the regular price as compare-at; a sale that starts later waits for
 *   the next publish.
 * - Stock: the feed's quantity; without one, `in_stock` means IN_STOCK_DEFAULT_QUANTITY and every
 *   other availability 0; `out_of_stock` is always 0.
 * - Status: the feed's own status (Shopify) wins; otherwise active when some item can be sold
 *   (in stock, preorder, backorder), draft when none can.
 */
import type { CategorySeed, CreateProductInput } from '../catalog';
import { isAllowedImageUrl, slugify } from '../catalog';
import type { FeedItem } from './feed';

/** The stock an `in_stock` item without a quantity column gets. */
export const IN_STOCK_DEFAULT_QUANTITY = 10;
/** A product has at most this many variants (the catalog's bound). */
export const MAX_VARIANTS = 100;

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** The on-hand stock an item stands for. */
export function stockOf(item: FeedItem): number {
  if (item.availability === 'out_of_stock') return 0;
  if (item.quantity !== null && item.quantity !== undefined) return Math.max(0, Math.trunc(item.quantity));
  return item.availability === 'in_stock' ? IN_STOCK_DEFAULT_QUANTITY : 0;
}

/** Price and compare-at price of an item at `now` (a sale in effect sells at the sale price). */
export function pricesOf(item: FeedItem, now: Date): { priceMinor: number; compareAtMinor: number | null } {
  const sale = item.salePriceMinor;
  const started = !item.saleStartsAt || Date.parse(item.saleStartsAt) <= now.getTime();
  const ended = item.saleEndsAt ? Date.parse(item.saleEndsAt) <= now.getTime() : false;
  if (sale !== null && sale !== undefined && sale < item.priceMinor && started && !ended)
    return { priceMinor: sale, compareAtMinor: item.priceMinor };
  return { priceMinor: item.priceMinor, compareAtMinor: null };
}

/** The product status the items call for. */
export function statusOf(items: readonly FeedItem[]): 'active' | 'draft' | 'archived' {
  const explicit = items.find((item) => item.status)?.status;
  if (explicit) return explicit;
  return items.some((item) => item.availability !== 'out_of_stock') ? 'active' : 'draft';
}

/** A SKU the catalog accepts: the feed's SKU, else the external id, without spaces, at most 64 characters. */
export function skuOf(item: FeedItem): string {
  const raw = (item.sku?.trim() || item.externalId).replace(/\s+/g, '-');
  return cut(raw, 64);
}

/** The category path (`Home > Lighting > Lamps`) as the categories to ensure, parents first; the last is the product's. */
export function categoryPath(category: string | null): CategorySeed[] {
  if (!category) return [];
  const names = category
    .split('>')
    .map((name) => name.trim())
    .filter(Boolean)
    .slice(0, 5);
  const seeds: CategorySeed[] = [];
  names.forEach((name, index) => {
    const slug = cut(slugify(names.slice(0, index + 1).join(' '), 'category'), 96).replace(/-+$/, '');
    seeds.push({ slug, name: cut(name, 100), parent: seeds[index - 1]?.slug });
  });
  return seeds;
}

/** Option types from the items' options, in order of first appearance (at most 3, values at most 100). */
function optionTypesOf(items: readonly FeedItem[]): { name: string; values: string[] }[] {
  const types = new Map<string, { name: string; values: string[] }>();
  for (const item of items)
    for (const option of item.options) {
      const name = cut(option.name.trim(), 40);
      const value = cut(option.value.trim(), 60);
      if (!name || !value) continue;
      const key = name.toLowerCase();
      if (!types.has(key)) {
        if (types.size >= 3) continue;
        types.set(key, { name, values: [] });
      }
      const type = types.get(key);
      if (type && !type.values.includes(value) && type.values.length < 100) type.values.push(value);
    }
  return [...types.values()];
}

function optionsOf(item: FeedItem, types: { name: string; values: string[] }[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const type of types) {
    const value = item.options.find((o) => o.name.trim().toLowerCase() === type.name.toLowerCase())?.value.trim();
    options[type.name] = value ? cut(value, 60) : '';
  }
  return options;
}

/**
 * Variants must differ in their options: when the feed's options don't tell the items apart (or
 * some item lacks one), the variants are told apart by a single `Variant` option named by SKU.
 */
function variantOptions(items: readonly FeedItem[], skus: string[]) {
  const types = optionTypesOf(items);
  const options = items.map((item) => optionsOf(item, types));
  const complete = options.every((o) => Object.values(o).every((value) => value !== ''));
  const distinct = new Set(options.map((o) => JSON.stringify(o))).size === options.length;
  if (types.length > 0 && complete && distinct) return { optionTypes: types, options };
  if (items.length === 1) return { optionTypes: [], options: [{}] };
  const labels = skus.map((sku) => cut(sku, 60));
  return { optionTypes: [{ name: 'Variant', values: labels }], options: labels.map((label) => ({ Variant: label })) };
}

function attributesOf(item: FeedItem): Record<string, string> {
  const attributes: Record<string, string> = {};
  const add = (key: string, value: string | null | undefined) => {
    const name = cut(key.trim(), 60);
    if (!name || !value || Object.keys(attributes).length >= 50) return;
    attributes[name] = cut(value, 1000);
  };
  add('condition', item.condition);
  add('mpn', item.mpn);
  for (const [key, value] of Object.entries(item.attributes ?? {})) add(key, value);
  return attributes;
}

/** The catalog product (create input, without the category) for a group's items, and each item's SKU. */
export function productInputOf(items: readonly FeedItem[], now: Date): { input: CreateProductInput; skus: string[] } {
  const first = items[0];
  if (!first) throw new Error('a group has at least one item');
  const skus = items.map(skuOf);
  // Two items with the same SKU: fall back to their external ids, which the feed keeps unique.
  const unique = new Set(skus).size === skus.length ? skus : items.map((item) => cut(item.externalId.replace(/\s+/g, '-'), 64));
  const { optionTypes, options } = variantOptions(items, unique);
  const images: string[] = [];
  for (const item of items)
    for (const url of item.imageUrls ?? [])
      if (images.length < 20 && !images.includes(url) && isAllowedImageUrl(url)) images.push(url);
  const title = cut(first.title.trim(), 200) || first.externalId;
  const input: CreateProductInput = {
    title,
    descriptionHtml: cut(items.find((item) => item.descriptionHtml)?.descriptionHtml ?? '', 100_000),
    brand: items.find((item) => item.brand)?.brand?.slice(0, 120) ?? null,
    status: statusOf(items),
    images: images.map((url) => ({ url, alt: cut(title, 300) })),
    optionTypes,
    attributes: attributesOf(first),
    variants: items.map((item, index) => ({
      sku: unique[index] as string,
      gtin: item.gtin ?? null,
      options: options[index] ?? {},
      ...pricesOf(item, now),
      costMinor: item.costMinor ?? null,
      currency: item.currency,
      weightGrams: item.weightGrams ?? null,
    })),
  };
  return { input, skus: unique };
}
