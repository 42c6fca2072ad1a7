import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { vendorRowFilter } from './rls';
import { vendors } from './tenancy';

const policy = (name: string) => pgPolicy(name, { for: 'all', using: vendorRowFilter(), withCheck: vendorRowFilter() });

export type ImportJobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type StagedDiffStatus = 'new' | 'changed' | 'unchanged' | 'missing';

/**
 * One marketplace feed import: the raw file in R2 (`fileKey`), what the worker detected
 * (`format`, `dialect`), where it got to (`checkpointOffset`, the byte offset of the next record
 * to read) and its counters. A dry run goes through the same steps without writing staging.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    /** The products' `source` once published: `letzshop`, `google`, `shopify`, or a vendor's own label. */
    source: text('source').notNull(),
    /** Detected from the header: `google` (Letzshop / Google Shopping) or `shopify`. */
    format: text('format'),
    dialect: jsonb('dialect').$type<Record<string, unknown>>(),
    fileName: text('file_name').notNull().default(''),
    fileKey: text('file_key').notNull(),
    /** Set when the import started from a feed URL the worker fetches. */
    fileUrl: text('file_url'),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    status: text('status').$type<ImportJobStatus>().notNull().default('queued'),
    dryRun: boolean('dry_run').notNull().default(false),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    checkpointOffset: bigint('checkpoint_offset', { mode: 'number' }).notNull().default(0),
    /** How many continuation steps have run; each step's message is deduplicated by it. */
    step: integer('step').notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsValid: integer('rows_valid').notNull().default(0),
    rowsFailed: integer('rows_failed').notNull().default(0),
    newCount: integer('new_count').notNull().default(0),
    changedCount: integer('changed_count').notNull().default(0),
    unchangedCount: integer('unchanged_count').notNull().default(0),
    missingCount: integer('missing_count').notNull().default(0),
    publishedCount: integer('published_count').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    /** The team member (user id) or API key id that started it, and a label to show. */
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the whole file has been read into `import_job_rows`: the next step applies the diff. */
    parsedAt: timestamp('parsed_at', { withTimezone: true }),
    /** Local platform only (tests): smaller batches, steps and size limit, and injected crashes. */
    tuning: jsonb('tuning').$type<Record<string, number>>(),
  },
  (t) => [
    uniqueIndex('import_jobs_vendor_id_key').on(t.vendorId, t.id),
    index('import_jobs_vendor_created_idx').on(t.vendorId, t.createdAt, t.id),
    index('import_jobs_created_idx').on(t.createdAt, t.id),
    check('import_jobs_status_check', sql`${t.status} in ('queued', 'running', 'completed', 'failed', 'cancelled')`),
    policy('import_jobs_scope'),
  ],
);

/** A row of a feed that could not be used, and why: the job's error table and error report. */
export const importRowErrors = pgTable(
  'import_row_errors',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    vendorId: uuid('vendor_id').notNull(),
    jobId: uuid('job_id').notNull(),
    line: integer('line').notNull(),
    externalId: text('external_id'),
    column: text('column_name'),
    code: text('code').notNull(),
    message: text('message').notNull(),
    /** The offending value, cut to a readable length. */
    value: text('value'),
  },
  (t) => [
    index('import_row_errors_vendor_job_idx').on(t.vendorId, t.jobId, t.line, t.id),
    foreignKey({
      columns: [t.vendorId, t.jobId],
      foreignColumns: [importJobs.vendorId, importJobs.id],
      name: 'import_row_errors_job_fk',
    }).onDelete('cascade'),
    policy('import_row_errors_scope'),
  ],
);

/**
 * The staging area: the latest version of each feed item, keyed by vendor, source and the item's
 * external id, with how it differs from the version before (`diffStatus`, `changedFields`) and
 * what it became in the catalog once published.
 */
