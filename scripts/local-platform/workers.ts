import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WorkerSpec {
  name: string;
  config: string;
  port: number;
  vars: Record<string, string>;
  /** Exposes `/__scheduled` so the platform can fire the cron handler on a short interval. */
  scheduled?: boolean;
}

export interface RunningWorker {
  name: string;
  url: string;
  stop(): Promise<void>;
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs `wrangler dev` for one Worker on its own port, its vars in a git-ignored env file. */
export async function startWorker(spec: WorkerSpec, stateDir: string, log: (line: string) => void): Promise<RunningWorker> {
  await mkdir(stateDir, { recursive: true });
  const envFile = join(stateDir, `${spec.name}.env`);
  await writeFile(
    envFile,
    Object.entries(spec.vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join('\n'),
  );
  const args = [
    'wrangler',
    'dev',
    '-c',
    spec.config,
    '--port',
    String(spec.port),
    '--ip',
    '127.0.0.1',
    '--inspector-port',
    String(spec.port + 1000),
    '--env-file',
    envFile,
    // One state folder per Worker: workerd instances sharing one lock each other's SQLite (SQLITE_BUSY).
    '--persist-to',
    join(stateDir, 'state', spec.name),
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
    ...(spec.scheduled ? ['--test-scheduled'] : []),
  ];
  const child = spawn('npx', args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_REGISTRY_PATH: join(stateDir, 'registry'), FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const prefix = `[${spec.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim() && !isNoise(line)) log(prefix + line);
    });
  }
  const url = `http://127.0.0.1:${spec.port}`;
  await waitForHttp(url, child, spec.name);
  return { name: spec.name, url, stop: () => stopProcess(child) };
}

/** wrangler's start-up chatter that says nothing to someone running the platform. */
function isNoise(line: string): boolean {
  return /Request\.cf|workers\.cloudflare\.com|GetAddrInfoReqWrap|at .*\(node:|^\s*$|─|│/.test(line);
}

async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${name} did not answer on ${url} within ${timeoutMs / 1000} s`);
}

/** Stops wrangler and the workerd it started (its whole process group). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {}
  }, 5000);
  await exited;
  clearTimeout(timer);
}
