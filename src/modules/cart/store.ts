import type { Redis } from '@upstash/redis/cloudflare';
import type { StoredLine } from './schemas';

/**
 * The cart store: one Redis hash per cart, `variantId → quantity`, under
 * `cart:<vendorId>:guest:<cartId>` or `cart:<vendorId>:customer:<customerId>`. The vendor is part
 * of the key, so a cart id presented on another vendor's host names a different (empty) cart.
 * Every write refreshes the time to live; a cart nobody touches expires on its own.
 */

/** Whose cart: a guest's (named by the random id in their cookie) or a signed-in customer's. */
export type CartOwner = { kind: 'guest'; cartId: string } | { kind: 'customer'; customerId: string };

export interface CartStore {
  redis: Redis;
  vendorId: string;
  ttlSeconds: number;
}

export function cartKey(vendorId: string, owner: CartOwner): string {
  return owner.kind === 'guest' ? `cart:${vendorId}:guest:${owner.cartId}` : `cart:${vendorId}:customer:${owner.customerId}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cart's lines in the order they were added (a small hash keeps insertion order). */
export async function readLines(store: CartStore, owner: CartOwner): Promise<StoredLine[]> {
  const hash = await store.redis.hgetall<Record<string, unknown>>(cartKey(store.vendorId, owner));
  return Object.entries(hash ?? {}).flatMap(([variantId, value]) => {
    const quantity = Number(value);
    return UUID.test(variantId) && Number.isInteger(quantity) && quantity > 0 ? [{ variantId, quantity }] : [];
  });
}

/** Sets lines to these quantities (0 removes) and refreshes the time to live, atomically. */
export async function writeLines(store: CartStore, owner: CartOwner, lines: StoredLine[]): Promise<void> {
  const key = cartKey(store.vendorId, owner);
  const kept = Object.fromEntries(lines.filter((l) => l.quantity > 0).map((l) => [l.variantId, l.quantity]));
  const removed = lines.filter((l) => l.quantity <= 0).map((l) => l.variantId);
  const tx = store.redis.multi();
  if (Object.keys(kept).length > 0) tx.hset(key, kept);
  if (removed.length > 0) tx.hdel(key, ...removed);
  tx.expire(key, store.ttlSeconds);
  await tx.exec();
}

/**
 * Adds to a line atomically (two quick "Add to cart" presses both count) and refreshes the time to
 * live; a line that ends up above `cap` (a concurrent add got there first) is set back to it.
 */
export async function incrementLine(
  store: CartStore,
  owner: CartOwner,
  variantId: string,
  by: number,
  cap: number,
): Promise<number> {
  const key = cartKey(store.vendorId, owner);
  const tx = store.redis.multi();
  tx.hincrby(key, variantId, by);
  tx.expire(key, store.ttlSeconds);
  const [quantity] = (await tx.exec()) as [number, number];
  if (quantity <= cap) return quantity;
  await store.redis.hset(key, { [variantId]: cap });
  return cap;
}

/** Empties the cart. */
export async function deleteCart(store: CartStore, owner: CartOwner): Promise<void> {
  await store.redis.del(cartKey(store.vendorId, owner));
}

/** Moves lines into `to` and deletes `from`, in one transaction. */
export async function moveLines(store: CartStore, from: CartOwner, to: CartOwner, lines: StoredLine[]): Promise<void> {
  const target = cartKey(store.vendorId, to);
  const tx = store.redis.multi();
  if (lines.length > 0) {
    tx.hset(target, Object.fromEntries(lines.map((l) => [l.variantId, l.quantity])));
    tx.expire(target, store.ttlSeconds);
  }
  tx.del(cartKey(store.vendorId, from));
  await tx.exec();
}

/**
 * The lines a checkout attempt ordered, kept under its idempotency key for a day, so a retry
 * orders the same lines although the cart was emptied by the first attempt.
 */
export async function rememberCheckoutLines(
  store: CartStore,
  owner: CartOwner,
  idempotencyKey: string,
  lines: StoredLine[],
): Promise<StoredLine[]> {
  const key = `${cartKey(store.vendorId, owner)}:checkout:${idempotencyKey}`;
  const earlier = await store.redis.get<StoredLine[]>(key);
  if (Array.isArray(earlier) && earlier.length > 0) return earlier;
  if (lines.length > 0) await store.redis.set(key, lines, { ex: 86_400 });
  return lines;
}

/** Drops the remembered lines of an attempt that was refused, so the next one reads the cart again. */
export async function forgetCheckoutLines(store: CartStore, owner: CartOwner, idempotencyKey: string): Promise<void> {
  await store.redis.del(`${cartKey(store.vendorId, owner)}:checkout:${idempotencyKey}`);
}
