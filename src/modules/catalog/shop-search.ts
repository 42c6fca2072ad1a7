import { type SQL, sql } from 'drizzle-orm';
import { products } from '../../../drizzle/schema';

/**
 * Full-text search over `products.search` (title A, brand + SKUs B, description C) for the shop.
 *
 * The words go through `websearch_to_tsquery('simple', …)` (quotes, `-word`, `or` work as on a
 * search engine), and the last word also matches as a prefix, so "dri" finds "drill" while the
 * shopper is still typing. SKUs and GTINs are in the document, so codes match like words; for
 * ranking, a one-token query is also compared with them (`sku_text`): an exact code ranks first,
 * a code it starts ranks next, then text relevance.
 *
 * Under RLS, `@@` is not leakproof, so Postgres will not use the GIN index behind the policy (it
 * may not run a non-leakproof condition before the policy's): the match goes through
 * `catalog_search_ids` (migration 0007), a `security definer` function that filters by the scope's
 * vendor itself, so the `(vendor_id, search)` GIN index and the SKU prefix index serve it and the
 * cost grows with the matches, not with the catalog. The caller names the vendor explicitly too.
 */
export interface TextSearch {
  /** The shopper's words, as typed (trimmed). */
  words: string;
  /** Everything before the last word, and the last word, when the last word can be a prefix. */
  prefix: { rest: string; last: string } | undefined;
  /** Lower-cased code to compare with SKUs and GTINs, when the query is a single token. */
  code: string | undefined;
}

const LAST_WORD = /(^|\s)([^\s"]+)$/u;
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Splits the shopper's query into what the SQL needs; undefined when nothing is searchable. */
export function parseSearch(q: string | undefined): TextSearch | undefined {
  const words = (q ?? '').trim().replace(/\s+/g, ' ');
  if (!HAS_WORD_CHAR.test(words)) return undefined;
  const match = LAST_WORD.exec(words);
  const last = match?.[2];
  // Not a prefix: a negated word (-oak), the `or` operator, the end of a "quoted phrase".
  const usable =
    last !== undefined &&
    !last.startsWith('-') &&
    last.toLowerCase() !== 'or' &&
    HAS_WORD_CHAR.test(last) &&
    !words.endsWith('"');
  const prefix = usable ? { rest: words.slice(0, words.length - last.length).trim(), last } : undefined;
  const code = words.includes(' ') || words.includes('"') ? undefined : words.toLowerCase();
  return { words, prefix, code };
}

/** The tsquery: the words as typed, or (when the last word can be one) with it as a prefix. */
export function tsQuery(search: TextSearch): SQL {
  const typed = sql`websearch_to_tsquery('simple', ${search.words})`;
  if (!search.prefix) return typed;
  // A quoted word with `:*` in to_tsquery is split like the document ("zeb-uniq" → zeb-uniq, zeb,
  // uniq) with every part a prefix, so codes match while half typed. Quotes are doubled, and
  // backslashes (escapes in tsquery) dropped; the word holds a letter or digit, so it is never empty.
  const quoted = `'${search.prefix.last.replaceAll('\\', '').replaceAll("'", "''")}':*`;
  const last = sql`to_tsquery('simple', ${quoted})`;
  const prefixed = search.prefix.rest ? sql`(websearch_to_tsquery('simple', ${search.prefix.rest}) && ${last})` : last;
  return sql`(${typed} || ${prefixed})`;
}

/** 2 when a SKU or GTIN equals the code, 1 when one starts with it, else 0. */
export function codeScore(search: TextSearch): SQL<number> {
  if (!search.code) return sql<number>`0`.mapWith(Number);
  const codes = sql`(' ' || lower(${products.skuText}) || ' ')`;
  return sql<number>`(case when strpos(${codes}, ${` ${search.code} `}) > 0 then 2
    when strpos(${codes}, ${` ${search.code}`}) > 0 then 1 else 0 end)`.mapWith(Number);
}

/**
 * The products the search finds (to combine with the vendor and status filters): the text match,
 * or, for a one-token query, a SKU that starts with it. SKUs and GTINs are in the text document
 * too, but Postgres' parser reads runs such as `3E45` as numbers and splits codes its own way, so
 * the SKU prefix match is what makes any code findable as typed.
 */
export function searchMatches(search: TextSearch): SQL {
  return catalogSearch(tsQuery(search), search.code);
}

/** `products.id` among the scope vendor's products matching `query` or with a SKU starting with `skuPrefix`. */
export function catalogSearch(query: SQL, skuPrefix: string | undefined): SQL {
  return sql`${products.id} in (select id from catalog_search_ids(${query}, ${skuPrefix ?? null}::text) as id)`;
}

/** Text relevance of a product for the search (`ts_rank`, float4). */
export function textRank(search: TextSearch): SQL<number> {
  return sql<number>`ts_rank(${products.search}, ${tsQuery(search)})`.mapWith(Number);
}
