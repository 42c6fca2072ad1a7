import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { isInStock } from '../inventory/availability';
import {
  findCategoriesWithCounts,
  findFacets,
  findProductBreadcrumb,
  findProductCards,
  findShopProduct,
  findShopVariants,
  findVariantsById,
  type KeyType,
  type ShopFilter,
  type ShopOrder,
  shopOrder,
} from './shop-repo';
import type {
  ShopCategory,
  ShopCategoryNode,
  ShopFacets,
  ShopProduct,
  ShopProductPage,
  ShopProductQuery,
  ShopSort,
} from './shop-schemas';
import { parseSearch } from './shop-search';

const invalidCursor = () =>
  new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned for this sort' }],
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Values a cursor may hold at each key, by the key's SQL type. */
const VALID_KEY: Record<KeyType, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  int: (value) => Number.isInteger(value),
  bigint: (value) => Number.isSafeInteger(value),
  real: (value) => typeof value === 'number' && Number.isFinite(value),
  text: (value) => typeof value === 'string',
  timestamptz: (value) => typeof value === 'string' && TIMESTAMP.test(value),
};

/** The opaque cursor: base64url of `[sort, ...sort key values]` of the last row of a page. */
function encodeCursor(sort: ShopSort, keys: unknown[]): string {
  return btoa(encodeURIComponent(JSON.stringify([sort, ...keys])))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string, sort: ShopSort, order: ShopOrder): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed[0] !== sort) throw invalidCursor();
  const values = parsed.slice(1);
  const valid = values.length === order.keys.length && order.keys.every((key, i) => VALID_KEY[key.cast](values[i]));
  if (!valid) throw invalidCursor();
  return values;
}

function toFilter(query: ShopProductQuery): ShopFilter {
  return {
    search: parseSearch(query.q),
    categorySlug: query.category,
    brands: query.brand,
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    inStock: query.inStock,
    featured: query.featured,
  };
}

/**
 * A page of the vendor's active products: searched, filtered and sorted, continued by keyset
 * `cursor` (never OFFSET). With `facets=true`, brand counts, the price range and the total come
 * in the same database round trip (one read-only batch).
 */
export async function listShopProducts(db: Database, vendorId: string, query: ShopProductQuery): Promise<ShopProductPage> {
  const filter = toFilter(query);
  // A query with nothing searchable ("?q=!!") finds nothing rather than everything.
  if (query.q && !filter.search) return { data: [], nextCursor: null, ...(query.facets ? { facets: emptyFacets() } : {}) };
  // Relevance needs words; without them the list is newest first.
  const sort: ShopSort = filter.search
    ? (query.sort ?? 'relevance')
    : query.sort && query.sort !== 'relevance'
      ? query.sort
      : 'newest';
  const order = shopOrder(sort, filter.search);
  const afterKeys = query.cursor ? decodeCursor(query.cursor, sort, order) : undefined;
  const withFacets = query.facets === true;
  const scoped = db.vendor(vendorId);
  const page = { after: afterKeys, limit: query.limit + 1 };
  const [rows, facetRows] = withFacets
    ? await scoped.read((q) => [findProductCards(q, vendorId, filter, order, page), findFacets(q, vendorId, filter)] as const)
    : [...(await scoped.read((q) => [findProductCards(q, vendorId, filter, order, page)] as const)), undefined];
  const shown = rows.slice(0, query.limit);
  const last = shown.at(-1);
  const data = shown.map(({ sortKey: _, image, ...row }) => ({
    ...row,
    image: image && typeof image.url === 'string' ? { url: image.url, alt: image.alt ?? '' } : null,
    minPriceMinor: row.minPriceMinor ?? 0,
    maxPriceMinor: row.maxPriceMinor ?? row.minPriceMinor ?? 0,
  }));
  const nextCursor = rows.length > query.limit && last ? encodeCursor(sort, last.sortKey) : null;
  return facetRows ? { data, nextCursor, facets: toFacets(facetRows) } : { data, nextCursor };
}

const MAX_BRAND_FACETS = 30;

interface FacetRow {
  isTotal: boolean;
  brand: string | null;
  count: number;
  total: number;
  minPrice: number | null;
  maxPrice: number | null;
}

