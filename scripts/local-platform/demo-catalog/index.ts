/**
 * The demo vendors' catalogs (one trade each, DESIGN.md "Demo data") and the large wholesale
 * catalog for performance work, all generated from the word lists in this folder.
 */
import { ACME } from './acme';
import { buildItem, categoriesOf, combosOf, tradeCatalog, type VariantPlan } from './generate';
import { NORDLICHT } from './nordlicht';
import type { GeneratedCatalog } from './seed-catalog';
import type { Trade } from './trade';
import { VELO } from './velo';

export { type SeedCatalogResult, seedCatalog } from './seed-catalog';

/** Each demo vendor's trade, by slug. */
export const DEMO_TRADES: Record<string, Trade> = { acme: ACME, nordlicht: NORDLICHT, velo: VELO };

/** Products per demo vendor. */
export const DEMO_PRODUCTS = 240;

/** The demo catalog of a demo vendor: the same on every machine. */
export function demoCatalog(slug: string, products = DEMO_PRODUCTS): GeneratedCatalog {
  const trade = DEMO_TRADES[slug];
  if (!trade) throw new Error(`no demo trade for ${slug}`);
  return tradeCatalog(trade, slug, products);
}

/** Fewer variants than the demo shops: about 1.5 per product, as the comparison catalog in DESIGN.md. */
const WHOLESALE_PLAN: VariantPlan = { multiShare: 0.42, counts: [2, 2, 2, 3, 3, 4] };

/**
 * A wholesaler selling all three trades: `products` products taken round-robin from every family,
 * each with an article number in its title (the word lists alone make only a few thousand).
 */
export function wholesaleCatalog(products: number, seed = 'grossmarkt'): GeneratedCatalog {
  const trades = [ACME, NORDLICHT, VELO];
  const families = trades.flatMap((trade) =>
    trade.families.map((family, index) => ({ trade, family, combos: combosOf(trade, family, `${seed}:${trade.code}:${index}`) })),
  );
  const categories = trades.flatMap(categoriesOf);
  if (new Set(categories.map((c) => c.slug)).size !== categories.length) throw new Error('trades share a category slug');
  const items = Array.from({ length: products }, (_, i) => {
    const { trade, family, combos } = families[i % families.length] as (typeof families)[number];
    const combo = combos[Math.floor(i / families.length) % combos.length] as (typeof combos)[number];
    const n = i + 1;
    return buildItem({
      trade,
      family,
      combo,
      n,
      seed,
      skuPrefix: 'GM',
      plan: WHOLESALE_PLAN,
      titleSuffix: ` (Art. ${10_000 + n})`,
    });
  });
  return { categories, items };
}
