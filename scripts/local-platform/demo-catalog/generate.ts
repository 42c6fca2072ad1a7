/**
 * Turns a trade's word lists into products: every family offers name × line × brand
 * combinations, and a seeded PRNG per product picks prices, variants, GTINs, status and stock, so
 * the same catalog comes out on every machine and in every chunk order.
 */
import { type CreateProductInput, slugify } from '../../../src/modules/catalog';
import { gtin13, Random } from './random';
import type { Family, OptionSpec, Trade } from './trade';

/** One product to seed. */
export interface CatalogItem {
  /** Stable key, stored as the product's external id. */
  externalId: string;
  /** Slug of the (child) category. */
  category: string;
  input: Omit<CreateProductInput, 'categoryId'> & { slug: string };
  /** Stock of each variant (in order) as [main warehouse, shop floor]. */
  stock: [number, number][];
}

export interface CategorySeed {
  slug: string;
  name: string;
  parent?: string;
}

/** How many variants products get: the share of option-bearing products with several, and how many. */
export interface VariantPlan {
  multiShare: number;
  counts: number[];
}

export const DEMO_PLAN: VariantPlan = { multiShare: 0.85, counts: [2, 2, 3, 3, 3, 4, 4, 5, 6] };

interface Combo {
  name: string;
  /** Position of the name in its family (price and weight rise along the list). */
  rank: number;
  line: string;
  brand: number;
}

/** Every name × line × brand of a family, shuffled the same way everywhere. */
export function combosOf(trade: Trade, family: Family, seed: string): Combo[] {
  const brands = family.brands ?? trade.brands.map((_, index) => index);
  const rank = (index: number) => (family.names.length > 1 ? index / (family.names.length - 1) : 0.5);
  const combos = family.names.flatMap((name, index) =>
    (family.lines ?? ['']).flatMap((line) => brands.map((brand) => ({ name, rank: rank(index), line, brand }))),
  );
  return new Random(seed).shuffle(combos);
}

/** The value `rank` (0–1) of the way from `from` to `to` on a log scale, ±10 %. */
function along([from, to]: [number, number], rank: number, rng: Random): number {
  return from * (to / from) ** rank * (0.9 + rng.next() * 0.2);
}

