/**
 * Publish: staged groups become catalog products (one per group, a variant per item), their stock
 * goes into the vendor's default location, and the staged items are marked published, in one
 * transaction per batch of groups together with the products' and the stock's events.
 */

import type { BatchItem } from 'drizzle-orm/batch';
import type { Database, HttpDb } from '../../platform/db';
import { pgErrorCode } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import {
  actorLabel,
  archiveProductsStatement,
  type CatalogActor,
  type CategorySeed,
  catalogWriteError,
  ensureCategories,
  findCatalogKeys,
  findProductsByIds,
} from '../catalog';
import { createLocation, listLocations, setStockStatements } from '../inventory';
import { categoryPath, MAX_VARIANTS } from './publish-mapping';
import { asItem, failure, type Group, type GroupPlan, type Keys, planCreate, planUpdate, release } from './publish-plan';
import { countGroups, findGroupItems, findGroupKeys, findMissingGroupProducts, markPublished } from './staging-repo';

/** Groups written per transaction. */
export const GROUPS_PER_TRANSACTION = 25;
/** Groups one request publishes at most; the answer says how many are left. */
export const MAX_GROUPS_PER_REQUEST = 500;
/** A request stops starting new batches after this long (the rest is left for the next call). */
const TIME_BUDGET_MS = 20_000;
const STOCK_LINES_PER_STATEMENT = 500;

export interface PublishRequest {
  groupIds?: string[] | undefined;
  all?: boolean | undefined;
  source?: string | undefined;
  /** Also archive the products of selected groups whose every item left the feed. */
  archiveMissing?: boolean | undefined;
}

export interface PublishFailure {
  source: string;
  groupId: string;
  code: string;
  message: string;
}

export interface PublishResult {
  /** Groups looked at in this call. */
  groups: number;
  created: number;
  updated: number;
  /** Groups whose product already had this content (only the staged items were marked). */
  unchanged: number;
  variants: number;
  /** Products archived because their group left the feed (`archiveMissing`). */
  archived: number;
  failed: PublishFailure[];
  /** Groups of the selection still waiting to be published (including the failed ones). */
  remaining: number;
}

const groupKey = (source: string, groupId: string) => `${source}\u0000${groupId}`;

/** The vendor's default stock location, made (`main`) when the vendor has none yet. */
async function defaultLocationId(db: Database, vendorId: string): Promise<string> {
  const existing = (await listLocations(db, vendorId)).find((location) => location.isDefault);
  if (existing) return existing.id;
  try {
    return (await createLocation(db, vendorId, { code: 'main', name: 'Main warehouse', isDefault: true })).id;
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'CONFLICT')) throw error;
    const made = (await listLocations(db, vendorId)).find((location) => location.isDefault);
    if (!made) throw error;
    return made.id;
  }
}

/** What a batch's groups added up to: a job's progress commits with the groups it counts. */
export interface BatchTally {
  groups: number;
  created: number;
  updated: number;
  unchanged: number;
  variants: number;
}

/** Extra statements that commit with every write of a batch's groups (a publish job's counters). */
export type ProgressStatements = (q: HttpDb, tally: BatchTally) => BatchItem<'pg'>[];

function tallyOf(plans: readonly GroupPlan[]): BatchTally {
  const tally: BatchTally = { groups: plans.length, created: 0, updated: 0, unchanged: 0, variants: 0 };
  for (const plan of plans) {
    tally[plan.kind] += 1;
    tally.variants += plan.variants;
  }
  return tally;
}

/** Writes planned groups in one transaction: products, stock (with ledger and events), staged marks, progress. */
async function writePlans(
  db: Database,
  vendorId: string,
  plans: GroupPlan[],
  now: Date,
  progress: ProgressStatements | undefined,
): Promise<void> {
  const stock = plans.flatMap((plan) => plan.stock);
  const marks = plans.flatMap((plan) => plan.marks);
  await db.vendor(vendorId).write((q) => {
    const statements = [
      ...plans.flatMap((plan) => plan.statements(q)),
      ...chunk(stock, STOCK_LINES_PER_STATEMENT).flatMap((lines) =>
        setStockStatements(q, vendorId, lines, { reason: 'received', note: 'marketplace import' }),
      ),
      ...(progress ? progress(q, tallyOf(plans)) : []),
    ];
    return [markPublished(q, vendorId, marks, now), ...statements] as const;
  });
}

