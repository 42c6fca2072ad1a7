import type { Database } from '../../platform/db';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { prepareOwnerInvitation } from '../access/owner-invitation';
import { vendorCreatedV1 } from './events';
import { cachedVendorForHost, forgetHosts, type HostCacheEnv } from './host-cache';
import { findActiveVendors, findVendorByDomain, findVendorBySlug, insertVendor, type VendorRow } from './repo';
import type { CreateVendorInput, VendorDto } from './schemas';

/** Who a request is for, decided by its host alone. */
export type Tenant = { kind: 'vendor'; vendor: VendorRow } | { kind: 'admin' } | { kind: 'apex' };

/** What tenancy needs from the Worker's bindings: the root domain and Redis (the host cache). */
export interface TenancyEnv extends HostCacheEnv {
  ROOT_DOMAIN: string;
}

/** The host without port and trailing dot, lower-cased. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/**
 * The tenant a host belongs to: `admin.<root>`, the apex, `<slug>.<root>`, or a vendor's verified
 * custom domain. Unknown hosts and deleted vendors are `VENDOR_NOT_FOUND`. Vendor hosts are
 * cached (host-cache.ts): every change to a vendor or its domains forgets its hosts.
 */
export async function resolveHost(db: Database, env: TenancyEnv, rawHost: string): Promise<Tenant> {
  const host = normalizeHost(rawHost);
  const root = normalizeHost(env.ROOT_DOMAIN);
  if (host === root) return { kind: 'apex' };
  if (host === `admin.${root}`) return { kind: 'admin' };
  const sub = host.endsWith(`.${root}`) ? host.slice(0, -(root.length + 1)) : undefined;
  if (sub?.includes('.') || host === '') throw notFound(host);
  const vendor = await cachedVendorForHost(env, host, () =>
    sub === undefined ? vendorByDomain(db, host) : vendorBySlug(db, sub),
  );
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

/** Every host a vendor answers on (or might, once verified): its subdomain and its custom domains. */
export function vendorHosts(env: TenancyEnv, slug: string, domains: string[]): string[] {
  return [`${slug}.${normalizeHost(env.ROOT_DOMAIN)}`, ...domains];
}

/** Forgets the vendor's hosts in the host cache, after a change to it committed. */
export function forgetVendorHosts(env: TenancyEnv, slug: string, domains: string[]): Promise<void> {
  return forgetHosts(env, vendorHosts(env, slug, domains));
}

export interface CreatedVendor extends VendorDto {
  /** The owner invitation made with the vendor; the token is for the link and shown only once. */
  ownerInvite?: { email: string; token: string; expiresAt: Date };
}

/**
 * Creates a vendor and its `vendor.created.v1` event in one transaction, with an owner invitation
 * (and its `team.member-invited.v1`) when `ownerEmail` is given. With `env`, the new shop's host
 * is forgotten in the host cache, in case it was asked for (and cached as unknown) before.
 */
export async function createVendor(
  db: Database,
  input: CreateVendorInput,
  options: { env?: TenancyEnv; actorId?: string } = {},
): Promise<CreatedVendor> {
  const id = crypto.randomUUID();
  const event = outboxRow(vendorCreatedV1, {
    vendorId: id,
    aggregateId: id,
    payload: { vendorId: id, slug: input.slug, name: input.name },
  });
  if (input.ownerEmail && !options.actorId) throw new Error('an owner invitation needs the inviting admin (actorId)');
  const invite =
    input.ownerEmail && options.actorId ? await prepareOwnerInvitation(id, input.ownerEmail, options.actorId) : undefined;
  let vendor: VendorRow | undefined;
  try {
    [[vendor]] = await db
      .platform()
      .write(
        (q) =>
          [
            insertVendor(q, { id, slug: input.slug, name: input.name, ...(input.theme ? { theme: input.theme } : {}) }),
            q.insert(outbox).values(invite ? [event, invite.event] : [event]),
            ...(invite ? [invite.insert(q)] : []),
          ] as const,
      );
  } catch (error) {
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
      throw new ApiError('CONFLICT', `The slug ${input.slug} is taken`, { details: { field: 'slug' } });
    }
    throw error;
  }
  if (!vendor) throw new Error('insert returned no vendor');
  if (options.env) await forgetVendorHosts(options.env, vendor.slug, []);
  const dto = toVendorDto(vendor);
  return invite ? { ...dto, ownerInvite: { email: invite.email, token: invite.token, expiresAt: invite.expiresAt } } : dto;
}

/** Active shops for the platform's directory. */
export async function listActiveVendors(db: Database, limit = 100): Promise<VendorDto[]> {
  const [rows] = await db.platform().read((q) => [findActiveVendors(q, limit)] as const);
  return rows.map(toVendorDto);
}

/** The API's view of a vendor row. */
export function toVendorDto(row: VendorRow): VendorDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    theme: row.theme,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
