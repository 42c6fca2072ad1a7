import type { Database } from '../../platform/db';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { vendorCreatedV1 } from './events';
import { findActiveVendors, findVendorByDomain, findVendorBySlug, insertVendor, type VendorRow } from './repo';
import type { CreateVendorInput, VendorDto } from './schemas';

/** Who a request is for, decided by its host alone. */
export type Tenant = { kind: 'vendor'; vendor: VendorRow } | { kind: 'admin' } | { kind: 'apex' };

/** The host without port and trailing dot, lower-cased. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/**
 * The tenant a host belongs to: `admin.<root>`, the apex, `<slug>.<root>`, or a vendor's verified
 * custom domain. Unknown hosts and deleted vendors are `VENDOR_NOT_FOUND`.
 */
export async function resolveHost(db: Database, rawHost: string, rootDomain: string): Promise<Tenant> {
  const host = normalizeHost(rawHost);
  const root = normalizeHost(rootDomain);
  if (host === root) return { kind: 'apex' };
  if (host === `admin.${root}`) return { kind: 'admin' };
  const sub = host.endsWith(`.${root}`) ? host.slice(0, -(root.length + 1)) : undefined;
  if (sub?.includes('.')) throw notFound(host);
  const vendor = sub === undefined ? await vendorByDomain(db, host) : await vendorBySlug(db, sub);
  if (!vendor) throw notFound(host);
  return { kind: 'vendor', vendor };
}

async function vendorBySlug(db: Database, slug: string): Promise<VendorRow | undefined> {
  const [rows] = await db.platform().read((q) => [findVendorBySlug(q, slug)] as const);
  return rows[0];
}

async function vendorByDomain(db: Database, domain: string): Promise<VendorRow | undefined> {
  const [rows] = await db.platform().read((q) => [findVendorByDomain(q, domain)] as const);
  return rows[0]?.vendor;
}

function notFound(host: string): ApiError {
  return new ApiError('VENDOR_NOT_FOUND', `No shop answers on ${host}`);
}

/** Creates a vendor and its `vendor.created.v1` event in one transaction. */
export async function createVendor(db: Database, input: CreateVendorInput): Promise<VendorDto> {
  const id = crypto.randomUUID();
  const event = outboxRow(vendorCreatedV1, {
    vendorId: id,
    aggregateId: id,
    payload: { vendorId: id, slug: input.slug, name: input.name },
  });
  try {
    const [[vendor]] = await db
      .platform()
      .write(
        (q) =>
          [
            insertVendor(q, { id, slug: input.slug, name: input.name, ...(input.theme ? { theme: input.theme } : {}) }),
            q.insert(outbox).values(event),
          ] as const,
      );
    if (!vendor) throw new Error('insert returned no vendor');
    return toVendorDto(vendor);
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      throw new ApiError('CONFLICT', `The slug ${input.slug} is taken`, { details: { field: 'slug' } });
    }
    throw error;
  }
}

/** Active shops for the platform's directory. */
export async function listActiveVendors(db: Database, limit = 100): Promise<VendorDto[]> {
  const [rows] = await db.platform().read((q) => [findActiveVendors(q, limit)] as const);
  return rows.map(toVendorDto);
}

export function toVendorDto(row: VendorRow): VendorDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    theme: row.theme,
    createdAt: row.createdAt.toISOString(),
  };
}