function chunk<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

/**
 * Why a group's write failed, for the answer; errors nobody expects are rethrown. A group that
 * changed while it was being published (40001: published by a concurrent call, re-imported, or
 * its product edited) is no failure: if it still waits, `remaining` counts it for the next call.
 */
async function writeFailure(
  db: Database,
  vendorId: string,
  group: Group,
  plan: GroupPlan,
  error: unknown,
): Promise<PublishFailure | undefined> {
  if (pgErrorCode(error) === '40001') return undefined;
  const mapped = await catalogWriteError(db, vendorId, error, plan.claimed.skus);
  if (mapped instanceof ApiError) return failure(group, mapped.code, mapped.message);
  throw error;
}

/** What planning and writing batches of one publish share: the time, who, where stock goes, the catalog's keys. */
export interface PublishSession {
  now: Date;
  actor: CatalogActor;
  locationId: string;
  keys: Keys;
}

/** Reads what every batch of a publish needs (and makes the default stock location if the vendor has none). */
export async function openPublish(db: Database, vendorId: string, actor: CatalogActor): Promise<PublishSession> {
  const [locationId, catalogKeys] = await Promise.all([defaultLocationId(db, vendorId), findCatalogKeys(db, vendorId)]);
  return { now: new Date(), actor, locationId, keys: { slugs: catalogKeys.slugs, skus: catalogKeys.variantIds } };
}

/** The groups a publish selects: pending ones, of a source and/or the listed group ids. */
export function publishFilter(request: PublishRequest) {
  return { status: 'pending' as const, source: request.source, groupIds: request.all ? undefined : request.groupIds };
}

/** How many groups of the selection wait to be published. */
export async function countSelected(db: Database, vendorId: string, request: PublishRequest): Promise<number> {
  const [[row]] = await db.vendor(vendorId).read((q) => [countGroups(q, vendorId, publishFilter(request))] as const);
  return row?.groups ?? 0;
}

/** The next `limit` selected groups after a keyset position. */
export async function nextGroups(
  db: Database,
  vendorId: string,
  request: PublishRequest,
  after: { source: string; groupId: string } | undefined,
  limit: number,
): Promise<{ source: string; groupId: string }[]> {
  const [keys] = await db
    .vendor(vendorId)
    .read((q) => [findGroupKeys(q, vendorId, { ...publishFilter(request), after }, limit)] as const);
  return keys;
}

/**
 * Plans and writes one batch of groups: in one transaction when it can, else group by group so
 * one bad group doesn't hold up the rest. `progress` statements commit with every write and
 * count the groups that write published. Answers what was written and what failed; a group
 * published meanwhile by someone else is in neither.
 */
export async function publishGroups(
  db: Database,
  vendorId: string,
  session: PublishSession,
  groupKeys: readonly { source: string; groupId: string }[],
  progress?: ProgressStatements,
): Promise<{ written: BatchTally; failed: PublishFailure[] }> {
  const { now, actor, keys, locationId } = session;
  const failed: PublishFailure[] = [];
  const [rows] = await db.vendor(vendorId).read((q) => [findGroupItems(q, vendorId, groupKeys)] as const);
  const groups = new Map<string, Group>(groupKeys.map((k) => [groupKey(k.source, k.groupId), { ...k, rows: [] }]));
  for (const row of rows) groups.get(groupKey(row.source, row.groupId))?.rows.push(row);

  const productIds = [...new Set(rows.map((row) => row.productId).filter((id): id is string => id !== null))];
  const seeds = new Map<string, CategorySeed>();
  for (const group of groups.values())
    for (const seed of categoryPath(asItem(group.rows[0]?.data).category ?? null)) seeds.set(seed.slug, seed);
  const [products, categories] = await Promise.all([
    findProductsByIds(db, vendorId, productIds),
    seeds.size > 0 ? ensureCategories(db, vendorId, [...seeds.values()]) : Promise.resolve(new Map<string, string>()),
  ]);

  const planned: { group: Group; plan: GroupPlan }[] = [];
  for (const group of groups.values()) {
    const live = group.rows.filter((row) => row.diffStatus !== 'missing');
    // Published by someone else between reading the keys and the items: nothing waits any more.
    if (!live.some((row) => row.publishedHash !== row.contentHash)) continue;
    if (live.length > MAX_VARIANTS) {
      failed.push(failure(group, 'VALIDATION_FAILED', `A product has at most ${MAX_VARIANTS} variants (${live.length} items)`));
      continue;
    }
    const productId = live.find((row) => row.productId)?.productId;
    const current = productId ? products.get(productId) : undefined;
    const plan = current
      ? planUpdate(vendorId, group, live, current, categories, keys, locationId, actor, now)
      : planCreate(vendorId, group, live, categories, keys, locationId, actor, now);
    if ('kind' in plan) planned.push({ group, plan });
    else failed.push(plan);
  }

  const written = await writeOrIsolate(db, vendorId, planned, { keys, now, failed, progress });
  return { written: tallyOf(written), failed };
}

