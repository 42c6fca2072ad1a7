import { type SQL, sql } from 'drizzle-orm';
import type { MovementReason } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { inventoryAdjustedV1, inventoryTransferredV1 } from './events';

/**
 * The single statements that change stock over the HTTP path. Each one locks the levels it reads
 * (`FOR UPDATE`, in (variant, location) order), changes them only when the guard holds, and writes
 * the ledger entries and the outbox event from the rows it changed, so a refused change writes
 * nothing at all; the caller reads the outcome from the statement's one result row.
 */

export interface AdjustInput {
  vendorId: string;
  variantId: string;
  locationId: string;
  delta: number | null;
  setOnHand: number | null;
  reason: MovementReason;
  note: string | null;
  reference: string | null;
  actorId: string | null;
}

/** What the adjust statement found and did. Integers arrive as numbers, bigints as strings. */
export interface AdjustOutcome extends Record<string, unknown> {
  variant_found: boolean;
  location_found: boolean;
  locked_on_hand: number | null;
  locked_reserved: number | null;
  on_hand: number | null;
  reserved: number | null;
  available: number | null;
  on_hand_delta: number | null;
  movement_seq: string | null;
}

/** The new value of on_hand for `l`, as SQL. */
const target = (input: AdjustInput): SQL => sql`coalesce(${input.setOnHand}::int, l.on_hand + ${input.delta}::int)`;

/**
 * Creates the level row (at zero) when the adjustment adds stock to a variant that has none here
 * yet, so the adjust statement that follows always finds a row to lock; a change that can't
 * succeed on a missing row creates nothing.
 */
export function ensureLevel(db: HttpDb, input: AdjustInput) {
  const adds = (input.delta ?? 0) > 0 || (input.setOnHand ?? 0) > 0;
  return db.execute(sql`
    insert into inventory_levels (vendor_id, variant_id, location_id)
    select v.vendor_id, v.id, s.id
    from variants v join stock_locations s on s.vendor_id = v.vendor_id and s.id = ${input.locationId}
    where v.vendor_id = ${input.vendorId} and v.id = ${input.variantId} and ${adds}::boolean
    on conflict (vendor_id, variant_id, location_id) do nothing`);
}

/**
 * Adds `delta` to (or sets) on hand, never below reserved, with its ledger entry and
 * inventory.adjusted.v1 written only when the level changed.
 */
export function adjustLevel(db: HttpDb, input: AdjustInput) {
  const { vendorId, variantId, locationId, reason, note, reference, actorId } = input;
  return db.execute<AdjustOutcome>(sql`
    with locked as materialized (
      select on_hand, reserved from inventory_levels
      where vendor_id = ${vendorId} and variant_id = ${variantId} and location_id = ${locationId}
      for update
    ),
    changed as (
      update inventory_levels l set on_hand = ${target(input)}, updated_at = now()
      from locked k
      where l.vendor_id = ${vendorId} and l.variant_id = ${variantId} and l.location_id = ${locationId}
        and ${target(input)} >= l.reserved and ${target(input)} <> l.on_hand
      returning l.on_hand, l.reserved, l.available, l.on_hand - k.on_hand as on_hand_delta
    ),
    movement as (
      insert into inventory_movements (vendor_id, variant_id, location_id, on_hand_delta, reason, note, reference, actor_id)
      select ${vendorId}, ${variantId}, ${locationId}, on_hand_delta, ${reason}, ${note}, ${reference}, ${actorId}::uuid
      from changed
      returning seq
    ),
    event as (
      insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
      select ${inventoryAdjustedV1.topic}, ${vendorId}, ${inventoryAdjustedV1.aggregateType}, ${variantId},
        jsonb_build_object('variantId', ${variantId}::text, 'locationId', ${locationId}::text,
          'onHandDelta', on_hand_delta, 'reason', ${reason}::text, 'onHand', on_hand, 'reserved', reserved,
          'available', available, 'reference', ${reference}::text)
      from changed
      returning id
    )
    select
      exists (select 1 from variants where vendor_id = ${vendorId} and id = ${variantId}) as variant_found,
      exists (select 1 from stock_locations where vendor_id = ${vendorId} and id = ${locationId}) as location_found,
      k.on_hand as locked_on_hand, k.reserved as locked_reserved,
      c.on_hand, c.reserved, c.available, c.on_hand_delta,
      (select seq from movement) as movement_seq,
      (select count(*) from event) as events
    from (select 1) as one left join locked k on true left join changed c on true`);
}

