/**
 * Shared by the dashboard's catalog pages (the leading underscore keeps Astro from routing it):
 * the API's shapes as the pages read them, money in major units, and the category tree as a flat
 * list of indented options.
 */

export type ProductStatus = 'draft' | 'active' | 'archived';

export interface VariantView {
  id: string;
  sku: string;
  gtin: string | null;
  options: Record<string, string>;
  /** The base price the team or a feed gave. */
  priceMinor: number;
  /** What the shop sells at: the base, or what a pricing rule made of it. */
  sellingPriceMinor?: number;
  priceRuleId?: string | null;
  compareAtMinor: number | null;
  costMinor: number | null;
  currency: string;
  weightGrams: number | null;
  position: number;
}

export interface ProductView {
  id: string;
  slug: string;
  title: string;
  descriptionHtml: string;
  brand: string | null;
  status: ProductStatus;
  featured: boolean;
  categoryId: string | null;
  images: { url: string; alt: string }[];
  optionTypes: { name: string; values: string[] }[];
  attributes: Record<string, string>;
  minPriceMinor: number | null;
  maxPriceMinor: number | null;
  currency: string;
  version: number;
  publishedAt: string | null;
  updatedAt: string;
  variants: VariantView[];
}

export type ProductSummaryView = Omit<ProductView, 'descriptionHtml' | 'optionTypes' | 'attributes' | 'variants'> & {
  variantCount: number;
};

export interface CategoryNodeView {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  position: number;
  productCount: number;
  children: CategoryNodeView[];
}

/** A category as a select option: its name indented by depth. */
export interface CategoryOption {
  id: string;
  name: string;
  slug: string;
  label: string;
  depth: number;
  parentId: string | null;
  /** Its own id and every descendant's: where it can't be moved. */
  subtree: string[];
}

/** The tree, depth first, as options for a select. */
export function flattenCategories(nodes: CategoryNodeView[], depth = 0): CategoryOption[] {
  return nodes.flatMap((node) => {
    const below = flattenCategories(node.children, depth + 1);
    const subtree = [node.id, ...below.filter((o) => o.depth === depth + 1).flatMap((o) => o.subtree)];
    return [
      {
        id: node.id,
        name: node.name,
        slug: node.slug,
        label: `${'\u2014 '.repeat(depth)}${node.name}`,
        depth,
        parentId: node.parentId,
        subtree,
      },
      ...below,
    ];
  });
}

/** Minor units as money, e.g. 1299 EUR → "€12.99". */
export function formatMoney(minor: number | null, currency: string): string {
  if (minor === null) return '—';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** The price column: one price, or the range of the variants' prices. */
export function formatPriceRange(min: number | null, max: number | null, currency: string): string {
  if (min === null) return '—';
  return max !== null && max !== min
    ? `${formatMoney(min, currency)} – ${formatMoney(max, currency)}`
    : formatMoney(min, currency);
}

export const STATUS_LABEL: Record<ProductStatus, string> = { draft: 'Draft', active: 'Active', archived: 'Archived' };
export const STATUS_TONE: Record<ProductStatus, 'neutral' | 'success' | 'warning'> = {
  draft: 'neutral',
  active: 'success',
  archived: 'warning',
};
