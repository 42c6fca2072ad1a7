import { outbox } from '../../../drizzle/schema';
import type { WsTx } from '../../platform/db';
import { outboxRow } from '../../platform/outbox';
import { inventoryLowStockV1, inventoryRestockedV1 } from './events';
import { findStockStates, insertAlerts, resolveAlerts, type StockState } from './repo';

/** What one evaluation changed. */
export interface Evaluation {
  raised: number;
  resolved: number;
}

/** Rows per insert statement: well under Postgres' 65,535 bound parameters. */
const CHUNK = 1000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Alerts are on (threshold > 0), the product still sold or drafted, and no more available than the threshold. */
const isLow = (state: StockState) => state.threshold > 0 && !state.archived && state.available <= state.threshold;
const isFine = (state: StockState) => state.threshold === 0 || state.available > state.threshold;

/**
 * Brings the low-stock alerts of the given variants (or, for a changed threshold, all the vendor's)
 * in line with what is available now, inside the caller's transaction: opens an alert with an
 * `inventory.low-stock.v1` event where a variant is at or below the threshold and has none, and
 * resolves the open one with `inventory.restocked.v1` where it is above again. It reads the live
 * levels rather than the triggering event's numbers, so events applied late or twice still leave
 * the right state; the open-alert unique index and the `status = 'open'` guard keep two concurrent
 * evaluations from raising or resolving the same alert twice.
 */
export async function evaluateStock(tx: WsTx, vendorId: string, which: string[] | 'all'): Promise<Evaluation> {
  const states = await findStockStates(tx, vendorId, which);
  const toRaise = states.filter((state) => state.openAlertId === null && isLow(state));
  const toResolve = states.filter((state) => state.openAlertId !== null && isFine(state));
  const byVariant = new Map(states.map((state) => [state.variantId, state]));
  let raised = 0;
  let resolved = 0;

  for (const part of chunks(toRaise)) {
    const opened = await insertAlerts(
      tx,
      vendorId,
      part.map((s) => ({ variantId: s.variantId, threshold: s.threshold, available: s.available })),
    );
    raised += opened.length;
    if (opened.length > 0)
      await tx
        .insert(outbox)
        .values(opened.map((alert) => eventRow(inventoryLowStockV1, vendorId, alert.id, byVariant.get(alert.variantId))));
  }
  for (const part of chunks(toResolve)) {
    const closed = await resolveAlerts(
      tx,
      vendorId,
      part.map((s) => ({ alertId: s.openAlertId as string, available: s.available })),
    );
    resolved += closed.length;
    if (closed.length > 0)
      await tx
        .insert(outbox)
        .values(closed.map((alert) => eventRow(inventoryRestockedV1, vendorId, alert.id, byVariant.get(alert.variantId))));
  }
  return { raised, resolved };
}

function eventRow(
  event: typeof inventoryLowStockV1 | typeof inventoryRestockedV1,
  vendorId: string,
  alertId: string,
  state: StockState | undefined,
) {
  if (!state) throw new Error(`stock alert ${alertId}: no state for its variant`);
  return outboxRow(event, {
    vendorId,
    aggregateId: state.variantId,
    payload: {
      alertId,
      variantId: state.variantId,
      productId: state.productId,
      sku: state.sku,
      title: state.title,
      available: state.available,
      threshold: state.threshold,
    },
  });
}
