import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/**
 * Catalog events. Each change emits exactly the events that describe it: becoming `active` is
 * product.published.v1, becoming `archived` is product.archived.v1, and every other change
 * (content, variants, the featured flag, going back to draft) is product.updated.v1 naming the
 * changed fields. A PATCH that renames and publishes emits updated (title) and published.
 * `by` says who: `user:<id>`, `api-key:<id>` or `system:<name>` (seed, import).
 */

const uuid = z.string().uuid();
const status = z.enum(['draft', 'active', 'archived']);

/** A variant as consumers (pricing, stock, search) need it. */
export const variantRefSchema = z.object({
  id: uuid,
  sku: z.string(),
  priceMinor: z.number().int(),
  compareAtMinor: z.number().int().nullable(),
  currency: z.string().length(3),
});

const base = { productId: uuid, slug: z.string(), version: z.number().int(), by: z.string() };

/** A product was created (as a draft, or already active: then product.published.v1 follows). */
export const productCreatedV1 = defineEvent(
  'product.created.v1',
  'product',
  z.object({ ...base, status, variants: z.array(variantRefSchema) }),
);

/** A product's content changed; `changed` names the fields (`variants` when the variant set did). */
export const productUpdatedV1 = defineEvent(
  'product.updated.v1',
  'product',
  z.object({ ...base, status, changed: z.array(z.string()).min(1), variants: z.array(variantRefSchema) }),
);

/** A product became active: it is on the shop from now on. */
export const productPublishedV1 = defineEvent(
  'product.published.v1',
  'product',
  z.object({ ...base, status: z.literal('active') }),
);

/** A product was archived: it left the shop. */
export const productArchivedV1 = defineEvent(
  'product.archived.v1',
  'product',
  z.object({ ...base, status: z.literal('archived') }),
);

/**
 * A category moved under another parent (or to the top): its products now sit under other
 * ancestors, which category-scoped pricing rules (and anything else keyed by ancestry) must see.
 */
export const categoryMovedV1 = defineEvent(
  'category.moved.v1',
  'category',
  z.object({ categoryId: uuid, parentId: uuid.nullable() }),
);

/** Who made a catalog change, as events record it. */
export type CatalogActor =
  | { kind: 'user'; userId: string }
  | { kind: 'api-key'; keyId: string }
  | { kind: 'system'; name: string };

/** The actor as the events' `by` string. */
export function actorLabel(actor: CatalogActor): string {
  if (actor.kind === 'user') return `user:${actor.userId}`;
  if (actor.kind === 'api-key') return `api-key:${actor.keyId}`;
  return `system:${actor.name}`;
}
