import http from 'node:http';

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
  host: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status every answer must have; anything else counts as an error. */
  expect?: number;
}

function once(agent: http.Agent, scenario: Scenario): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      scenario.url,
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
 * `connections` keep-alive clients send `scenario` back to back for `seconds`: a closed loop, so
 * the figure is the server's throughput at that concurrency. Bounded in time; it stops by itself.
 */
export async function runLoad(scenario: Scenario, connections: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const status = await once(agent, scenario);
        latencies.push(performance.now() - t0);
        if (status !== (scenario.expect ?? 200)) errors++;
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    requests: latencies.length,
    errors,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** The figures as an aligned table. */
export function formatTable(results: LoadResult[]): string {
  const head = `${'scenario'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'requests'.padStart(9)} ${'errors'.padStart(7)}`;
  const rows = results.map(
    (r) =>
      `${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.errors).padStart(7)}`,
  );
  return [head, ...rows].join('\n');
}