/** A shop price: .99 below €100, whole euros ending in 9 above. */
function retail(cents: number): number {
  if (cents >= 10_000) return Math.max(1, Math.round(cents / 1000)) * 1000 - 100;
  return Math.max(1, Math.round(cents / 100)) * 100 - 1;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** The option types (with the values used) and each variant's options and price/weight factors. */
function chooseVariants(options: OptionSpec[], rng: Random, plan: VariantPlan) {
  const [a, b] = options;
  if (!a) return { optionTypes: [], variants: [{ options: {}, price: 1, weight: 1 }] };
  const total = rng.chance(plan.multiShare) ? rng.pick(plan.counts) : 1;
  const widthB = b && total >= 4 ? 2 : 1;
  const widthA = Math.min(a.values.length, Math.ceil(total / widthB));
  const start = rng.int(0, a.values.length - widthA);
  const indexesA = Array.from({ length: widthA }, (_, i) => start + i);
  const valuesB = b ? rng.sample(b.values, widthB) : [];
  const optionTypes = [{ name: a.name, values: indexesA.map((i) => a.values[i] as string) }];
  if (b) optionTypes.push({ name: b.name, values: valuesB });
  const variants = indexesA.flatMap((i) =>
    (b ? valuesB : [undefined]).map((valueB) => ({
      options: { [a.name]: a.values[i] as string, ...(b && valueB ? { [b.name]: valueB } : {}) },
      price: a.price?.[i] ?? 1,
      weight: a.weight?.[i] ?? 1,
    })),
  );
  return { optionTypes, variants };
}

/** Stock at [main warehouse, shop floor]: mostly both, some empty in one or both, some low. */
function stockFor(rng: Random, bulky: boolean): [number, number] {
  const r = rng.next();
  if (r < 0.05) return [0, 0];
  if (r < 0.12) return [rng.int(5, 60), 0];
  if (r < 0.16) return [0, rng.int(1, 8)];
  if (r < 0.26) return [rng.int(1, 4), rng.int(0, 2)];
  return bulky ? [rng.int(3, 25), rng.int(1, 4)] : [rng.int(12, 240), rng.int(2, 36)];
}

export interface ItemSpec {
  trade: Trade;
  family: Family;
  combo: Combo;
  /** The product's number within its vendor (SKUs and GTINs derive from it). */
  n: number;
  seed: string;
  skuPrefix: string;
  plan: VariantPlan;
  /** Appended to the title (an article number, for catalogs larger than the word lists). */
  titleSuffix?: string;
}

/** One product with its variants and stock, from its family, combination and number. */
export function buildItem(spec: ItemSpec): CatalogItem {
  const { trade, family, combo, n } = spec;
  const rng = new Random(`${spec.seed}:${n}`);
  const brand = trade.brands[combo.brand] ?? trade.brands[0] ?? '';
  const name = !combo.line
    ? combo.name
    : combo.line.includes('{}')
      ? combo.line.replace('{}', combo.name)
      : `${combo.name} ${combo.line}`;
  const title = `${brand} ${name}${spec.titleSuffix ?? ''}`;
  const chosen = chooseVariants(family.options ?? [], rng, spec.plan);
  const basePrice = along(family.price, combo.rank, rng);
  const baseWeight = along(family.weight, combo.rank, rng);
  // GTIN-13s hold the product number in six digits (with the variant's).
  const withGtin = rng.chance(0.7) && n < 100_000;
  const markup = rng.chance(0.15) ? 1.15 + rng.next() * 0.25 : 0;
  const code = family.category
    .replace(/[^a-z]/g, '')
    .slice(0, 3)
    .toUpperCase();
  const sku = `${spec.skuPrefix}-${code}-${String(n).padStart(4, '0')}`;
  const company = String(100 + ((combo.brand * 37) % 900));
  const variants = chosen.variants.map((variant, k) => {
    const priceMinor = retail(basePrice * variant.price);
    const compareAt = markup ? retail(priceMinor * markup) : 0;
    return {
      sku: chosen.variants.length > 1 ? `${sku}-${k + 1}` : sku,
      gtin: withGtin ? gtin13(`${trade.gs1Prefix}${company}${String(n * 10 + k).padStart(6, '0')}`) : null,
      options: variant.options,
      priceMinor,
      compareAtMinor: compareAt > priceMinor ? compareAt : null,
      costMinor: Math.round(priceMinor * (0.5 + rng.next() * 0.15)),
      currency: 'EUR',
      weightGrams: Math.round((baseWeight * variant.weight) / 10) * 10,
    };
  });
  const features = rng.sample(family.features, Math.min(family.features.length, rng.int(3, 4)));
  const fill = (sentence: string) => sentence.replace('{brand}', brand).replace('{name}', name);
  const descriptionHtml = [
    `<p>${escapeHtml(fill(rng.pick(trade.intros)))}</p>`,
    `<ul>${features.map((feature) => `<li>${escapeHtml(feature)}</li>`).join('')}</ul>`,
    `<p>${escapeHtml(rng.pick(trade.closings))}</p>`,
  ].join('\n');
  const attributes = Object.fromEntries(
    Object.entries({ ...trade.attributes, ...family.attributes }).map(([key, values]) => [key, rng.pick(values)]),
  );
  const [background, foreground] = trade.imageColours;
  const image = (shade: string, view: string) => ({
    url: `https://placehold.co/800x800/${shade}/${foreground}/png?text=${encodeURIComponent(combo.name)}`,
    alt: `${title}, ${view}`,
  });
  const r = rng.next();
  const status = r < 0.05 ? 'draft' : r < 0.08 ? 'archived' : 'active';
  return {
    externalId: `${spec.skuPrefix.toLowerCase()}-${n}`,
    category: family.category,
    input: {
      title,
      slug: slugify(title),
      descriptionHtml,
      brand,
      status,
      featured: status === 'active' && rng.chance(0.04),
      images: rng.chance(0.4) ? [image(background, 'front'), image('e5e7eb', 'detail')] : [image(background, 'front')],
      optionTypes: chosen.optionTypes,
      attributes,
      variants,
    },
    stock: variants.map(() => stockFor(rng, basePrice >= 50_000)),
  };
}

/** A trade's categories as rows to seed: each parent, then its children. */
export function categoriesOf(trade: Trade): CategorySeed[] {
  return trade.categories.flatMap((parent) => [
    { slug: parent.slug, name: parent.name },
    ...parent.children.map((child) => ({ ...child, parent: parent.slug })),
  ]);
}

/** A demo vendor's catalog: `count` products taken round-robin from the trade's families. */
export function tradeCatalog(trade: Trade, seed: string, count: number): { categories: CategorySeed[]; items: CatalogItem[] } {
  const queues = trade.families.map((family, index) => ({ family, combos: combosOf(trade, family, `${seed}:family:${index}`) }));
  const items: CatalogItem[] = [];
  for (let round = 0; items.length < count; round++) {
    const before = items.length;
    for (const { family, combos } of queues) {
      const combo = combos[round];
      if (!combo || items.length >= count) continue;
      items.push(buildItem({ trade, family, combo, n: items.length + 1, seed, skuPrefix: trade.code, plan: DEMO_PLAN }));
    }
    if (items.length === before) throw new Error(`${trade.code}: the word lists make only ${before} products`);
  }
  return { categories: categoriesOf(trade), items };
}
