/**
 * The checkout form in the browser: the quote as the shipping method changes, and placing the
 * order with an Idempotency-Key that is made once per attempt and sent again on every retry of
 * that attempt (a lost answer can't order twice); a definite refusal ends the attempt, so the
 * next press is a new one. The placed order is kept in sessionStorage for the confirmation page.
 */
import type { Order, Quote } from '../../../src/modules/orders/schemas';
import { announce } from './cart-client';
import { formatMoney } from './format';

export interface AddressFields {
  name: string;
  company: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  phone: string;
}

export interface SavedAddressView extends AddressFields {
  id: string;
  label: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

export interface CheckoutSeed {
  email: string;
  lines: { variantId: string; quantity: number }[];
  shippingMethodId: string;
  paymentMethod: string;
  quote: Quote | null;
  addresses: SavedAddressView[];
  country: string;
}

interface ErrorEnvelope {
  error?: { code?: string; message?: string; details?: unknown };
}

const emptyAddress = (country: string): AddressFields => ({
  name: '',
  company: '',
  line1: '',
  line2: '',
  postalCode: '',
  city: '',
  country,
  phone: '',
});

/** The key under which the confirmation page finds a just-placed order. */
export const orderStorageKey = (number: number | string) => `vitrine:order:${number}`;

function addressBody(address: AddressFields) {
  const optional = (value: string) => (value.trim() ? value.trim() : null);
  return {
    name: address.name.trim(),
    company: optional(address.company),
    line1: address.line1.trim(),
    line2: optional(address.line2),
    postalCode: address.postalCode.trim(),
    city: address.city.trim(),
    country: address.country,
    phone: optional(address.phone),
  };
}

function fromSaved(saved: SavedAddressView | undefined, country: string): AddressFields {
  if (!saved) return emptyAddress(country);
  const { name, company, line1, line2, postalCode, city, phone } = saved;
  return {
    name,
    company: company ?? '',
    line1,
    line2: line2 ?? '',
    postalCode,
    city,
    country: saved.country,
    phone: phone ?? '',
  };
}

/** Stock problems in the shopper's words. */
function shortageText(details: unknown): string {
  const lines = (details as { lines?: { sku?: string | null; available: number; requested: number }[] } | undefined)?.lines;
  if (!lines?.length) return 'Some items are no longer available in the quantity you chose.';
  const parts = lines.map((l) =>
    l.available > 0 ? `only ${l.available} left of ${l.sku ?? 'an item'}` : `${l.sku ?? 'an item'} is sold out`,
  );
  return `Sorry, ${parts.join('; ')}. Please update your cart.`;
}

export function checkoutForm(seed: CheckoutSeed) {
  const defaultShipping = seed.addresses.find((a) => a.isDefaultShipping) ?? seed.addresses[0];
  const defaultBilling = seed.addresses.find((a) => a.isDefaultBilling);
  return {
    email: seed.email,
    shipping: fromSaved(defaultShipping, seed.country),
    billing: fromSaved(defaultBilling, seed.country),
    billingSame: !defaultBilling || defaultBilling.id === defaultShipping?.id,
    shippingMethodId: seed.shippingMethodId,
    paymentMethod: seed.paymentMethod,
    note: '',
    addresses: seed.addresses,
    lines: seed.lines,
    quote: seed.quote,
    quoting: false,
    placing: false,
    error: '',
    errorToCart: false,
    fieldErrors: {} as Record<string, string>,
    /** The current attempt's key: kept across retries, dropped after a definite answer. */
    attemptKey: '',

    init(this: { $watch: (name: string, fn: () => void) => void; requote: () => Promise<void> }) {
      this.$watch('shippingMethodId', () => void this.requote());
    },
    money(minor: number | null | undefined, currency: string | null | undefined): string {
      return minor === null || minor === undefined || !currency ? '—' : formatMoney(minor, currency);
    },
    err(path: string): string {
      return this.fieldErrors[path] ?? '';
    },
    useSaved(which: 'shipping' | 'billing', id: string) {
      const saved = this.addresses.find((a) => a.id === id);
      if (saved) this[which] = fromSaved(saved, seed.country);
    },
    async requote() {
      this.quoting = true;
      try {
        const response = await fetch('/api/v1/shop/checkout/quote', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ lines: this.lines, shippingMethodId: this.shippingMethodId || undefined }),
        });
        const body = (await response.json().catch(() => null)) as (Quote & ErrorEnvelope) | null;
        if (response.ok && body) this.quote = body;
        else this.error = body?.error?.message ?? 'The totals could not be updated.';
      } catch {
        this.error = 'We could not reach the shop to update the totals.';
      }
      this.quoting = false;
    },
    body() {
      return {
        email: this.email.trim(),
        shippingAddress: addressBody(this.shipping),
        ...(this.billingSame ? {} : { billingAddress: addressBody(this.billing) }),
        shippingMethodId: this.shippingMethodId,
        paymentMethod: this.paymentMethod,
        note: this.note.trim() || null,
      };
    },
    async place() {
      if (this.placing) return;
      this.placing = true;
      this.error = '';
      this.errorToCart = false;
      this.fieldErrors = {};
      this.attemptKey ||= crypto.randomUUID();
      let response: Response;
      try {
        response = await fetch('/api/v1/shop/cart/checkout', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': this.attemptKey },
          body: JSON.stringify(this.body()),
        });
      } catch {
        // The order may or may not have been placed: the same key on the next press finds out.
        this.error = 'We could not reach the shop. Please press “Place order” again; you will not be charged twice.';
        this.placing = false;
        return;
      }
      const body = (await response.json().catch(() => null)) as (Order & ErrorEnvelope) | null;
      if (response.ok && body?.number) {
        sessionStorage.setItem(orderStorageKey(body.number), JSON.stringify(body));
        announce({ lines: [], itemCount: 0, subtotalMinor: 0, currency: null, checkoutReady: false });
        window.location.assign(`/checkout/done?number=${body.number}`);
        return;
      }
      this.placing = false;
      // A server error leaves the outcome open: keep the key. Any other answer is definite.
      if (response.status < 500) this.attemptKey = '';
      this.showError(body, response.status);
    },
    showError(body: ErrorEnvelope | null, status: number) {
      const error = body?.error;
      if (error?.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
        for (const issue of error.details as { path?: string; message?: string }[])
          if (issue.path) this.fieldErrors[issue.path] = issue.message ?? 'Please check this field';
        const lineIssue = Object.keys(this.fieldErrors).some((path) => path.startsWith('lines'));
        this.errorToCart = lineIssue;
        this.error = lineIssue
          ? 'Something in your cart can no longer be ordered. Please review your cart.'
          : 'Please check the highlighted fields.';
      } else if (error?.code === 'INSUFFICIENT_STOCK') {
        this.error = shortageText(error.details);
        this.errorToCart = true;
      } else if (error?.code === 'CONFLICT' && (error.details as { orderNumber?: number } | undefined)?.orderNumber) {
        const number = (error.details as { orderNumber: number }).orderNumber;
        this.error = `This order was already placed as order ${number}.`;
      } else if (status === 429) this.error = 'Too many attempts right now. Please wait a moment and try again.';
      else this.error = error?.message ?? 'Your order could not be placed. Please try again.';
    },
  };
}
