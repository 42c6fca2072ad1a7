import type { TeamRole } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import type { Account } from './account-schemas';
import { customerUpdatedV1 } from './events';
import { findCustomerById, findMemberById, findUserById, updateCustomerName } from './repo';

/** A token can outlive its account (removed, disabled): then the caller is no longer signed in. */
const gone = () => new ApiError('UNAUTHORIZED', 'This account can no longer sign in here; sign in again');

const toAccount = ({ id, email, name }: Account): Account => ({ id, email, name });

/** The signed-in platform admin's account (platform scope); a disabled or demoted admin is refused. */
export async function loadAdminAccount(db: Database, userId: string): Promise<Account> {
  const [[user]] = await db.platform().read((q) => [findUserById(q, userId)] as const);
  if (!user?.isPlatformAdmin || user.disabledAt) throw gone();
  return toAccount(user);
}

/** A team member's account and current role on this vendor (vendor scope: members only). */
export async function loadTeamAccount(
  db: Database,
  vendorId: string,
  userId: string,
): Promise<{ user: Account; role: TeamRole }> {
  const [[member]] = await db.vendor(vendorId).read((q) => [findMemberById(q, vendorId, userId)] as const);
  if (!member) throw gone();
  return { user: toAccount(member.user), role: member.role };
}

/** A shopper's own account at this vendor (vendor scope). */
export async function loadCustomerAccount(db: Database, vendorId: string, customerId: string): Promise<Account> {
  const [[customer]] = await db.vendor(vendorId).read((q) => [findCustomerById(q, vendorId, customerId)] as const);
  if (!customer) throw gone();
  return toAccount(customer);
}

/**
 * Renames a shopper and emits `customer.updated.v1` in the same batch; an unchanged name writes
 * nothing. Returns whether an event was written, so the caller knows to kick the relay.
 */
export async function renameCustomer(
  db: Database,
  vendorId: string,
  customerId: string,
  name: string,
): Promise<{ account: Account; changed: boolean }> {
  const current = await loadCustomerAccount(db, vendorId, customerId);
  if (current.name === name) return { account: current, changed: false };
  const [[updated]] = await db
    .vendor(vendorId)
    .write(
      (q) =>
        [
          updateCustomerName(q, vendorId, customerId, name),
          q
            .insert(outbox)
            .values(outboxRow(customerUpdatedV1, { vendorId, aggregateId: customerId, payload: { customerId, name } })),
        ] as const,
    );
  if (!updated) throw gone();
  return { account: toAccount(updated), changed: true };
}
