import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import {
  type CategoryRow,
  countProductsByCategory,
  deleteEmptyCategory,
  findCategories,
  findCategory,
  findCategoryUsage,
  insertCategoriesIfNew,
  insertCategory,
  insertMovedEventIfMoving,
  lockCategoryTree,
  updateCategoryUnlessCycle,
} from './category-repo';
import type { Category, CategoryNode, CreateCategoryInput, UpdateCategoryInput } from './category-schemas';
import { brokenConstraint } from './pg-errors';
import { invalid } from './product-mapping';
import { slugify } from './rules';

function toCategory(row: CategoryRow, productCount = 0): Category {
  return { id: row.id, name: row.name, slug: row.slug, parentId: row.parentId, position: row.position, productCount };
}

/** Nests rows (already in sibling order) under their parents; orphans can't exist (foreign key). */
export function buildTree(rows: CategoryRow[], counts: Map<string, number>): CategoryNode[] {
  const nodes = new Map(
    rows.map((row) => [row.id, { ...toCategory(row, counts.get(row.id) ?? 0), children: [] as CategoryNode[] }]),
  );
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id);
    if (!node) continue;
    const parent = row.parentId ? nodes.get(row.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Maps a failed category write: a taken slug is CONFLICT, an unknown parent VALIDATION_FAILED. */
function categoryWriteError(error: unknown): unknown {
  const broken = brokenConstraint(error);
  if (broken?.name === 'categories_vendor_slug_key')
    return new ApiError('CONFLICT', 'Another category already has this slug', { details: { field: 'slug' } });
  if (broken?.name === 'categories_parent_fk') return invalid([{ path: 'parentId', message: 'no category with this id' }]);
  return error;
}

/** The vendor's categories as a tree, siblings by position then name, with direct product counts. */
export async function listCategoryTree(db: Database, vendorId: string): Promise<CategoryNode[]> {
  const [rows, counts] = await db
    .vendor(vendorId)
    .read((q) => [findCategories(q, vendorId), countProductsByCategory(q, vendorId)] as const);
  return buildTree(rows, new Map(counts.flatMap((c) => (c.categoryId ? [[c.categoryId, c.count] as const] : []))));
}

/** Creates a category (slug from the name when missing; a taken slug is CONFLICT). */
export async function createCategory(db: Database, vendorId: string, input: CreateCategoryInput): Promise<Category> {
  try {
    const [, [row]] = await db.vendor(vendorId).write(
      (q) =>
        [
          lockCategoryTree(q, vendorId),
          insertCategory(q, {
            vendorId,
            name: input.name,
            slug: input.slug ?? slugify(input.name, 'category'),
            parentId: input.parentId ?? null,
            position: input.position,
          }),
        ] as const,
    );
    if (!row) throw new Error('insert returned no category');
    return toCategory(row);
  } catch (error) {
    throw categoryWriteError(error);
  }
}

/** Renames, re-slugs, reorders or moves a category; a move under itself or a descendant is VALIDATION_FAILED. */
export async function updateCategory(db: Database, vendorId: string, id: string, input: UpdateCategoryInput): Promise<Category> {
  const scoped = db.vendor(vendorId);
  let row: CategoryRow | undefined;
  try {
    const [, , rows] = await scoped.write(
      (q) =>
        [
          lockCategoryTree(q, vendorId),
          // A move changes the ancestry of every product below (category-scoped pricing rules).
          input.parentId === undefined ? q.execute(sql`select 1`) : insertMovedEventIfMoving(q, vendorId, id, input.parentId),
          updateCategoryUnlessCycle(q, vendorId, id, input),
        ] as const,
    );
    row = rows[0];
  } catch (error) {
    throw categoryWriteError(error);
  }
  if (row) {
    const [counts] = await scoped.read((q) => [countProductsByCategory(q, vendorId)] as const);
    return toCategory(row, counts.find((c) => c.categoryId === row.id)?.count ?? 0);
  }
  const [[exists]] = await scoped.read((q) => [findCategory(q, vendorId, id)] as const);
  if (!exists) throw new ApiError('NOT_FOUND', 'No category with this id here');
  throw invalid([{ path: 'parentId', message: 'a category cannot move under itself or one of its subcategories' }]);
}

/** Deletes an empty category; one with products or subcategories is CONFLICT with both counts. */
export async function deleteCategory(db: Database, vendorId: string, id: string): Promise<void> {
  const scoped = db.vendor(vendorId);
  let deleted: { id: string }[];
  try {
    [, deleted] = await scoped.write((q) => [lockCategoryTree(q, vendorId), deleteEmptyCategory(q, vendorId, id)] as const);
  } catch (error) {
    // A product assigned to it concurrently (its foreign key has no ON DELETE action).
    if (brokenConstraint(error)?.name !== 'products_category_fk') throw error;
    deleted = [];
  }
  if (deleted.length > 0) return;
  const [[usage]] = await scoped.read((q) => [findCategoryUsage(q, vendorId, id)] as const);
  if (!usage) throw new ApiError('NOT_FOUND', 'No category with this id here');
  const products = `${usage.products} product${usage.products === 1 ? '' : 's'}`;
  const children = `${usage.children} subcategor${usage.children === 1 ? 'y' : 'ies'}`;
  throw new ApiError('CONFLICT', `This category holds ${products} and ${children}; move or delete them first`, {
    details: { products: usage.products, children: usage.children },
  });
}

/** A category to ensure: its parent (if any) by slug, listed before it. */
export interface CategorySeed {
  slug: string;
  name: string;
  parent?: string | undefined;
}

/**
 * Adds the categories the vendor doesn't have yet (by slug), in one write, each after its listed
 * siblings; answers the id of every slug. For the seed and importers; taken slugs are kept as they are.
 */
export async function ensureCategories(db: Database, vendorId: string, wanted: CategorySeed[]): Promise<Map<string, string>> {
  const scoped = db.vendor(vendorId);
  const [existing] = await scoped.read((q) => [findCategories(q, vendorId)] as const);
  const ids = new Map(existing.map((row) => [row.slug, row.id]));
  const missing = wanted.filter((category) => !ids.has(category.slug));
  if (missing.length === 0) return ids;
  for (const category of missing) ids.set(category.slug, crypto.randomUUID());
  const rows = missing.map((category) => ({
    id: ids.get(category.slug) as string,
    vendorId,
    name: category.name,
    slug: category.slug,
    parentId: category.parent ? (ids.get(category.parent) ?? null) : null,
    position: wanted.filter((other) => other.parent === category.parent).indexOf(category),
  }));
  const [, added] = await scoped.write((q) => [lockCategoryTree(q, vendorId), insertCategoriesIfNew(q, rows)] as const);
  if (added.length === rows.length) return ids;
  // Someone else added some of them meanwhile: theirs stand.
  const [current] = await scoped.read((q) => [findCategories(q, vendorId)] as const);
  return new Map(current.map((row) => [row.slug, row.id]));
}
