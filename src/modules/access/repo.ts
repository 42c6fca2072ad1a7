import { and, eq, isNull } from 'drizzle-orm';
import { customers, memberships, users } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';

/** An enabled platform admin by email (platform scope). */
export function findAdminByEmail(db: HttpDb, email: string) {
  return db
    .select()
    .from(users)
    .where(and(eq(users.email, email), eq(users.isPlatformAdmin, true), isNull(users.disabledAt)))
    .limit(1);
}

/** A user by id (platform scope, or a member of the current vendor in vendor scope). */
export function findUserById(db: HttpDb, id: string) {
  return db.select().from(users).where(eq(users.id, id)).limit(1);
}

/** A member of the scoped vendor by email, with their role (vendor scope). */
export function findMemberByEmail(db: HttpDb, vendorId: string, email: string) {
  return db
    .select({ user: users, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.vendorId, vendorId), eq(users.email, email), isNull(users.disabledAt)))
    .limit(1);
}

/** A member of the scoped vendor by user id, with their role (vendor scope). */
export function findMemberById(db: HttpDb, vendorId: string, userId: string) {
  return db
    .select({ user: users, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.vendorId, vendorId), eq(users.id, userId), isNull(users.disabledAt)))
    .limit(1);
}

/** A shopper of the scoped vendor by email (vendor scope). */
export function findCustomerByEmail(db: HttpDb, vendorId: string, email: string) {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.vendorId, vendorId), eq(customers.email, email)))
    .limit(1);
}

export function findCustomerById(db: HttpDb, vendorId: string, id: string) {
  return db
    .select()
    .from(customers)
    .where(and(eq(customers.vendorId, vendorId), eq(customers.id, id)))
    .limit(1);
}

/** Renames a shopper of the scoped vendor; returns the row, or nothing if it doesn't exist (vendor scope). */
export function updateCustomerName(db: HttpDb, vendorId: string, id: string, name: string) {
  return db
    .update(customers)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(customers.vendorId, vendorId), eq(customers.id, id)))
    .returning({ id: customers.id, email: customers.email, name: customers.name });
}
