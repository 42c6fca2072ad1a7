import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { getShopVariants, type ShopVariantFacts } from '../catalog';
import {
  type Cart,
  type CartLine,
  type CartSummary,
  type LineStatus,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  type StoredLine,
} from './schemas';
import { type CartOwner, type CartStore, deleteCart, incrementLine, moveLines, readLines, writeLines } from './store';

/**
 * The cart's rules. The store keeps only `variantId → quantity`; titles, prices and availability
 * are read live from the catalog every time a cart is shown. Adding or raising a line beyond what
 * is available is refused (INSUFFICIENT_STOCK with `available`); stock that drops after a line was
 * added is shown as a flag on the line instead.
 */

/** What every cart operation works with: the request's database and this vendor's cart store. */
export interface CartContext {
  db: Database;
  store: CartStore;
}

function lineStatus(facts: ShopVariantFacts | undefined, quantity: number): LineStatus {
  if (!facts?.onSale) return 'unavailable';
  return facts.available < quantity ? 'insufficient_stock' : 'ok';
}

function toLine(stored: StoredLine, facts: ShopVariantFacts | undefined): CartLine {
  const status = lineStatus(facts, stored.quantity);
  return {
    variantId: stored.variantId,
    quantity: stored.quantity,
    product: facts ? { id: facts.productId, slug: facts.productSlug, title: facts.productTitle } : null,
    sku: facts?.sku ?? null,
    options: facts?.options ?? {},
    image: facts?.image ?? null,
    unitPriceMinor: facts?.priceMinor ?? null,
    compareAtMinor: facts?.compareAtMinor ?? null,
    currency: facts?.currency ?? null,
    lineTotalMinor: facts && status !== 'unavailable' ? facts.priceMinor * stored.quantity : 0,
    available: facts?.onSale ? facts.available : 0,
    status,
  };
}

/** The cart as a shopper sees it, priced now. */
async function viewOf(ctx: CartContext, stored: StoredLine[]): Promise<Cart> {
  const facts =
    stored.length > 0
      ? await getShopVariants(
          ctx.db,
          ctx.store.vendorId,
          stored.map((l) => l.variantId),
        )
      : new Map();
  const lines = stored.map((line) => toLine(line, facts.get(line.variantId)));
  return {
    lines,
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotalMinor: lines.reduce((sum, line) => sum + line.lineTotalMinor, 0),
    currency: lines.find((line) => line.currency)?.currency ?? null,
    checkoutReady: lines.length > 0 && lines.every((line) => line.status === 'ok'),
  };
}

/** The owner's cart with live prices and availability. */
export async function getCart(ctx: CartContext, owner: CartOwner | undefined): Promise<Cart> {
  return viewOf(ctx, owner ? await readLines(ctx.store, owner) : []);
}

/** Counts only, without the catalog (for the header badge on every page). */
export async function getCartSummary(ctx: CartContext, owner: CartOwner | undefined): Promise<CartSummary> {
  const lines = owner ? await readLines(ctx.store, owner) : [];
  return { itemCount: lines.reduce((sum, line) => sum + line.quantity, 0), lineCount: lines.length };
}

const tooMany = (path: string, message: string) => new ApiError('VALIDATION_FAILED', message, { details: [{ path, message }] });

function insufficient(facts: ShopVariantFacts, inCart: number): ApiError {
  const left = Math.max(facts.available, 0);
  return new ApiError(
    'INSUFFICIENT_STOCK',
    left === 0 ? 'This item is out of stock' : `Only ${left} available${inCart > 0 ? ` (${inCart} already in your cart)` : ''}`,
    { details: { variantId: facts.id, available: left, inCart } },
  );
}

/**
 * Checks a line may hold `quantity` (more than it holds now): the variant is sold here, within
 * the per-line and per-cart limits, and that many are available. Answers what is available.
 */
async function assertCanHold(ctx: CartContext, lines: StoredLine[], variantId: string, quantity: number): Promise<number> {
  const facts = (await getShopVariants(ctx.db, ctx.store.vendorId, [variantId])).get(variantId);
  if (!facts?.onSale) throw new ApiError('NOT_FOUND', 'No such item in this shop');
  const inCart = lines.find((line) => line.variantId === variantId)?.quantity ?? 0;
  if (quantity > MAX_LINE_QUANTITY)
    throw tooMany('quantity', `At most ${MAX_LINE_QUANTITY} of one item per order (${inCart} already in your cart)`);
  if (inCart === 0 && lines.length >= MAX_CART_LINES)
    throw tooMany('variantId', `A cart holds at most ${MAX_CART_LINES} different items`);
  if (quantity > facts.available) throw insufficient(facts, inCart);
  return facts.available;
}

