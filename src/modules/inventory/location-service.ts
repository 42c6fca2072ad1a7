import { outbox } from '../../../drizzle/schema';
import { type Database, PG_UNIQUE_VIOLATION, pgErrorCode, type WsTx } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outboxRow } from '../../platform/outbox';
import { stockLocationCreatedV1, stockLocationDeletedV1, stockLocationUpdatedV1 } from './events';
import {
  clearDefault,
  deleteLocationRow,
  findLocationForUpdate,
  findLocationSummary,
  findLocations,
  insertLocation,
  type LocationRow,
  type LocationWithTotals,
  lockStockAt,
  lockVendorLocations,
  MAX_LOCATIONS,
  updateLocationRow,
} from './location-repo';
import type { Location } from './schemas';

function toLocation(row: LocationWithTotals): Location {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    isDefault: row.isDefault,
    onHand: row.onHand,
    reserved: row.reserved,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

function notFound(): ApiError {
  return new ApiError('NOT_FOUND', 'No stock location with this id here');
}

/** The location-changed event of a row as it now is. */
function updatedEvent(row: LocationRow) {
  return outboxRow(stockLocationUpdatedV1, {
    vendorId: row.vendorId,
    aggregateId: row.id,
    payload: { locationId: row.id, code: row.code, name: row.name, isDefault: row.isDefault },
  });
}

/** The vendor's stock locations (the default first) with their stock totals. */
export async function listLocations(db: Database, vendorId: string): Promise<Location[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findLocations(q, vendorId)] as const);
  return rows.map(toLocation);
}

async function readLocation(db: Database, vendorId: string, id: string): Promise<Location> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findLocations(q, vendorId, id)] as const);
  if (!row) throw notFound();
  return toLocation(row);
}

/** Makes `row` the vendor's only default inside `tx`, with an event for each location that changed. */
async function makeDefault(tx: WsTx, row: LocationRow): Promise<void> {
  const previous = await clearDefault(tx, row.vendorId, row.id);
  const events = previous.map(updatedEvent);
  if (events.length > 0) await tx.insert(outbox).values(events);
}

/**
 * Adds a location. Its code is unique per vendor (CONFLICT otherwise); the vendor's first location
 * is the default, and `isDefault: true` moves the default here in the same transaction.
 */
export async function createLocation(
  db: Database,
  vendorId: string,
  input: { code: string; name: string; isDefault?: boolean | undefined },
): Promise<Location> {
  try {
    return await db.vendor(vendorId).transaction(async (tx) => {
      await lockVendorLocations(tx, vendorId);
      const existing = await findLocationSummary(tx, vendorId);
      if (existing.some((location) => location.code === input.code))
        throw new ApiError('CONFLICT', `A stock location with code ${input.code} exists already`, { details: { field: 'code' } });
      if (existing.length >= MAX_LOCATIONS)
        throw new ApiError('CONFLICT', `A vendor has at most ${MAX_LOCATIONS} stock locations`);
      const isDefault = input.isDefault === true || !existing.some((location) => location.isDefault);
      const [row] = await insertLocation(tx, { vendorId, code: input.code, name: input.name, isDefault });
      if (!row) throw new Error('insert returned no location');
      if (isDefault) await makeDefault(tx, row);
      const payload = { locationId: row.id, code: row.code, name: row.name, isDefault };
      await tx.insert(outbox).values(outboxRow(stockLocationCreatedV1, { vendorId, aggregateId: row.id, payload }));
      return toLocation({ ...row, onHand: 0, reserved: 0 });
    });
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION)
      throw new ApiError('CONFLICT', `A stock location with code ${input.code} exists already`, { details: { field: 'code' } });
    throw error;
  }
}

/** Renames a location and/or makes it the default (the old default stops being one). */
export async function updateLocation(
  db: Database,
  vendorId: string,
  id: string,
  input: { name?: string | undefined; isDefault?: true | undefined },
): Promise<Location> {
  await db.vendor(vendorId).transaction(async (tx) => {
    await lockVendorLocations(tx, vendorId);
    const [current] = await findLocationForUpdate(tx, vendorId, id);
    if (!current) throw notFound();
    const changes = {
      ...(input.name !== undefined && input.name !== current.name ? { name: input.name } : {}),
      ...(input.isDefault && !current.isDefault ? { isDefault: true } : {}),
    };
    if (Object.keys(changes).length === 0) return;
    const [row] = await updateLocationRow(tx, vendorId, id, changes);
    if (!row) throw notFound();
    if (changes.isDefault) await makeDefault(tx, row);
    await tx.insert(outbox).values(updatedEvent(row));
  });
  return readLocation(db, vendorId, id);
}

/**
 * Removes a location that holds no stock (CONFLICT while any level there has stock on hand or
 * reserved). The default goes last: while others exist, make another the default first. Its zero
 * levels and their ledger entries go with it.
 */
export async function deleteLocation(db: Database, vendorId: string, id: string): Promise<void> {
  await db.vendor(vendorId).transaction(async (tx) => {
    await lockVendorLocations(tx, vendorId);
    const [location] = await findLocationForUpdate(tx, vendorId, id);
    if (!location) throw notFound();
    const stock = await lockStockAt(tx, vendorId, id);
    if (stock.onHand > 0 || stock.reserved > 0)
      throw new ApiError('CONFLICT', `${location.name} still holds stock; transfer or adjust it to zero first`, {
        details: stock,
      });
    const all = await findLocationSummary(tx, vendorId);
    if (location.isDefault && all.length > 1)
      throw new ApiError('CONFLICT', `${location.name} is the default location; make another location the default first`);
    await deleteLocationRow(tx, vendorId, id);
    await tx
      .insert(outbox)
      .values(outboxRow(stockLocationDeletedV1, { vendorId, aggregateId: id, payload: { locationId: id, code: location.code } }));
  });
}

/** The seed's two locations: `main` (the default, unless the vendor has one) and `store`, created when missing. */
export async function ensureDefaultLocations(db: Database, vendorId: string): Promise<Location[]> {
  const wanted = [
    { code: 'main', name: 'Main warehouse', isDefault: true },
    { code: 'store', name: 'Shop floor', isDefault: false },
  ];
  const existing = await listLocations(db, vendorId);
  for (const location of wanted) {
    if (existing.some((row) => row.code === location.code)) continue;
    const isDefault = location.isDefault && !existing.some((row) => row.isDefault);
    try {
      existing.push(await createLocation(db, vendorId, { ...location, isDefault }));
    } catch (error) {
      // Someone else made it meanwhile: that's what we wanted.
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    }
  }
  return listLocations(db, vendorId);
}
