import { type SQL, sql } from 'drizzle-orm';
import type { WsTx } from '../../platform/db';

/**
 * Stock held for orders, changed inside the order's own statement or transaction so that a
 * reservation and the order that owns it commit or roll back together. Every statement locks the
 * levels it touches in (variant, location) order, the order every stock change of several levels
 * uses, so two checkouts (or a checkout and a transfer) can't deadlock; every change writes its
 * ledger entry (`reserved`, `released`, `sold`) in the same statement.
 */

/** Stock taken for one variant at one location. */
export interface Allocation {
  variantId: string;
  locationId: string;
  quantity: number;
}

/**
 * A Postgres array literal for a bound parameter (`{a,b}`): drizzle would spread a JS array into a
 * list of parameters. The values are UUIDs and integers only, which need no quoting.
 */
const pgArray = (values: (string | number)[]) => `{${values.join(',')}}`;

/**
 * The reservation of every line or none, as the leading CTEs of one statement that the caller
 * (placing an order) completes with its own writes, so stock and order commit in one round trip.
 * Each variant is taken from its locations with the default location first (then by code); a line
 * may span locations. An unlocked look first: when the stock is visibly short, no lock is taken
 * and nobody queues behind the buyers who got the last units.
 *
 * The CTEs the caller may read:
 * - `fits(ok)`: every line was reserved;
 * - `totals(variant_id, quantity, available)`: what each line asked for and what was available;
 * - `changed(variant_id, location_id, take)`: the reservations made (empty unless `ok`).
 * Each change writes its `reserved` ledger entry with `reference`.
 */
export function reservationSteps(vendorId: string, lines: { variantId: string; quantity: number }[], reference: string): SQL {
  const variantIds = pgArray(lines.map((line) => line.variantId));
  const quantities = pgArray(lines.map((line) => line.quantity));
  return sql`
    need as (
      select variant_id, quantity from unnest(${variantIds}::uuid[], ${quantities}::int[]) as n(variant_id, quantity)
    ),
    glance as (
      select n.variant_id, n.quantity,
        coalesce((select sum(greatest(l.on_hand - l.reserved, 0)) from inventory_levels l
                  where l.vendor_id = ${vendorId} and l.variant_id = n.variant_id), 0)::int as available
      from need n
    ),
    hopeful as (select not exists (select 1 from glance where available < quantity) as ok),
    locked as materialized (
      select l.variant_id, l.location_id, greatest(l.on_hand - l.reserved, 0) as available
      from inventory_levels l
      where l.vendor_id = ${vendorId} and l.variant_id in (select variant_id from need) and (select ok from hopeful)
      order by l.variant_id, l.location_id
      for update
    ),
    ranked as (
      select k.variant_id, k.location_id, k.available, n.quantity,
        coalesce(sum(k.available) over (
          partition by k.variant_id order by s.is_default desc, s.code, k.location_id
          rows between unbounded preceding and 1 preceding), 0) as before
      from locked k
        join need n on n.variant_id = k.variant_id
        join stock_locations s on s.vendor_id = ${vendorId} and s.id = k.location_id
    ),
    totals as (
      select n.variant_id, n.quantity,
        case when (select ok from hopeful)
          then coalesce((select sum(r.available) from ranked r where r.variant_id = n.variant_id), 0)::int
          else g.available end as available
      from need n join glance g on g.variant_id = n.variant_id
    ),
    fits as (select not exists (select 1 from totals where available < quantity) as ok),
    plan as (
      select r.variant_id, r.location_id, least(r.available, r.quantity - r.before)::int as take
      from ranked r, fits f
      where f.ok and r.available > 0 and r.quantity > r.before
    ),
    changed as (
      update inventory_levels l set reserved = l.reserved + p.take, updated_at = now()
      from plan p
      where l.vendor_id = ${vendorId} and l.variant_id = p.variant_id and l.location_id = p.location_id
        and l.on_hand - l.reserved >= p.take
      returning l.variant_id, l.location_id, p.take
    ),
    reserved_movements as (
      insert into inventory_movements (vendor_id, variant_id, location_id, reserved_delta, reason, reference)
      select ${vendorId}::uuid, variant_id, location_id, take, 'reserved', ${reference}::text from changed
      returning seq
    )`;
}

interface SettleRow extends Record<string, unknown> {
  changed: number;
  held: number;
}

/**
 * Ends reservations: `release` gives the stock back to available (a cancelled order, ledger
 * reason `released`); `ship` takes it off the shelf (reserved and on hand both fall, reason
 * `sold`). A level that no longer exists (its variant was deleted, taking its stock along) is
 * skipped. Returns how many levels changed and how many exist; fewer changed than exist means a
 * level no longer held the reservation, and the caller must roll back.
 */
export async function settleReservations(
  tx: WsTx,
  vendorId: string,
  allocations: Allocation[],
  how: 'release' | 'ship',
  reference: string,
  actorId: string | null,
): Promise<{ changed: number; held: number }> {
  if (allocations.length === 0) return { changed: 0, held: 0 };
  const variantIds = pgArray(allocations.map((a) => a.variantId));
  const locationIds = pgArray(allocations.map((a) => a.locationId));
  const quantities = pgArray(allocations.map((a) => a.quantity));
  const onHandFactor = how === 'ship' ? 1 : 0;
  const reason = how === 'ship' ? 'sold' : 'released';
  const result = await tx.execute<SettleRow>(sql`
    with held as (
      select variant_id, location_id, quantity
      from unnest(${variantIds}::uuid[], ${locationIds}::uuid[], ${quantities}::int[]) as h(variant_id, location_id, quantity)
    ),
    locked as materialized (
      select l.variant_id, l.location_id from inventory_levels l join held h using (variant_id, location_id)
      where l.vendor_id = ${vendorId}
      order by l.variant_id, l.location_id
      for update of l
    ),
    changed as (
      update inventory_levels l
      set reserved = l.reserved - h.quantity, on_hand = l.on_hand - h.quantity * ${onHandFactor}::int, updated_at = now()
      from held h
      where l.vendor_id = ${vendorId} and l.variant_id = h.variant_id and l.location_id = h.location_id
        and l.reserved >= h.quantity and (select count(*) from locked) >= 0
      returning l.variant_id, l.location_id, h.quantity
    ),
    movements as (
      insert into inventory_movements (vendor_id, variant_id, location_id, on_hand_delta, reserved_delta, reason, reference, actor_id)
      select ${vendorId}::uuid, variant_id, location_id, -quantity * ${onHandFactor}::int, -quantity, ${reason}::text,
        ${reference}::text, ${actorId}::uuid
      from changed
      returning seq
    )
    select (select count(*) from changed)::int as changed, (select count(*) from locked)::int as held,
      (select count(*) from movements)::int as movements`);
  return { changed: Number(result.rows[0]?.changed ?? 0), held: Number(result.rows[0]?.held ?? 0) };
}
