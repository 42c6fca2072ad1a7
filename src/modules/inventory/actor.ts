import type { Principal } from '../access/principal';

/**
 * Who changes stock, as the ledger records it in `actor_id`: a team member's user id, an API
 * key's id (the ledger tells them apart by looking both up), or null for the system (the seed,
 * order processing).
 */
export type StockActor = { kind: 'team-member'; userId: string } | { kind: 'api-key'; keyId: string } | { kind: 'system' };

/** The ledger's actor for the authenticated caller of a team route. */
export function actorOf(principal: Principal | undefined): StockActor {
  if (principal?.kind === 'team') return { kind: 'team-member', userId: principal.userId };
  if (principal?.kind === 'api-key') return { kind: 'api-key', keyId: principal.keyId };
  return { kind: 'system' };
}

/** What goes into `inventory_movements.actor_id`. */
export function actorId(actor: StockActor): string | null {
  if (actor.kind === 'team-member') return actor.userId;
  if (actor.kind === 'api-key') return actor.keyId;
  return null;
}
