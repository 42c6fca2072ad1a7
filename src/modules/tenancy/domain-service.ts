import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { vendorDomainAddedV1, vendorDomainRemovedV1, vendorDomainVerifiedV1 } from './events';
import { deleteDomain, findDomain, insertDomain, markDomainVerified } from './repo';
import type { DomainDto } from './schemas';
import { normalizeHost } from './service';
import { toDomainDto } from './vendor-admin-service';
import { type AdminContext, assertLive, changeVendor } from './vendor-changes';

/**
 * Adds a custom domain to a live vendor, unverified (it serves nothing until verified), with
 * `vendor.domain-added.v1`. A domain under the platform's root can never be custom: those hosts
 * are subdomains. A domain any vendor already has is CONFLICT.
 */
export function addDomain(ctx: AdminContext, vendorId: string, domain: string): Promise<DomainDto> {
  const root = normalizeHost(ctx.env.ROOT_DOMAIN);
  if (domain === root || domain.endsWith(`.${root}`)) {
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'domain', message: `hosts under ${root} are the platform's own; use the vendor's subdomain` }],
    });
  }
  return changeVendor(ctx, vendorId, async (tx, vendor) => {
    assertLive(vendor);
    const [row] = await insertDomain(tx, { vendorId, domain });
    if (!row) throw new ApiError('CONFLICT', `The domain ${domain} is already in use`, { details: { field: 'domain' } });
    await tx.insert(outbox).values(
      outboxRow(vendorDomainAddedV1, {
        vendorId,
        aggregateId: vendorId,
        payload: { vendorId, domainId: row.id, domain, by: ctx.actorId },
      }),
    );
    return toDomainDto(row);
  });
}

/**
 * Marks a custom domain verified (the admin checked its DNS points at the platform): the shop
 * answers on it from now on. With `vendor.domain-verified.v1`; verifying again changes nothing.
 */
export function verifyDomain(ctx: AdminContext, vendorId: string, domainId: string): Promise<DomainDto> {
  return changeVendor(ctx, vendorId, async (tx, vendor) => {
    assertLive(vendor);
    const [domain] = await findDomain(tx, vendorId, domainId);
    if (!domain) throw new ApiError('NOT_FOUND', `The vendor has no domain with the id ${domainId}`);
    if (domain.verifiedAt) return toDomainDto(domain);
    const [row] = await markDomainVerified(tx, domainId);
    await tx.insert(outbox).values(
      outboxRow(vendorDomainVerifiedV1, {
        vendorId,
        aggregateId: vendorId,
        payload: { vendorId, domainId, domain: domain.domain, by: ctx.actorId },
      }),
    );
    return toDomainDto(row ?? domain);
  });
}

/**
 * Removes a custom domain (also from a deleted vendor, to free it): it stops serving the shop at
 * once. With `vendor.domain-removed.v1`.
 */
export function removeDomain(ctx: AdminContext, vendorId: string, domainId: string): Promise<void> {
  return changeVendor(ctx, vendorId, async (tx) => {
    const [removed] = await deleteDomain(tx, vendorId, domainId);
    if (!removed) throw new ApiError('NOT_FOUND', `The vendor has no domain with the id ${domainId}`);
    await tx.insert(outbox).values(
      outboxRow(vendorDomainRemovedV1, {
        vendorId,
        aggregateId: vendorId,
        payload: { vendorId, domainId, domain: removed.domain, by: ctx.actorId },
      }),
    );
  });
}
