/**
 * Puts a generated catalog into a vendor's shop through the catalog's and inventory's own rules:
 * categories, products (each through `prepareProduct`, inserted many per statement with their
 * events), the two stock locations, and initial stock through `receiveInitialStock` (ledger
 * entries and events with it). Products go in chunks, each one transaction, then their stock.
 */
import {
  type CategorySeed,
  countProductsFrom,
  ensureCategories,
  findCatalogKeys,
  insertPreparedProducts,
  prepareProduct,
} from '../../../src/modules/catalog';
import { countStockLevels, ensureDefaultLocations, receiveInitialStock } from '../../../src/modules/inventory';
import type { Database } from '../../../src/platform/db';
import type { CatalogItem } from './generate';

/** The `source` of seeded products: how a rerun recognises them. */
export const SEED_SOURCE = 'seed';

const ACTOR = { kind: 'system', name: 'seed' } as const;

export interface GeneratedCatalog {
  categories: CategorySeed[];
  items: CatalogItem[];
}

export interface SeedCatalogOptions {
  /** Products per write batch (each its own transaction), then their stock; default 1000. */
  chunk?: number;
  /** Whether initial stock writes inventory.adjusted.v1 events (default true). */
  stockEvents?: boolean;
  /** Called after each chunk with the products and variants written so far. */
  progress?: (done: { products: number; variants: number }) => void;
}

export interface SeedCatalogResult {
  /** False when the catalog was there already and nothing was written. */
  seeded: boolean;
  products: number;
  variants: number;
}

/**
 * Whether the catalog is complete: as many seeded products as the catalog has, and as many stock
 * levels as their variants need in two locations. A start interrupted midway (Ctrl-C during the
 * first boot) fails this check; a catalog seeded from an older version of the word lists passes.
 */
async function isComplete(db: Database, vendorId: string, catalog: GeneratedCatalog): Promise<boolean> {
  const [seeded, levels] = await Promise.all([countProductsFrom(db, vendorId, SEED_SOURCE), countStockLevels(db, vendorId)]);
  return seeded.products >= catalog.items.length && levels >= 2 * seeded.variants;
}

/**
 * Seeds `catalog` into the vendor's shop unless it is complete already; safe to rerun. Products
 * whose slug or SKUs the vendor uses are left as they are (a rerun after an interrupted seed
 * fills in the rest); initial stock is set for the seeded variants in both locations.
 */
export async function seedCatalog(
  db: Database,
  vendorId: string,
  catalog: GeneratedCatalog,
  options: SeedCatalogOptions = {},
): Promise<SeedCatalogResult> {
  const done = { products: 0, variants: 0 };
  if (await isComplete(db, vendorId, catalog)) return { seeded: false, ...done };
  const [categoryIds, keys, locations] = await Promise.all([
    ensureCategories(db, vendorId, catalog.categories),
    findCatalogKeys(db, vendorId),
    ensureDefaultLocations(db, vendorId),
  ]);
  const main = locations.find((location) => location.code === 'main');
  const store = locations.find((location) => location.code === 'store');
  if (!main || !store) throw new Error('seed: the main and store locations are missing');
  // Creation times a second apart, so "newest first" has the same order on every machine.
  const start = Date.now() - catalog.items.length * 1000;

  const seedChunk = async (offset: number, chunk: CatalogItem[]) => {
    const isFree = (item: CatalogItem) =>
      !keys.slugs.has(item.input.slug) && item.input.variants.every((v) => !keys.variantIds.has(v.sku));
    const fresh = new Set(chunk.filter(isFree));
    const prepared = chunk.flatMap((item, index) =>
      fresh.has(item)
        ? [
            prepareProduct(vendorId, { ...item.input, categoryId: categoryIds.get(item.category) ?? null }, ACTOR, {
              source: SEED_SOURCE,
              externalId: item.externalId,
              now: new Date(start + (offset + index) * 1000),
            }),
          ]
        : [],
    );
    await insertPreparedProducts(db, vendorId, prepared);
    const ids = new Map(prepared.flatMap((p) => p.variants.map((v) => [v.sku, v.id] as const)));
    // Stock for the new products, and for those of an interrupted earlier seed (their slug is there).
    const lines = chunk.flatMap((item) =>
      item.input.variants.flatMap((variant, index) => {
        const variantId =
          ids.get(variant.sku) ?? (keys.slugs.has(item.input.slug) ? keys.variantIds.get(variant.sku) : undefined);
        const [atMain, atStore] = item.stock[index] ?? [0, 0];
        return variantId
          ? [
              { variantId, locationId: main.id, onHand: atMain },
              { variantId, locationId: store.id, onHand: atStore },
            ]
          : [];
      }),
    );
    await receiveInitialStock(db, vendorId, lines, { note: 'Initial stock (seed)', events: options.stockEvents ?? true });
    done.products += prepared.length;
    done.variants += ids.size;
    options.progress?.(done);
  };

  const size = options.chunk ?? 1000;
  for (let offset = 0; offset < catalog.items.length; offset += size)
    await seedChunk(offset, catalog.items.slice(offset, offset + size));
  return { seeded: true, ...done };
}
