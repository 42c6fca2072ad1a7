import { and, eq, sql } from 'drizzle-orm';
import { type OrderActorKind, type OrderStatus, orderStatusHistory, orders } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { settleReservations } from '../inventory';
import { decodeCursor, encodeCursor } from './cursor';
import { TRANSITION_EVENTS } from './events';
import { type SummaryRow, toOrder, toSummary, toTeamOrder } from './order-mapping';
import {
  findAllocations,
  findHistory,
  findItems,
  findOrder,
  findOrderByNumber,
  findOrderPage,
  findUnpaidPendingOrders,
  lockOrder,
  type OrderFilter,
} from './repo';
import type { Order, OrderListQuery, OrderPage, TeamOrder, TransitionInput } from './schemas';
import { allowedTransitions, canTransition, stockEffect } from './status';

/** Who changes an order's status, as its history records it. */
export interface OrderActor {
  kind: OrderActorKind;
  id: string | null;
}

/** The platform itself (a scheduled job, not a person or key): history shows "by the system". */
export const SYSTEM_ACTOR: OrderActor = Object.freeze({ kind: 'system', id: null });

/** Conditions a transition checks under the order's lock, besides the status machine and version. */
export interface TransitionGuard {
  /** Refuse (CONFLICT) unless the order's payment is still pending. */
  unpaid?: boolean;
}

const notFound = () => new ApiError('NOT_FOUND', 'No such order here');

/** One order with its items, history and the transitions it allows, for the team. */
export async function getTeamOrder(db: Database, vendorId: string, orderId: string): Promise<TeamOrder> {
  const [[order], items, history] = await db
    .vendor(vendorId)
    .read(
      (q) => [findOrder(q, vendorId, orderId), findItems(q, vendorId, [orderId]), findHistory(q, vendorId, orderId)] as const,
    );
  if (!order) throw notFound();
  return toTeamOrder(order, items, history);
}

/** A page of orders, newest first, filtered by status, time, customer or number. */
export async function listOrders(db: Database, vendorId: string, query: OrderListQuery): Promise<OrderPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const filter: OrderFilter = {
    status: query.status,
    from: query.from,
    to: query.to,
    customerId: query.customerId,
    number: query.number,
    after: after ? { placedAt: after.at, id: after.id } : undefined,
  };
  const [rows] = await db.vendor(vendorId).read((q) => [findOrderPage(q, vendorId, filter, query.limit)] as const);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map((row) => toSummary(row as SummaryRow)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.placedAt, last.id) : null,
  };
}

/** A shopper's own order by its number; someone else's order is NOT_FOUND. */
export async function getCustomerOrder(db: Database, vendorId: string, customerId: string, number: number): Promise<Order> {
  const [[order]] = await db.vendor(vendorId).read((q) => [findOrderByNumber(q, vendorId, number)] as const);
  if (!order || order.customerId !== customerId) throw notFound();
  const [items] = await db.vendor(vendorId).read((q) => [findItems(q, vendorId, [order.id])] as const);
  return toOrder(order, items);
}

/** A guest's order by number and the email it was placed with (both must match). */
export async function findGuestOrder(db: Database, vendorId: string, number: number, email: string): Promise<Order> {
  const [[order]] = await db.vendor(vendorId).read((q) => [findOrderByNumber(q, vendorId, number)] as const);
  if (!order || order.email !== email) throw notFound();
  const [items] = await db.vendor(vendorId).read((q) => [findItems(q, vendorId, [order.id])] as const);
  return toOrder(order, items);
}

/**
 * Pending orders still unpaid `hours` hours after they were placed, oldest first (at most
 * `limit`), with the version a transition needs.
 */
export async function listUnpaidPendingOrders(
  db: Database,
  vendorId: string,
  hours: number,
  limit: number,
): Promise<{ id: string; number: number; version: number }[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findUnpaidPendingOrders(q, vendorId, hours, limit)] as const);
  return rows;
}

/**
 * Moves an order to `to` if the machine allows it from its current status and `version` is
 * current (and the guard holds), in one transaction with the order row locked: the stock effect
 * (cancel releases the reservation, ship takes it off the shelf with `sold` ledger entries), the
 * history entry and the event.
 */
export async function transitionOrder(
  db: Database,
  vendorId: string,
  orderId: string,
  input: TransitionInput,
  actor: OrderActor,
  guard: TransitionGuard = {},
): Promise<TeamOrder> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [order] = await lockOrder(tx, vendorId, orderId);
    if (!order) throw notFound();
    const from = order.status as OrderStatus;
    if (order.version !== input.version)
      throw new ApiError('CONFLICT', 'The order changed since you read it; reload it', {
        details: { currentVersion: order.version, status: from },
      });
    if (!canTransition(from, input.to))
      throw new ApiError('INVALID_TRANSITION', `An order that is ${from} can't become ${input.to}`, {
        details: { from, to: input.to, allowed: allowedTransitions(from) },
      });
    if (guard.unpaid && order.paymentStatus !== 'pending')
      throw new ApiError('CONFLICT', 'The order is no longer unpaid', { details: { paymentStatus: order.paymentStatus } });
    const effect = stockEffect(input.to);
    if (effect) {
      const allocations = await findAllocations(tx, vendorId, orderId);
      const { changed, held } = await settleReservations(tx, vendorId, allocations, effect, `order:${orderId}`, actor.id);
      // Each allocation is held in its level until now (unless the variant is gone): anything else
      // is a broken invariant, and the whole change rolls back.
      if (changed !== held) throw new Error(`order ${orderId}: ${held - changed} reservations not held`);
    }
    const [updated] = await tx
      .update(orders)
      .set({ status: input.to, version: sql`${orders.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(orders.vendorId, vendorId), eq(orders.id, orderId)))
      .returning();
    if (!updated) throw notFound();
    await tx.insert(orderStatusHistory).values({
      vendorId,
      orderId,
      fromStatus: from,
      toStatus: input.to,
      actorKind: actor.kind,
      actorId: actor.id,
      note: input.note,
    });
    const event = input.to in TRANSITION_EVENTS ? TRANSITION_EVENTS[input.to as keyof typeof TRANSITION_EVENTS] : undefined;
    if (event)
      await tx.insert(outbox).values(
        outboxRow(event, {
          vendorId,
          aggregateId: orderId,
          payload: { orderId, number: order.number, from, to: input.to, actor, note: input.note },
        }),
      );
    const items = await findItems(tx, vendorId, [orderId]);
    const history = await findHistory(tx, vendorId, orderId);
    return toTeamOrder(updated, items, history);
  });
}
