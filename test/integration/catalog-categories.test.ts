import { beforeAll, describe, expect, test } from 'vitest';
import type { CategoryNode } from '../../src/modules/catalog/category-schemas';
import { vendorApi } from '../harness/team';
import { type CatalogVendor, catalogVendor, createProductVia, errorOf, issuePaths, productBody } from './catalog-setup';

type Category = Omit<CategoryNode, 'children'>;

let vendor: CatalogVendor;
let other: CatalogVendor;

beforeAll(async () => {
  [vendor, other] = await Promise.all([catalogVendor('Catalog Categories'), catalogVendor('Catalog Categories Other')]);
});

async function create(v: CatalogVendor, body: Record<string, unknown>): Promise<Category> {
  const response = await vendorApi<Category>(v.slug, v.tokens.editor, 'POST', '/categories', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function tree(v: CatalogVendor): Promise<CategoryNode[]> {
  const response = await vendorApi<{ data: CategoryNode[] }>(v.slug, v.tokens.viewer, 'GET', '/categories');
  expect(response.status).toBe(200);
  return response.body.data;
}

/** The tree as nested names, for readable assertions. */
const shape = (nodes: CategoryNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.name, shape(n.children)] : n.name));

const update = (v: CatalogVendor, id: string, body: unknown, token = v.tokens.editor) =>
  vendorApi<Category>(v.slug, token, 'PATCH', `/categories/${id}`, body);
const remove = (v: CatalogVendor, id: string, token = v.tokens.editor) => vendorApi(v.slug, token, 'DELETE', `/categories/${id}`);

