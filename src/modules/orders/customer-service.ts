import { and, eq, inArray, sql } from 'drizzle-orm';
import { orders } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { type CustomerRecord, findCustomerPage, findCustomerRecord } from '../access/customer-directory';
import { toSavedAddress } from './address-service';
import { decodeCursor, encodeCursor } from './cursor';
import { type SummaryRow, toSummary } from './order-mapping';
import { findAddresses, findOrderPage } from './repo';
import type { CustomerListQuery } from './schemas';

/** The team's view of the shop's customers: who they are and what they ordered. */

async function orderStats(db: Database, vendorId: string, customerIds: string[]) {
  if (customerIds.length === 0) return new Map<string, { orderCount: number; totalSpentMinor: number }>();
  const [rows] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select({
            customerId: orders.customerId,
            orderCount: sql<number>`count(*)::int`,
            totalSpentMinor: sql<string>`coalesce(sum(${orders.totalMinor}) filter (where ${orders.status} not in ('cancelled', 'refunded')), 0)`,
          })
          .from(orders)
          .where(and(eq(orders.vendorId, vendorId), inArray(orders.customerId, customerIds)))
          .groupBy(orders.customerId),
      ] as const,
  );
  return new Map(
    rows.map((row) => [
      row.customerId ?? '',
      { orderCount: Number(row.orderCount), totalSpentMinor: Number(row.totalSpentMinor) },
    ]),
  );
}

function toSummaryOfCustomer(record: CustomerRecord, stats: { orderCount: number; totalSpentMinor: number } | undefined) {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    registeredAt: new Date(record.createdAt).toISOString(),
    orderCount: stats?.orderCount ?? 0,
    totalSpentMinor: stats?.totalSpentMinor ?? 0,
  };
}

/** A page of customers, newest first, searchable by email or name. */
export async function listCustomers(db: Database, vendorId: string, query: CustomerListQuery) {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await findCustomerPage(db, vendorId, { q: query.q, after, limit: query.limit });
  const page = rows.slice(0, query.limit);
  const stats = await orderStats(
    db,
    vendorId,
    page.map((row) => row.id),
  );
  const last = page.at(-1);
  return {
    data: page.map((row) => toSummaryOfCustomer(row, stats.get(row.id))),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** One customer with their latest 100 orders and their address book. */
export async function getCustomer(db: Database, vendorId: string, customerId: string) {
  const record = await findCustomerRecord(db, vendorId, customerId);
  if (!record) throw new ApiError('NOT_FOUND', 'No such customer here');
  const [orderRows, addresses] = await db
    .vendor(vendorId)
    .read((q) => [findOrderPage(q, vendorId, { customerId }, 100), findAddresses(q, vendorId, customerId)] as const);
  const stats = await orderStats(db, vendorId, [customerId]);
  return {
    ...toSummaryOfCustomer(record, stats.get(customerId)),
    orders: orderRows.slice(0, 100).map((row) => toSummary(row as SummaryRow)),
    addresses: addresses.map(toSavedAddress),
  };
}