export interface TransferInput {
  vendorId: string;
  variantId: string;
  fromLocationId: string;
  toLocationId: string;
  quantity: number;
  note: string | null;
  reference: string;
  actorId: string | null;
}

export interface TransferOutcome extends Record<string, unknown> {
  variant_found: boolean;
  from_found: boolean;
  to_found: boolean;
  from_on_hand: number | null;
  from_reserved: number | null;
  out_on_hand: number | null;
  out_reserved: number | null;
  out_available: number | null;
  in_on_hand: number | null;
  in_reserved: number | null;
  in_available: number | null;
}

/**
 * Moves `quantity` from one location to the other when the source has that much available:
 * both levels locked in location order (so opposite transfers can't deadlock), the destination
 * created or added to, two ledger entries sharing `reference`, and inventory.transferred.v1.
 */
export function transferStock(db: HttpDb, input: TransferInput) {
  const { vendorId, variantId, fromLocationId: from, toLocationId: to, quantity, note, reference, actorId } = input;
  return db.execute<TransferOutcome>(sql`
    with found as (
      select
        exists (select 1 from variants where vendor_id = ${vendorId} and id = ${variantId}) as variant_found,
        exists (select 1 from stock_locations where vendor_id = ${vendorId} and id = ${from}) as from_found,
        exists (select 1 from stock_locations where vendor_id = ${vendorId} and id = ${to}) as to_found
    ),
    locked as materialized (
      select location_id, on_hand, reserved from inventory_levels
      where vendor_id = ${vendorId} and variant_id = ${variantId} and location_id in (${from}, ${to})
      order by location_id
      for update
    ),
    taken as (
      update inventory_levels l set on_hand = l.on_hand - ${quantity}::int, updated_at = now()
      from locked k, found f
      where k.location_id = ${from} and f.variant_found and f.from_found and f.to_found
        and l.vendor_id = ${vendorId} and l.variant_id = ${variantId} and l.location_id = ${from}
        and l.on_hand - l.reserved >= ${quantity}::int
      returning l.on_hand, l.reserved, l.available
    ),
    given as (
      insert into inventory_levels as l (vendor_id, variant_id, location_id, on_hand)
      select ${vendorId}, ${variantId}, ${to}, ${quantity}::int from taken
      on conflict (vendor_id, variant_id, location_id)
        do update set on_hand = l.on_hand + excluded.on_hand, updated_at = now()
      returning l.on_hand, l.reserved, l.available
    ),
    movements as (
      insert into inventory_movements (vendor_id, variant_id, location_id, on_hand_delta, reason, note, reference, actor_id)
      select ${vendorId}::uuid, ${variantId}::uuid, ${from}::uuid, -${quantity}::int, 'transfer-out', ${note}::text,
        ${reference}::text, ${actorId}::uuid
      from taken
      union all
      select ${vendorId}::uuid, ${variantId}::uuid, ${to}::uuid, ${quantity}::int, 'transfer-in', ${note}::text,
        ${reference}::text, ${actorId}::uuid
      from given
      returning seq
    ),
    event as (
      insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
      select ${inventoryTransferredV1.topic}, ${vendorId}, ${inventoryTransferredV1.aggregateType}, ${variantId},
        jsonb_build_object('variantId', ${variantId}::text, 'fromLocationId', ${from}::text, 'toLocationId', ${to}::text,
          'quantity', ${quantity}::int, 'reference', ${reference}::text,
          'from', jsonb_build_object('onHand', t.on_hand, 'reserved', t.reserved, 'available', t.available),
          'to', jsonb_build_object('onHand', g.on_hand, 'reserved', g.reserved, 'available', g.available))
      from taken t, given g
      returning id
    )
    select f.variant_found, f.from_found, f.to_found,
      k.on_hand as from_on_hand, k.reserved as from_reserved,
      t.on_hand as out_on_hand, t.reserved as out_reserved, t.available as out_available,
      g.on_hand as in_on_hand, g.reserved as in_reserved, g.available as in_available,
      (select count(*) from movements) as movements, (select count(*) from event) as events
    from found f
      left join locked k on k.location_id = ${from}
      left join taken t on true
      left join given g on true`);
}
