/**
 * `npm run bench:import`: writes a deterministic 100,000-row Letzshop-style feed (test/bench/feed-generator.ts)
 * to a temporary file and measures, in the same run:
 * - parsing alone: sniffFeed + readFeed over the file as a web stream (rows/s, MB/s, CPU time, peak
 *   RSS and peak heap growth while parsing: the memory one Worker step needs for its batches);
 * - the floor: Postgres `COPY … FROM` the same file into a temporary table of text columns (DATABASE_URL,
 *   else the embedded Postgres of a free test slot; server-side COPY needs the server to read the file).
 * - end to end (test/bench/import-e2e.ts): the same file through `POST /api/v1/vendor/imports` on the
 *   local platform until the job has finished; BENCH_IMPORT_E2E=0 skips it (and boots Postgres only).
 * It prints a table and never fails on time. BENCH_IMPORT_ROWS (100000), BENCH_IMPORT_FORMAT (csv|tsv),
 * BENCH_IMPORT_RUNS (3, the best run is shown), BENCH_IMPORT_BATCH (5000), BENCH_IMPORT_TIMEOUT (600 s
 * to wait for the job) tune it.
 */
import { openAsBlob } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../scripts/local-platform/postgres';
import { readFeed, SNIFF_BYTES, sniffFeed } from '../../src/modules/imports/feed';
import { claimSlot } from '../harness/slot';
import { generateLetzshopFeed } from './feed-generator';
import { importEndToEnd, withPlatform } from './import-e2e';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const DELIMITER = process.env.BENCH_IMPORT_FORMAT === 'tsv' ? '\t' : ',';
const RUNS = Number(process.env.BENCH_IMPORT_RUNS ?? 3);
const BATCH = Number(process.env.BENCH_IMPORT_BATCH ?? 5000);
const END_TO_END = process.env.BENCH_IMPORT_E2E !== '0';
const E2E_TIMEOUT = Number(process.env.BENCH_IMPORT_TIMEOUT ?? 600);

interface Measure {
  name: string;
  rows: number;
  seconds: number;
  cpuSeconds?: number;
  peakRssMb?: number;
  peakHeapMb?: number;
  note?: string;
}

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `work` while sampling memory every 5 ms; returns its result, wall and CPU time, and the peaks. */
async function measured<T>(work: () => Promise<T>) {
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage.rss();
  let peakHeap = baseHeap;
  const sample = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 5);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      result,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      peakRssMb: peakRss / MB,
      peakHeapMb: (peakHeap - baseHeap) / MB,
    };
  } finally {
    clearInterval(sample);
  }
}

/**
 * sniffFeed + readFeed over the whole file, the way a Worker step reads an R2 object. With
 * `liveHeap`, collects garbage at every batch end and records the heap still in use then (the
 * batch in hand plus the reader's buffers): what a Worker invocation must hold, unlike the peak heap
 * of a timed run, which mostly counts garbage not collected yet.
 */
async function parseFile(path: string, liveHeap?: { baseline: number; peak: number }) {
  const file = await openAsBlob(path);
  const dialect = sniffFeed(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()), { fileSize: file.size });
  let rows = 0;
  let items = 0;
  let errors = 0;
  for await (const batch of readFeed(file.slice(dialect.dataOffset).stream(), dialect, {
    startOffset: dialect.dataOffset,
    batchSize: BATCH,
    defaultCurrency: 'EUR',
  })) {
    rows += batch.rowsRead;
    items += batch.items.length;
    errors += batch.errors.length;
    if (liveHeap && gc) {
      gc();
      liveHeap.peak = Math.max(liveHeap.peak, process.memoryUsage().heapUsed - liveHeap.baseline);
    }
  }
  return { rows, items, errors, columns: dialect.header.length };
}

const COPY_NAME = 'Postgres COPY of the same file (floor)';

