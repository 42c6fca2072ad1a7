import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import type { StockLine } from './bulk-stock';
import { inventoryAdjustedV1 } from './events';

/** Lines per statement: one jsonb parameter each, so the size is bounded by the request, not by parameters. */
const LINES_PER_STATEMENT = 2000;

const records = (line: StockLine) => ({ variant_id: line.variantId, location_id: line.locationId, on_hand: line.onHand });

/**
 * Initial stock (the seed, a vendor's first import): creates the levels of `lines` that don't exist
 * yet with their quantity, each with its ledger entry (`received`) and, unless `events: false`,
 * inventory.adjusted.v1, all in one transaction. Levels that exist are left as they are, so a
 * rerun changes nothing. Unlike `setStock` it never joins existing levels, so its cost doesn't
 * grow with the vendor's stock (nor depend on table statistics during a bulk load). An unknown
 * variant or location fails the whole call.
 */
export async function receiveInitialStock(
  db: Database,
  vendorId: string,
  lines: readonly StockLine[],
  options: { note?: string; events?: boolean } = {},
): Promise<{ created: number }> {
  if (lines.length === 0) return { created: 0 };
  const emit = options.events ?? true;
  const chunks: StockLine[][] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_STATEMENT)
    chunks.push(lines.slice(start, start + LINES_PER_STATEMENT));
  const statement = (chunk: StockLine[]) => sql`
    with created as (
      insert into inventory_levels (vendor_id, variant_id, location_id, on_hand)
      select ${vendorId}::uuid, x.variant_id, x.location_id, x.on_hand
      from jsonb_to_recordset(${JSON.stringify(chunk.map(records))}::jsonb) as x(variant_id uuid, location_id uuid, on_hand integer)
      order by 2, 3
      on conflict do nothing
      returning variant_id, location_id, on_hand, reserved, available
    ),
    movements as (
      insert into inventory_movements (vendor_id, variant_id, location_id, on_hand_delta, reason, note)
      select ${vendorId}, variant_id, location_id, on_hand, 'received', ${options.note ?? null}
      from created where on_hand > 0
    ),
    events as (
      insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
      select ${inventoryAdjustedV1.topic}, ${vendorId}, ${inventoryAdjustedV1.aggregateType}, variant_id::text,
        jsonb_build_object('variantId', variant_id, 'locationId', location_id, 'onHandDelta', on_hand, 'reason', 'received',
          'onHand', on_hand, 'reserved', reserved, 'available', available, 'reference', null)
      from created where on_hand > 0 and ${emit}::boolean
    )
    select count(*)::int as created from created`;
  const results = await db.vendor(vendorId).write((q) => {
    const [first, ...rest] = chunks.map((chunk) => q.execute<{ created: number }>(statement(chunk)));
    if (!first) throw new Error('no stock lines');
    return [first, ...rest] as const;
  });
  return { created: results.reduce((total, result) => total + (result.rows[0]?.created ?? 0), 0) };
}