/** Adds `quantity` units of a variant (to the line it already has, if any). */
export async function addItem(ctx: CartContext, owner: CartOwner, variantId: string, quantity: number): Promise<Cart> {
  const lines = await readLines(ctx.store, owner);
  const next = (lines.find((line) => line.variantId === variantId)?.quantity ?? 0) + quantity;
  const available = await assertCanHold(ctx, lines, variantId, next);
  const held = await incrementLine(ctx.store, owner, variantId, quantity, Math.min(available, MAX_LINE_QUANTITY));
  return viewOf(ctx, upsert(lines, variantId, held));
}

/**
 * Sets a line's quantity; 0 removes it. Lowering is always allowed (even for an item no longer
 * sold); raising follows the rules of adding. NOT_FOUND when the id is neither a line of this cart
 * nor an item of this shop.
 */
export async function setQuantity(ctx: CartContext, owner: CartOwner, variantId: string, quantity: number): Promise<Cart> {
  const lines = await readLines(ctx.store, owner);
  const current = lines.find((line) => line.variantId === variantId)?.quantity ?? 0;
  if (quantity > current) await assertCanHold(ctx, lines, variantId, quantity);
  else if (current === 0) await assertSoldHere(ctx, variantId);
  if (quantity !== current) await writeLines(ctx.store, owner, [{ variantId, quantity }]);
  return viewOf(ctx, upsert(lines, variantId, quantity));
}

/** Removes a line; removing one that isn't there is a no-op (NOT_FOUND for an id this shop doesn't know). */
export async function removeItem(ctx: CartContext, owner: CartOwner | undefined, variantId: string): Promise<Cart> {
  if (owner) return setQuantity(ctx, owner, variantId, 0);
  await assertSoldHere(ctx, variantId);
  return viewOf(ctx, []);
}

/** Empties the cart. */
export async function clearCart(ctx: CartContext, owner: CartOwner | undefined): Promise<Cart> {
  if (owner) await deleteCart(ctx.store, owner);
  return viewOf(ctx, []);
}

async function assertSoldHere(ctx: CartContext, variantId: string): Promise<void> {
  const facts = await getShopVariants(ctx.db, ctx.store.vendorId, [variantId]);
  if (!facts.has(variantId)) throw new ApiError('NOT_FOUND', 'No such item in this shop');
}

function upsert(lines: StoredLine[], variantId: string, quantity: number): StoredLine[] {
  const found = lines.some((line) => line.variantId === variantId);
  const next = found
    ? lines.map((line) => (line.variantId === variantId ? { variantId, quantity } : line))
    : [...lines, { variantId, quantity }];
  return next.filter((line) => line.quantity > 0);
}

/**
 * At sign-in, the guest's cart joins the customer's: quantities add, each line capped by what is
 * available and the per-line limit (never below what the customer's cart already held), lines of
 * items no longer sold are dropped, new lines stop at the per-cart limit. The guest cart is deleted.
 */
export async function mergeCarts(ctx: CartContext, guest: CartOwner & { kind: 'guest' }, customerId: string): Promise<void> {
  const customer: CartOwner = { kind: 'customer', customerId };
  const [guestLines, customerLines] = await Promise.all([readLines(ctx.store, guest), readLines(ctx.store, customer)]);
  if (guestLines.length === 0) return deleteCart(ctx.store, guest);
  const facts = await getShopVariants(
    ctx.db,
    ctx.store.vendorId,
    guestLines.map((line) => line.variantId),
  );
  const held = new Map(customerLines.map((line) => [line.variantId, line.quantity]));
  let lineCount = held.size;
  const merged: StoredLine[] = [];
  for (const line of guestLines) {
    const item = facts.get(line.variantId);
    if (!item?.onSale) continue;
    const already = held.get(line.variantId) ?? 0;
    const capped = Math.min(already + line.quantity, MAX_LINE_QUANTITY, Math.max(item.available, 0));
    if (capped <= already) continue;
    if (already === 0) {
      if (lineCount >= MAX_CART_LINES) continue;
      lineCount++;
    }
    merged.push({ variantId: line.variantId, quantity: capped });
  }
  await moveLines(ctx.store, guest, customer, merged);
}

/** The stored lines, for checkout. */
export function cartLines(ctx: CartContext, owner: CartOwner): Promise<StoredLine[]> {
  return readLines(ctx.store, owner);
}
