/**
 * `npm run seed:large`: adds the large wholesale vendor (`grossmarkt`, 20,000 products, about
 * 30,000 variants, stock in two locations) to the platform `npm run dev` is running, for
 * performance work. It goes through dev's local Neon endpoints and Redis server, so `npm run dev`
 * must be up. Safe to rerun. SEED_PRODUCTS and SEED_SLUG change the size and slug; DATABASE_URL
 * must be the same as given to `npm run dev` (if any).
 */
import type { TenancyEnv } from '../src/modules/tenancy';
import { Database } from '../src/platform/db';
import { APP_ROLE, DATABASE_NAME, DEV_PORTS, LOCAL_SECRETS } from './local-platform/config';
import { seedLargeVendor } from './local-platform/large-vendor';
import { withUser } from './local-platform/migrate';

const external = Boolean(process.env.DATABASE_URL);
const server = new URL(process.env.DATABASE_URL || `postgres://127.0.0.1:${DEV_PORTS.postgres}/${DATABASE_NAME}`);
if (server.pathname.length <= 1) server.pathname = `/${DATABASE_NAME}`;
const neon = `127.0.0.1:${DEV_PORTS.neon}`;
const vars = {
  DATABASE_URL: withUser(server.toString(), APP_ROLE, LOCAL_SECRETS.appRolePassword),
  NEON_FETCH_ENDPOINT: `http://${neon}/sql`,
  NEON_WS_PROXY: neon,
  // As npm run dev: embedded Postgres asks for the password, a trust-auth server never does.
  NEON_PIPELINE_CONNECT: external ? 'false' : 'password',
};
const env: TenancyEnv = {
  ROOT_DOMAIN: 'localhost',
  UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${DEV_PORTS.redis}`,
  UPSTASH_REDIS_REST_TOKEN: LOCAL_SECRETS.redisToken,
};

if (!(await fetch(`http://${neon}/`).catch(() => undefined))) {
  console.error(`Nothing answers on ${neon} (the local Neon endpoint): start \`npm run dev\` first, then run this again.`);
  process.exit(1);
}

const products = Number(process.env.SEED_PRODUCTS ?? 20_000);
if (!Number.isInteger(products) || products < 1)
  throw new Error(`SEED_PRODUCTS must be a positive whole number, not ${products}`);
const db = new Database(vars);
try {
  const result = await seedLargeVendor(db, {
    products,
    ...(process.env.SEED_SLUG ? { slug: process.env.SEED_SLUG } : {}),
    env,
    log: (line) => console.log(line),
  });
  console.log(`
${result.seeded ? `Seeded ${result.products} products (${result.variants} variants)` : 'The catalog was there already'} in ${result.seconds.toFixed(1)} s.
  Shop        http://${result.slug}.localhost:${DEV_PORTS.worker}/
  Dashboard   http://${result.slug}.localhost:${DEV_PORTS.worker}/dashboard (owner@${result.slug}.test, password ${LOCAL_SECRETS.demoPassword})`);
} finally {
  await db.close();
}
