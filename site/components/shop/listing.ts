/**
 * The state of a product listing page (search, category) as it travels in the page's URL, and
 * its translation into `GET /api/v1/shop/products` parameters. Prices in the page URL are in major
 * units as the shopper types them (`min=12.50`); the API takes minor units. Values that make no
 * sense are dropped rather than turned into an error page.
 */
import type { ShopFacets, ShopProductPage } from '../../../src/modules/catalog/shop-schemas';
import { parseAmount } from './format';

export const SORTS = [
  { value: 'relevance', label: 'Best match' },
  { value: 'newest', label: 'Newest' },
  { value: 'price', label: 'Price: low to high' },
  { value: '-price', label: 'Price: high to low' },
  { value: 'title', label: 'Name: A to Z' },
] as const;
export type SortValue = (typeof SORTS)[number]['value'];

export const PAGE_SIZE = 24;

export interface Listing {
  q: string;
  category: string;
  brands: string[];
  min: string;
  max: string;
  inStock: boolean;
  sort: SortValue | '';
  cursor: string;
}

const isSort = (value: string): value is SortValue => SORTS.some((sort) => sort.value === value);

/** Reads the listing state from the page's query string. */
export function readListing(params: URLSearchParams): Listing {
  const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
  const sort = text('sort', 20);
  return {
    q: text('q', 200),
    category: text('category', 200),
    brands: [...new Set(params.getAll('brand').map((brand) => brand.trim().slice(0, 100)))].filter(Boolean).slice(0, 20),
    min: parseAmount(text('min', 20)) === undefined ? '' : text('min', 20),
    max: parseAmount(text('max', 20)) === undefined ? '' : text('max', 20),
    inStock: params.get('inStock') === 'true',
    sort: isSort(sort) ? sort : '',
    cursor: text('cursor', 600),
  };
}

/** The API path for this listing's page of products (facets included, for the filter panel). */
export function productsApiPath(listing: Listing, category?: string): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE), facets: 'true' });
  if (listing.q) params.set('q', listing.q);
  const categorySlug = category ?? listing.category;
  if (categorySlug) params.set('category', categorySlug);
  for (const brand of listing.brands) params.append('brand', brand);
  let min = parseAmount(listing.min);
  let max = parseAmount(listing.max);
  if (min !== undefined && max !== undefined && min > max) [min, max] = [max, min];
  if (min !== undefined) params.set('minPrice', String(min));
  if (max !== undefined) params.set('maxPrice', String(max));
  if (listing.inStock) params.set('inStock', 'true');
  if (listing.sort && !(listing.sort === 'relevance' && !listing.q)) params.set('sort', listing.sort);
  if (listing.cursor) params.set('cursor', listing.cursor);
  return `/shop/products?${params}`;
}

/** A link to the listing at `path` with some of its state changed (the cursor is dropped unless given). */
export function listingHref(path: string, listing: Listing, changes: Partial<Listing> = {}): string {
  const next: Listing = { ...listing, cursor: '', ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  if (next.category) params.set('category', next.category);
  for (const brand of next.brands) params.append('brand', brand);
  if (next.min) params.set('min', next.min);
  if (next.max) params.set('max', next.max);
  if (next.inStock) params.set('inStock', 'true');
  if (next.sort) params.set('sort', next.sort);
  if (next.cursor) params.set('cursor', next.cursor);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Whether any filter (not the words, not the sort) narrows the listing. */
export function hasFilters(listing: Listing, ignoreCategory = false): boolean {
  return (
    listing.brands.length > 0 ||
    Boolean(listing.min || listing.max) ||
    listing.inStock ||
    (!ignoreCategory && Boolean(listing.category))
  );
}

export type ProductPage = ShopProductPage;
export type Facets = ShopFacets;