export const stagedProducts = pgTable(
  'staged_products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** Items of one product: `item_group_id` (Google/Letzshop) or the handle (Shopify). */
    groupId: text('group_id').notNull(),
    line: integer('line').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    diffStatus: text('diff_status').$type<StagedDiffStatus>().notNull(),
    changedFields: text('changed_fields').array().notNull().default(sql`'{}'::text[]`),
    /** The job that last saw this item (or marked it missing). */
    lastJobId: uuid('last_job_id').notNull(),
    /** The item's `data` before the job that last changed it (set by the pipeline on `changed`): the diff's old side. */
    previousData: jsonb('previous_data').$type<Record<string, unknown>>(),
    /** `data` as last published into the catalog: the diff's old side when there is no previous version. */
    publishedData: jsonb('published_data').$type<Record<string, unknown>>(),
    productId: uuid('product_id'),
    variantId: uuid('variant_id'),
    /** `contentHash` as last published: equal means the catalog already has this version. */
    publishedHash: text('published_hash'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('staged_products_vendor_id_key').on(t.vendorId, t.id),
    uniqueIndex('staged_products_vendor_source_external_key').on(t.vendorId, t.source, t.externalId),
    index('staged_products_vendor_status_idx').on(t.vendorId, t.source, t.diffStatus, t.groupId),
    index('staged_products_vendor_group_idx').on(t.vendorId, t.source, t.groupId),
    check('staged_products_diff_status_check', sql`${t.diffStatus} in ('new', 'changed', 'unchanged', 'missing')`),
    policy('staged_products_scope'),
  ],
);

/**
 * The valid items one job has read so far, before they reach staging: the apply step merges them
 * into `staged_products` in one transaction (so staging is never half-written), and a dry run keeps
 * them with the diff they would have made. The key finds a repeated external id (`DUPLICATE_ID`).
 */
export const importJobRows = pgTable(
  'import_job_rows',
  {
    vendorId: uuid('vendor_id').notNull(),
    jobId: uuid('job_id').notNull(),
    externalId: text('external_id').notNull(),
    groupId: text('group_id').notNull(),
    line: integer('line').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    /** md5 of the item without its line number: equal hashes mean an unchanged item. */
    contentHash: text('content_hash').notNull(),
    /** What applying the job does (or would do, for a dry run) to this item; set by the apply step. */
    diffStatus: text('diff_status').$type<StagedDiffStatus>(),
    changedFields: text('changed_fields').array(),
  },
  (t) => [
    primaryKey({ columns: [t.vendorId, t.jobId, t.externalId], name: 'import_job_rows_pkey' }),
    foreignKey({
      columns: [t.vendorId, t.jobId],
      foreignColumns: [importJobs.vendorId, importJobs.id],
      name: 'import_job_rows_job_fk',
    }).onDelete('cascade'),
    policy('import_job_rows_scope'),
  ],
);

export type PublishJobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A group a publish job could not publish, and why (the job keeps the first few). */
export interface PublishJobFailure {
  source: string;
  groupId: string;
  code: string;
  message: string;
}

/**
 * Publishing staged groups in the background: "all new and changed" (optionally of one source)
 * or a large selection of group ids, run by the import Worker in steps of batches. `cursor_*` is
 * the keyset position (source, group id) of the last group handled; each batch's catalog writes
 * and the job's counters and cursor commit together.
 */
export const publishJobs = pgTable(
  'publish_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    vendorId: uuid('vendor_id')
      .notNull()
      .references(() => vendors.id, { onDelete: 'cascade' }),
    status: text('status').$type<PublishJobStatus>().notNull().default('queued'),
    /** `all` (every pending group, of `source` when set) or the listed `groupIds`. */
    selectAll: boolean('select_all').notNull(),
    source: text('source'),
    groupIds: jsonb('group_ids').$type<string[]>(),
    archiveMissing: boolean('archive_missing').notNull().default(false),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    step: integer('step').notNull().default(0),
    cursorSource: text('cursor_source'),
    cursorGroupId: text('cursor_group_id'),
    groupsTotal: integer('groups_total').notNull().default(0),
    groupsDone: integer('groups_done').notNull().default(0),
    productsCreated: integer('products_created').notNull().default(0),
    productsUpdated: integer('products_updated').notNull().default(0),
    productsUnchanged: integer('products_unchanged').notNull().default(0),
    productsArchived: integer('products_archived').notNull().default(0),
    variants: integer('variants').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    /** The first failures (capped), `{ source, groupId, code, message }`. */
    failures: jsonb('failures').$type<PublishJobFailure[]>().notNull().default([]),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdBy: uuid('created_by'),
    createdByLabel: text('created_by_label').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Local platform only (tests): groups per batch and per step, a delay between steps. */
    tuning: jsonb('tuning').$type<Record<string, number>>(),
  },
  (t) => [
    uniqueIndex('publish_jobs_vendor_id_key').on(t.vendorId, t.id),
    index('publish_jobs_vendor_created_idx').on(t.vendorId, t.createdAt, t.id),
    check('publish_jobs_status_check', sql`${t.status} in ('queued', 'running', 'completed', 'failed', 'cancelled')`),
    policy('publish_jobs_scope'),
  ],
);
