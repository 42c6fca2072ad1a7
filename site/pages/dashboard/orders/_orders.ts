/**
 * What the dashboard's order and customer pages share: the API's order shapes as the pages read
 * them, status labels and tones, and who may move an order on. The leading underscore keeps this
 * file out of Astro's routes.
 */
import type { OrderSummary, TeamOrder } from '../../../../src/modules/orders';

export { formatMoney } from '../products/_catalog';
export type { OrderSummary, TeamOrder };

export type OrderStatus = TeamOrder['status'];

export const ORDER_STATUSES: OrderStatus[] = [
  'pending',
  'confirmed',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
];

export const ORDER_STATUS_LABEL: Record<OrderStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  processing: 'Processing',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
};

export const ORDER_STATUS_TONE: Record<OrderStatus, 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'brand'> = {
  pending: 'warning',
  confirmed: 'info',
  processing: 'info',
  shipped: 'brand',
  delivered: 'success',
  cancelled: 'neutral',
  refunded: 'danger',
};

/** The button that moves an order into a status, as the team reads it. */
export const TRANSITION_LABEL: Record<OrderStatus, string> = {
  pending: 'Back to pending',
  confirmed: 'Confirm',
  processing: 'Start processing',
  shipped: 'Mark shipped',
  delivered: 'Mark delivered',
  cancelled: 'Cancel order',
  refunded: 'Refund',
};

export const formatDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
