import { neon, Pool } from '@neondatabase/serverless';
import { inject } from 'vitest';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { configureDriver, Database, type DbConfig } from '../../src/platform/db';
import { request } from './http';

/** The platform the global setup booted for this run. */
export const platform = () => inject('platform');

/** A URL on a host as a browser would use it: a vendor slug, `admin`, or the apex. */
export function hostUrl(host: string | { apex: true }, path = '/'): string {
  const name = typeof host === 'string' ? `${host}.localhost` : 'localhost';
  return `http://${name}:${platform().ports.worker}${path}`;
}

export const DEMO_PASSWORD = LOCAL_SECRETS.demoPassword;

const sessions = new Map<string, Promise<string>>();

/** Signs in through the API (once per test file and account) and returns the access token. */
export function signIn(
  audience: 'admin' | 'vendor' | 'shop',
  host: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  const key = `${audience}|${host}|${email}`;
  const shared = password === DEMO_PASSWORD ? platform().sessions[key] : undefined;
  if (shared) return Promise.resolve(shared);
  let token = sessions.get(key);
  if (!token) {
    token = request(hostUrl(host, `/api/v1/${audience}/auth/login`), { method: 'POST', json: { email, password } }).then(
      async (response) => {
        if (response.status !== 200)
          throw new Error(`sign-in of ${email} on ${host}: ${response.status} ${await response.text()}`);
        return ((await response.json()) as { token: string }).token;
      },
    );
    sessions.set(key, token);
  }
  return token;
}

/** Authorization headers of the demo platform admin. */
export async function adminAuth(): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signIn('admin', 'admin', 'admin@vitrine.test')}` };
}

/** A slug no other test uses, so tests run in any order and in parallel. */
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface TestVendor {
  id: string;
  slug: string;
  name: string;
}

/** Creates a vendor through the admin API, as a platform admin would. */
export async function createTestVendor(name = 'Test Vendor'): Promise<TestVendor> {
  const slug = uniqueSlug();
  const response = await request(hostUrl('admin', '/api/v1/admin/vendors'), {
    method: 'POST',
    headers: await adminAuth(),
    json: { name, slug },
  });
  if (response.status !== 201) throw new Error(`creating vendor ${slug}: ${response.status} ${await response.text()}`);
  return (await response.json()) as TestVendor;
}

/** The raw driver over HTTP as the app role, with no scope set: what a query that forgot its scope sees. */
export function rawAppSql() {
  configureDriver(platform().workerVars as unknown as DbConfig);
  return neon(platform().postgres.appUrl);
}

/** A raw WebSocket pool as the app role, with no scope set. */
export function rawAppPool(): Pool {
  configureDriver(platform().workerVars as unknown as DbConfig);
  return new Pool({ connectionString: platform().postgres.appUrl });
}

/** The app role's database access from Node, through the same local Neon endpoints the Workers use. */
export function appDatabase(): Database {
  return new Database(platform().workerVars as { DATABASE_URL: string });
}

/** Polls until `check` returns a value that isn't undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