/** The grouping-sets rows as facets: brands with products, most first; the total row's figures. */
function toFacets(rows: FacetRow[]): ShopFacets {
  const totals = rows.find((row) => row.isTotal);
  const brands = rows
    .filter((row): row is FacetRow & { brand: string } => !row.isTotal && row.brand !== null && row.count > 0)
    .map((row) => ({ name: row.brand, count: row.count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .slice(0, MAX_BRAND_FACETS);
  const range =
    totals && totals.minPrice !== null && totals.maxPrice !== null ? { min: totals.minPrice, max: totals.maxPrice } : null;
  return { total: totals?.total ?? 0, brands, priceRange: range };
}

function emptyFacets(): ShopFacets {
  return { total: 0, brands: [], priceRange: null };
}

/** The description as plain text: tags dropped, entities of a sanitised description decoded, space collapsed. */
export function plainText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, name: string) => entities[name] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An active product by slug with its variants (price, what is available) and category path; NOT_FOUND otherwise. */
export async function getShopProduct(db: Database, vendorId: string, slug: string): Promise<ShopProduct> {
  const [[product], variantRows, crumbs] = await db
    .vendor(vendorId)
    .read(
      (q) =>
        [
          findShopProduct(q, vendorId, slug),
          findShopVariants(q, vendorId, slug),
          findProductBreadcrumb(q, vendorId, slug),
        ] as const,
    );
  if (!product) throw new ApiError('NOT_FOUND', `No product ${slug} in this shop`);
  const breadcrumb = crumbs.rows.map(({ slug: crumbSlug, name }) => ({ slug: crumbSlug, name }));
  return {
    ...product,
    description: plainText(product.descriptionHtml),
    minPriceMinor: product.minPriceMinor ?? 0,
    maxPriceMinor: product.maxPriceMinor ?? product.minPriceMinor ?? 0,
    category: breadcrumb.at(-1) ?? null,
    breadcrumb,
    variants: variantRows.map((variant) => ({ ...variant, inStock: isInStock(variant.available) })),
    updatedAt: product.updatedAt.toISOString(),
  };
}

interface FlatCategory {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  count: number;
}

/** Builds the tree from flat rows (already in display order); counts include every subcategory. */
type TreeNode = ShopCategoryNode & { parentId: string | null };

function buildTree(rows: FlatCategory[]): { roots: ShopCategoryNode[]; nodes: Map<string, TreeNode> } {
  const nodes = new Map<string, TreeNode>(
    rows.map((row) => [
      row.id,
      { id: row.id, slug: row.slug, name: row.name, productCount: 0, children: [], parentId: row.parentId },
    ]),
  );
  const roots: ShopCategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  // Add each category's own products to it and every ancestor (the tree is shallow and small).
  for (const row of rows) {
    const seen = new Set<string>();
    for (let node = nodes.get(row.id); node && !seen.has(node.id); node = node.parentId ? nodes.get(node.parentId) : undefined) {
      seen.add(node.id);
      node.productCount += row.count;
    }
  }
  return { roots, nodes };
}

const toPublicNode = ({ id, slug, name, productCount, children }: ShopCategoryNode): ShopCategoryNode => ({
  id,
  slug,
  name,
  productCount,
  children: children.map(toPublicNode),
});

/** The vendor's category tree, each category with the count of active products in it and below. */
export async function listShopCategories(db: Database, vendorId: string): Promise<ShopCategoryNode[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findCategoriesWithCounts(q, vendorId)] as const);
  return buildTree(rows).roots.map(toPublicNode);
}

/** One category by slug with its path from the top and its subcategories; NOT_FOUND when unknown. */
export async function getShopCategory(db: Database, vendorId: string, slug: string): Promise<ShopCategory> {
  const [rows] = await db.vendor(vendorId).read((q) => [findCategoriesWithCounts(q, vendorId)] as const);
  const { nodes } = buildTree(rows);
  const node = [...nodes.values()].find((candidate) => candidate.slug === slug);
  if (!node) throw new ApiError('NOT_FOUND', `No category ${slug} in this shop`);
  const breadcrumb: { slug: string; name: string }[] = [];
  const seen = new Set<string>();
  for (let at: typeof node | undefined = node; at && !seen.has(at.id); at = at.parentId ? nodes.get(at.parentId) : undefined) {
    seen.add(at.id);
    breadcrumb.unshift({ slug: at.slug, name: at.name });
  }
  const summary = ({ id, slug: s, name, productCount }: ShopCategoryNode) => ({ id, slug: s, name, productCount });
  return { category: summary(node), breadcrumb, children: node.children.map(summary) };
}

/** What a shopper sees of a variant wherever it is listed outside its product page (cart, checkout). */
export interface ShopVariantFacts {
  id: string;
  productId: string;
  productSlug: string;
  productTitle: string;
  image: { url: string; alt: string } | null;
  /** Whether its product is active (on sale); a cart keeps a line of a withdrawn product, flagged. */
  onSale: boolean;
  sku: string;
  options: Record<string, string>;
  priceMinor: number;
  compareAtMinor: number | null;
  currency: string;
  available: number;
}

/** The live facts of the given variants of this shop, by id; unknown ids are simply absent. */
export async function getShopVariants(
  db: Database,
  vendorId: string,
  variantIds: string[],
): Promise<Map<string, ShopVariantFacts>> {
  const ids = [...new Set(variantIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Map();
  const [rows] = await db.vendor(vendorId).read((q) => [findVariantsById(q, vendorId, ids)] as const);
  return new Map(
    rows.map(({ images, ...row }) => {
      const first = images[0];
      const image = first && typeof first.url === 'string' ? { url: first.url, alt: first.alt ?? '' } : null;
      return [row.id, { ...row, image }];
    }),
  );
}
