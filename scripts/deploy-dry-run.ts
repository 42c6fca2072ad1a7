/**
 * `npm run deploy:dry-run`: bundles every Worker exactly as `wrangler deploy` would, offline, and
 * prints each bundle's size against the Workers limits (3 MiB gzip free, 10 MiB paid).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildSite } from './local-platform/build';

const WORKERS = [
  { name: 'vitrine (main)', config: 'dist/server/wrangler.json' },
  { name: 'vitrine-outbox-relay', config: 'workers/outbox-relay/wrangler.toml' },
  { name: 'vitrine-stock', config: 'workers/stock/wrangler.toml' },
  { name: 'vitrine-pricing', config: 'workers/pricing/wrangler.toml' },
  { name: 'vitrine-marketplace-import', config: 'workers/marketplace-import/wrangler.toml' },
  { name: 'vitrine-webhooks', config: 'workers/webhooks/wrangler.toml' },
];

const ROOT = new URL('..', import.meta.url).pathname;

await buildSite((line) => console.log(line));
const rows: string[] = [];
for (const worker of WORKERS) {
  const output = execFileSync(
    'npx',
    [
      'wrangler',
      'deploy',
      '--dry-run',
      '-c',
      worker.config,
      '--outdir',
      join(ROOT, '.data/dry-run', worker.name.split(' ')[0] ?? worker.name),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const size = /Total Upload:\s*([\d.]+ KiB)\s*\/\s*gzip:\s*([\d.]+ KiB)/.exec(output);
  if (!size) throw new Error(`wrangler printed no bundle size for ${worker.name}:\n${output}`);
  rows.push(`${worker.name.padEnd(28)} ${size[1]?.padStart(12)}   gzip ${size[2]?.padStart(11)}`);
}
console.log(`\nwrangler deploy --dry-run (offline)\n${'worker'.padEnd(28)} ${'bundle'.padStart(12)}   ${'gzip'.padStart(16)}`);
for (const row of rows) console.log(row);
