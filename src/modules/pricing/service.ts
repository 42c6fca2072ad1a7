import { and, eq, sql } from 'drizzle-orm';
import { pricingRules } from '../../../drizzle/schema';
import type { Database } from '../../platform/db';
import { ApiError } from '../../platform/errors';
import { outbox, outboxRow } from '../../platform/outbox';
import { countPriceableVariantsQuery, priceableVariantsQuery, toPriceableVariants } from '../catalog';
import { byPrecedence, computeSellingPrice, type PricingRuleFacts } from './compute';
import { pricingRuleCreatedV1, pricingRuleDeletedV1, pricingRuleUpdatedV1 } from './events';
import { findRule, findRules, type NewRuleRow, type RuleRow } from './repo';
import { selectionFor, toFacts, toRule } from './rules';
import {
  type CreateRuleInput,
  type PreviewInput,
  type PreviewResult,
  type Rule,
  ruleIssues,
  type UpdateRuleInput,
} from './schemas';

const notFound = () => new ApiError('NOT_FOUND', 'No pricing rule with this id here');
const stale = (currentVersion: number) =>
  new ApiError('CONFLICT', 'Someone else changed this rule since you loaded it; reload it and apply your change again', {
    details: { currentVersion },
  });

const toDate = (value: string | null) => (value === null ? null : new Date(value));

/** The stored columns a rule body sets. */
function columns(input: CreateRuleInput | Required<Omit<UpdateRuleInput, 'version'>>) {
  return {
    name: input.name,
    kind: input.kind,
    direction: input.direction,
    basis: input.basis,
    value: input.value,
    scope: input.scope,
    scopeValue: input.scope === 'all' ? null : input.scopeValue,
    rounding: input.rounding,
    minMarginPercent: input.minMarginPercent,
    startsAt: toDate(input.startsAt),
    endsAt: toDate(input.endsAt),
    priority: input.priority,
    active: input.active,
  } satisfies Partial<NewRuleRow>;
}

const scopeOf = (row: Pick<RuleRow, 'scope' | 'scopeValue'>) => ({ scope: row.scope, scopeValue: row.scopeValue });

/** The vendor's rules, the winning order first. */
export async function listRules(db: Database, vendorId: string): Promise<Rule[]> {
  const [rows] = await db.vendor(vendorId).read((q) => [findRules(q, vendorId)] as const);
  return rows.map(toRule);
}

/** One rule, or NOT_FOUND (also for another vendor's). */
export async function getRule(db: Database, vendorId: string, id: string): Promise<Rule> {
  const [[row]] = await db.vendor(vendorId).read((q) => [findRule(q, vendorId, id)] as const);
  if (!row) throw notFound();
  return toRule(row);
}

/** Creates a rule with pricing-rule.created.v1 in one write batch; the pricing Worker re-prices its scope. */
export async function createRule(db: Database, vendorId: string, input: CreateRuleInput, by: string): Promise<Rule> {
  const id = crypto.randomUUID();
  const values = { id, vendorId, ...columns(input) };
  const event = outboxRow(pricingRuleCreatedV1, {
    vendorId,
    aggregateId: id,
    payload: { ruleId: id, version: 1, by, scopes: [scopeOf(values)] },
  });
  const [[row]] = await db
    .vendor(vendorId)
    .write((q) => [q.insert(pricingRules).values(values).returning(), q.insert(outbox).values(event)] as const);
  if (!row) throw new Error('insert returned no rule');
  return toRule(row);
}

/**
 * Applies a PATCH naming the version the caller read: CONFLICT when stale, VALIDATION_FAILED
 * when the merged rule is inconsistent. Writes pricing-rule.updated.v1 with the old and new scope.
 */
