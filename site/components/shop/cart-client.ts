/**
 * The cart in the browser: calls to /api/v1/shop/cart (the guest cart cookie or the session
 * cookie goes along; same origin, so the CSRF check passes), the shopper-facing wording of its
 * answers, and the Alpine state the drawer and the cart page share. Every change announces the
 * new cart as a `cart-updated` window event ({ count, cart }), which the header badge, the drawer
 * and the cart page all follow.
 */
import type { Cart, CartLine } from '../../../src/modules/cart/schemas';
import { formatMoney } from './format';

export type { Cart, CartLine };

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

export type CartAnswer = { ok: true; cart: Cart } | { ok: false; message: string };

/** The shopper's words for an error answer of the cart API. */
function messageOf(body: ErrorEnvelope | null, status: number): string {
  const error = body?.error;
  if (error?.code === 'INSUFFICIENT_STOCK') {
    const details = error.details as { available?: number; inCart?: number } | undefined;
    const left = details?.available ?? 0;
    if (left === 0) return 'Sorry, this item is out of stock.';
    const held = details?.inCart ? ` You already have ${details.inCart} in your cart.` : '';
    return `Only ${left} left.${held}`;
  }
  if (error?.code === 'NOT_FOUND') return 'This item is no longer available.';
  if (error?.code === 'VALIDATION_FAILED') {
    const first = Array.isArray(error.details) ? (error.details[0] as { message?: string } | undefined) : undefined;
    return first?.message ?? error.message ?? 'That quantity is not possible.';
  }
  if (status === 429) return 'Too many requests right now. Please wait a moment and try again.';
  return error?.message ?? 'Something went wrong. Please try again.';
}

/** One call to the cart API; the answer is the whole cart or a message to show. */
export async function callCart(method: string, path = '', body?: unknown): Promise<CartAnswer> {
  try {
    const response = await fetch(`/api/v1/shop/cart${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = (await response.json().catch(() => null)) as (Cart & ErrorEnvelope) | null;
    if (response.ok && parsed && Array.isArray(parsed.lines)) return { ok: true, cart: parsed };
    return { ok: false, message: messageOf(parsed, response.status) };
  } catch {
    return { ok: false, message: 'We could not reach the shop. Check your connection and try again.' };
  }
}

export function announce(cart: Cart): void {
  window.dispatchEvent(new CustomEvent('cart-updated', { detail: { count: cart.itemCount, cart } }));
}

/** A line's flag in words, or '' when it can be ordered as it is. */
export function lineNote(line: CartLine): string {
  if (line.status === 'unavailable') return 'No longer available. Please remove it to check out.';
  if (line.status === 'insufficient_stock')
    return line.available > 0
      ? `Only ${line.available} left. Lower the quantity to check out.`
      : 'Now out of stock. Please remove it.';
  if (line.available <= 5) return `Only ${line.available} left`;
  return '';
}

/** "Size: L · Colour: Red" */
export function optionsText(line: CartLine): string {
  return Object.entries(line.options)
    .map(([name, value]) => `${name}: ${value}`)
    .join(' · ');
}

/** The state and actions the drawer and the cart page share (an Alpine component's base; spread it, so no getters). */
export function cartState(seed: Cart | null) {
  return {
    cart: seed,
    busy: false,
    error: '',
    money(minor: number | null, currency: string | null): string {
      return minor === null || !currency ? '—' : formatMoney(minor, currency);
    },
    note: lineNote,
    optionsText,
    isEmpty(): boolean {
      return !this.cart || this.cart.lines.length === 0;
    },
    async load(): Promise<void> {
      const answer = await callCart('GET');
      if (answer.ok) this.take(answer.cart);
      else this.error = answer.message;
    },
    take(cart: Cart): void {
      this.cart = cart;
      announce(cart);
    },
    async change(method: string, path: string, body?: unknown): Promise<boolean> {
      this.busy = true;
      this.error = '';
      const answer = await callCart(method, path, body);
      this.busy = false;
      if (answer.ok) this.take(answer.cart);
      else {
        this.error = answer.message;
        // Redraw the lines as they are, so a refused quantity typed into a field is put back.
        if (this.cart) this.cart = { ...this.cart, lines: this.cart.lines.map((line) => ({ ...line })) };
      }
      return answer.ok;
    },
    setQuantity(line: CartLine, quantity: number): Promise<boolean> {
      const wanted = Math.max(0, Math.min(999, Math.floor(quantity) || 0));
      return this.change('PATCH', `/items/${encodeURIComponent(line.variantId)}`, { quantity: wanted });
    },
    remove(line: CartLine): Promise<boolean> {
      return this.change('DELETE', `/items/${encodeURIComponent(line.variantId)}`);
    },
  };
}
