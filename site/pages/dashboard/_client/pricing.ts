/**
 * The pricing page's Alpine component: the rules list (edit, pause, delete) and the rule form
 * with a live preview of the prices it would set, asked of the API as the form changes.
 */
import { callApi } from './api';

export interface ListedRule {
  id: string;
  name: string;
  kind: 'percent' | 'fixed';
  direction: 'markup' | 'markdown';
  basis: 'base' | 'cost';
  value: number;
  scope: 'all' | 'category' | 'brand' | 'source';
  scopeValue: string | null;
  rounding: 'none' | '99' | '95' | '00';
  minMarginPercent: number | null;
  startsAt: string | null;
  endsAt: string | null;
  priority: number;
  active: boolean;
  version: number;
}

export interface PreviewRow {
  variantId: string;
  productId: string;
  productTitle: string;
  sku: string;
  currency: string;
  basePriceMinor: number;
  costMinor: number | null;
  currentPriceMinor: number;
  previewPriceMinor: number;
  byThisRule: boolean;
}

export interface PricingPageConfig {
  rules: ListedRule[];
  canWrite: boolean;
  currency: string;
  categories: { id: string; label: string }[];
}

interface RuleForm {
  name: string;
  kind: ListedRule['kind'];
  direction: ListedRule['direction'];
  basis: ListedRule['basis'];
  value: string;
  scope: ListedRule['scope'];
  scopeValue: string;
  rounding: ListedRule['rounding'];
  minMarginPercent: string;
  startsAt: string;
  endsAt: string;
  priority: string;
  active: boolean;
}

const emptyForm = (): RuleForm => ({
  name: '',
  kind: 'percent',
  direction: 'markup',
  basis: 'base',
  value: '',
  scope: 'all',
  scopeValue: '',
  rounding: 'none',
  minMarginPercent: '',
  startsAt: '',
  endsAt: '',
  priority: '0',
  active: true,
});

/** An ISO instant as a `datetime-local` value in the browser's zone, and back. */
const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);

