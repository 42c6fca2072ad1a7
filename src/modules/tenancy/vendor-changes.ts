import type { Database, WsTx } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { findDomainsOfVendor, lockVendor, type VendorRow } from './repo';
import { forgetVendorHosts, type TenancyEnv } from './service';

/** What a platform admin's change to a vendor needs: the database, the host cache's env, who acts. */
export interface AdminContext {
  db: Database;
  env: TenancyEnv;
  /** The signed-in platform admin (events name them as `by`). */
  actorId: string;
}

/** Changes to a deleted vendor are refused: it is gone for everyone but the record. */
export function assertLive(vendor: VendorRow): void {
  if (vendor.deletedAt) throw new ApiError('CONFLICT', `The vendor ${vendor.slug} was deleted; it can no longer be changed`);
}

/**
 * Runs `change` against the vendor's row, locked (`FOR UPDATE`) in one interactive transaction, so
 * concurrent admin actions on one vendor apply one after the other and each emits its event only
 * when it changed something. After the commit, every host the vendor answered on before or after
 * the change is forgotten in the host cache. Unknown ids are NOT_FOUND.
 */
export async function changeVendor<T>(
  ctx: AdminContext,
  vendorId: string,
  change: (tx: WsTx, vendor: VendorRow) => Promise<T>,
): Promise<T> {
  const { result, slug, domains } = await ctx.db.platform().transaction(async (tx) => {
    const [vendor] = await lockVendor(tx, vendorId);
    if (!vendor) throw new ApiError('NOT_FOUND', `No vendor has the id ${vendorId}`);
    const before = await findDomainsOfVendor(tx, vendorId);
    const result = await change(tx, vendor);
    const after = await findDomainsOfVendor(tx, vendorId);
    return { result, slug: vendor.slug, domains: [...before, ...after].map((d) => d.domain) };
  });
  await forgetVendorHosts(ctx.env, slug, domains);
  return result;
}
