/** The order confirmation in the browser: where the order comes from, and formatting for OrderDetails. */
import type { Order } from '../../../src/modules/orders/schemas';
import { orderStorageKey } from './checkout-client';
import { formatMoney } from './format';

type Address = Order['shippingAddress'];

export function addressRows(address: Address): string[] {
  return [
    address.name,
    address.company,
    address.line1,
    address.line2,
    `${address.postalCode} ${address.city}`,
    address.region,
    address.country,
    address.phone,
  ].filter((row): row is string => Boolean(row));
}

/**
 * The order page's state: the order the server loaded (a signed-in shopper's), or the one this
 * tab just placed (a guest's, from sessionStorage), or one a guest looks up by number and email.
 */
export function orderView(seed: { order: Order | null; number: number | null }) {
  let order = seed.order;
  if (!order && seed.number !== null) {
    try {
      const kept = sessionStorage.getItem(orderStorageKey(seed.number));
      order = kept ? (JSON.parse(kept) as Order) : null;
    } catch {
      order = null;
    }
  }
  return {
    order,
    lookupEmail: '',
    lookupError: '',
    looking: false,
    /** A guest opens their order elsewhere (another tab, later) with its number and email. */
    async lookUp() {
      if (seed.number === null) return;
      this.looking = true;
      this.lookupError = '';
      try {
        const response = await fetch('/api/v1/shop/orders/lookup', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ number: seed.number, email: this.lookupEmail.trim() }),
        });
        const body = (await response.json().catch(() => null)) as Order | null;
        if (response.ok && body) this.order = body;
        else if (response.status === 404) this.lookupError = 'No order with this number was placed with that email.';
        else if (response.status === 422) this.lookupError = 'Please enter the email address you ordered with.';
        else this.lookupError = 'The order could not be loaded. Please try again.';
      } catch {
        this.lookupError = 'We could not reach the shop. Check your connection and try again.';
      }
      this.looking = false;
    },
    money(minor: number): string {
      return this.order ? formatMoney(minor, this.order.currency) : '';
    },
    addressRows,
  };
}
