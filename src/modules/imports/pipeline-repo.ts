import { type SQL, sql } from 'drizzle-orm';
import type { WsTx } from '../../platform/db';
import type { FeedItem, FeedRowError } from './feed';

/**
 * The pipeline's set-based statements: one statement per batch for the items, one for the row
 * errors, never one per row. Items travel as one jsonb array parameter unpacked by
 * `jsonb_to_recordset`, so a batch of thousands of rows is a handful of round trips.
 */

/**
 * A batch as one jsonb parameter. Postgres text and jsonb cannot hold NUL, which a damaged file
 * may carry in a field: it becomes U+FFFD, so one bad byte never blocks a whole batch.
 */
function jsonParam(records: unknown[]): string {
  return JSON.stringify(records, (_key, value: unknown) =>
    typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value,
  );
}

export interface LockedJob {
  step: number;
  status: string;
  checkpointOffset: number;
  cancelRequested: boolean;
  parsed: boolean;
}

/** Locks the job row for this transaction: concurrent deliveries of one step queue up here. */
export async function lockJob(tx: WsTx, vendorId: string, jobId: string): Promise<LockedJob | undefined> {
  const result = await tx.execute<{
    step: number;
    status: string;
    checkpoint_offset: string;
    cancel_requested: boolean;
    parsed: boolean;
  }>(sql`select step, status, checkpoint_offset, cancel_requested, parsed_at is not null as parsed
         from import_jobs where vendor_id = ${vendorId} and id = ${jobId} for update`);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    step: Number(row.step),
    status: row.status,
    checkpointOffset: Number(row.checkpoint_offset),
    cancelRequested: row.cancel_requested,
    parsed: row.parsed,
  };
}

/**
 * What an item does to staging, as SQL over `x` (the incoming item with its `hash`) and `s` (the
 * staged row, if any): `new` (not staged, or staged as missing), `unchanged` (same content hash),
 * or `changed` with the top-level fields that differ (the line number aside).
 */
const diffStatus = (hash: SQL) => sql`case when s.id is null or s.diff_status = 'missing' then 'new'
       when s.content_hash = ${hash} then 'unchanged' else 'changed' end`;
const changedFields = (
  hash: SQL,
) => sql`case when s.id is null or s.diff_status = 'missing' or s.content_hash = ${hash} then '{}'::text[]
       else array(select k from jsonb_object_keys((x.data - 'line') || (s.data - 'line')) as k
                  where (x.data -> k) is distinct from (s.data -> k) order by k) end`;

/**
 * Stores a batch's valid items with their diff against staging as it is now (one index lookup per
 * item); answers the lines that were stored (the others repeat an id seen before in the file).
 */
export async function insertJobRows(
  tx: WsTx,
  vendorId: string,
  jobId: string,
  source: string,
  items: FeedItem[],
): Promise<Set<number>> {
  if (items.length === 0) return new Set();
  const records = items.map((item) => ({ external_id: item.externalId, group_id: item.groupId, line: item.line, data: item }));
  const result = await tx.execute<{ line: number }>(sql`
    insert into import_job_rows (vendor_id, job_id, external_id, group_id, line, data, content_hash, diff_status, changed_fields)
    select ${vendorId}::uuid, ${jobId}::uuid, x.external_id, x.group_id, x.line, x.data, x.hash, ${diffStatus(sql.raw('x.hash'))}, ${changedFields(sql.raw('x.hash'))}
    from (
      select r.*, md5((r.data - 'line')::text) as hash
      from jsonb_to_recordset(${jsonParam(records)}::jsonb) as r(external_id text, group_id text, line int, data jsonb)
    ) x
    left join staged_products s on s.vendor_id = ${vendorId} and s.source = ${source} and s.external_id = x.external_id
    order by x.line
    on conflict (vendor_id, job_id, external_id) do nothing
    returning line`);
  return new Set(result.rows.map((row) => Number(row.line)));
}

/** Stores row errors in one statement. */
export async function insertRowErrors(tx: WsTx, vendorId: string, jobId: string, errors: FeedRowError[]): Promise<void> {
  if (errors.length === 0) return;
  const records = errors.map((e) => ({
    line: e.line,
    external_id: e.externalId,
    column_name: e.column,
    code: e.code,
    message: e.message.slice(0, 1000),
    value: e.value === null ? null : e.value.slice(0, 200),
  }));
  await tx.execute(sql`
    insert into import_row_errors (vendor_id, job_id, line, external_id, column_name, code, message, value)
    select ${vendorId}::uuid, ${jobId}::uuid, x.line, x.external_id, x.column_name, x.code, x.message, x.value
    from jsonb_to_recordset(${jsonParam(records)}::jsonb)
      as x(line int, external_id text, column_name text, code text, message text, value text)`);
}

/** Moves the checkpoint (byte offset and line) past a committed batch and adds its counts. */
export async function advanceCheckpoint(
  tx: WsTx,
  vendorId: string,
  jobId: string,
  fields: { offset: number; line: number | undefined; rowsRead: number; rowsValid: number; rowsFailed: number; parsed: boolean },
): Promise<void> {
  // The physical line at the checkpoint rides in the dialect (`resumeLine`): the reader needs it to number lines after a resume.
  await tx.execute(sql`
    update import_jobs set
      checkpoint_offset = ${fields.offset},
      dialect = case when ${fields.line ?? null}::int is null then dialect
                     else dialect || jsonb_build_object('resumeLine', ${fields.line ?? null}::int) end,
      rows_read = rows_read + ${fields.rowsRead},
      rows_valid = rows_valid + ${fields.rowsValid},
      rows_failed = rows_failed + ${fields.rowsFailed},
      parsed_at = case when ${fields.parsed}::boolean then now() else parsed_at end,
      updated_at = now()
    where vendor_id = ${vendorId} and id = ${jobId}`);
}

