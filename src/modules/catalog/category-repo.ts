import { and, asc, count, eq, isNotNull, type SQL, sql } from 'drizzle-orm';
import { categories, products } from '../../../drizzle/schema';
import type { HttpDb } from '../../platform/db';
import { categoryMovedV1 } from './events';

export type CategoryRow = typeof categories.$inferSelect;

/**
 * Changes to a vendor's category tree (create, move, delete) take this transaction lock first, so
 * two concurrent moves can't build a cycle between them and a child can't appear under a
 * category while it is being deleted. Reads don't take it.
 */
export function lockCategoryTree(db: HttpDb, vendorId: string) {
  return db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`categories:${vendorId}`}, 0))`);
}

/** Every category of the vendor, siblings in order. */
export function findCategories(db: HttpDb, vendorId: string) {
  return db
    .select()
    .from(categories)
    .where(eq(categories.vendorId, vendorId))
    .orderBy(asc(categories.position), asc(categories.name), asc(categories.id));
}

/** How many products each category holds directly. */
export function countProductsByCategory(db: HttpDb, vendorId: string) {
  return db
    .select({ categoryId: products.categoryId, count: count() })
    .from(products)
    .where(and(eq(products.vendorId, vendorId), isNotNull(products.categoryId)))
    .groupBy(products.categoryId);
}

/** Adds a category; without a position it goes after its last sibling. */
export function insertCategory(
  db: HttpDb,
  row: { vendorId: string; name: string; slug: string; parentId: string | null; position?: number | undefined },
) {
  const siblings = row.parentId ? sql`${categories.parentId} = ${row.parentId}::uuid` : sql`${categories.parentId} is null`;
  const position =
    row.position ??
    sql`(select coalesce(max(${categories.position}) + 1, 0) from ${categories} where ${categories.vendorId} = ${row.vendorId} and ${siblings})`;
  return db
    .insert(categories)
    .values({ ...row, position })
    .returning();
}

/** True when `parentId` is the category itself or one of its descendants (the move would make a cycle). */
function isOwnDescendant(vendorId: string, id: string, parentId: string): SQL {
  return sql`exists (
    with recursive subtree(id) as (
      select id from categories where vendor_id = ${vendorId} and id = ${id}
      union
      select c.id from categories c join subtree s on c.parent_id = s.id where c.vendor_id = ${vendorId}
    )
    select 1 from subtree where id = ${parentId}::uuid
  )`;
}

/** Adds categories whose slugs are free (in one statement; parents may be among them), returning those added. */
export function insertCategoriesIfNew(db: HttpDb, rows: (typeof categories.$inferInsert)[]) {
  return db
    .insert(categories)
    .values(rows)
    .onConflictDoNothing({ target: [categories.vendorId, categories.slug] })
    .returning({ id: categories.id, slug: categories.slug });
}

/** Renames or moves a category unless the move would make a cycle; returns no row then (or when unknown). */
export function updateCategoryUnlessCycle(
  db: HttpDb,
  vendorId: string,
  id: string,
  set: Partial<Pick<CategoryRow, 'name' | 'slug' | 'parentId' | 'position'>>,
) {
  const guard = set.parentId ? sql`not ${isOwnDescendant(vendorId, id, set.parentId)}` : undefined;
  return db
    .update(categories)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(categories.vendorId, vendorId), eq(categories.id, id), guard))
    .returning();
}

/**
 * category.moved.v1 for `id` when moving it under `parentId` changes its parent and makes no
 * cycle: the same conditions as `updateCategoryUnlessCycle`, so put it right before that update in
 * the same batch (after `lockCategoryTree`): the event is written exactly when the move happens.
 */
export function insertMovedEventIfMoving(db: HttpDb, vendorId: string, id: string, parentId: string | null) {
  const guard = parentId ? sql`and not ${isOwnDescendant(vendorId, id, parentId)}` : sql``;
  return db.execute(sql`
    insert into outbox (topic, vendor_id, aggregate_type, aggregate_id, payload)
    select ${categoryMovedV1.topic}, vendor_id, ${categoryMovedV1.aggregateType}, id::text,
      jsonb_build_object('categoryId', id, 'parentId', ${parentId}::uuid)
    from categories
    where vendor_id = ${vendorId} and id = ${id} and parent_id is distinct from ${parentId}::uuid ${guard}`);
}

/** Deletes a category that holds no products and no child categories; returns no row otherwise. */
export function deleteEmptyCategory(db: HttpDb, vendorId: string, id: string) {
  return db
    .delete(categories)
    .where(
      and(
        eq(categories.vendorId, vendorId),
        eq(categories.id, id),
        sql`not exists (select 1 from products p where p.vendor_id = ${vendorId} and p.category_id = ${id})`,
        sql`not exists (select 1 from categories c where c.vendor_id = ${vendorId} and c.parent_id = ${id})`,
      ),
    )
    .returning({ id: categories.id });
}

/** A category's direct products and children, to explain why it can't be deleted. */
export function findCategoryUsage(db: HttpDb, vendorId: string, id: string) {
  return db
    .select({
      id: categories.id,
      // Spelled out: drizzle leaves select-list columns unqualified, which a subquery would misread.
      products: sql<number>`(select count(*)::int from products p where p.vendor_id = categories.vendor_id and p.category_id = categories.id)`,
      children: sql<number>`(select count(*)::int from categories c where c.vendor_id = categories.vendor_id and c.parent_id = categories.id)`,
    })
    .from(categories)
    .where(and(eq(categories.vendorId, vendorId), eq(categories.id, id)))
    .limit(1);
}

/** One category of the vendor. */
export function findCategory(db: HttpDb, vendorId: string, id: string) {
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.vendorId, vendorId), eq(categories.id, id)))
    .limit(1);
}
