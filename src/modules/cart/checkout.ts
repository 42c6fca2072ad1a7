import { ApiError } from '../../platform/errors';
import { type Order, type PlaceOrderInput, placeOrder } from '../orders';
import type { CartContext } from './service';
import { type CartOwner, forgetCheckoutLines, readLines, rememberCheckoutLines, writeLines } from './store';

/** What checkout asks besides the lines, which come from the cart. */
export type CartCheckoutInput = Omit<PlaceOrderInput, 'lines'>;

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * Orders what the cart holds, through the orders module (which prices, reserves stock and keeps
 * the Idempotency-Key), then takes the ordered lines out of the cart. The lines of an attempt are
 * remembered under its key, so a retry orders exactly the same lines (and gets the same order
 * back) although the first attempt already emptied the cart; a refused attempt is forgotten.
 */
export async function checkOutCart(
  ctx: CartContext,
  owner: CartOwner | undefined,
  input: CartCheckoutInput,
  options: { idempotencyKey: string | undefined; customerId: string | null },
): Promise<{ order: Order; replayed: boolean }> {
  const key = options.idempotencyKey?.trim();
  if (!key || !KEY_PATTERN.test(key))
    throw new ApiError(
      'IDEMPOTENCY_KEY_REQUIRED',
      'Send an Idempotency-Key header (8–128 of A–Z a–z 0–9 _ . : -), one per checkout',
    );
  const inCart = owner ? await readLines(ctx.store, owner) : [];
  const lines = owner ? await rememberCheckoutLines(ctx.store, owner, key, inCart) : inCart;
  if (lines.length === 0)
    throw new ApiError('VALIDATION_FAILED', 'Your cart is empty', { details: [{ path: 'lines', message: 'the cart is empty' }] });
  try {
    const placed = await placeOrder(
      ctx.db,
      ctx.store.vendorId,
      { ...input, lines },
      {
        idempotencyKey: key,
        buyer: { customerId: options.customerId },
      },
    );
    // Only what was ordered leaves the cart: anything added meanwhile stays.
    if (owner)
      await writeLines(
        ctx.store,
        owner,
        lines.map(({ variantId }) => ({ variantId, quantity: 0 })),
      );
    return placed;
  } catch (error) {
    if (error instanceof ApiError && owner) await forgetCheckoutLines(ctx.store, owner, key);
    throw error;
  }
}
