/**
 * The floor under the shop's figures: the very SQL the shop runs (built by the same repository
 * functions), sent straight to Postgres as the app role under RLS with a session-level vendor
 * scope, by `connections` pooled clients. What the Workers, the Neon protocol and Redis add on top
 * is the difference between these rows and the HTTP rows of the same run.
 */
import { neon } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import pg from 'pg';
import * as schema from '../../drizzle/schema';
import {
  findProductBreadcrumb,
  findProductCards,
  findShopProduct,
  findShopVariants,
  shopOrder,
} from '../../src/modules/catalog/shop-repo';
import { parseSearch } from '../../src/modules/catalog/shop-search';
import { type LoadResult, measure } from './load';

interface Statement {
  sql: string;
  params: unknown[];
}

// Only builds SQL text; never connects.
const builder = drizzle({ client: neon('postgres://build:only@localhost/none'), schema });

/** One page (24 + 1 to know if there is a next) of the newest products. */
function listStatements(vendorId: string): Statement[] {
  return [findProductCards(builder, vendorId, {}, shopOrder('newest'), { limit: 25 }).toSQL()];
}

/** One page of a search by relevance. */
function searchStatements(vendorId: string, words: string): Statement[] {
  const search = parseSearch(words);
  return [findProductCards(builder, vendorId, { search }, shopOrder('relevance', search), { limit: 25 }).toSQL()];
}

/** The three reads of a product page. */
function productStatements(vendorId: string, slug: string): Statement[] {
  return [
    findShopProduct(builder, vendorId, slug).toSQL(),
    findShopVariants(builder, vendorId, slug).toSQL(),
    findProductBreadcrumb(builder, vendorId, slug).getQuery(),
  ];
}

/** Runs each group of statements (one "request") round-robin against a pool scoped to the vendor. */
async function runStatements(
  name: string,
  appUrl: string,
  vendorId: string,
  requests: Statement[][],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: appUrl, max: connections });
  pool.on('connect', (client) => {
    client.query("select set_config('app.vendor_id', $1, false)", [vendorId]).catch(() => {});
  });
  try {
    // Open every connection (and set its scope) before the clock starts.
    const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    for (const client of clients) await client.query("select set_config('app.vendor_id', $1, false)", [vendorId]);
    for (const client of clients) client.release();
    return await measure(name, connections, seconds, async (turn) => {
      const statements = requests[turn % requests.length] ?? [];
      const client = await pool.connect();
      try {
        let rows = 0;
        for (const statement of statements) rows += (await client.query(statement.sql, statement.params)).rowCount ?? 0;
        return rows > 0;
      } catch {
        return false;
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/** The three catalog reads of the bench, as raw SQL. */
export async function catalogSqlBaselines(options: {
  appUrl: string;
  vendorId: string;
  words: string[];
  slugs: string[];
  connections: number;
  seconds: number;
}): Promise<LoadResult[]> {
  const { appUrl, vendorId, connections, seconds } = options;
  return [
    await runStatements('SQL: product list (24)', appUrl, vendorId, [listStatements(vendorId)], connections, seconds),
    await runStatements(
      'SQL: text search (24, by relevance)',
      appUrl,
      vendorId,
      options.words.map((word) => searchStatements(vendorId, word)),
      connections,
      seconds,
    ),
    await runStatements(
      'SQL: product by slug (3 reads)',
      appUrl,
      vendorId,
      options.slugs.map((slug) => productStatements(vendorId, slug)),
      connections,
      seconds,
    ),
  ];
}
