import type { PaymentMethodId } from '../../../drizzle/schema';

/** What a payment provider needs to know about the order it is asked to take payment for. */
export interface PayableOrder {
  number: number;
  totalMinor: number;
  currency: string;
  email: string;
}

export interface Authorization {
  /** `pending`: the money comes later (a transfer, on delivery, an invoice); a card provider may answer `authorized`. */
  status: 'pending' | 'authorized' | 'failed';
  /** What the shopper is told to do, shown after placing the order and on the order page. */
  instructions: string;
}

/**
 * A way to pay. The manual methods only explain what to do; a card provider would implement
 * `authorize` with its API (and webhooks would move the payment on).
 */
export interface PaymentProvider {
  id: PaymentMethodId;
  label: string;
  description: string;
  authorize(order: PayableOrder): Authorization;
}

const amount = (order: PayableOrder) => `${(order.totalMinor / 100).toFixed(2)} ${order.currency}`;

export const PAYMENT_PROVIDERS: Readonly<Record<PaymentMethodId, PaymentProvider>> = {
  bank_transfer: {
    id: 'bank_transfer',
    label: 'Bank transfer',
    description: 'Pay by bank transfer; we ship once the money has arrived.',
    authorize: (order) => ({
      status: 'pending',
      instructions: `Please transfer ${amount(order)} with the reference "Order ${order.number}". We ship once it has arrived.`,
    }),
  },
  cash_on_delivery: {
    id: 'cash_on_delivery',
    label: 'Pay on delivery',
    description: 'Pay the courier when your parcel arrives.',
    authorize: (order) => ({ status: 'pending', instructions: `Please have ${amount(order)} ready for the courier.` }),
  },
  invoice: {
    id: 'invoice',
    label: 'Invoice',
    description: 'Receive an invoice with your parcel, payable within 14 days.',
    authorize: (order) => ({
      status: 'pending',
      instructions: `An invoice for ${amount(order)} comes with your parcel, payable within 14 days (reference "Order ${order.number}").`,
    }),
  },
};

/** The provider behind a payment method. */
export function paymentProvider(id: PaymentMethodId): PaymentProvider {
  return PAYMENT_PROVIDERS[id];
}
