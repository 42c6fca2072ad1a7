import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Where `npm run build` puts the site and the main Worker (`<dir>/server/wrangler.json`). */
export const DEFAULT_OUT_DIR = join(ROOT, 'dist');

/**
 * Builds the Astro site and the main Worker bundle into `outDir` (each test run builds into its
 * own, so concurrent runs never swap a bundle under each other's running Worker).
 */
export async function buildSite(log: (line: string) => void, outDir = DEFAULT_OUT_DIR): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['astro', 'build', '--silent', '--outDir', outDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`astro build failed (${code}):\n${output}`))));
  });
  log(`built the site and the main Worker into ${outDir}`);
  return join(outDir, 'server', 'wrangler.json');
}
