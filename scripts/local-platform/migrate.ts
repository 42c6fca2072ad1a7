import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { APP_ROLE, LOCAL_SECRETS, OWNER_ROLE } from './config';
import { ensureRoles } from './postgres';

const MIGRATIONS = new URL('../../migrations', import.meta.url).pathname;

/** The same URL with another user and password. */
export function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/** Applies every pending migration as the owner role (the role that owns the tables). */
export async function runMigrations(ownerUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  try {
    await migrate(drizzle({ client: pool }), { migrationsFolder: MIGRATIONS });
  } finally {
    await pool.end();
  }
}

/**
 * Local databases: as the superuser, make the owner and app roles, hand the database and its
 * public schema to the owner, then migrate as the owner. Returns the two roles' URLs.
 */
export async function prepareLocalDatabase(superuserUrl: string): Promise<{ ownerUrl: string; appUrl: string }> {
  await ensureRoles(superuserUrl);
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const database = new URL(superuserUrl).pathname.slice(1);
    await client.query(`alter database "${database}" owner to ${OWNER_ROLE}`);
    await client.query(`alter schema public owner to ${OWNER_ROLE}`);
  } finally {
    await client.end();
  }
  const ownerUrl = withUser(superuserUrl, OWNER_ROLE, LOCAL_SECRETS.ownerRolePassword);
  await runMigrations(ownerUrl);
  return { ownerUrl, appUrl: withUser(superuserUrl, APP_ROLE, LOCAL_SECRETS.appRolePassword) };
}
