import { and, asc, eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import {
  apiKeys,
  inventoryLevels,
  inventoryMovements,
  memberships,
  outbox,
  products,
  type TeamRole,
  users,
  variants,
} from '../../drizzle/schema';
import { mintApiKey } from '../../src/modules/access/api-key-auth';
import { hashPassword } from '../../src/modules/access/passwords';
import type { ApiKeyScope } from '../../src/modules/access/permissions';
import { request } from '../harness/http';
import { appDatabase, createTestVendor, DEMO_PASSWORD, hostUrl, signIn, type TestVendor, uniqueSlug } from '../harness/platform';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

let passwordHash: Promise<string> | undefined;

/** A new user on the vendor's team with `role` (written directly: users are platform rows), signed in. */
async function memberToken(
  vendor: TestVendor,
  role: TeamRole,
): Promise<{ userId: string; name: string; email: string; token: string }> {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const hash = await passwordHash;
  const userId = crypto.randomUUID();
  const email = `${uniqueSlug(role)}@${vendor.slug}.test`;
  const name = `Stock ${role} ${userId.slice(0, 4)}`;
  await appDatabase()
    .platform()
    .write(
      (q) =>
        [
          q.insert(users).values({ id: userId, email, name, passwordHash: hash }),
          q.insert(memberships).values({ vendorId: vendor.id, userId, role }),
        ] as const,
    );
  return { userId, name, email, token: await signIn('vendor', vendor.slug, email) };
}

/** A fresh vendor with one signed-in member per role, so tests can mutate freely. */
export interface InventoryVendor extends TestVendor {
  tokens: Record<TeamRole, string>;
  /** Team members' names by role, as the ledger shows them. */
  names: Record<TeamRole, string>;
  /** Their emails (the password is the demo password). */
  emails: Record<TeamRole, string>;
}

const ROLES = ['owner', 'manager', 'editor', 'viewer'] as const;

export async function inventoryVendor(name = 'Stock Test'): Promise<InventoryVendor> {
  const vendor = await createTestVendor(name);
  const members = await Promise.all(ROLES.map((role) => memberToken(vendor, role)));
  const byRole = <T>(pick: (m: (typeof members)[number]) => T) =>
    Object.fromEntries(ROLES.map((role, i) => [role, pick(members[i] as (typeof members)[number])])) as Record<TeamRole, T>;
  return { ...vendor, tokens: byRole((m) => m.token), names: byRole((m) => m.name), emails: byRole((m) => m.email) };
}

/** An API key of the vendor with these scopes (stored as the API stores keys), as `Authorization` headers. */
export async function apiKeyHeaders(vendor: TestVendor, scopes: ApiKeyScope[], name = 'Stock script') {
  const minted = await mintApiKey();
  await appDatabase()
    .vendor(vendor.id)
    .write(
      (q) =>
        [
          q
            .insert(apiKeys)
            .values({ id: minted.id, vendorId: vendor.id, name, prefix: minted.prefix, keyHash: minted.hash, scopes }),
        ] as const,
    );
  return { id: minted.id, headers: bearer(minted.key) };
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** Calls the vendor's API on its host with a bearer token (or raw headers). */
export async function call<T = Record<string, unknown>>(
  vendor: TestVendor,
  auth: string | Record<string, string>,
  method: string,
  path: string,
  json?: unknown,
): Promise<ApiAnswer<T>> {
  const headers = typeof auth === 'string' ? bearer(auth) : auth;
  const response = await request(hostUrl(vendor.slug, `/api/v1/vendor${path}`), {
    method,
    headers,
    ...(json === undefined ? {} : { json }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export type ErrorAnswer = { error: { code: string; message: string; details?: unknown } };

/** Asserts an error answer's status and code. */
export function expectError(answer: ApiAnswer<unknown>, status: number, code: string): void {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect((answer.body as ErrorAnswer).error.code).toBe(code);
}

export interface TestProduct {
  id: string;
  title: string;
  variantIds: string[];
  skus: string[];
}

/**
 * A product with `count` variants, written directly (setup, not under test: the catalog API is
 * another module's).
 */
export async function insertProduct(vendor: TestVendor, title: string, count = 1, skuPrefix = 'SKU'): Promise<TestProduct> {
  const id = crypto.randomUUID();
  const suffix = crypto.randomUUID().slice(0, 6).toUpperCase();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: crypto.randomUUID(),
    vendorId: vendor.id,
    productId: id,
    sku: `${skuPrefix}-${suffix}-${i + 1}`,
    options: { size: ['S', 'M', 'L', 'XL'][i % 4] ?? 'S' },
    priceMinor: 1000 + i,
    basePriceMinor: 1000 + i,
    position: i,
  }));
  await appDatabase()
    .vendor(vendor.id)
    .write(
      (q) =>
        [
          q
            .insert(products)
            .values({ id, vendorId: vendor.id, slug: `p-${suffix.toLowerCase()}-${id.slice(0, 4)}`, title, status: 'active' }),
          q.insert(variants).values(rows),
        ] as const,
    );
  return { id, title, variantIds: rows.map((r) => r.id), skus: rows.map((r) => r.sku) };
}

export interface TestLocation {
  id: string;
  code: string;
  name: string;
  isDefault: boolean;
}

/** Creates a location through the API (as the owner). */
export async function createLocation(
  vendor: InventoryVendor,
  code: string,
  extra: { isDefault?: boolean } = {},
): Promise<TestLocation> {
  const answer = await call<TestLocation>(vendor, vendor.tokens.owner, 'POST', '/locations', {
    code,
    name: `Location ${code}`,
    ...extra,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

/** Adjusts stock through the API as the manager. */
export function adjust(vendor: InventoryVendor, body: Record<string, unknown>, token = vendor.tokens.manager) {
  return call<Record<string, number> & ErrorAnswer>(vendor, token, 'POST', '/inventory/adjustments', body);
}

/** The level row as stored (or undefined), read directly. */
export async function storedLevel(vendor: TestVendor, variantId: string, locationId: string) {
  const [rows] = await appDatabase()
    .vendor(vendor.id)
    .read(
      (q) =>
        [
          q
            .select()
            .from(inventoryLevels)
            .where(and(eq(inventoryLevels.variantId, variantId), eq(inventoryLevels.locationId, locationId))),
        ] as const,
    );
  return rows[0];
}

/** The vendor's ledger, oldest first, read directly. */
export async function storedMovements(vendor: TestVendor) {
  const [rows] = await appDatabase()
    .vendor(vendor.id)
    .read((q) => [q.select().from(inventoryMovements).orderBy(asc(inventoryMovements.seq))] as const);
  return rows;
}

/** The vendor's outbox rows of `topic`, oldest first, read directly. */
export async function storedEvents(vendor: TestVendor, topic: string) {
  const [rows] = await appDatabase()
    .vendor(vendor.id)
    .read((q) => [q.select().from(outbox).where(eq(outbox.topic, topic)).orderBy(asc(outbox.seq))] as const);
  return rows;
}

/** Puts `reserved` on a level directly (what order processing will do), keeping the ledger in step. */
export async function reserve(vendor: TestVendor, variantId: string, locationId: string, reserved: number) {
  await appDatabase()
    .vendor(vendor.id)
    .write(
      (q) =>
        [
          q
            .update(inventoryLevels)
            .set({ reserved: sql`${inventoryLevels.reserved} + ${reserved}` })
            .where(
              and(
                eq(inventoryLevels.vendorId, vendor.id),
                eq(inventoryLevels.variantId, variantId),
                eq(inventoryLevels.locationId, locationId),
              ),
            ),
          q
            .insert(inventoryMovements)
            .values({ vendorId: vendor.id, variantId, locationId, reservedDelta: reserved, reason: 'reserved' }),
        ] as const,
    );
}
