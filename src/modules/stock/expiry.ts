import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { listUnpaidPendingOrders, SYSTEM_ACTOR, transitionOrder } from '../orders';
import { findExpiringVendors } from './repo';

/** How much one scheduled run may do: every vendor gets a turn, no run grows without bound. */
export interface ExpiryLimits {
  /** Orders cancelled per vendor and run (the rest wait for the next run). */
  perVendor: number;
  /** Orders cancelled per run, all vendors together. */
  perRun: number;
}

export const EXPIRY_LIMITS: ExpiryLimits = { perVendor: 50, perRun: 500 };

/** What one run did. */
export interface ExpiryRun {
  vendors: number;
  cancelled: number;
  /** Orders that changed under the run (a team member moved or cancelled them first): left alone. */
  skipped: number;
  /** Vendors whose cancels failed for another reason (logged; the next run tries again). */
  failed: number;
}

const VENDOR_PAGE = 1000;

/** Every vendor that cancels unpaid orders, starting at a random one so no vendor always comes last. */
async function expiringVendors(db: Database): Promise<{ vendorId: string; hours: number }[]> {
  const all: { vendorId: string; hours: number }[] = [];
  let after: string | undefined;
  for (;;) {
    const [page] = await db.platform().read((q) => [findExpiringVendors(q, VENDOR_PAGE, after)] as const);
    for (const row of page) if (row.hours !== null) all.push({ vendorId: row.vendorId, hours: row.hours });
    if (page.length < VENDOR_PAGE) break;
    after = page.at(-1)?.vendorId;
  }
  const start = Math.floor(Math.random() * all.length);
  return [...all.slice(start), ...all.slice(0, start)];
}

/** A refusal that means the order is no longer what the run read: someone got there first. */
const changedMeanwhile = (error: unknown) =>
  error instanceof ApiError && ['CONFLICT', 'INVALID_TRANSITION', 'NOT_FOUND'].includes(error.code);

/**
 * The opt-in reservation expiry: for each vendor with `cancel_unpaid_after_hours`, cancels its
 * pending orders still unpaid that long after they were placed, each through the orders module's
 * own `transitionOrder` as the system (so the release of the reservation, the history entry and
 * `order.cancelled.v1` are the orders module's; the stock engine resolves alerts from that event).
 * Finding the vendors is the one platform-scope read; everything else runs in the vendor's scope.
 * Idempotent: an order cancelled, confirmed or paid meanwhile is skipped, not an error.
 */
export async function cancelUnpaidOrders(db: Database, limits: ExpiryLimits = EXPIRY_LIMITS): Promise<ExpiryRun> {
  const run: ExpiryRun = { vendors: 0, cancelled: 0, skipped: 0, failed: 0 };
  for (const { vendorId, hours } of await expiringVendors(db)) {
    const room = Math.min(limits.perVendor, limits.perRun - run.cancelled);
    if (room <= 0) break;
    run.vendors += 1;
    try {
      const stale = await listUnpaidPendingOrders(db, vendorId, hours, room);
      for (const order of stale) {
        const note = `Cancelled automatically: unpaid after ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
        try {
          await transitionOrder(db, vendorId, order.id, { to: 'cancelled', version: order.version, note }, SYSTEM_ACTOR, {
            unpaid: true,
          });
          run.cancelled += 1;
        } catch (error) {
          if (!changedMeanwhile(error)) throw error;
          run.skipped += 1;
        }
      }
    } catch (error) {
      // One vendor's failure must not hold up the others; its orders wait for the next run.
      run.failed += 1;
      console.error(JSON.stringify({ stock: 'expiry', vendorId, error: String(error).slice(0, 500) }));
    }
  }
  return run;
}
