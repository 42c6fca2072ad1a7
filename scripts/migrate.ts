/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL, which must name the owner role
 * (on Neon, the role that runs migrations; never the app role). Locally `npm run dev` migrates by
 * itself, so this is for deployments.
 */
import { runMigrations } from './local-platform/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('Set DATABASE_URL to the owner role connection string, e.g. postgresql://vitrine_owner:…@host/vitrine');
  process.exit(1);
}
await runMigrations(url);
console.log('migrations applied');
