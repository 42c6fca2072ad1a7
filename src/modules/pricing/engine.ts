/**
 * The pricing engine's writes: re-prices a selection of variants in keyset batches inside the
 * consumer's transaction — per batch one read (rows locked), one write of the changed selling
 * prices, one refresh of the products' price range and one insert of price.changed.v1 events.
 */

import type { WsTx } from '../../platform/db';
import { type OutboxRow, outbox, outboxRow } from '../../platform/outbox';
import {
  applySellingPrices,
  type PriceableVariant,
  priceableVariantsQuery,
  type SellingPriceChange,
  toPriceableVariants,
  type VariantSelection,
} from '../catalog';
import { byPrecedence, computeSellingPrice, type PricingRuleFacts, type SellingPrice } from './compute';
import { priceChangedV1 } from './events';
import { findRules } from './repo';
import { toFacts } from './rules';

/** Variants per batch: one read and one write each, well inside a Worker invocation. */
export const REPRICE_BATCH = 1000;

export interface RepriceResult {
  considered: number;
  changed: number;
}

function priceChanged(vendorId: string, v: PriceableVariant, next: SellingPrice): OutboxRow {
  return outboxRow(priceChangedV1, {
    vendorId,
    aggregateId: v.id,
    payload: {
      variantId: v.id,
      productId: v.productId,
      sku: v.sku,
      oldPriceMinor: v.priceMinor,
      newPriceMinor: next.priceMinor,
      basePriceMinor: v.basePriceMinor,
      currency: v.currency,
      ruleId: next.ruleId,
    },
  });
}

/** The vendor's rules in winning order. */
export async function loadRules(tx: WsTx, vendorId: string): Promise<PricingRuleFacts[]> {
  return byPrecedence((await findRules(tx, vendorId)).map(toFacts));
}

/**
 * Re-prices every selected variant as of `now` with the vendor's current rules. Variants whose
 * price or rule changes are written; each price change gets a price.changed.v1 event in the same
 * transaction. `refreshProductIds`: products whose price range is brought in step even when none
 * of their prices changed (the product events' products).
 */
export async function repriceVariants(
  tx: WsTx,
  vendorId: string,
  selection: VariantSelection,
  now: Date,
  refreshProductIds: readonly string[] = [],
): Promise<RepriceResult> {
  const rules = await loadRules(tx, vendorId);
  const result: RepriceResult = { considered: 0, changed: 0 };
  // Without rules every variant already sells at its base: catalog writes keep a rule-less
  // variant's price equal to its base, and a deleted rule's event (earlier in this vendor's FIFO
  // queue) put its variants back. So an import of many products costs one query per event.
  if (rules.length === 0 && !selection.ruleIds?.length) return result;
  let afterId: string | undefined;
  let refresh = [...refreshProductIds];
  for (;;) {
    const read = await tx.execute(priceableVariantsQuery(vendorId, selection, { afterId, limit: REPRICE_BATCH, lock: true }));
    const variants = toPriceableVariants(read.rows as Record<string, unknown>[]);
    result.considered += variants.length;
    const changes: SellingPriceChange[] = [];
    const changedProducts = new Set(refresh);
    const events: OutboxRow[] = [];
    for (const v of variants) {
      const next = computeSellingPrice(rules, v, now);
      if (next.priceMinor === v.priceMinor && next.ruleId === v.priceRuleId) continue;
      changes.push({ variantId: v.id, priceMinor: next.priceMinor, ruleId: next.ruleId });
      changedProducts.add(v.productId);
      if (next.priceMinor !== v.priceMinor) events.push(priceChanged(vendorId, v, next));
    }
    await applySellingPrices(tx, vendorId, changes, [...changedProducts]);
    refresh = [];
    if (events.length > 0) await tx.insert(outbox).values(events);
    result.changed += events.length;
    const last = variants.at(-1);
    if (!last || variants.length < REPRICE_BATCH) return result;
    afterId = last.id;
  }
}
