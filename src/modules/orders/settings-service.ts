import { and, eq, sql } from 'drizzle-orm';
import { shippingMethods, taxRates } from '../../../drizzle/schema';
import { type Database, PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { findShippingMethods, findTaxRates, type ShippingMethodRow, type TaxRateRow } from './repo';
import type { CreateShippingMethodInput, ShippingMethod, TaxRate, TaxRateInput, UpdateShippingMethodInput } from './schemas';

/** Shipping methods and VAT rates: the vendor's checkout settings (owners and managers change them). */

function toShippingMethod(row: ShippingMethodRow): ShippingMethod {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    priceMinor: Number(row.priceMinor),
    brackets: row.brackets,
    freeOverMinor: row.freeOverMinor === null ? null : Number(row.freeOverMinor),
    currency: row.currency,
    active: row.active,
    position: row.position,
  };
}

const toTaxRate = (row: TaxRateRow): TaxRate => ({ id: row.id, name: row.name, rateBp: row.rateBp, categoryId: row.categoryId });

/** The vendor's shipping methods in their order; the shop sees only active ones. */
export async function listShippingMethods(db: Database, vendorId: string, activeOnly: boolean): Promise<ShippingMethod[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findShippingMethods(q, vendorId, activeOnly)] as const);
  return rows.map(toShippingMethod);
}

export async function createShippingMethod(
  db: Database,
  vendorId: string,
  input: CreateShippingMethodInput,
): Promise<ShippingMethod> {
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .insert(shippingMethods)
          .values({ vendorId, ...input })
          .returning(),
      ] as const,
  );
  if (!row) throw new Error('the shipping method insert returned no row');
  return toShippingMethod(row);
}

export async function updateShippingMethod(
  db: Database,
  vendorId: string,
  id: string,
  input: UpdateShippingMethodInput,
): Promise<ShippingMethod> {
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(shippingMethods)
          .set({ ...input, updatedAt: sql`now()` })
          .where(and(eq(shippingMethods.vendorId, vendorId), eq(shippingMethods.id, id)))
          .returning(),
      ] as const,
  );
  if (!row) throw new ApiError('NOT_FOUND', 'No such shipping method here');
  if (row.kind === 'weight' && row.brackets.length === 0)
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'brackets', message: 'a weight method needs at least one bracket' }],
    });
  return toShippingMethod(row);
}

/** Deletes a method; orders keep its name (they store a copy). */
export async function deleteShippingMethod(db: Database, vendorId: string, id: string): Promise<void> {
  const [rows] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .delete(shippingMethods)
          .where(and(eq(shippingMethods.vendorId, vendorId), eq(shippingMethods.id, id)))
          .returning({ id: shippingMethods.id }),
      ] as const,
  );
  if (rows.length === 0) throw new ApiError('NOT_FOUND', 'No such shipping method here');
}

export async function listTaxRates(db: Database, vendorId: string): Promise<TaxRate[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findTaxRates(q, vendorId)] as const);
  return rows.map(toTaxRate);
}

function taxRateError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === PG_UNIQUE_VIOLATION)
    return new ApiError('CONFLICT', 'There is a rate for this already (one standard rate, one per category)');
  if (code === '23503')
    return new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'categoryId', message: 'no such category here' }],
    });
  return error;
}

/** Adds the standard rate (no category) or a category's rate; one of each at most. */
export async function createTaxRate(db: Database, vendorId: string, input: TaxRateInput): Promise<TaxRate> {
  const [[row]] = await db
    .vendor(vendorId)
    .write(
      (q) =>
        [
          q
            .insert(taxRates)
            .values({ vendorId, ...input })
            .returning(),
        ] as const,
    )
    .catch((error: unknown) => Promise.reject(taxRateError(error)));
  if (!row) throw new Error('the tax rate insert returned no row');
  return toTaxRate(row);
}

export async function updateTaxRate(
  db: Database,
  vendorId: string,
  id: string,
  input: { name?: string | undefined; rateBp?: number | undefined },
): Promise<TaxRate> {
  const [[row]] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .update(taxRates)
          .set({ ...input, updatedAt: sql`now()` })
          .where(and(eq(taxRates.vendorId, vendorId), eq(taxRates.id, id)))
          .returning(),
      ] as const,
  );
  if (!row) throw new ApiError('NOT_FOUND', 'No such tax rate here');
  return toTaxRate(row);
}

export async function deleteTaxRate(db: Database, vendorId: string, id: string): Promise<void> {
  const [rows] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .delete(taxRates)
          .where(and(eq(taxRates.vendorId, vendorId), eq(taxRates.id, id)))
          .returning({ id: taxRates.id }),
      ] as const,
  );
  if (rows.length === 0) throw new ApiError('NOT_FOUND', 'No such tax rate here');
}
