import { sql } from 'drizzle-orm';

/**
 * The row filters every tenant table's policy uses. `nullif` because a transaction-local
 * setting reads as '' (not NULL) on a reused connection after its transaction ended; the
 * `(select …)` wrappers make the planner evaluate each setting once per statement.
 */
export const currentVendorId = sql`(select nullif(current_setting('app.vendor_id', true), '')::uuid)`;
export const isPlatformScope = sql`(select coalesce(current_setting('app.platform', true), '') = 'on')`;

/** `vendor_id` matches the vendor scope, or the request runs in the platform (admin) scope. */
export const vendorRowFilter = (column = sql`vendor_id`) => sql`(${column} = ${currentVendorId} or ${isPlatformScope})`;
