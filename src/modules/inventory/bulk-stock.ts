import { type SQL, sql } from 'drizzle-orm';
import { inventoryMovements, type MovementReason, outbox } from '../../../drizzle/schema';
import type { Database, HttpDb, WsTx } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outboxRow } from '../../platform/outbox';
import { actorId, type StockActor } from './actor';
import { inventoryAdjustedV1 } from './events';
import type { AdjustedLevel } from './schemas';
import { type StockChange, stockError } from './stock-service';

interface LockedLevel extends Record<string, unknown> {
  variant_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
}

const key = (variantId: string, locationId: string) => `${variantId}/${locationId}`;

function pairs(items: readonly { variantId: string; locationId: string }[]): SQL {
  return sql.join(
    items.map((item) => sql`(${item.variantId}::uuid, ${item.locationId}::uuid)`),
    sql`, `,
  );
}

/** Which of the items' variants and locations this vendor doesn't have. */
async function findMissing(tx: WsTx, vendorId: string, items: readonly StockChange[]) {
  const result = await tx.execute<{ kind: 'variant' | 'location'; id: string }>(sql`
    with input(variant_id, location_id) as (values ${pairs(items)})
    select 'variant' as kind, variant_id::text as id from input i
    where not exists (select 1 from variants v where v.vendor_id = ${vendorId} and v.id = i.variant_id)
    union
    select 'location', location_id::text from input i
    where not exists (select 1 from stock_locations s where s.vendor_id = ${vendorId} and s.id = i.location_id)`);
  return result.rows;
}

/** The items' levels, created at zero where missing, locked in (variant, location) order. */
async function lockLevels(tx: WsTx, vendorId: string, items: readonly StockChange[]): Promise<Map<string, LockedLevel>> {
  await tx.execute(sql`
    insert into inventory_levels (vendor_id, variant_id, location_id)
    select ${vendorId}::uuid, variant_id, location_id from (values ${pairs(items)}) as i(variant_id, location_id)
    order by 2, 3
    on conflict do nothing`);
  const locked = await tx.execute<LockedLevel>(sql`
    select l.variant_id, l.location_id, l.on_hand, l.reserved
    from inventory_levels l join (values ${pairs(items)}) as i(variant_id, location_id)
      on l.variant_id = i.variant_id and l.location_id = i.location_id
    where l.vendor_id = ${vendorId}
    order by l.variant_id, l.location_id
    for update of l`);
  return new Map(locked.rows.map((row) => [key(row.variant_id, row.location_id), row]));
}

/**
 * Applies every adjustment or none (INSUFFICIENT_STOCK naming each refused item, NOT_FOUND naming
 * unknown ids), in one interactive transaction that locks the levels in a fixed order first.
 */
export async function bulkAdjustStock(
  db: Database,
  vendorId: string,
  actor: StockActor,
  items: readonly StockChange[],
): Promise<AdjustedLevel[]> {
  const actorKey = actorId(actor);
  return db
    .vendor(vendorId)
    .transaction(async (tx) => {
      const missing = await findMissing(tx, vendorId, items);
      if (missing.length > 0)
        throw new ApiError('NOT_FOUND', 'Some variants or stock locations do not exist here', { details: { missing } });
      const levels = await lockLevels(tx, vendorId, items);
      const planned = items.map((item, index) => {
        const level = levels.get(key(item.variantId, item.locationId));
        const onHand = level?.on_hand ?? 0;
        const reserved = level?.reserved ?? 0;
        const next = item.setOnHand ?? onHand + (item.delta ?? 0);
        return { item, index, onHand, reserved, next, delta: next - onHand };
      });
      const refused = planned.filter((p) => p.next < p.reserved);
      if (refused.length > 0)
        throw new ApiError(
          'INSUFFICIENT_STOCK',
          `${refused.length} of ${items.length} adjustments would go below what is there`,
          {
            details: {
              items: refused.map((p) => ({
                index: p.index,
                variantId: p.item.variantId,
                locationId: p.item.locationId,
                onHand: p.onHand,
                reserved: p.reserved,
                available: p.onHand - p.reserved,
              })),
            },
          },
        );
      const changes = planned.filter((p) => p.delta !== 0);
      const seqs = new Map<string, number>();
      if (changes.length > 0) {
        const values = sql.join(
          changes.map((p) => sql`(${p.item.variantId}::uuid, ${p.item.locationId}::uuid, ${p.next}::int)`),
          sql`, `,
        );
        await tx.execute(sql`
          update inventory_levels l set on_hand = u.on_hand, updated_at = now()
          from (values ${values}) as u(variant_id, location_id, on_hand)
          where l.vendor_id = ${vendorId} and l.variant_id = u.variant_id and l.location_id = u.location_id`);
        const movements = await tx
          .insert(inventoryMovements)
          .values(
            changes.map((p) => ({
              vendorId,
              variantId: p.item.variantId,
              locationId: p.item.locationId,
              onHandDelta: p.delta,
              reason: p.item.reason,
              note: p.item.note || null,
              reference: p.item.reference ?? null,
              actorId: actorKey,
            })),
          )
          .returning({
            seq: inventoryMovements.seq,
            variantId: inventoryMovements.variantId,
            locationId: inventoryMovements.locationId,
          });
        for (const movement of movements) seqs.set(key(movement.variantId, movement.locationId), Number(movement.seq));
        await tx.insert(outbox).values(
          changes.map((p) =>
            outboxRow(inventoryAdjustedV1, {
              vendorId,
              aggregateId: p.item.variantId,
              payload: {
                variantId: p.item.variantId,
                locationId: p.item.locationId,
                onHandDelta: p.delta,
                reason: p.item.reason,
                onHand: p.next,
                reserved: p.reserved,
                available: p.next - p.reserved,
                reference: p.item.reference ?? null,
              },
            }),
          ),
        );
      }
      return planned.map((p) => ({
        variantId: p.item.variantId,
        locationId: p.item.locationId,
        onHand: p.next,
        reserved: p.reserved,
        available: p.next - p.reserved,
        onHandDelta: p.delta,
        movementId: seqs.get(key(p.item.variantId, p.item.locationId)) ?? null,
      }));
    })
    .catch((error: unknown) => Promise.reject(stockError(error)));
}

