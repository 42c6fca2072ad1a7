import { and, eq, ne, sql } from 'drizzle-orm';
import { customerAddresses } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { type AddressRow, findAddresses } from './repo';
import type { AddressBookInput, SavedAddress } from './schemas';

/** A signed-in shopper's address book; every call is limited to that shopper's own addresses. */

const MAX_ADDRESSES = 50;

export function toSavedAddress(row: AddressRow): SavedAddress {
  return {
    id: row.id,
    label: row.label,
    name: row.name,
    company: row.company,
    line1: row.line1,
    line2: row.line2,
    postalCode: row.postalCode,
    city: row.city,
    region: row.region,
    country: row.country,
    phone: row.phone,
    isDefaultShipping: row.isDefaultShipping,
    isDefaultBilling: row.isDefaultBilling,
  };
}

const notFound = () => new ApiError('NOT_FOUND', 'No such address in your address book');
const mine = (vendorId: string, customerId: string) =>
  and(eq(customerAddresses.vendorId, vendorId), eq(customerAddresses.customerId, customerId));

export async function listAddresses(db: Database, vendorId: string, customerId: string): Promise<SavedAddress[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findAddresses(q, vendorId, customerId)] as const);
  return rows.map(toSavedAddress);
}

/** The other addresses stop being the default of a kind this address now is (same transaction). */
async function clearOtherDefaults(
  tx: Parameters<Parameters<ReturnType<Database['vendor']>['transaction']>[0]>[0],
  vendorId: string,
  customerId: string,
  id: string,
  row: { isDefaultShipping: boolean; isDefaultBilling: boolean },
) {
  if (row.isDefaultShipping)
    await tx
      .update(customerAddresses)
      .set({ isDefaultShipping: false })
      .where(and(mine(vendorId, customerId), ne(customerAddresses.id, id)));
  if (row.isDefaultBilling)
    await tx
      .update(customerAddresses)
      .set({ isDefaultBilling: false })
      .where(and(mine(vendorId, customerId), ne(customerAddresses.id, id)));
}

export async function addAddress(
  db: Database,
  vendorId: string,
  customerId: string,
  input: AddressBookInput,
): Promise<SavedAddress> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(customerAddresses).where(mine(vendorId, customerId));
    if ((count?.n ?? 0) >= MAX_ADDRESSES)
      throw new ApiError('CONFLICT', `An address book holds at most ${MAX_ADDRESSES} addresses`);
    const [row] = await tx
      .insert(customerAddresses)
      .values({ vendorId, customerId, ...input })
      .returning();
    if (!row) throw new Error('the address insert returned no row');
    await clearOtherDefaults(tx, vendorId, customerId, row.id, row);
    return toSavedAddress(row);
  });
}

export async function updateAddress(
  db: Database,
  vendorId: string,
  customerId: string,
  id: string,
  input: Partial<AddressBookInput>,
): Promise<SavedAddress> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [row] = await tx
      .update(customerAddresses)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(mine(vendorId, customerId), eq(customerAddresses.id, id)))
      .returning();
    if (!row) throw notFound();
    await clearOtherDefaults(tx, vendorId, customerId, row.id, row);
    return toSavedAddress(row);
  });
}

export async function deleteAddress(db: Database, vendorId: string, customerId: string, id: string): Promise<void> {
  const [rows] = await db.vendor(vendorId).write(
    (q) =>
      [
        q
          .delete(customerAddresses)
          .where(and(mine(vendorId, customerId), eq(customerAddresses.id, id)))
          .returning({ id: customerAddresses.id }),
      ] as const,
  );
  if (rows.length === 0) throw notFound();
}
