import http from 'node:http';
import { Worker } from 'node:worker_threads';

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export interface Scenario {
  name: string;
  url: string;
  /** When given, requests go round these URLs in turn (same host), so no single answer stays hot. */
  urls?: string[];
  host: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status every answer must have; anything else counts as an error. */
  expect?: number;
}

function once(agent: http.Agent, scenario: Scenario, turn: number): Promise<number> {
  const url = scenario.urls?.length ? (scenario.urls[turn % scenario.urls.length] as string) : scenario.url;
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { agent, method: scenario.method ?? 'GET', headers: { host: scenario.host, ...scenario.headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(scenario.body);
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/**
 * `connections` loops run `op` back to back for `seconds`: a closed loop, so the figure is the
 * throughput at that concurrency. `op` gets a running turn number and says whether it succeeded.
 * Bounded in time; it stops by itself.
 */
export async function measure(
  name: string,
  connections: number,
  seconds: number,
  op: (turn: number, loop: number) => Promise<boolean>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let turn = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const ok = await op(turn++, loop);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** `connections` keep-alive HTTP clients sending `scenario` (see `measure`), on this thread. */
export async function httpLoad(scenario: Scenario, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  try {
    return await measure(scenario.name, connections, seconds, async (turn) => {
      const status = await once(agent, scenario, turn);
      return status === (scenario.expect ?? 200);
    });
  } finally {
    agent.destroy();
  }
}

/**
 * `httpLoad` on a thread of its own: the local platform's Node servers (the Neon, Redis and QStash
 * endpoints) run on this process's main thread, and a load generator sharing their event loop
 * would measure itself. tsx's loader isn't active in worker threads, so the thread imports the
 * TypeScript module through tsx's API.
 */
export function runLoad(scenario: Scenario, connections: number, seconds: number): Promise<LoadResult> {
  const thread = new URL('./load-thread.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(thread)}, ${JSON.stringify(import.meta.url)}))`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { scenario, connections, seconds } });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load thread exited (${code}) without a result`)));
  });
}

/** The figures as an aligned table. */
export function formatTable(results: LoadResult[]): string {
  const head = `${'scenario'.padEnd(52)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requests'.padStart(9)} ${'errors'.padStart(7)}`;
  const rows = results.map(
    (r) =>
      `${r.name.padEnd(52)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.errors).padStart(7)}`,
  );
  return [head, ...rows].join('\n');
}
