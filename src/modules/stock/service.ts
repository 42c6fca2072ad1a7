import type { Database } from '../../platform/db';
import { decodeCursor, encodeCursor } from '../inventory/cursor';
import { type Evaluation, evaluateStock } from './engine';
import { DEFAULT_LOW_STOCK_THRESHOLD, findAlerts, findSettings, upsertSettings } from './repo';
import type { Alert, AlertPage, AlertQuery, AlertSettings, AlertSettingsChange } from './schemas';

type AlertRow = Awaited<ReturnType<typeof findAlerts>>[number];

const iso = (value: Date | string) => new Date(value).toISOString();

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    variantId: row.variantId,
    productId: row.productId,
    sku: row.sku,
    options: row.options,
    productTitle: row.productTitle,
    status: row.status,
    threshold: row.threshold,
    available: row.available,
    availableNow: row.availableNow,
    resolvedAvailable: row.resolvedAvailable,
    raisedAt: iso(row.raisedAt),
    resolvedAt: row.resolvedAt ? iso(row.resolvedAt) : null,
  };
}

/** The vendor's low-stock alerts, newest first (open ones unless asked otherwise), in keyset pages. */
export async function listAlerts(db: Database, vendorId: string, query: AlertQuery): Promise<AlertPage> {
  const beforeSeq = query.cursor ? decodeCursor(query.cursor, ['n'] as const)[0] : undefined;
  const [rows] = await db
    .vendor(vendorId)
    .read((q) => [findAlerts(q, vendorId, { status: query.status, beforeSeq }, query.limit + 1)] as const);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(toAlert), nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.seq)]) : null };
}

type SettingsRow = Awaited<ReturnType<typeof findSettings>>[number];

function toSettings(row: SettingsRow | undefined): AlertSettings {
  return row
    ? {
        lowStockThreshold: row.lowStockThreshold,
        cancelUnpaidAfterHours: row.cancelUnpaidAfterHours,
        updatedAt: iso(row.updatedAt),
      }
    : { lowStockThreshold: DEFAULT_LOW_STOCK_THRESHOLD, cancelUnpaidAfterHours: null, updatedAt: null };
}

/** The vendor's stock settings (the defaults until saved): low-stock threshold, unpaid-order expiry. */
export async function getAlertSettings(db: Database, vendorId: string): Promise<AlertSettings> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findSettings(q, vendorId)] as const);
  return toSettings(row);
}

/** The vendor's low-stock threshold (0: alerts off): what the inventory list judges "low" by. */
export async function lowStockThreshold(db: Database, vendorId: string): Promise<number> {
  return (await getAlertSettings(db, vendorId)).lowStockThreshold;
}

/**
 * Saves the settings given and, when the threshold is among them, re-judges every variant against
 * it in the same transaction: alerts open (with their events) for variants now at or below it,
 * and resolve where they are above it or alerts were turned off.
 */
export async function updateAlertSettings(
  db: Database,
  vendorId: string,
  input: AlertSettingsChange,
): Promise<AlertSettings & Evaluation> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [row] = await upsertSettings(tx, vendorId, input);
    if (!row) throw new Error('stock settings: upsert returned nothing');
    const evaluation =
      input.lowStockThreshold === undefined ? { raised: 0, resolved: 0 } : await evaluateStock(tx, vendorId, 'all');
    return { ...toSettings(row), ...evaluation };
  });
}
