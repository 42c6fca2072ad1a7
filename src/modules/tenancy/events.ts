import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

const uuid = z.string().uuid();
/** The platform admin who made the change. */
const by = uuid;
const theme = z.object({ primary: z.string(), accent: z.string(), logoUrl: z.string().nullable() });
const domain = z.object({ vendorId: uuid, domainId: uuid, domain: z.string(), by });

/** A platform admin created a vendor; its shop exists from now on. */
export const vendorCreatedV1 = defineEvent(
  'vendor.created.v1',
  'vendor',
  z.object({ vendorId: uuid, slug: z.string(), name: z.string() }),
);

/** A platform admin changed the vendor's name or theme (only the changed fields are present). */
export const vendorUpdatedV1 = defineEvent(
  'vendor.updated.v1',
  'vendor',
  z.object({ vendorId: uuid, name: z.string().optional(), theme: theme.optional(), by }),
);

/** A platform admin checked the vendor's identity. */
export const vendorVerifiedV1 = defineEvent('vendor.verified.v1', 'vendor', z.object({ vendorId: uuid, by }));

/** The vendor's shop and team API are closed until it is reactivated. */
export const vendorSuspendedV1 = defineEvent(
  'vendor.suspended.v1',
  'vendor',
  z.object({ vendorId: uuid, reason: z.string().nullable(), by }),
);

/** A suspended vendor's shop is open again. */
export const vendorReactivatedV1 = defineEvent('vendor.reactivated.v1', 'vendor', z.object({ vendorId: uuid, by }));

/** The vendor was (soft) deleted: its hosts answer 404 from now on; its data stays. */
export const vendorDeletedV1 = defineEvent('vendor.deleted.v1', 'vendor', z.object({ vendorId: uuid, slug: z.string(), by }));

/** A custom domain was added to the vendor, not verified yet (it serves nothing until then). */
export const vendorDomainAddedV1 = defineEvent('vendor.domain-added.v1', 'vendor', domain);

/** A custom domain was verified: the vendor's shop answers on it. */
export const vendorDomainVerifiedV1 = defineEvent('vendor.domain-verified.v1', 'vendor', domain);

/** A custom domain was removed: it no longer serves the shop. */
export const vendorDomainRemovedV1 = defineEvent('vendor.domain-removed.v1', 'vendor', domain);