export async function updateRule(db: Database, vendorId: string, id: string, patch: UpdateRuleInput, by: string): Promise<Rule> {
  return db.vendor(vendorId).transaction(async (tx) => {
    const [current] = await findRule(tx, vendorId, id).for('update');
    if (!current) throw notFound();
    if (current.version !== patch.version) throw stale(current.version);
    const before = toRule(current);
    const { version: _version, ...changes } = patch;
    const merged = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    if (merged.scope === 'all') merged.scopeValue = null;
    const issues = ruleIssues(merged);
    if (issues.length > 0) throw new ApiError('VALIDATION_FAILED', 'The request is not valid', { details: issues });
    const [row] = await tx
      .update(pricingRules)
      .set({ ...columns(merged), version: sql`${pricingRules.version} + 1`, updatedAt: new Date() })
      .where(and(eq(pricingRules.vendorId, vendorId), eq(pricingRules.id, id)))
      .returning();
    if (!row) throw notFound();
    await tx.insert(outbox).values(
      outboxRow(pricingRuleUpdatedV1, {
        vendorId,
        aggregateId: id,
        payload: { ruleId: id, version: row.version, by, scopes: [scopeOf(current), scopeOf(row)] },
      }),
    );
    return toRule(row);
  });
}

/** Deletes a rule with pricing-rule.deleted.v1; the variants it priced go back to the next rule or their base. */
export async function deleteRule(db: Database, vendorId: string, id: string, by: string): Promise<void> {
  await db.vendor(vendorId).transaction(async (tx) => {
    const [row] = await tx
      .delete(pricingRules)
      .where(and(eq(pricingRules.vendorId, vendorId), eq(pricingRules.id, id)))
      .returning();
    if (!row) throw notFound();
    await tx.insert(outbox).values(
      outboxRow(pricingRuleDeletedV1, {
        vendorId,
        aggregateId: id,
        payload: { ruleId: id, version: row.version, by, scopes: [scopeOf(row)] },
      }),
    );
  });
}

/** Stands for the unsaved rule among the saved ones. */
const CANDIDATE_ID = '00000000-0000-4000-8000-000000000000';

/**
 * What saving `input` would do, without saving it: the variants its scope covers (a page of
 * them, and how many), each with its base, cost, current price and the price the engine would set
 * with this rule among the vendor's others (`ruleId`: the saved version it replaces). A window
 * that opens later is evaluated at its opening.
 */
export async function previewRule(db: Database, vendorId: string, input: PreviewInput): Promise<PreviewResult> {
  const now = new Date();
  const startsAt = toDate(input.startsAt);
  const at = startsAt && startsAt > now ? startsAt : now;
  const scoped = db.vendor(vendorId);
  const [ruleRows] = await scoped.read((q) => [findRules(q, vendorId)] as const);
  const replaced = ruleRows.find((r) => r.id === input.ruleId);
  const { name: _name, ...fields } = columns(input);
  // A new rule would be the newest; an edited one keeps its age (ties between equal priorities).
  const candidate: PricingRuleFacts = { ...fields, id: CANDIDATE_ID, createdAt: replaced?.createdAt ?? now };
  const rules = byPrecedence([...ruleRows.filter((r) => r.id !== input.ruleId).map(toFacts), candidate]);
  const selection = selectionFor([{ scope: candidate.scope, scopeValue: candidate.scopeValue }]);
  const [rows, counted] = await scoped.read(
    (q) =>
      [
        q.execute(priceableVariantsQuery(vendorId, selection, { limit: input.limit })),
        q.execute(countPriceableVariantsQuery(vendorId, selection)),
      ] as const,
  );
  const variants = toPriceableVariants(rows.rows as Record<string, unknown>[]);
  return {
    count: Number((counted.rows[0] as { count?: unknown } | undefined)?.count ?? 0),
    evaluatedAt: at.toISOString(),
    data: variants.map((v) => {
      const next = computeSellingPrice(rules, v, at);
      return {
        variantId: v.id,
        productId: v.productId,
        productTitle: v.productTitle,
        sku: v.sku,
        currency: v.currency,
        basePriceMinor: v.basePriceMinor,
        costMinor: v.costMinor,
        currentPriceMinor: v.priceMinor,
        currentRuleId: v.priceRuleId,
        previewPriceMinor: next.priceMinor,
        previewRuleId: next.ruleId === CANDIDATE_ID ? null : next.ruleId,
        byThisRule: next.ruleId === CANDIDATE_ID,
      };
    }),
  };
}
