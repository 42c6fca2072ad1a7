import type { z } from 'zod';
import { outbox } from '../../drizzle/schema';

/** A versioned event: its topic (`<entity>.<past-verb>.v<n>`), what it is about, its payload schema. */
export interface EventDefinition<S extends z.ZodType> {
  topic: string;
  aggregateType: string;
  schema: S;
}

/** Declares an event type; modules keep their definitions in their own `events.ts`. */
export function defineEvent<S extends z.ZodType>(topic: string, aggregateType: string, schema: S): EventDefinition<S> {
  if (!/^[a-z][a-z-]*\.[a-z][a-z-]*\.v\d+$/.test(topic)) throw new Error(`Event topic ${topic} is not <entity>.<past-verb>.v<n>`);
  return { topic, aggregateType, schema };
}

export type OutboxRow = typeof outbox.$inferInsert;

/**
 * The outbox row for an event, its payload validated. Insert it with the same batch or
 * transaction as the change it describes: `db.insert(outbox).values(outboxRow(...))`.
 */
export function outboxRow<S extends z.ZodType>(
  event: EventDefinition<S>,
  fields: { vendorId: string; aggregateId: string; payload: z.input<S> },
): OutboxRow {
  return {
    topic: event.topic,
    vendorId: fields.vendorId,
    aggregateType: event.aggregateType,
    aggregateId: fields.aggregateId,
    payload: event.schema.parse(fields.payload) as Record<string, unknown>,
  };
}

export { outbox };
