/**
 * The catalog's field rules, shared by the zod schemas (requests) and the service (a PATCH is
 * checked against the product it changes): slugs, GTINs, image URLs, and how variants must fit
 * their product's option types.
 */

/** Lowercase letters, digits and inner hyphens: a product's or category's address in the shop. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const SLUG_MAX = 96;

const TRANSLITERATED: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', þ: 'th', '&': ' and ' };

/** A slug from a title or name: `Größe 42 – Blau` → `grosse-42-blau`; never empty (falls back to `fallback`). */
export function slugify(text: string, fallback = 'item'): string {
  const slug = text
    .toLowerCase()
    .replace(/[ßæœøłđþ&]/g, (c) => TRANSLITERATED[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX - 8) // room for a "-N" suffix
    .replace(/-+$/, '');
  return slug || fallback;
}

/** Whether `gtin` is a GTIN-8, -12 (UPC), -13 (EAN) or -14 with a correct check digit. */
export function isValidGtin(gtin: string): boolean {
  if (!/^(?:\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = [...gtin].map(Number);
  const check = digits.pop();
  // From the right, excluding the check digit, weights alternate 3, 1, 3, …
  const sum = digits.reverse().reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** Product images must be https (or http on a *.localhost development host). */
export function isAllowedImageUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && /(^|\.)localhost$/.test(url.hostname));
  } catch {
    return false;
  }
}

/** One broken rule, as the API's VALIDATION_FAILED details carry it. */
export interface Issue {
  path: string;
  message: string;
}

interface OptionTypeLike {
  name: string;
  values: string[];
}

interface VariantLike {
  sku: string;
  options: Record<string, string>;
  priceMinor: number;
  compareAtMinor?: number | null | undefined;
  currency: string;
}

/**
 * How variants must fit their product: each names exactly one value of every option type, no two
 * share a combination or a SKU, all share one currency, and a compare-at price is above the price.
 */
export function variantIssues(optionTypes: OptionTypeLike[], variants: VariantLike[], path = 'variants'): Issue[] {
  const issues: Issue[] = [];
  const names = new Set(optionTypes.map((t) => t.name));
  const combinations = new Map<string, number>();
  const skus = new Map<string, number>();
  const currency = variants[0]?.currency;
  variants.forEach((variant, index) => {
    const at = `${path}.${index}`;
    for (const type of optionTypes) {
      const value = variant.options[type.name];
      if (value === undefined) issues.push({ path: `${at}.options`, message: `choose a ${type.name}` });
      else if (!type.values.includes(value))
        issues.push({
          path: `${at}.options`,
          message: `${value} is not one of the ${type.name} values (${type.values.join(', ')})`,
        });
    }
    for (const key of Object.keys(variant.options)) {
      if (!names.has(key)) issues.push({ path: `${at}.options`, message: `${key} is not an option type of this product` });
    }
    const combination = JSON.stringify(optionTypes.map((t) => variant.options[t.name] ?? null));
    const sameOptions = combinations.get(combination);
    if (sameOptions !== undefined)
      issues.push({ path: `${at}.options`, message: `the same options as variant ${sameOptions + 1}` });
    else combinations.set(combination, index);
    const sameSku = skus.get(variant.sku);
    if (sameSku !== undefined) issues.push({ path: `${at}.sku`, message: `SKU ${variant.sku} is used twice in this product` });
    else skus.set(variant.sku, index);
    if (variant.currency !== currency)
      issues.push({ path: `${at}.currency`, message: `all variants of a product share one currency (${currency})` });
    if (variant.compareAtMinor != null && variant.compareAtMinor <= variant.priceMinor)
      issues.push({ path: `${at}.compareAtMinor`, message: 'the compare-at price must be higher than the price' });
  });
  return issues;
}

/** Option type names are unique (case-insensitively), and so are the values of each. */
export function optionTypeIssues(optionTypes: OptionTypeLike[], path = 'optionTypes'): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  optionTypes.forEach((type, index) => {
    const key = type.name.toLowerCase();
    if (seen.has(key)) issues.push({ path: `${path}.${index}.name`, message: `${type.name} is named twice` });
    seen.add(key);
    if (new Set(type.values).size !== type.values.length)
      issues.push({ path: `${path}.${index}.values`, message: 'each value once' });
  });
  return issues;
}
