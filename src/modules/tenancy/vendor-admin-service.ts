import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { countMembersOf } from '../access/admin-user-repo';
import { vendorDeletedV1, vendorReactivatedV1, vendorSuspendedV1, vendorUpdatedV1, vendorVerifiedV1 } from './events';
import {
  countVendorsByState,
  type DomainRow,
  findDomainsOfVendor,
  findVendorById,
  findVendorPage,
  updateVendorRow,
  type VendorRow,
} from './repo';
import type { DomainDto, ListVendorsQuery, UpdateVendorInput, VendorDetailDto, VendorDto, VendorStats } from './schemas';
import { toVendorDto } from './service';
import { type AdminContext, assertLive, changeVendor } from './vendor-changes';

function encodeCursor(row: VendorRow): string {
  return btoa(JSON.stringify([row.name, row.id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(atob(cursor.replaceAll('-', '+').replaceAll('_', '/'))) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch {
    // fall through: not one of ours
  }
  throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** Vendors by name (then id), searched by name or slug and filtered by state; `nextCursor` continues. */
export async function listVendors(
  db: Database,
  query: ListVendorsQuery,
): Promise<{ data: VendorDto[]; nextCursor: string | null }> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const [rows] = await db.platform().read(
    (q) =>
      [
        findVendorPage(q, {
          q: query.q || undefined,
          status: query.status,
          ...(after ? { after } : {}),
          limit: query.limit + 1,
        }),
      ] as const,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { data: page.map(toVendorDto), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** The API's view of a custom domain row. */
export function toDomainDto(row: DomainRow): DomainDto {
  return {
    id: row.id,
    domain: row.domain,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** One vendor, deleted or not, with its custom domains and the size of its team. */
export async function getVendor(db: Database, id: string): Promise<VendorDetailDto> {
  const [[vendor], domains, [members]] = await db
    .platform()
    .read((q) => [findVendorById(q, id), findDomainsOfVendor(q, id), countMembersOf(q, id)] as const);
  if (!vendor) throw new ApiError('NOT_FOUND', `No vendor has the id ${id}`);
  return {
    ...toVendorDto(vendor),
    verified: vendor.verifiedAt !== null,
    memberCount: members?.count ?? 0,
    domains: domains.map(toDomainDto),
  };
}

/** How many vendors are active, suspended, unverified and deleted. */
export async function vendorStats(db: Database): Promise<VendorStats> {
  const [[stats]] = await db.platform().read((q) => [countVendorsByState(q)] as const);
  return stats ?? { total: 0, active: 0, suspended: 0, unverified: 0, deleted: 0 };
}

/** Renames or re-themes a live vendor (the slug never changes), with `vendor.updated.v1`. */
export function updateVendor(ctx: AdminContext, id: string, input: UpdateVendorInput): Promise<VendorDto> {
  return changeVendor(ctx, id, async (tx, vendor) => {
    assertLive(vendor);
    const changes = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.theme ? { theme: input.theme } : {}) };
    const [row] = await updateVendorRow(tx, id, changes);
    await tx
      .insert(outbox)
      .values(
        outboxRow(vendorUpdatedV1, { vendorId: id, aggregateId: id, payload: { vendorId: id, ...changes, by: ctx.actorId } }),
      );
    return toVendorDto(row ?? vendor);
  });
}

/** Marks a live vendor verified, with `vendor.verified.v1`; verifying again changes nothing. */
export function verifyVendor(ctx: AdminContext, id: string): Promise<VendorDto> {
  return changeVendor(ctx, id, async (tx, vendor) => {
    assertLive(vendor);
    if (vendor.verifiedAt) return toVendorDto(vendor);
    const [row] = await updateVendorRow(tx, id, { verifiedAt: new Date() });
    await tx
      .insert(outbox)
      .values(outboxRow(vendorVerifiedV1, { vendorId: id, aggregateId: id, payload: { vendorId: id, by: ctx.actorId } }));
    return toVendorDto(row ?? vendor);
  });
}

/**
 * Suspends a live vendor: its shop shows "unavailable" and its API answers VENDOR_SUSPENDED at once
 * (the host cache is forgotten). With `vendor.suspended.v1`; suspending again changes nothing.
 */
export function suspendVendor(ctx: AdminContext, id: string, reason: string | undefined): Promise<VendorDto> {
  return changeVendor(ctx, id, async (tx, vendor) => {
    assertLive(vendor);
    if (vendor.status === 'suspended') return toVendorDto(vendor);
    const [row] = await updateVendorRow(tx, id, { status: 'suspended' });
    await tx.insert(outbox).values(
      outboxRow(vendorSuspendedV1, {
        vendorId: id,
        aggregateId: id,
        payload: { vendorId: id, reason: reason || null, by: ctx.actorId },
      }),
    );
    return toVendorDto(row ?? vendor);
  });
}

/** Reopens a suspended vendor, with `vendor.reactivated.v1`; a deleted vendor is CONFLICT. */
export function reactivateVendor(ctx: AdminContext, id: string): Promise<VendorDto> {
  return changeVendor(ctx, id, async (tx, vendor) => {
    assertLive(vendor);
    if (vendor.status === 'active') return toVendorDto(vendor);
    const [row] = await updateVendorRow(tx, id, { status: 'active' });
    await tx
      .insert(outbox)
      .values(outboxRow(vendorReactivatedV1, { vendorId: id, aggregateId: id, payload: { vendorId: id, by: ctx.actorId } }));
    return toVendorDto(row ?? vendor);
  });
}

/**
 * Soft-deletes a vendor (`deleted_at`): its hosts answer 404 from now on, its rows stay for the
 * record and its slug stays taken. With `vendor.deleted.v1`; deleting twice is CONFLICT.
 */
export function deleteVendor(ctx: AdminContext, id: string): Promise<void> {
  return changeVendor(ctx, id, async (tx, vendor) => {
    assertLive(vendor);
    await updateVendorRow(tx, id, { deletedAt: new Date() });
    await tx.insert(outbox).values(
      outboxRow(vendorDeletedV1, {
        vendorId: id,
        aggregateId: id,
        payload: { vendorId: id, slug: vendor.slug, by: ctx.actorId },
      }),
    );
  });
}
