import type { WeightBracket } from '../../../drizzle/schema';
import { ApiError } from '../../platform/errors';
import type { SellableVariant } from '../catalog';
import type { Quote } from './schemas';

/**
 * How an order is priced, as pure functions. Prices are tax-inclusive (as shown in the shop), so
 * VAT is extracted from each line: tax = round(gross × rate / (1 + rate)). A product takes the
 * rate of its own category when the vendor set one, else the vendor's standard rate, else 0 %.
 * Shipping is taxed at the standard rate.
 */

export interface RateRow {
  name: string;
  rateBp: number;
  categoryId: string | null;
}

export interface ShippingRow {
  id: string;
  name: string;
  kind: 'flat' | 'weight';
  priceMinor: number;
  brackets: WeightBracket[];
  freeOverMinor: number | null;
  active: boolean;
}

const NO_TAX: RateRow = { name: 'No VAT', rateBp: 0, categoryId: null };

/** The tax contained in a tax-inclusive amount at `rateBp` basis points. */
export function includedTax(grossMinor: number, rateBp: number): number {
  return Math.round((grossMinor * rateBp) / (10_000 + rateBp));
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: [{ path, message }] });
}

/** Lines with the same variant become one line (in first-seen order). */
export function mergeLines(lines: { variantId: string; quantity: number }[]): { variantId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.variantId, (merged.get(line.variantId) ?? 0) + line.quantity);
  return [...merged].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** What a shipping method costs for this parcel, or VALIDATION_FAILED when it can't carry it. */
export function shippingPrice(method: ShippingRow, subtotalMinor: number, weightGrams: number): number {
  if (method.freeOverMinor !== null && subtotalMinor >= method.freeOverMinor) return 0;
  if (method.kind === 'flat') return method.priceMinor;
  const bracket = [...method.brackets].sort((a, b) => a.upToGrams - b.upToGrams).find((b) => weightGrams <= b.upToGrams);
  if (!bracket) throw invalid('shippingMethodId', `this method carries parcels up to a limit; this one weighs ${weightGrams} g`);
  return bracket.priceMinor;
}

/**
 * Prices merged lines from the catalog's current facts: every line must be sold now (else
 * VALIDATION_FAILED naming the line), in one currency, with the shipping method (when given)
 * active and able to carry the parcel.
 */
export function priceOrder(
  lines: { variantId: string; quantity: number }[],
  variants: Map<string, SellableVariant>,
  rates: RateRow[],
  method: ShippingRow | null,
): Quote {
  const missing = lines.findIndex((line) => !variants.has(line.variantId));
  if (missing >= 0) throw invalid(`lines.${missing}.variantId`, 'this item is not sold here (any more)');
  const standard = rates.find((rate) => rate.categoryId === null) ?? NO_TAX;
  const rateFor = (categoryId: string | null) =>
    rates.find((rate) => rate.categoryId !== null && rate.categoryId === categoryId) ?? standard;
  const breakdown = new Map<string, { name: string; rateBp: number; grossMinor: number; taxMinor: number }>();
  const addTax = (rate: RateRow, grossMinor: number, taxMinor: number) => {
    const key = `${rate.rateBp}|${rate.name}`;
    const entry = breakdown.get(key) ?? { name: rate.name, rateBp: rate.rateBp, grossMinor: 0, taxMinor: 0 };
    entry.grossMinor += grossMinor;
    entry.taxMinor += taxMinor;
    breakdown.set(key, entry);
  };
  let currency: string | undefined;
  let weightGrams = 0;
  const priced = lines.map((line, index) => {
    const variant = variants.get(line.variantId) as SellableVariant;
    if (currency !== undefined && variant.currency !== currency)
      throw invalid(`lines.${index}.variantId`, 'every item of one order must be priced in the same currency');
    currency = variant.currency;
    weightGrams += (variant.weightGrams ?? 0) * line.quantity;
    const rate = rateFor(variant.categoryId);
    const totalMinor = variant.priceMinor * line.quantity;
    const taxMinor = includedTax(totalMinor, rate.rateBp);
    addTax(rate, totalMinor, taxMinor);
    return {
      variantId: variant.variantId,
      productId: variant.productId,
      productTitle: variant.productTitle,
      sku: variant.sku,
      options: variant.options,
      unitPriceMinor: variant.priceMinor,
      quantity: line.quantity,
      taxRateBp: rate.rateBp,
      taxMinor,
      totalMinor,
    };
  });
  const subtotalMinor = priced.reduce((sum, line) => sum + line.totalMinor, 0);
  if (method && !method.active) throw invalid('shippingMethodId', 'this shipping method is not offered');
  const shippingMinor = method ? shippingPrice(method, subtotalMinor, weightGrams) : 0;
  if (shippingMinor > 0) addTax(standard, shippingMinor, includedTax(shippingMinor, standard.rateBp));
  const taxBreakdown = [...breakdown.values()].sort((a, b) => b.rateBp - a.rateBp);
  return {
    currency: currency ?? 'EUR',
    lines: priced,
    weightGrams,
    shippingMethod: method ? { id: method.id, name: method.name } : null,
    subtotalMinor,
    shippingMinor,
    taxMinor: taxBreakdown.reduce((sum, line) => sum + line.taxMinor, 0),
    totalMinor: subtotalMinor + shippingMinor,
    taxBreakdown,
  };
}
