import { and, desc, eq, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import { customers } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';

/** A vendor's shoppers as the team sees them (never their password hashes). */
export interface CustomerRecord {
  id: string;
  email: string;
  name: string;
  /** Postgres' text form of `created_at`, exact to the microsecond (for keyset cursors). */
  createdAt: string;
}

const columns = {
  id: customers.id,
  email: customers.email,
  name: customers.name,
  createdAt: sql<string>`${customers.createdAt}::text`,
};

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Up to `limit + 1` customers, newest first, optionally matching `q` in the email or name. */
export async function findCustomerPage(
  db: Database,
  vendorId: string,
  options: { q?: string | undefined; after?: { at: string; id: string } | undefined; limit: number },
): Promise<CustomerRecord[]> {
  const pattern = options.q ? `%${escapeLike(options.q)}%` : undefined;
  const conditions: (SQL | undefined)[] = [
    eq(customers.vendorId, vendorId),
    pattern ? or(ilike(customers.email, pattern), ilike(customers.name, pattern)) : undefined,
    options.after
      ? or(
          lt(customers.createdAt, sql`${options.after.at}::timestamptz`),
          and(eq(customers.createdAt, sql`${options.after.at}::timestamptz`), lt(customers.id, options.after.id)),
        )
      : undefined,
  ];
  const [rows] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select(columns)
          .from(customers)
          .where(and(...conditions))
          .orderBy(desc(customers.createdAt), desc(customers.id))
          .limit(options.limit + 1),
      ] as const,
  );
  return rows;
}

/** One customer of the vendor, or undefined. */
export async function findCustomerRecord(db: Database, vendorId: string, id: string): Promise<CustomerRecord | undefined> {
  const [[row]] = await db.vendor(vendorId).read(
    (q) =>
      [
        q
          .select(columns)
          .from(customers)
          .where(and(eq(customers.vendorId, vendorId), eq(customers.id, id)))
          .limit(1),
      ] as const,
  );
  return row;
}