/** Initial stock for one level: on hand becomes `onHand`. */
export interface StockLine {
  variantId: string;
  locationId: string;
  onHand: number;
}

const SET_STOCK_CHUNK = 500;

/**
 * The two statements that set on-hand stock for `lines` (at most a few hundred) inside a caller's
 * write batch: missing levels are created at zero, then every level that changes gets its ledger
 * entry (`reason`, or `correction` where stock goes down) and, unless `events: false`,
 * inventory.adjusted.v1. A level can't go below what is reserved: those are counted as refused.
 */
export function setStockStatements(
  q: HttpDb,
  vendorId: string,
  lines: readonly StockLine[],
  options: { reason?: MovementReason; note?: string; events?: boolean } = {},
) {
  const reason = options.reason ?? 'received';
  const emit = options.events ?? true;
  const values = sql.join(
    lines.map((line) => sql`(${line.variantId}::uuid, ${line.locationId}::uuid, ${line.onHand}::int)`),
    sql`, `,
  );
  return [
    q.execute(sql`
      insert into inventory_levels (vendor_id, variant_id, location_id)
      select ${vendorId}::uuid, variant_id, location_id from (values ${values}) as i(variant_id, location_id, on_hand)
      order by 2, 3
      on conflict do nothing`),
    q.execute<{ changed: number; refused: number }>(sql`
      with input(variant_id, location_id, on_hand) as (values ${values}),
      locked as materialized (
        select l.variant_id, l.location_id, l.on_hand, l.reserved
        from inventory_levels l join input i using (variant_id, location_id)
        where l.vendor_id = ${vendorId}
        order by l.variant_id, l.location_id
        for update of l
      ),
      changed as (
        update inventory_levels l set on_hand = i.on_hand, updated_at = now()
        from input i, locked k
        where l.vendor_id = ${vendorId} and l.variant_id = i.variant_id and l.location_id = i.location_id
          and k.variant_id = i.variant_id and k.location_id = i.location_id
          and i.on_hand >= k.reserved and i.on_hand <> k.on_hand
        returning l.variant_id, l.location_id, l.on_hand, l.reserved, l.available, l.on_hand - k.on_hand as delta
      ),
      movements as (
        insert into inventory_movements (vendor_id, variant_id, location_id, on_hand_delta, reason, note)
        select ${vendorId}, variant_id, location_id, delta,
          case when delta > 0 then ${reason}::text else 'correction' end, ${options.note ?? null}
        from changed
      ),
      events as (
        insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
        select ${inventoryAdjustedV1.topic}, ${vendorId}, ${inventoryAdjustedV1.aggregateType}, variant_id::text,
          jsonb_build_object('variantId', variant_id, 'locationId', location_id, 'onHandDelta', delta,
            'reason', case when delta > 0 then ${reason}::text else 'correction' end,
            'onHand', on_hand, 'reserved', reserved, 'available', available, 'reference', null)
        from changed where ${emit}::boolean
      )
      select (select count(*) from changed)::int as changed,
        (select count(*) from input i join locked k using (variant_id, location_id) where i.on_hand < k.reserved)::int as refused`),
  ] as const;
}

/**
 * Sets on-hand stock for many levels (the seed's initial stock), in batches of 500 that each
 * commit on their own: a ledger entry per level that changed (`reason`, default `received`, or
 * `correction` where stock goes down) and, unless `events: false`, inventory.adjusted.v1. Safe to
 * rerun: levels already at their quantity don't change; a level can't go below what is reserved.
 */
export async function setStock(
  db: Database,
  vendorId: string,
  lines: readonly StockLine[],
  options: { reason?: MovementReason; note?: string; events?: boolean } = {},
): Promise<{ changed: number; refused: number }> {
  const total = { changed: 0, refused: 0 };
  for (let start = 0; start < lines.length; start += SET_STOCK_CHUNK) {
    const chunk = lines.slice(start, start + SET_STOCK_CHUNK);
    const [, result] = await db.vendor(vendorId).write((q) => setStockStatements(q, vendorId, chunk, options));
    total.changed += result.rows[0]?.changed ?? 0;
    total.refused += result.rows[0]?.refused ?? 0;
  }
  return total;
}