/** Money in minor units as text, e.g. 1299 EUR → "€12.99". */
export function money(minor: number | null, currency: string): string {
  if (minor === null) return '—';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

/** A rule in words: "Markup 10 % on the base price, rounded to .99". */
export function describeRule(rule: ListedRule, currency: string): string {
  const amount = rule.kind === 'percent' ? `${rule.value} %` : money(rule.value, currency);
  const parts = [
    `${rule.direction === 'markup' ? 'Markup' : 'Markdown'} ${amount} on the ${rule.basis === 'cost' ? 'cost' : 'base price'}`,
  ];
  if (rule.rounding !== 'none') parts.push(`rounded up to .${rule.rounding}`);
  if (rule.minMarginPercent !== null) parts.push(`at least ${rule.minMarginPercent} % over cost`);
  return parts.join(', ');
}

/** `Alpine.data('pricingPage', pricingPage)`; seeded with the rules the page rendered. */
export function pricingPage(config: PricingPageConfig) {
  return {
    rules: config.rules,
    canWrite: config.canWrite,
    currency: config.currency,
    categories: config.categories,
    editing: null as ListedRule | null,
    formOpen: false,
    form: emptyForm(),
    errors: {} as Record<string, string>,
    error: '',
    listError: '',
    saving: false,
    busy: '',
    status: '',
    preview: { count: 0, rows: [] as PreviewRow[], loading: false, error: '', ready: false },
    previewTimer: 0 as unknown as ReturnType<typeof setTimeout>,

    money,
    describe(rule: ListedRule) {
      return describeRule(rule, this.currency);
    },
    scopeLabel(rule: ListedRule) {
      if (rule.scope === 'all') return 'Every product';
      if (rule.scope === 'category') {
        const category = this.categories.find((c) => c.id === rule.scopeValue);
        return `Category ${category ? category.label.replace(/^(— )+/, '') : rule.scopeValue} (and below)`;
      }
      return `${rule.scope === 'brand' ? 'Brand' : 'Imported from'} ${rule.scopeValue}`;
    },
    windowLabel(rule: ListedRule) {
      const fmt = (iso: string) => new Date(iso).toLocaleString();
      if (rule.startsAt && rule.endsAt) return `${fmt(rule.startsAt)} – ${fmt(rule.endsAt)}`;
      if (rule.startsAt) return `From ${fmt(rule.startsAt)}`;
      if (rule.endsAt) return `Until ${fmt(rule.endsAt)}`;
      return 'Always';
    },

    body() {
      const f = this.form;
      const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));
      const value = number(f.value);
      return {
        name: f.name,
        kind: f.kind,
        direction: f.direction,
        basis: f.basis,
        value: f.kind === 'fixed' ? Math.round(value * 100) : value,
        scope: f.scope,
        scopeValue: f.scope === 'all' ? null : f.scopeValue.trim() || null,
        rounding: f.rounding,
        minMarginPercent: f.minMarginPercent.trim() === '' ? null : number(f.minMarginPercent),
        startsAt: fromLocalInput(f.startsAt),
        endsAt: fromLocalInput(f.endsAt),
        priority: Number.parseInt(f.priority || '0', 10),
        active: f.active,
      };
    },

    open(rule: ListedRule | null) {
      this.editing = rule;
      this.errors = {};
      this.error = '';
      this.form = rule
        ? {
            name: rule.name,
            kind: rule.kind,
            direction: rule.direction,
            basis: rule.basis,
            value: rule.kind === 'fixed' ? (rule.value / 100).toFixed(2) : String(rule.value),
            scope: rule.scope,
            scopeValue: rule.scopeValue ?? '',
            rounding: rule.rounding,
            minMarginPercent: rule.minMarginPercent === null ? '' : String(rule.minMarginPercent),
            startsAt: toLocalInput(rule.startsAt),
            endsAt: toLocalInput(rule.endsAt),
            priority: String(rule.priority),
            active: rule.active,
          }
        : emptyForm();
      this.formOpen = true;
      this.preview = { count: 0, rows: [], loading: false, error: '', ready: false };
      this.schedulePreview();
    },

    close() {
      this.formOpen = false;
      this.editing = null;
    },

    /** Asks for a preview a moment after the last change, so typing doesn't flood the API. */
    schedulePreview() {
      clearTimeout(this.previewTimer);
      this.previewTimer = setTimeout(() => void this.loadPreview(), 350);
    },

    async loadPreview() {
      const body = this.body();
      if (!body.name) body.name = 'Preview';
      if (Number.isNaN(body.value)) {
        this.preview = {
          count: 0,
          rows: [],
          loading: false,
          error: 'Enter a value to see the prices this rule sets.',
          ready: false,
        };
        return;
      }
      this.preview.loading = true;
      const result = await callApi<{ count: number; data: PreviewRow[] }>('POST', '/vendor/pricing-rules/preview', {
        ...body,
        ...(this.editing ? { ruleId: this.editing.id } : {}),
        limit: 25,
      });
      if (!result.ok) {
        this.preview = { count: 0, rows: [], loading: false, error: result.error.message, ready: false };
        this.errors = result.error.fields;
        return;
      }
      this.errors = {};
      this.preview = { count: result.data.count, rows: result.data.data, loading: false, error: '', ready: true };
    },

    async save() {
      if (this.saving) return;
      this.saving = true;
      this.error = '';
      this.errors = {};
      const body = this.body();
      const result = this.editing
        ? await callApi<ListedRule>('PATCH', `/vendor/pricing-rules/${this.editing.id}`, {
            ...body,
            version: this.editing.version,
          })
        : await callApi<ListedRule>('POST', '/vendor/pricing-rules', body);
      this.saving = false;
      if (!result.ok) {
        this.errors = result.error.fields;
        this.error = result.error.message;
        return;
      }
      const saved = result.data;
      this.rules = this.editing ? this.rules.map((r) => (r.id === saved.id ? saved : r)) : [saved, ...this.rules];
      this.rules.sort((a, b) => b.priority - a.priority);
      this.status = `Rule “${saved.name}” saved. Prices are being updated.`;
      this.close();
    },

    async toggle(rule: ListedRule) {
      this.busy = rule.id;
      this.listError = '';
      const result = await callApi<ListedRule>('PATCH', `/vendor/pricing-rules/${rule.id}`, {
        version: rule.version,
        active: !rule.active,
      });
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      Object.assign(rule, result.data);
      this.status = `“${rule.name}” is ${rule.active ? 'active' : 'paused'}.`;
    },

    async remove(rule: ListedRule) {
      if (!window.confirm(`Delete the rule “${rule.name}”? The prices it set go back to their base prices or the next rule.`))
        return;
      this.busy = rule.id;
      this.listError = '';
      const result = await callApi('DELETE', `/vendor/pricing-rules/${rule.id}`);
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      this.rules = this.rules.filter((r) => r.id !== rule.id);
      this.status = `“${rule.name}” was deleted.`;
    },
  };
}