/**
 * The apply joins whole sets (the job's rows, the source's staged rows). The job's rows were just
 * written and may have no statistics yet, and the planner then picks nested loops over them
 * (quadratic); hash and merge joins are right for every statement of the apply transaction.
 */
export async function planBulkApply(tx: WsTx): Promise<void> {
  await tx.execute(sql`set local enable_nestloop = off`);
}

/**
 * Serialises applies of one vendor's source, then brings the diff of the job's items up to date
 * where staging changed after they were read (another import applied, or a publish, meanwhile).
 */
export async function refreshDiff(tx: WsTx, vendorId: string, jobId: string, source: string, since: Date): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`import:${vendorId}:${source}`}))`);
  await tx.execute(sql`
    update import_job_rows x set diff_status = ${diffStatus(sql.raw('x.content_hash'))}, changed_fields = ${changedFields(sql.raw('x.content_hash'))}
    from staged_products s
    where x.vendor_id = ${vendorId} and x.job_id = ${jobId}
      and s.vendor_id = ${vendorId} and s.source = ${source} and s.external_id = x.external_id
      and s.updated_at >= ${since.toISOString()}::timestamptz`);
}

/**
 * A staged row (`s`) whose external id the job neither read nor rejected. Planned as hash anti
 * joins under `planBulkApply` (a correlated `not exists` over fresh, unanalysed job rows was
 * planned as nested loops: 10 s for 5000 rows; `not in` would fall back to a per-row subplan once
 * the job's ids outgrow work_mem).
 */
function absentFromJob(vendorId: string, jobId: string): SQL {
  return sql`not exists (select 1 from import_job_rows j
                  where j.vendor_id = ${vendorId} and j.job_id = ${jobId} and j.external_id = s.external_id)
    and not exists (select 1 from import_row_errors e
                    where e.vendor_id = ${vendorId} and e.job_id = ${jobId} and e.external_id = s.external_id)`;
}

export interface DiffCounts {
  newCount: number;
  changedCount: number;
  unchangedCount: number;
  missingCount: number;
}

/**
 * The job's diff counts. Missing: staged items of this source that the feed does not have; an item
 * whose row was rejected in this feed (its id named in a row error) is not missing, only invalid.
 */
export async function countDiff(tx: WsTx, vendorId: string, jobId: string, source: string): Promise<DiffCounts> {
  const result = await tx.execute<{
    new_count: string;
    changed_count: string;
    unchanged_count: string;
    missing_count: string;
  }>(sql`
    select j.new_count, j.changed_count, j.unchanged_count,
      (select count(*) from staged_products s
        where s.vendor_id = ${vendorId} and s.source = ${source} and ${absentFromJob(vendorId, jobId)}) as missing_count
    from (
      select count(*) filter (where diff_status = 'new') as new_count,
             count(*) filter (where diff_status = 'changed') as changed_count,
             count(*) filter (where diff_status = 'unchanged') as unchanged_count
      from import_job_rows where vendor_id = ${vendorId} and job_id = ${jobId}
    ) j`);
  const row = result.rows[0];
  return {
    newCount: Number(row?.new_count ?? 0),
    changedCount: Number(row?.changed_count ?? 0),
    unchangedCount: Number(row?.unchanged_count ?? 0),
    missingCount: Number(row?.missing_count ?? 0),
  };
}

/**
 * Merges the job's items into staging in one statement. A row whose content and status are
 * already what the job says is not touched, so importing the same file twice changes nothing
 * the second time; a changed row keeps its previous data for the dashboard's diff.
 */
export async function upsertStaging(tx: WsTx, vendorId: string, jobId: string, source: string): Promise<void> {
  await tx.execute(sql`
    insert into staged_products as s
      (vendor_id, source, external_id, group_id, line, data, content_hash, diff_status, changed_fields, last_job_id)
    select j.vendor_id, ${source}, j.external_id, j.group_id, j.line, j.data, j.content_hash, j.diff_status, j.changed_fields, j.job_id
    from import_job_rows j
    where j.vendor_id = ${vendorId} and j.job_id = ${jobId}
    on conflict (vendor_id, source, external_id) do update set
      group_id = excluded.group_id,
      line = excluded.line,
      data = excluded.data,
      content_hash = excluded.content_hash,
      diff_status = excluded.diff_status,
      changed_fields = excluded.changed_fields,
      previous_data = case when excluded.diff_status = 'changed' then s.data else s.previous_data end,
      last_job_id = excluded.last_job_id,
      updated_at = now()
    where s.content_hash is distinct from excluded.content_hash
       or s.diff_status is distinct from excluded.diff_status
       or s.line is distinct from excluded.line
       or s.group_id is distinct from excluded.group_id`);
}

/** Marks staged items of this source that the feed no longer has as missing (see countDiff). */
export async function markMissing(tx: WsTx, vendorId: string, jobId: string, source: string): Promise<void> {
  await tx.execute(sql`
    update staged_products s set diff_status = 'missing', changed_fields = '{}', last_job_id = ${jobId}, updated_at = now()
    where s.vendor_id = ${vendorId} and s.source = ${source} and s.diff_status <> 'missing'
      and ${absentFromJob(vendorId, jobId)}`);
}

export async function deleteJobRows(tx: WsTx, vendorId: string, jobId: string): Promise<void> {
  await tx.execute(sql`delete from import_job_rows where vendor_id = ${vendorId} and job_id = ${jobId}`);
}
