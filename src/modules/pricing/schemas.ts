import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const instant = z.string().datetime({ offset: true });

/** The fields of a rule a client sets; create, PATCH and preview share them. */
const ruleFields = {
  name: z.string().trim().min(1).max(120).openapi({ example: 'Summer sale' }),
  kind: z.enum(['percent', 'fixed']).openapi({ description: '`percent` of the basis, or a `fixed` amount in minor units' }),
  direction: z.enum(['markup', 'markdown']),
  basis: z.enum(['base', 'cost']).openapi({ description: 'Start from the base price or from the cost' }),
  value: z
    .number()
    .min(0)
    .max(100_000_000)
    .openapi({ description: 'Percent (two decimals at most) for `percent`, minor units for `fixed`', example: 15 }),
  scope: z.enum(['all', 'category', 'brand', 'source']),
  scopeValue: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .openapi({ description: 'The category id, brand or import source (e.g. `letzshop`); null for `all`' }),
  rounding: z
    .enum(['none', '99', '95', '00'])
    .openapi({ description: 'Round up to a price ending in .99, .95 or .00 (never below the margin floor)' }),
  minMarginPercent: z
    .number()
    .min(0)
    .max(1000)
    .nullable()
    .openapi({ description: 'Never sell below cost × (1 + margin); no floor for variants without a cost' }),
  startsAt: instant.nullable().openapi({ description: 'Sale window start (inclusive); null: already open' }),
  endsAt: instant.nullable().openapi({ description: 'Sale window end (exclusive); null: open-ended' }),
  priority: z.number().int().min(-1000).max(1000).openapi({ description: 'The highest-priority matching rule wins' }),
  active: z.boolean(),
};

interface RuleShape {
  kind?: 'percent' | 'fixed';
  direction?: 'markup' | 'markdown';
  value?: number;
  scope?: 'all' | 'category' | 'brand' | 'source';
  scopeValue?: string | null;
  minMarginPercent?: number | null;
  startsAt?: string | null;
  endsAt?: string | null;
}

/** The checks across fields, as issues (path, message); PATCH runs them on the merged rule. */
export function ruleIssues(rule: RuleShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const cents = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
  if (rule.value !== undefined) {
    if (rule.kind === 'percent' && !cents(rule.value)) issues.push({ path: 'value', message: 'at most two decimals' });
    if (rule.kind === 'percent' && rule.direction === 'markdown' && rule.value > 100)
      issues.push({ path: 'value', message: 'a markdown cannot exceed 100 %' });
    if (rule.kind === 'percent' && rule.value > 10_000) issues.push({ path: 'value', message: 'at most 10000 %' });
    if (rule.kind === 'fixed' && !Number.isInteger(rule.value))
      issues.push({ path: 'value', message: 'a fixed amount is whole minor units (cents)' });
  }
  if (rule.minMarginPercent != null && !cents(rule.minMarginPercent))
    issues.push({ path: 'minMarginPercent', message: 'at most two decimals' });
  if (rule.scope === 'all' && rule.scopeValue != null)
    issues.push({ path: 'scopeValue', message: 'must be null when the scope is all' });
  if (rule.scope && rule.scope !== 'all' && rule.scopeValue == null)
    issues.push({ path: 'scopeValue', message: `name the ${rule.scope} the rule covers` });
  if (rule.scope === 'category' && rule.scopeValue != null && !uuid.safeParse(rule.scopeValue).success)
    issues.push({ path: 'scopeValue', message: 'a category id' });
  if (rule.startsAt && rule.endsAt && Date.parse(rule.startsAt) >= Date.parse(rule.endsAt))
    issues.push({ path: 'endsAt', message: 'must be after startsAt' });
  return issues;
}

function refineRule(rule: RuleShape, ctx: z.RefinementCtx) {
  for (const issue of ruleIssues(rule)) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
}

const ruleInput = z.object({
  ...ruleFields,
  basis: ruleFields.basis.default('base'),
  scope: ruleFields.scope.default('all'),
  scopeValue: ruleFields.scopeValue.default(null),
  rounding: ruleFields.rounding.default('none'),
  minMarginPercent: ruleFields.minMarginPercent.default(null),
  startsAt: ruleFields.startsAt.default(null),
  endsAt: ruleFields.endsAt.default(null),
  priority: ruleFields.priority.default(0),
  active: ruleFields.active.default(true),
});

export const createRuleSchema = ruleInput.superRefine(refineRule).openapi('CreatePricingRule');
export type CreateRuleInput = z.output<typeof createRuleSchema>;

export const updateRuleSchema = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The version you read; a stale one is CONFLICT' }),
    name: ruleFields.name.optional(),
    kind: ruleFields.kind.optional(),
    direction: ruleFields.direction.optional(),
    basis: ruleFields.basis.optional(),
    value: ruleFields.value.optional(),
    scope: ruleFields.scope.optional(),
    scopeValue: ruleFields.scopeValue.optional(),
    rounding: ruleFields.rounding.optional(),
    minMarginPercent: ruleFields.minMarginPercent.optional(),
    startsAt: ruleFields.startsAt.optional(),
    endsAt: ruleFields.endsAt.optional(),
    priority: ruleFields.priority.optional(),
    active: ruleFields.active.optional(),
  })
  .openapi('UpdatePricingRule');
export type UpdateRuleInput = z.output<typeof updateRuleSchema>;

export const ruleSchema = z
  .object({
    id: uuid,
    name: z.string(),
    kind: ruleFields.kind,
    direction: ruleFields.direction,
    basis: ruleFields.basis,
    value: z.number(),
    scope: ruleFields.scope,
    scopeValue: z.string().nullable(),
    rounding: ruleFields.rounding,
    minMarginPercent: z.number().nullable(),
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    priority: z.number().int(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PricingRule');
export type Rule = z.infer<typeof ruleSchema>;

export const ruleListSchema = z.object({ data: z.array(ruleSchema) }).openapi('PricingRuleList');

export const previewSchema = ruleInput
  .extend({
    ruleId: uuid
      .optional()
      .openapi({ description: 'When editing: the saved rule this body would replace (left out of the comparison)' }),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .superRefine(refineRule)
  .openapi('PricingRulePreviewRequest');
export type PreviewInput = z.output<typeof previewSchema>;

export const previewRowSchema = z.object({
  variantId: uuid,
  productId: uuid,
  productTitle: z.string(),
  sku: z.string(),
  currency: z.string(),
  basePriceMinor: z.number().int(),
  costMinor: z.number().int().nullable(),
  currentPriceMinor: z.number().int(),
  currentRuleId: uuid.nullable(),
  previewPriceMinor: z.number().int().openapi({ description: 'The selling price once the rule is saved (and in its window)' }),
  previewRuleId: uuid.nullable().openapi({ description: 'The rule that would win: null for this rule, or another rule id' }),
  byThisRule: z.boolean().openapi({ description: 'Whether this rule would set the price (no higher-priority rule wins)' }),
});

export const previewResultSchema = z
  .object({
    count: z.number().int().openapi({ description: "How many variants the rule's scope covers" }),
    evaluatedAt: z.string().openapi({ description: 'The moment priced: now, or the window start when that is ahead' }),
    data: z.array(previewRowSchema),
  })
  .openapi('PricingRulePreview');
export type PreviewResult = z.infer<typeof previewResultSchema>;

export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
