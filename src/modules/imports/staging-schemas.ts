import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const timestamp = z.string().datetime();

export const STAGING_STATUSES = ['new', 'changed', 'unchanged', 'missing', 'pending'] as const;

export const stagingQuerySchema = z.object({
  status: z
    .enum(STAGING_STATUSES)
    .optional()
    .openapi({ description: 'Groups with an item of this diff status; `pending`: items the catalog does not have yet' }),
  source: z.string().trim().min(1).max(60).optional(),
  q: z.string().trim().max(200).optional().openapi({ description: 'Part of a title, group id, external id or SKU' }),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type StagingQuery = z.output<typeof stagingQuerySchema>;

export const fieldChangeSchema = z
  .object({
    field: z.string(),
    old: z.unknown().openapi({ description: 'The value before (the previous import, or what was last published)' }),
    new: z.unknown(),
  })
  .openapi('StagedFieldChange');

export const stagedItemSchema = z
  .object({
    id: uuid,
    externalId: z.string(),
    line: z.number().int(),
    diffStatus: z.enum(['new', 'changed', 'unchanged', 'missing']),
    changedFields: z.array(z.string()),
    changes: z.array(fieldChangeSchema),
    pending: z.boolean().openapi({ description: 'The catalog does not have this version yet' }),
    title: z.string(),
    sku: z.string().nullable(),
    gtin: z.string().nullable(),
    priceMinor: z.number().int(),
    salePriceMinor: z.number().int().nullable(),
    currency: z.string(),
    availability: z.string(),
    quantity: z.number().int().nullable(),
    options: z.array(z.object({ name: z.string(), value: z.string() })),
    variantId: uuid.nullable(),
    publishedAt: timestamp.nullable(),
  })
  .openapi('StagedItem');

export const stagedGroupSchema = z
  .object({
    source: z.string(),
    groupId: z.string(),
    title: z.string(),
    brand: z.string().nullable(),
    category: z.string().nullable(),
    imageUrl: z.string().nullable(),
    diffStatus: z.enum(['new', 'changed', 'unchanged', 'missing']).openapi({
      description: 'new: nothing of it published yet; changed: an item changed or was added; missing: every item left the feed',
    }),
    pending: z.boolean(),
    variantCount: z.number().int(),
    changedFields: z.array(z.string()),
    productId: uuid.nullable(),
    items: z.array(stagedItemSchema),
  })
  .openapi('StagedGroup');

export const stagedCountsSchema = z
  .object({
    new: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    missing: z.number().int(),
    pending: z.number().int(),
  })
  .openapi('StagedCounts', { description: 'Items per diff status, and items waiting to be published' });

export const stagingPageSchema = z
  .object({ data: z.array(stagedGroupSchema), counts: stagedCountsSchema, nextCursor: z.string().nullable() })
  .openapi('StagingPage');

export const publishRequestSchema = z
  .object({
    groupIds: z
      .array(z.string().min(1).max(500))
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'Groups to publish (their items that wait)' }),
    all: z.literal(true).optional().openapi({ description: 'Every group with items waiting (new or changed)' }),
    source: z.string().trim().min(1).max(60).optional(),
    archiveMissing: z
      .boolean()
      .optional()
      .openapi({ description: 'Also archive the products of selected groups whose every item left the feed' }),
    background: z.boolean().optional().openapi({ description: 'Always run as a publish job (202), however small the selection' }),
  })
  .refine((body) => (body.groupIds ? !body.all : body.all === true), 'give either groupIds or all: true')
  .openapi('PublishStaged');

export const publishResultSchema = z
  .object({
    groups: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    variants: z.number().int(),
    archived: z.number().int().openapi({ description: 'Products archived because their group left the feed' }),
    failed: z.array(z.object({ source: z.string(), groupId: z.string(), code: z.string(), message: z.string() })),
    remaining: z.number().int().openapi({ description: 'Groups of the selection still waiting: call again to go on' }),
  })
  .openapi('PublishResult');

export const adminImportsQuerySchema = z.object({
  vendorId: uuid.optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const adminImportJobSchema = z
  .object({
    id: uuid,
    vendorId: uuid,
    vendorName: z.string(),
    vendorSlug: z.string(),
    source: z.string(),
    format: z.string().nullable(),
    fileName: z.string(),
    status: z.string(),
    dryRun: z.boolean(),
    rowsRead: z.number().int(),
    rowsValid: z.number().int(),
    rowsFailed: z.number().int(),
    newCount: z.number().int(),
    changedCount: z.number().int(),
    unchangedCount: z.number().int(),
    missingCount: z.number().int(),
    errorCode: z.string().nullable(),
    createdByLabel: z.string(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  })
  .openapi('AdminImportJob');

export const adminImportPageSchema = z
  .object({ data: z.array(adminImportJobSchema), nextCursor: z.string().nullable() })
  .openapi('AdminImportPage');
