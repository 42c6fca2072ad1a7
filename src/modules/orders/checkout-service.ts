import { type Database, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { findSellableVariants, sellableVariants } from '../catalog';
import { toOrder } from './order-mapping';
import { placeOrderStatement } from './place-statement';
import { buildPlacement, insufficientStock, storedRows } from './placement';
import { mergeLines, priceOrder, type ShippingRow } from './pricing';
import { findItems, findOrderByKey, findShippingMethod, findTaxRates, type OrderItemRow, type OrderRow } from './repo';
import type { Order, PlaceOrderInput, Quote, QuoteRequest } from './schemas';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Who places an order: a signed-in shopper of this vendor, or a guest. */
export interface Buyer {
  customerId: string | null;
}

function toShippingRow(row: Awaited<ReturnType<typeof findShippingMethod>>[number] | undefined): ShippingRow | null {
  if (!row) return null;
  return {
    ...row,
    priceMinor: Number(row.priceMinor),
    freeOverMinor: row.freeOverMinor === null ? null : Number(row.freeOverMinor),
  };
}

const unknownMethod = () =>
  new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'shippingMethodId', message: 'no such shipping method here' }],
  });

/** The catalog and settings facts a checkout prices from, read in one HTTP batch. */
async function pricingFacts(
  db: Database,
  vendorId: string,
  variantIds: string[],
  shippingMethodId: string | undefined,
  idempotencyKey = '',
) {
  const noMethod = '00000000-0000-0000-0000-000000000000';
  const [variants, rates, methods, earlier] = await db
    .vendor(vendorId)
    .read(
      (q) =>
        [
          findSellableVariants(q, vendorId, variantIds),
          findTaxRates(q, vendorId),
          findShippingMethod(q, vendorId, shippingMethodId ?? noMethod),
          findOrderByKey(q, vendorId, idempotencyKey),
        ] as const,
    );
  const [method] = methods;
  return { variants: sellableVariants(variants), rates, method, earlier: earlier[0] };
}

/** Prices lines (and shipping, when a method is named) from the catalog as it is now; reserves nothing. */
export async function quoteCheckout(db: Database, vendorId: string, input: QuoteRequest): Promise<Quote> {
  const lines = mergeLines(input.lines);
  const facts = await pricingFacts(
    db,
    vendorId,
    lines.map((line) => line.variantId),
    input.shippingMethodId,
  );
  if (input.shippingMethodId && !facts.method) throw unknownMethod();
  return priceOrder(lines, facts.variants, facts.rates, toShippingRow(facts.method));
}

/** SHA-256 of what the request asks for, so a reused key with another body is recognised. */
async function requestHash(input: PlaceOrderInput, buyer: Buyer): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify({ input, customerId: buyer.customerId }));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The order a key already placed: the same order for the same request, CONFLICT for another. */
function replay(existing: OrderRow, hash: string, items: OrderItemRow[]): Order {
  if (existing.requestHash !== hash)
    throw new ApiError('CONFLICT', 'This Idempotency-Key was used for a different order', {
      details: { orderNumber: existing.number },
    });
  return toOrder(existing, items);
}

async function existingOrder(db: Database, vendorId: string, key: string, hash: string): Promise<Order | undefined> {
  const [[existing]] = await db.vendor(vendorId).read((q) => [findOrderByKey(q, vendorId, key)] as const);
  if (!existing) return undefined;
  const [items] = await db.vendor(vendorId).read((q) => [findItems(q, vendorId, [existing.id])] as const);
  return replay(existing, hash, items);
}

/**
 * Places an order: the key's earlier order is answered again (CONFLICT if the body differs);
 * prices, tax and shipping come from the catalog and the vendor's settings; then one statement
 * (one transaction) reserves every line's stock or none (INSUFFICIENT_STOCK with what is
 * available, nothing written) and writes the order with the vendor's next number (no gaps), its
 * items, allocations, first history entry and order.placed.v1.
 */
export async function placeOrder(
  db: Database,
  vendorId: string,
  input: PlaceOrderInput,
  options: { idempotencyKey: string | undefined; buyer: Buyer },
): Promise<{ order: Order; replayed: boolean }> {
  const key = options.idempotencyKey?.trim();
  if (!key || !KEY_PATTERN.test(key))
    throw new ApiError(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header (8–128 of A–Z a–z 0–9 _ . : -), one per checkout',
    );
  const { buyer } = options;
  const hash = await requestHash(input, buyer);
  const lines = mergeLines(input.lines);
  // The key's earlier order and the prices, in one read just before the placing statement (prices
  // never come from the client).
  const facts = await pricingFacts(
    db,
    vendorId,
    lines.map((line) => line.variantId),
    input.shippingMethodId,
    key,
  );
  if (facts.earlier) {
    const earlier = facts.earlier;
    const [items] = await db.vendor(vendorId).read((q) => [findItems(q, vendorId, [earlier.id])] as const);
    return { order: replay(earlier, hash, items), replayed: true };
  }
  const method = facts.method;
  if (!method) throw unknownMethod();
  const quote = priceOrder(lines, facts.variants, facts.rates, toShippingRow(method));
  const placement = buildPlacement(vendorId, input, { key, hash, buyer, quote, method, variants: facts.variants });
  const sku = (variantId: string) => facts.variants.get(variantId)?.sku ?? null;
  try {
    const [result] = await db.vendor(vendorId).write((q) => [placeOrderStatement(q, vendorId, lines, placement)] as const);
    const stored = result.rows[0];
    if (!stored) throw new Error('the placing statement returned no row');
    if (!stored.ok) throw insufficientStock(stored.totals, sku);
    const { row, itemRows } = storedRows(vendorId, placement, stored);
    return { order: toOrder(row, itemRows), replayed: false };
  } catch (error) {
    // The same key raced in from another request and committed first: answer as its replay.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      const order = await existingOrder(db, vendorId, key, hash);
      if (order) return { order, replayed: true };
    }
    throw error;
  }
}
