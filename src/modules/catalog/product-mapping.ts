import type { z } from 'zod';
import { ApiError } from '../../platform/errors';
import type { variantRefSchema } from './events';
import type { ProductRow, VariantRow } from './product-repo';
import type { Product, Variant } from './schemas';

/**
 * A variant row as the API shows it: `priceMinor` is the price the team or a feed gave (the base),
 * `sellingPriceMinor` what the shop sells at, and `priceRuleId` the pricing rule that made it.
 */
export function toVariant(row: VariantRow): Variant {
  return {
    id: row.id,
    sku: row.sku,
    gtin: row.gtin,
    options: row.options,
    priceMinor: row.basePriceMinor,
    sellingPriceMinor: row.priceMinor,
    priceRuleId: row.priceRuleId,
    compareAtMinor: row.compareAtMinor,
    costMinor: row.costMinor,
    currency: row.currency,
    weightGrams: row.weightGrams,
    position: row.position,
  };
}

/** A product row and its variant rows as the API shows them. */
export function toProduct(row: ProductRow, variantRows: VariantRow[]): Product {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    descriptionHtml: row.descriptionHtml,
    brand: row.brand,
    status: row.status,
    featured: row.featured,
    categoryId: row.categoryId,
    images: row.images,
    optionTypes: row.optionTypes,
    attributes: row.attributes,
    source: row.source,
    externalId: row.externalId,
    minPriceMinor: row.minPriceMinor,
    maxPriceMinor: row.maxPriceMinor,
    currency: row.currency,
    version: row.version,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    variants: [...variantRows].sort((a, b) => a.position - b.position).map(toVariant),
  };
}

/**
 * The product columns derived from its variants, which the catalog keeps in step whenever they
 * change: the SKUs and GTINs for search, the price range and the (one) currency.
 */
export function derivedColumns(
  variants: (Pick<Variant, 'sku' | 'gtin' | 'priceMinor' | 'currency'> & { sellingPriceMinor?: number })[],
) {
  // The range is of selling prices, which start as the base until the pricing engine sets them.
  const prices = variants.map((v) => v.sellingPriceMinor ?? v.priceMinor);
  return {
    skuText: variants.flatMap((v) => (v.gtin ? [v.sku, v.gtin] : [v.sku])).join(' '),
    minPriceMinor: prices.length > 0 ? Math.min(...prices) : null,
    maxPriceMinor: prices.length > 0 ? Math.max(...prices) : null,
    currency: variants[0]?.currency ?? 'EUR',
  };
}

/** The variants as events carry them. */
export function variantRefs(
  variants: Pick<Variant, 'id' | 'sku' | 'priceMinor' | 'compareAtMinor' | 'currency'>[],
): z.input<typeof variantRefSchema>[] {
  return variants.map((v) => ({
    id: v.id,
    sku: v.sku,
    priceMinor: v.priceMinor,
    compareAtMinor: v.compareAtMinor,
    currency: v.currency,
  }));
}

/** VALIDATION_FAILED with the same details shape as the request validator's. */
export function invalid(issues: { path: string; message: string }[]): ApiError {
  return new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: issues });
}

/** JSON with object keys sorted, so two values compare equal whatever order Postgres returned keys in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A tsquery lexeme, quoted so nothing the user typed is tsquery syntax, matching as a prefix. */
const prefix = (lexeme: string) => `'${lexeme.replace(/['\\]/g, '')}':*`;

/**
 * A tsquery (text to cast with `::tsquery`) matching every word of `q` as the start of a word in
 * the `search` vector (`ceme 25` finds "Cement 25 kg"). Postgres' parser splits codes like
 * `TAPE-5M` in its own ways (`tape-5m`, `tape`, `5m`), so a word matches either whole or by all
 * of its letter/digit runs. Lexemes are lowercased as the `simple` configuration does. Undefined
 * when `q` has no letters or digits.
 */
export function prefixQuery(q: string | undefined): string | undefined {
  const terms = (q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .map((word) => {
      const parts = word
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean)
        .slice(0, 6);
      if (parts.length === 0) return undefined;
      const whole = word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (parts.length === 1 && parts[0] === whole) return prefix(whole);
      return `(${prefix(whole)} | ${parts.map(prefix).join(' & ')})`;
    })
    .filter((term): term is string => term !== undefined)
    .slice(0, 8);
  return terms.length > 0 ? terms.join(' & ') : undefined;
}
