import { and, asc, desc, eq, gt, isNotNull, lt, type SQL, sql } from 'drizzle-orm';
import { products, type StockAlertStatus, stockAlerts, stockSettings, variants } from '../../../drizzle/schema';
import type { HttpDb, WsTx } from '../../platform/db';
import { availableOf } from '../inventory/availability';

/** Reads in an HTTP batch; the engine's reads and writes run in an interactive transaction. */
type Q = HttpDb;

/** The threshold when a vendor never saved one. */
export const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/** The vendor's low-stock threshold as an SQL expression (the default without a settings row). */
function thresholdOf(vendorId: string): SQL<number> {
  return sql<number>`coalesce((select s.low_stock_threshold from ${stockSettings} s where s.vendor_id = ${vendorId}), ${DEFAULT_LOW_STOCK_THRESHOLD})`.mapWith(
    Number,
  );
}

export function findSettings(q: Q, vendorId: string) {
  return q.select().from(stockSettings).where(eq(stockSettings.vendorId, vendorId)).limit(1);
}

/** Saves the settings given (the others keep their value, or their default on a first save). */
export function upsertSettings(
  q: WsTx,
  vendorId: string,
  changes: { lowStockThreshold?: number | undefined; cancelUnpaidAfterHours?: number | null | undefined },
) {
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as {
    lowStockThreshold?: number;
    cancelUnpaidAfterHours?: number | null;
  };
  return q
    .insert(stockSettings)
    .values({ vendorId, ...set })
    .onConflictDoUpdate({ target: stockSettings.vendorId, set: { ...set, updatedAt: sql`now()` } })
    .returning();
}

/**
 * Vendors that cancel unpaid orders automatically, with their limit in hours (platform scope:
 * the scheduled expiry runs across vendors), after `afterVendorId` in id order.
 */
export function findExpiringVendors(q: Q, limit: number, afterVendorId?: string) {
  return q
    .select({ vendorId: stockSettings.vendorId, hours: stockSettings.cancelUnpaidAfterHours })
    .from(stockSettings)
    .where(
      and(isNotNull(stockSettings.cancelUnpaidAfterHours), afterVendorId ? gt(stockSettings.vendorId, afterVendorId) : undefined),
    )
    .orderBy(asc(stockSettings.vendorId))
    .limit(limit);
}

/** A variant as the engine judges it: what is available now, the threshold, and its open alert. */
export interface StockState {
  variantId: string;
  productId: string;
  sku: string;
  title: string;
  archived: boolean;
  available: number;
  threshold: number;
  openAlertId: string | null;
}

/**
 * The state of the given variants (`'all'`: only the vendor's variants whose alert state is wrong
 * for the threshold now, so a settings change reads what must change and nothing else).
 */
export async function findStockStates(q: WsTx, vendorId: string, which: string[] | 'all'): Promise<StockState[]> {
  const available = availableOf(vendorId, variants.id);
  const threshold = thresholdOf(vendorId);
  const base = q
    .select({
      variantId: variants.id,
      productId: variants.productId,
      sku: variants.sku,
      title: products.title,
      archived: sql<boolean>`${products.status} = 'archived'`,
      available,
      threshold,
      openAlertId: stockAlerts.id,
    })
    .from(variants)
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .leftJoin(
      stockAlerts,
      and(eq(stockAlerts.vendorId, variants.vendorId), eq(stockAlerts.variantId, variants.id), eq(stockAlerts.status, 'open')),
    );
  if (which !== 'all') {
    if (which.length === 0) return [];
    return base.where(and(eq(variants.vendorId, vendorId), sql`${variants.id} = any(${`{${which.join(',')}}`}::uuid[])`));
  }
  // The CTE evaluates the threshold once; each variant's availability is one index probe.
  const rows = await q.execute<{
    variant_id: string;
    product_id: string;
    sku: string;
    title: string;
    archived: boolean;
    available: string | number;
    threshold: number;
    open_alert_id: string | null;
  }>(sql`
    with t as (select ${threshold} as threshold),
    judged as (
      select v.id as variant_id, v.product_id, v.sku, p.title, p.status = 'archived' as archived,
        ${availableOf(vendorId, sql`v.id`)} as available, t.threshold, a.id as open_alert_id
      from ${variants} v
        cross join t
        join ${products} p on p.vendor_id = v.vendor_id and p.id = v.product_id
        left join ${stockAlerts} a on a.vendor_id = v.vendor_id and a.variant_id = v.id and a.status = 'open'
      where v.vendor_id = ${vendorId}
    )
    select * from judged
    where (open_alert_id is null and threshold > 0 and not archived and available <= threshold)
       or (open_alert_id is not null and (threshold = 0 or available > threshold))`);
  return rows.rows.map((row) => ({
    variantId: row.variant_id,
    productId: row.product_id,
    sku: row.sku,
    title: row.title,
    archived: row.archived,
    available: Number(row.available),
    threshold: Number(row.threshold),
    openAlertId: row.open_alert_id,
  }));
}

