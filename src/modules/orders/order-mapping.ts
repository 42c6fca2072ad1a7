import type { OrderStatus } from '../../../drizzle/schema';
import { paymentProvider } from './payments';
import type { HistoryRow, OrderItemRow, OrderRow } from './repo';
import type { Order, OrderSummary, TeamOrder } from './schemas';
import { allowedTransitions } from './status';

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** An order as its shopper sees it. */
export function toOrder(row: OrderRow, items: OrderItemRow[]): Order {
  const provider = paymentProvider(row.paymentMethod);
  const totalMinor = Number(row.totalMinor);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    version: row.version,
    email: row.email,
    customerId: row.customerId,
    shippingAddress: row.shippingAddress,
    billingAddress: row.billingAddress,
    currency: row.currency,
    subtotalMinor: Number(row.subtotalMinor),
    shippingMinor: Number(row.shippingMinor),
    taxMinor: Number(row.taxMinor),
    totalMinor,
    taxBreakdown: row.taxBreakdown,
    shippingMethod: { id: row.shippingMethodId, name: row.shippingMethodName },
    payment: {
      method: row.paymentMethod,
      label: provider.label,
      status: row.paymentStatus,
      instructions: provider.authorize({ number: row.number, totalMinor, currency: row.currency, email: row.email }).instructions,
    },
    note: row.note,
    placedAt: iso(row.placedAt),
    updatedAt: iso(row.updatedAt),
    items: items
      .filter((item) => item.orderId === row.id)
      .map((item) => ({
        id: item.id,
        productId: item.productId,
        variantId: item.variantId,
        productTitle: item.productTitle,
        variantOptions: item.variantOptions,
        sku: item.sku,
        unitPriceMinor: Number(item.unitPriceMinor),
        quantity: item.quantity,
        taxRateBp: item.taxRateBp,
        taxMinor: Number(item.taxMinor),
        totalMinor: Number(item.totalMinor),
      })),
  };
}

/** An order as the team sees it: with its history and where it may go next. */
export function toTeamOrder(row: OrderRow, items: OrderItemRow[], history: HistoryRow[]): TeamOrder {
  return {
    ...toOrder(row, items),
    history: history.map((entry) => ({
      from: entry.fromStatus,
      to: entry.toStatus,
      actor: { kind: entry.actorKind, id: entry.actorId },
      note: entry.note,
      at: iso(entry.createdAt),
    })),
    allowedTransitions: [...allowedTransitions(row.status as OrderStatus)],
  };
}

export interface SummaryRow {
  id: string;
  number: number;
  status: OrderStatus;
  email: string;
  customerId: string | null;
  billingAddress: { name: string };
  currency: string;
  totalMinor: number;
  placedAt: string;
  itemCount: number;
}

export function toSummary(row: SummaryRow): OrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    email: row.email,
    customerId: row.customerId,
    customerName: row.billingAddress.name,
    currency: row.currency,
    totalMinor: Number(row.totalMinor),
    itemCount: Number(row.itemCount),
    placedAt: iso(row.placedAt),
  };
}
