/**
 * Catalogs for the shop tests: a fresh vendor, its categories (inserted directly), its products
 * through the catalog's own `createProduct` (sanitised description, derived SKU and price
 * columns, events) and its stock through inventory's `setStock` in two locations.
 */
import { categories } from '../../drizzle/schema';
import { type CreateProductInput, createProduct } from '../../src/modules/catalog';
import { ensureDefaultLocations, setStock } from '../../src/modules/inventory';
import { appDatabase, createTestVendor, type TestVendor } from '../harness/platform';

export interface CategorySpec {
  slug: string;
  name: string;
  parent?: string;
}

export interface ProductSpec extends Omit<CreateProductInput, 'categoryId' | 'variants'> {
  category?: string;
  /** Each variant with its stock as [main warehouse, shop floor] (default none). */
  variants: (CreateProductInput['variants'][number] & { stock?: [number, number] })[];
}

export interface ShopFixture {
  vendor: TestVendor;
  products: Map<string, { id: string; slug: string; variants: Map<string, string> }>;
  categories: Map<string, string>;
}

/** A vendor with the given catalog, created in order (so `newest` runs backwards through `products`). */
export async function createShopVendor(
  name: string,
  spec: { categories?: CategorySpec[]; products: ProductSpec[] },
): Promise<ShopFixture> {
  const vendor = await createTestVendor(name);
  const db = appDatabase();
  try {
    const categoryIds = new Map<string, string>();
    const rows = (spec.categories ?? []).map((category, position) => {
      const id = crypto.randomUUID();
      categoryIds.set(category.slug, id);
      return { id, category, position };
    });
    if (rows.length > 0)
      await db.vendor(vendor.id).write(
        (q) =>
          [
            q.insert(categories).values(
              rows.map(({ id, category, position }) => ({
                id,
                vendorId: vendor.id,
                slug: category.slug,
                name: category.name,
                position,
                parentId: category.parent ? (categoryIds.get(category.parent) ?? null) : null,
              })),
            ),
          ] as const,
      );
    const [main, floor] = await ensureDefaultLocations(db, vendor.id);
    if (!main || !floor) throw new Error('fixture: no stock locations');
    const products: ShopFixture['products'] = new Map();
    const stock: { variantId: string; locationId: string; onHand: number }[] = [];
    for (const { category, variants, ...input } of spec.products) {
      const product = await createProduct(
        db,
        vendor.id,
        {
          ...input,
          categoryId: category ? (categoryIds.get(category) ?? null) : null,
          variants: variants.map(({ stock: _, ...variant }) => variant),
        } as CreateProductInput,
        { kind: 'system', name: 'shop-test' },
      );
      const variantIds = new Map(product.variants.map((variant) => [variant.sku, variant.id]));
      products.set(product.slug, { id: product.id, slug: product.slug, variants: variantIds });
      for (const variant of variants) {
        const variantId = variantIds.get(variant.sku);
        if (!variantId || !variant.stock) continue;
        stock.push({ variantId, locationId: main.id, onHand: variant.stock[0] });
        stock.push({ variantId, locationId: floor.id, onHand: variant.stock[1] });
      }
    }
    if (stock.length > 0) await setStock(db, vendor.id, stock, { events: false });
    return { vendor, products, categories: categoryIds };
  } finally {
    await db.close();
  }
}

const variant = (
  sku: string,
  priceMinor: number,
  stock: [number, number],
  extra: Partial<ProductSpec['variants'][number]> = {},
) => ({
  sku,
  priceMinor,
  stock,
  ...extra,
});

/** A small hardware shop: drills (with a draft and an archived one), a hose, a hammer, screws. */
export function hardwareCatalog(): { categories: CategorySpec[]; products: ProductSpec[] } {
  const screws: ProductSpec[] = Array.from({ length: 7 }, (_, i) => ({
    title: `Spax Screws 0${i + 1}`,
    slug: `spax-screws-0${i + 1}`,
    brand: 'Spax',
    status: 'active',
    category: 'tools',
    variants: [variant(`SPX-0${i + 1}`, 500 + i * 100, [10, 0])],
  }));
  return {
    categories: [
      { slug: 'tools', name: 'Tools' },
      { slug: 'drills', name: 'Drills', parent: 'tools' },
      { slug: 'garden', name: 'Garden' },
      { slug: 'empty-shelf', name: 'Empty shelf' },
    ],
    products: [
      ...screws,
      {
        title: 'Claw Hammer',
        slug: 'claw-hammer',
        brand: 'Stanley',
        status: 'active',
        category: 'tools',
        variants: [variant('CH-16', 1999, [15, 5])],
      },
      {
        title: 'Garden Hose 25m',
        slug: 'garden-hose-25m',
        brand: 'Gardena',
        status: 'active',
        category: 'garden',
        descriptionHtml: '<p>A kink-free hose for every garden.</p>',
        variants: [variant('GH-25', 2999, [0, 0])],
      },
      {
        title: 'Bit Set for DRL-18-S',
        slug: 'bit-set',
        brand: 'Bosch',
        status: 'active',
        category: 'tools',
        variants: [variant('BIT-SET-1', 1499, [4, 0])],
      },
      {
        title: 'Hammer Drill Pro',
        slug: 'hammer-drill-pro',
        brand: 'Makita',
        status: 'active',
        category: 'drills',
        descriptionHtml: '<p>Drills through <strong>concrete</strong> &amp; brick.</p>',
        variants: [variant('HMD-200', 15900, [6, 4], { gtin: '4006381333931' })],
      },
      {
        title: 'Cordless Drill 18V',
        slug: 'cordless-drill-18v',
        brand: 'Bosch',
        status: 'active',
        featured: true,
        category: 'drills',
        descriptionHtml: '<p>Light, <em>strong</em> and ready for every job.</p><ul><li>Two speeds</li><li>LED light</li></ul>',
        images: [
          { url: 'https://img.example.com/drill-front.jpg', alt: 'The drill from the front' },
          { url: 'https://img.example.com/drill-side.jpg', alt: 'The drill from the side' },
        ],
        optionTypes: [{ name: 'Battery', values: ['2 Ah', '5 Ah'] }],
        attributes: { Voltage: '18 V' },
        variants: [
          variant('DRL-18-S', 9900, [2, 1], { compareAtMinor: 12900, options: { Battery: '2 Ah' } }),
          variant('DRL-18-L', 12900, [0, 0], { options: { Battery: '5 Ah' } }),
        ],
      },
      {
        title: 'Secret Prototype Drill',
        slug: 'secret-prototype-drill',
        brand: 'Bosch',
        status: 'draft',
        category: 'drills',
        variants: [variant('PROTO-1', 99900, [3, 0])],
      },
      {
        title: 'Old Drill',
        slug: 'old-drill',
        brand: 'Bosch',
        status: 'archived',
        category: 'drills',
        variants: [variant('OLD-1', 4900, [1, 0])],
      },
    ],
  };
}

/** Slugs of the active products of `hardwareCatalog()`. */
export const ACTIVE_HARDWARE = [
  ...Array.from({ length: 7 }, (_, i) => `spax-screws-0${i + 1}`),
  'claw-hammer',
  'garden-hose-25m',
  'bit-set',
  'hammer-drill-pro',
  'cordless-drill-18v',
];