/** Opens alerts; a variant that already has an open one is skipped (the partial unique index). */
export function insertAlerts(q: WsTx, vendorId: string, rows: { variantId: string; threshold: number; available: number }[]) {
  return q
    .insert(stockAlerts)
    .values(rows.map((row) => ({ vendorId, ...row })))
    .onConflictDoNothing()
    .returning({ id: stockAlerts.id, variantId: stockAlerts.variantId });
}

/** Resolves open alerts with the availability that resolved them; answers those that were still open. */
export async function resolveAlerts(q: WsTx, vendorId: string, rows: { alertId: string; available: number }[]) {
  const ids = `{${rows.map((row) => row.alertId).join(',')}}`;
  const amounts = `{${rows.map((row) => row.available).join(',')}}`;
  const result = await q.execute<{ id: string; variant_id: string }>(sql`
    update ${stockAlerts} a set status = 'resolved', resolved_at = now(), resolved_available = r.available
    from unnest(${ids}::uuid[], ${amounts}::int[]) as r(id, available)
    where a.vendor_id = ${vendorId} and a.id = r.id and a.status = 'open'
    returning a.id, a.variant_id`);
  return result.rows.map((row) => ({ id: row.id, variantId: row.variant_id }));
}

export interface AlertFilter {
  status: StockAlertStatus | 'all';
  /** Continue with alerts raised before this sequence number. */
  beforeSeq?: number | undefined;
}

/** Alerts newest first, with their variant, product and what is available now (vendor scope). */
export function findAlerts(q: Q, vendorId: string, filter: AlertFilter, limit: number) {
  return q
    .select({
      id: stockAlerts.id,
      seq: stockAlerts.seq,
      variantId: stockAlerts.variantId,
      productId: variants.productId,
      sku: variants.sku,
      options: variants.options,
      productTitle: products.title,
      status: stockAlerts.status,
      threshold: stockAlerts.threshold,
      available: stockAlerts.available,
      resolvedAvailable: stockAlerts.resolvedAvailable,
      availableNow: availableOf(vendorId, stockAlerts.variantId),
      raisedAt: stockAlerts.raisedAt,
      resolvedAt: stockAlerts.resolvedAt,
    })
    .from(stockAlerts)
    .innerJoin(variants, and(eq(variants.vendorId, stockAlerts.vendorId), eq(variants.id, stockAlerts.variantId)))
    .innerJoin(products, and(eq(products.vendorId, variants.vendorId), eq(products.id, variants.productId)))
    .where(
      and(
        eq(stockAlerts.vendorId, vendorId),
        filter.status === 'all' ? undefined : eq(stockAlerts.status, filter.status),
        filter.beforeSeq !== undefined ? lt(stockAlerts.seq, filter.beforeSeq) : undefined,
      ),
    )
    .orderBy(desc(stockAlerts.seq))
    .limit(limit);
}
