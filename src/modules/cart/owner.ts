import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../env';
import { createRedis } from '../../platform/redis';
import { vendorIdOf } from '../../platform/route-parts';
import { assertSameOrigin } from '../access/middleware';
import type { CartContext } from './service';
import type { CartOwner } from './store';

/**
 * Whose cart a request means. A signed-in customer's cart is theirs (by customer id). Anyone else
 * has a guest cart named by a random id in the `vt_cart` cookie: HttpOnly, SameSite=Lax, bound to
 * this host (no Domain), living as long as the cart. The cookie is set on the first change only.
 */
export const CART_COOKIE = 'vt_cart';
const DEFAULT_TTL_SECONDS = 30 * 24 * 3600;
const CART_ID = /^[A-Za-z0-9_-]{22}$/;
const cookieOptions = { httpOnly: true, secure: true, path: '/', sameSite: 'Lax' } as const;

function ttlSeconds(c: Context<AppEnv>): number {
  const configured = Number(c.env.CART_TTL_SECONDS);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_TTL_SECONDS;
}

/** The database and this host's vendor's cart store. */
export function cartContext(c: Context<AppEnv>): CartContext {
  return { db: c.get('db'), store: { redis: createRedis(c.env), vendorId: vendorIdOf(c), ttlSeconds: ttlSeconds(c) } };
}

function guestCartId(c: Context<AppEnv>): string | undefined {
  const id = getCookie(c, CART_COOKIE);
  return id && CART_ID.test(id) ? id : undefined;
}

/** The cart this request reads, or none (a guest without a cart cookie). */
export function cartOwner(c: Context<AppEnv>): CartOwner | undefined {
  const principal = c.get('principal');
  if (principal?.kind === 'customer') return { kind: 'customer', customerId: principal.customerId };
  const cartId = guestCartId(c);
  return cartId ? { kind: 'guest', cartId } : undefined;
}

/**
 * The cart this request changes. A guest's cart is named by a cookie, which browsers send on
 * cross-site requests too: its writes must come from this origin (as cookie sessions' do). A new
 * guest gets a cart id; the cookie's lifetime is renewed with every change.
 */
export function cartOwnerForWrite(c: Context<AppEnv>): CartOwner {
  const principal = c.get('principal');
  if (principal?.kind === 'customer') return { kind: 'customer', customerId: principal.customerId };
  assertSameOrigin(c);
  const cartId = guestCartId(c) ?? newCartId();
  setCookie(c, CART_COOKIE, cartId, { ...cookieOptions, maxAge: ttlSeconds(c) });
  return { kind: 'guest', cartId };
}

/**
 * The cart a removal or a checkout works on: checked as for a change, but a guest without a cart
 * gets no new one (there is nothing to remove or order).
 */
export function existingCartForWrite(c: Context<AppEnv>): CartOwner | undefined {
  const principal = c.get('principal');
  if (principal?.kind === 'customer') return { kind: 'customer', customerId: principal.customerId };
  assertSameOrigin(c);
  return cartOwner(c);
}

function newCartId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Forgets the guest cart cookie (after its cart joined a customer's). */
export function clearCartCookie(c: Context<AppEnv>): void {
  deleteCookie(c, CART_COOKIE, cookieOptions);
}

/** The guest cart id this request carries, if any (for the merge at sign-in). */
export function presentedGuestCart(c: Context<AppEnv>): (CartOwner & { kind: 'guest' }) | undefined {
  const cartId = guestCartId(c);
  return cartId ? { kind: 'guest', cartId } : undefined;
}