/**
 * Publishes the selected groups (`groupIds`, optionally of one `source`), or with `all` every
 * group with items waiting (new or changed since the last publish), in transactions of
 * GROUPS_PER_TRANSACTION groups, up to MAX_GROUPS_PER_REQUEST per call. A group that can't be
 * published (a SKU another product uses, too many variants…) is reported and the others go on;
 * publishing what is already published changes nothing. Large selections go to a publish job.
 */
export async function publishStaged(
  db: Database,
  vendorId: string,
  request: PublishRequest,
  actor: CatalogActor,
): Promise<PublishResult> {
  const started = Date.now();
  const result: PublishResult = {
    groups: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    variants: 0,
    archived: 0,
    failed: [],
    remaining: 0,
  };
  const session = await openPublish(db, vendorId, actor);
  let after: { source: string; groupId: string } | undefined;

  while (result.groups < MAX_GROUPS_PER_REQUEST && Date.now() - started < TIME_BUDGET_MS) {
    const size = Math.min(GROUPS_PER_TRANSACTION, MAX_GROUPS_PER_REQUEST - result.groups);
    const groupKeys = await nextGroups(db, vendorId, request, after, size);
    if (groupKeys.length === 0) break;
    after = groupKeys.at(-1);
    result.groups += groupKeys.length;
    const { written, failed } = await publishGroups(db, vendorId, session, groupKeys);
    result.created += written.created;
    result.updated += written.updated;
    result.unchanged += written.unchanged;
    result.variants += written.variants;
    result.failed.push(...failed);
  }

  if (request.archiveMissing) result.archived = await archiveMissing(db, vendorId, request, actor);
  result.remaining = await countSelected(db, vendorId, request);
  return result;
}

/** Archives the products of groups whose every item left the feed (up to MAX_GROUPS_PER_REQUEST); answers how many changed. */
export async function archiveMissing(
  db: Database,
  vendorId: string,
  request: PublishRequest,
  actor: CatalogActor,
): Promise<number> {
  const { source, groupIds } = publishFilter(request);
  const [rows] = await db
    .vendor(vendorId)
    .read((q) => [findMissingGroupProducts(q, vendorId, { source, groupIds }, MAX_GROUPS_PER_REQUEST)] as const);
  const ids = rows.map((row) => row.productId);
  if (ids.length === 0) return 0;
  const [archived] = await db
    .vendor(vendorId)
    .write((q) => [archiveProductsStatement(q, vendorId, ids, actorLabel(actor))] as const);
  return archived.rows.length;
}

interface WriteContext {
  keys: Keys;
  now: Date;
  failed: PublishFailure[];
  progress: ProgressStatements | undefined;
}

/** Writes the batch; when it fails, writes each group alone so one bad group doesn't hold up the rest. */
async function writeOrIsolate(
  db: Database,
  vendorId: string,
  planned: { group: Group; plan: GroupPlan }[],
  ctx: WriteContext,
): Promise<GroupPlan[]> {
  if (planned.length === 0) return [];
  try {
    await writePlans(
      db,
      vendorId,
      planned.map((p) => p.plan),
      ctx.now,
      ctx.progress,
    );
    return planned.map((p) => p.plan);
  } catch (error) {
    if (planned.length === 1) {
      const [{ group, plan }] = planned as [{ group: Group; plan: GroupPlan }];
      release(ctx.keys, plan);
      const reason = await writeFailure(db, vendorId, group, plan, error);
      if (reason) ctx.failed.push(reason);
      return [];
    }
  }
  const written: GroupPlan[] = [];
  for (const one of planned) written.push(...(await writeOrIsolate(db, vendorId, [one], ctx)));
  return written;
}