/** Server-side COPY of the file into a temporary table of text columns, best of RUNS. */
async function copyBaseline(superuserUrl: string, path: string, columns: number): Promise<Measure> {
  const client = new pg.Client({ connectionString: superuserUrl });
  try {
    await client.connect();
    const definition = Array.from({ length: columns }, (_, i) => `c${i + 1} text`).join(', ');
    await client.query(`create temp table feed_copy (${definition})`);
    const delimiter = DELIMITER === '\t' ? `E'\\t'` : `','`;
    let best: Measure | undefined;
    for (let run = 0; run < RUNS; run++) {
      await client.query('truncate feed_copy');
      const { result, seconds } = await measured(() =>
        client.query(`copy feed_copy from '${path}' with (format csv, header true, delimiter ${delimiter})`),
      );
      const measure = { name: COPY_NAME, rows: result.rowCount ?? 0, seconds };
      if (!best || seconds < best.seconds) best = measure;
    }
    return best as Measure;
  } catch (error) {
    return { name: COPY_NAME, rows: 0, seconds: Number.NaN, note: String(error) };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The COPY floor on DATABASE_URL or a test slot's embedded Postgres, without the rest of the platform. */
async function copyOnBarePostgres(path: string, columns: number): Promise<Measure> {
  const slot = await claimSlot(new URL('../../.data/test', import.meta.url).pathname);
  try {
    const postgres = await startPostgres({
      dataDir: join(slot.dataDir, 'postgres'),
      port: slot.ports.postgres,
      databaseUrl: process.env.DATABASE_URL || undefined,
    });
    try {
      return await copyBaseline(postgres.superuserUrl, path, columns);
    } finally {
      await postgres.stop();
    }
  } finally {
    await slot.release();
  }
}

function formatMeasures(measures: Measure[], bytes: number): string {
  const head = `${'step'.padEnd(44)} ${'rows'.padStart(8)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'MB/s'.padStart(7)} ${'cpu s'.padStart(6)} ${'peak RSS MB'.padStart(12)} ${'peak heap +MB'.padStart(14)}`;
  const lines = measures.map((m) => {
    const perSecond = m.rows / m.seconds;
    const cells = [
      m.name.padEnd(44),
      String(m.rows).padStart(8),
      m.seconds.toFixed(2).padStart(8),
      (Number.isFinite(perSecond) ? perSecond.toFixed(0) : 'n/a').padStart(9),
      (Number.isFinite(perSecond) ? (bytes / MB / m.seconds).toFixed(1) : 'n/a').padStart(7),
      (m.cpuSeconds?.toFixed(2) ?? '').padStart(6),
      (m.peakRssMb?.toFixed(0) ?? '').padStart(12),
      (m.peakHeapMb?.toFixed(0) ?? '').padStart(14),
    ];
    return cells.join(' ') + (m.note ? `\n  ${m.note}` : '');
  });
  return [head, ...lines].join('\n');
}

const path = join(tmpdir(), `vitrine-feed-bench-${process.pid}.${DELIMITER === '\t' ? 'tsv' : 'csv'}`);
try {
  const feed = await generateLetzshopFeed(path, { rows: ROWS, delimiter: DELIMITER });
  console.log(`feed: ${feed.rows} rows, ${(feed.bytes / MB).toFixed(1)} MB, ${DELIMITER === '\t' ? 'TSV' : 'CSV'} at ${path}`);
  const measures: Measure[] = [];
  let parse: Measure | undefined;
  let columns = 0;
  for (let run = 0; run < RUNS; run++) {
    const { result, ...timing } = await measured(() => parseFile(path));
    columns = result.columns;
    if (result.errors > 0) console.log(`parse run ${run + 1}: ${result.errors} row errors (unexpected)`);
    const measure = { name: `parse only (sniff + readFeed, batches of ${BATCH})`, rows: result.rows, ...timing };
    if (!parse || measure.seconds < parse.seconds) parse = measure;
  }
  measures.push(parse as Measure);
  if (END_TO_END) {
    console.log('booting the local platform for the end-to-end import…');
    await withPlatform(async (platform) => {
      try {
        const e2e = await importEndToEnd(platform, path, E2E_TIMEOUT);
        const { counts, status, error } = e2e.job;
        const waited = Number.isNaN(e2e.totalSeconds) ? ` after ${E2E_TIMEOUT} s (BENCH_IMPORT_TIMEOUT)` : '';
        const note = `job ${status}${waited}${error ? ` (${error.code}: ${error.message})` : ''}: ${counts.rowsRead} read, ${counts.rowsValid} valid, ${counts.rowsFailed} failed, ${counts.new} new`;
        measures.push({ name: 'upload (POST /imports, streamed to R2)', rows: ROWS, seconds: e2e.uploadSeconds });
        measures.push({ name: 'job: parse + staging writes (polled)', rows: counts.rowsRead, seconds: e2e.stagingSeconds });
        measures.push({
          name: 'job: start → finished (incl. the diff)',
          rows: counts.rowsRead,
          seconds: e2e.jobSeconds,
          peakRssMb: e2e.workerPeakRssMb ?? undefined,
          note:
            e2e.workerPeakRssMb === null
              ? note
              : `${note}; peak RSS = the import Worker's workerd processes (the runtime included)`,
        });
        measures.push({ name: 'end to end (upload → job finished)', rows: counts.rowsRead, seconds: e2e.totalSeconds });
      } catch (error) {
        measures.push({ name: 'end to end', rows: 0, seconds: Number.NaN, note: String(error) });
      }
      measures.push(await copyBaseline(platform.postgres.superuserUrl, path, columns));
    });
  } else measures.push(await copyOnBarePostgres(path, columns));
  console.log(formatMeasures(measures, feed.bytes));
  if (gc) {
    gc();
    const liveHeap = { baseline: process.memoryUsage().heapUsed, peak: 0 };
    await parseFile(path, liveHeap);
    console.log(`live heap while parsing (after GC at each batch end of ${BATCH} rows): ${(liveHeap.peak / MB).toFixed(1)} MB`);
  } else console.log('live heap: run with NODE_OPTIONS=--expose-gc (npm run bench:import does) to measure it');
} finally {
  await rm(path, { force: true });
}