describe('the category tree', () => {
  test('categories nest under their parents, siblings in position order, with slugs from names', async () => {
    const v = await catalogVendor('Category Tree');
    const tools = await create(v, { name: 'Hand Tools' });
    const power = await create(v, { name: 'Power Tools', position: 0 });
    const hammers = await create(v, { name: 'Hämmer & Äxte', parentId: tools.id });
    await create(v, { name: 'Saws', parentId: tools.id, slug: 'saegen' });
    expect(tools).toMatchObject({ slug: 'hand-tools', parentId: null, position: 0, productCount: 0 });
    expect(hammers).toMatchObject({ slug: 'hammer-and-axte', parentId: tools.id, position: 0 });
    // Power Tools was created at position 0 beside Hand Tools (0 as the first sibling): ties go by name.
    expect(shape(await tree(v))).toEqual([['Hand Tools', ['Hämmer & Äxte', 'Saws']], 'Power Tools']);
    expect(power.position).toBe(0);
    await update(v, tools.id, { position: 5 });
    expect(shape(await tree(v))).toEqual(['Power Tools', ['Hand Tools', ['Hämmer & Äxte', 'Saws']]]);
  });

  test('rename, re-slug and move; product counts show', async () => {
    const v = await catalogVendor('Category Moves');
    const a = await create(v, { name: 'A' });
    const b = await create(v, { name: 'B' });
    const renamed = await update(v, b.id, { name: 'Bee', slug: 'bee', parentId: a.id });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Bee', slug: 'bee', parentId: a.id });
    await createProductVia(v, v.tokens.editor, productBody({ categoryId: b.id }));
    const [root] = await tree(v);
    expect(root?.children[0]).toMatchObject({ id: b.id, productCount: 1 });
    const back = await update(v, b.id, { parentId: null });
    expect(back.body).toMatchObject({ parentId: null, productCount: 1 });
  });

  test('a move under itself or a descendant is VALIDATION_FAILED and changes nothing', async () => {
    const v = await catalogVendor('Category Cycles');
    const a = await create(v, { name: 'A' });
    const b = await create(v, { name: 'B', parentId: a.id });
    const c = await create(v, { name: 'C', parentId: b.id });
    for (const parentId of [a.id, b.id, c.id]) {
      const response = await update(v, a.id, { parentId });
      expect(response.status, parentId).toBe(422);
      expect(errorOf(response.body).code).toBe('VALIDATION_FAILED');
      expect(issuePaths(response.body)).toEqual(['parentId']);
    }
    expect(shape(await tree(v))).toEqual([['A', [['B', ['C']]]]]);
  });

  test('concurrent opposite moves never make a cycle', async () => {
    const v = await catalogVendor('Category Race');
    const x = await create(v, { name: 'X' });
    const y = await create(v, { name: 'Y' });
    const results = await Promise.all([update(v, x.id, { parentId: y.id }), update(v, y.id, { parentId: x.id })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
    expect((await tree(v)).length).toBe(1);
  });

  test('delete refuses a category with products or children (CONFLICT with counts), then works once empty', async () => {
    const v = await catalogVendor('Category Deletes');
    const parent = await create(v, { name: 'Parent' });
    const childCategory = await create(v, { name: 'Child', parentId: parent.id });
    const product = await createProductVia(v, v.tokens.editor, productBody({ categoryId: parent.id }));

    const refused = await remove(v, parent.id);
    expect(refused.status).toBe(409);
    expect(errorOf(refused.body)).toMatchObject({ code: 'CONFLICT', details: { products: 1, children: 1 } });

    expect((await remove(v, childCategory.id)).status).toBe(204);
    const patched = await vendorApi(v.slug, v.tokens.editor, 'PATCH', `/products/${product.id}`, {
      version: 1,
      categoryId: null,
    });
    expect(patched.status).toBe(200);
    expect((await remove(v, parent.id)).status).toBe(204);
    expect(await tree(v)).toEqual([]);
    const gone = await remove(v, parent.id);
    expect([gone.status, errorOf(gone.body).code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('refused category changes', () => {
  test('a taken slug is CONFLICT, an unknown parent and bad input are VALIDATION_FAILED', async () => {
    const first = await create(vendor, { name: `Dup ${crypto.randomUUID().slice(0, 6)}` });
    const taken = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/categories', { name: 'Other', slug: first.slug });
    expect(taken.status).toBe(409);
    expect(errorOf(taken.body)).toMatchObject({ code: 'CONFLICT', details: { field: 'slug' } });
    const derivedTaken = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/categories', { name: first.name });
    expect(derivedTaken.status).toBe(409);

    for (const body of [
      { name: '' },
      { name: 'x', slug: 'Bad Slug' },
      { name: 'x', parentId: 'nope' },
      { name: 'x', position: -1 },
    ]) {
      const response = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/categories', body);
      expect([response.status, errorOf(response.body).code], JSON.stringify(body)).toEqual([422, 'VALIDATION_FAILED']);
    }
    const unknownParent = await vendorApi(vendor.slug, vendor.tokens.editor, 'POST', '/categories', {
      name: 'Orphan',
      parentId: crypto.randomUUID(),
    });
    expect(issuePaths(unknownParent.body)).toEqual(['parentId']);
    const emptyPatch = await update(vendor, first.id, {});
    expect([emptyPatch.status, errorOf(emptyPatch.body).code]).toEqual([422, 'VALIDATION_FAILED']);
    const slugClash = await update(vendor, (await create(vendor, { name: `Two ${crypto.randomUUID().slice(0, 6)}` })).id, {
      slug: first.slug,
    });
    expect([slugClash.status, errorOf(slugClash.body).code]).toEqual([409, 'CONFLICT']);
  });

  test("viewers can read but not write; another vendor's category is NOT_FOUND and can't be a parent", async () => {
    const mine = await create(vendor, { name: `Mine ${crypto.randomUUID().slice(0, 6)}` });
    const viewerCreate = await vendorApi(vendor.slug, vendor.tokens.viewer, 'POST', '/categories', { name: 'V' });
    const viewerPatch = await update(vendor, mine.id, { name: 'V' }, vendor.tokens.viewer);
    const viewerDelete = await remove(vendor, mine.id, vendor.tokens.viewer);
    for (const response of [viewerCreate, viewerPatch, viewerDelete]) {
      expect([response.status, errorOf(response.body).code]).toEqual([403, 'FORBIDDEN']);
    }

    const theirs = await create(other, { name: 'Theirs' });
    const patchForeign = await update(vendor, theirs.id, { name: 'Stolen' }, vendor.tokens.owner);
    const deleteForeign = await remove(vendor, theirs.id, vendor.tokens.owner);
    for (const response of [patchForeign, deleteForeign]) {
      expect([response.status, errorOf(response.body).code]).toEqual([404, 'NOT_FOUND']);
    }
    const adopt = await update(vendor, mine.id, { parentId: theirs.id });
    expect([adopt.status, issuePaths(adopt.body)]).toEqual([422, ['parentId']]);
    expect((await tree(other)).map((n) => n.name)).toEqual(['Theirs']);
    expect((await tree(vendor)).some((n) => n.id === theirs.id)).toBe(false);

    const foreignToken = await vendorApi(vendor.slug, other.tokens.owner, 'GET', '/categories');
    expect([foreignToken.status, errorOf(foreignToken.body).code]).toEqual([401, 'UNAUTHORIZED']);
    const anonymous = await vendorApi(vendor.slug, undefined, 'GET', '/categories');
    expect([anonymous.status, errorOf(anonymous.body).code]).toEqual([401, 'UNAUTHORIZED']);
  });
});
