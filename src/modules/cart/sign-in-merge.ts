import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { cartContext, clearCartCookie, presentedGuestCart } from './owner';
import { mergeCarts } from './service';

/**
 * Called by the shopper sign-in and registration routes once the customer is known: the guest
 * cart of this browser joins the customer's cart and its cookie is dropped. A failure here must
 * not fail the sign-in, so it is logged and the guest cart stays for a later sign-in.
 */
export async function mergeGuestCartAtSignIn(c: Context<AppEnv>, customerId: string): Promise<void> {
  const guest = presentedGuestCart(c);
  if (!guest) return;
  try {
    await mergeCarts(cartContext(c), guest, customerId);
    clearCartCookie(c);
  } catch (error) {
    console.warn(JSON.stringify({ requestId: c.get('requestId'), event: 'cart merge failed', error: String(error) }));
  }
}
