import { Receiver } from '@upstash/qstash';
import { deadLetters, processedMessages } from '../../drizzle/schema';
import { type Envelope, envelopeSchema } from '../modules/events/envelope';
import { type FaultEnv, type InjectedFault, injectedFault } from './consumer-faults';
import type { ConsumerName } from './consumers';
import { Database, type DbConfig, type WsTx } from './db';

export interface ConsumerEnv extends DbConfig, FaultEnv {
  QSTASH_CURRENT_SIGNING_KEY: string;
  QSTASH_NEXT_SIGNING_KEY: string;
}

/** An event a consumer can never apply (bad payload, broken invariant): dead-lettered, not retried. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

/** Applies one event inside the vendor's transaction; throw PermanentError to dead-letter it. */
export type EventHandler = (tx: WsTx, event: Envelope) => Promise<void>;

export type ConsumerOutcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Whether `Upstash-Signature` is QStash's signature of this body (current or next signing key). */
export async function verifySignature(env: ConsumerEnv, request: Request, body: string): Promise<boolean> {
  const signature = request.headers.get('upstash-signature');
  if (!signature) return false;
  const receiver = new Receiver({
    currentSigningKey: env.QSTASH_CURRENT_SIGNING_KEY,
    nextSigningKey: env.QSTASH_NEXT_SIGNING_KEY,
  });
  try {
    return await receiver.verify({ signature, body });
  } catch {
    return false;
  }
}

/** False when this consumer already processed the message (a redelivery). */
async function recordProcessed(tx: WsTx, consumer: ConsumerName, event: Envelope): Promise<boolean> {
  const inserted = await tx
    .insert(processedMessages)
    .values(processedRecord(consumer, event))
    .onConflictDoNothing()
    .returning({ messageId: processedMessages.messageId });
  return inserted.length > 0;
}

function processedRecord(consumer: ConsumerName, event: Envelope) {
  return { consumer, messageId: event.id, vendorId: event.vendorId, topic: event.topic };
}

/**
 * Records the message as processed and applies its effect in one vendor transaction: a
 * redelivery finds the record and does nothing, so each effect happens exactly once. A topic
 * without a handler has no effect, so its record is one HTTP statement, not a transaction.
 * An injected fault (local tests only) throws after the record and the effect, inside the
 * transaction, so both roll back.
 */
async function apply(
  db: Database,
  consumer: ConsumerName,
  event: Envelope,
  handler: EventHandler | undefined,
  fault: InjectedFault | undefined,
): Promise<ConsumerOutcome> {
  if (!handler && !fault) {
    const [inserted] = await db
      .vendor(event.vendorId)
      .write(
        (q) =>
          [
            q
              .insert(processedMessages)
              .values(processedRecord(consumer, event))
              .onConflictDoNothing()
              .returning({ messageId: processedMessages.messageId }),
          ] as const,
      );
    return inserted.length > 0 ? 'ignored' : 'duplicate';
  }
  return db.vendor(event.vendorId).transaction(async (tx) => {
    if (!(await recordProcessed(tx, consumer, event))) return 'duplicate';
    if (handler) await handler(tx, event);
    if (fault) throw fault;
    return handler ? 'applied' : 'ignored';
  });
}

async function deadLetter(db: Database, consumer: ConsumerName, event: Envelope, error: Error): Promise<ConsumerOutcome> {
  return db.vendor(event.vendorId).transaction(async (tx) => {
    if (!(await recordProcessed(tx, consumer, event))) return 'duplicate';
    await tx.insert(deadLetters).values({
      consumer,
      messageId: event.id,
      vendorId: event.vendorId,
      topic: event.topic,
      payload: event,
      error: error.message.slice(0, 2000),
    });
    return 'dead-lettered';
  });
}

/**
 * Work after the commit (e.g. sending what the handler recorded), run for an applied event and for
 * a duplicate (a retry after this step failed). Throwing answers 500, so QStash retries the event.
 */
export type AfterCommit<E> = (env: E, db: Database, event: Envelope, outcome: 'applied' | 'duplicate') => Promise<void>;

/**
 * A QStash consumer Worker: verifies the signature (current or next key), validates the
 * envelope, and applies the topic's handler exactly once. Transient failures answer 500 so
 * QStash retries; permanent ones are recorded as dead letters and answered 200.
 */
export function createConsumer<E extends ConsumerEnv = ConsumerEnv>(
  consumer: ConsumerName,
  handlers: Record<string, EventHandler>,
  options: { afterCommit?: AfterCommit<E> } = {},
) {
  return {
    async fetch(request: Request, env: E, ctx: ExecutionContext): Promise<Response> {
      if (request.method === 'GET') return json(200, { consumer, topics: Object.keys(handlers) });
      if (request.method !== 'POST')
        return json(405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'POST a QStash delivery' } });
      const body = await request.text();
      if (!(await verifySignature(env, request, body))) {
        return json(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or invalid Upstash-Signature' } });
      }
      const parsed = envelopeSchema.safeParse(safeJson(body));
      if (!parsed.success) {
        // Without a valid envelope there is no vendor to file a dead letter under: log and drop.
        console.error(JSON.stringify({ consumer, dropped: 'invalid envelope', issues: parsed.error.issues }));
        return json(200, { outcome: 'rejected' });
      }
      const db = new Database(env);
      try {
        const event = parsed.data;
        const retried = Number(request.headers.get('upstash-retried') ?? 0) || 0;
        const fault = injectedFault(env, consumer, event, retried);
        const outcome = await apply(db, consumer, event, handlers[event.topic], fault).catch(async (error: unknown) => {
          if (error instanceof PermanentError) return deadLetter(db, consumer, event, error);
          throw error;
        });
        if (options.afterCommit && handlers[event.topic] && (outcome === 'applied' || outcome === 'duplicate'))
          await options.afterCommit(env, db, event, outcome);
        return json(200, { outcome });
      } catch (error) {
        console.error(JSON.stringify({ consumer, transient: String(error) }));
        return json(500, { error: { code: 'INTERNAL', message: 'Transient failure; QStash will retry' } });
      } finally {
        ctx.waitUntil(db.close());
      }
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
