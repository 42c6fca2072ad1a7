/**
 * The inventory pages' Alpine components: the levels table (inline adjust form, transfer dialog)
 * and a variant's stock (adjust at any location, the movements history). Writes go to the JSON
 * API with the visitor's cookies; a refused change (INSUFFICIENT_STOCK) shows the API's message
 * and the level as it really is. The leading underscore keeps this folder out of Astro's routes.
 */
import { formatDateTime } from '../../_client/api';

/**
 * Low as the stock engine's alerts judge it (and the API's `lowStock`): alerts on (threshold > 0),
 * the product not archived, the variant's available over all locations at or below the threshold.
 */
export function isLowStock(threshold: number, productStatus: string, variantAvailable: number): boolean {
  return threshold > 0 && productStatus !== 'archived' && variantAvailable <= threshold;
}

/** What a level adds to its variant's sellable total (a level below zero counts as none). */
const sellable = (available: number) => Math.max(available, 0);

export const REASONS = [
  { value: 'received', label: 'Received', sign: 1 },
  { value: 'returned', label: 'Returned', sign: 1 },
  { value: 'found', label: 'Found', sign: 1 },
  { value: 'damaged', label: 'Damaged', sign: -1 },
  { value: 'lost', label: 'Lost', sign: -1 },
  { value: 'correction', label: 'Correction', sign: 0 },
] as const;

export type Reason = (typeof REASONS)[number]['value'];

export interface LocationView {
  id: string;
  code: string;
  name: string;
  isDefault: boolean;
}

export interface LevelView {
  variantId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface LevelRowView extends LevelView {
  productTitle: string;
  productStatus: string;
  /** The variant's available over all locations, each counted from 0. */
  variantAvailable: number;
  sku: string;
  options: Record<string, string>;
  locationCode: string;
  locationName: string;
}

export interface MovementView {
  id: number;
  reason: string;
  onHandDelta: number;
  reservedDelta: number;
  locationName: string;
  note: string | null;
  reference: string | null;
  actor: { kind: string; name: string };
  createdAt: string;
}

interface AdjustForm {
  delta: string;
  reason: Reason;
  note: string;
}

const blankForm = (): AdjustForm => ({ delta: '', reason: 'received', note: '' });

/** The delta typed in the form, with the sign its reason implies (damaged 3 → −3), or an error. */
function parseDelta(form: AdjustForm): { delta: number } | { error: string } {
  const value = Number(form.delta);
  if (!form.delta.trim() || !Number.isInteger(value) || value === 0) return { error: 'Enter a whole number other than 0.' };
  const sign = REASONS.find((r) => r.value === form.reason)?.sign ?? 0;
  return { delta: sign === 0 ? value : sign * Math.abs(value) };
}

interface Failure {
  code: string;
  /** The API's message, or its first field error (VALIDATION_FAILED). */
  text: string;
  details: unknown;
}

type Sent<T> = { ok: true; data: T } | { ok: false; failure: Failure };

/**
 * A JSON write to `/api/v1{path}` with the visitor's cookies (same origin, so the CSRF check
 * passes); never throws, and keeps the error's details (an INSUFFICIENT_STOCK answer carries the
 * level as it really is).
 */
export async function send<T>(method: string, path: string, body?: unknown): Promise<Sent<T>> {
  try {
    const response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed = (text ? JSON.parse(text) : null) as unknown;
    if (response.ok) return { ok: true, data: parsed as T };
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    const issues = Array.isArray(error?.details) ? (error.details as { message?: string }[]) : [];
    const first = error?.code === 'VALIDATION_FAILED' ? issues[0]?.message : undefined;
    return {
      ok: false,
      failure: {
        code: error?.code ?? 'INTERNAL',
        text: first ?? error?.message ?? `Something went wrong (HTTP ${response.status}). Please try again.`,
        details: error?.details,
      },
    };
  } catch {
    const text = 'We could not reach the server. Check your connection and try again.';
    return { ok: false, failure: { code: 'NETWORK', text, details: undefined } };
  }
}

/** The level an INSUFFICIENT_STOCK answer carries, to show the numbers as they really are. */
function currentLevel(failure: Failure): Partial<LevelView> {
  if (failure.code !== 'INSUFFICIENT_STOCK' || !failure.details || typeof failure.details !== 'object') return {};
  const { onHand, reserved, available } = failure.details as Partial<LevelView>;
  return { onHand, reserved, available };
}

async function postAdjustment(level: LevelView, form: AdjustForm) {
  const parsed = parseDelta(form);
  if ('error' in parsed) return { ok: false as const, text: parsed.error, level: {} };
  const body = {
    variantId: level.variantId,
    locationId: level.locationId,
    delta: parsed.delta,
    reason: form.reason,
    note: form.note || undefined,
  };
  const result = await send<LevelView & { onHandDelta: number; movementId: number | null }>(
    'POST',
    '/vendor/inventory/adjustments',
    body,
  );
  if (result.ok) return { ok: true as const, data: result.data };
  return { ok: false as const, text: result.failure.text, level: currentLevel(result.failure) };
}

type Row = LevelRowView & { key: string; open: boolean; form: AdjustForm; error: string; saving: boolean };

/**
 * `Alpine.data('inventoryTable', inventoryTable)`: the levels the page rendered, adjustable in
 * place; "low" is the variant's, against the vendor's threshold, and follows adjustments made here.
 */
export function inventoryTable(config: {
  rows: LevelRowView[];
  locations: LocationView[];
  canWrite: boolean;
  lowStockThreshold: number;
}) {
  return {
    rows: config.rows.map(
      (row): Row => ({
        ...row,
        key: `${row.variantId}/${row.locationId}`,
        open: false,
        form: blankForm(),
        error: '',
        saving: false,
      }),
    ),
    locations: config.locations,
    canWrite: config.canWrite,
    reasons: REASONS,
    status: '',
    transfer: { row: null as Row | null, toLocationId: '', quantity: '1', note: '', error: '', saving: false },

    isLow(row: LevelRowView): boolean {
      return isLowStock(config.lowStockThreshold, row.productStatus, row.variantAvailable);
    },
    lowTitle(row: LevelRowView): string {
      return `${row.variantAvailable} available over all locations (low at ${config.lowStockThreshold} or fewer)`;
    },
    options(row: LevelRowView): string {
      return Object.entries(row.options)
        .map(([name, value]) => `${name}: ${value}`)
        .join(', ');
    },
    toggle(row: Row) {
      row.open = !row.open;
      row.error = '';
      if (row.open) row.form = blankForm();
    },
    /**
     * Shows a level as the API answered it. An adjustment changes the variant's total by what the
     * level's available changed (`moveTotal`); a transfer leaves the total as it was.
     */
    apply(level: Partial<LevelView> & { variantId?: string; locationId?: string }, moveTotal = false) {
      const shown = this.rows.find((row) => row.variantId === level.variantId && row.locationId === level.locationId);
      const delta =
        moveTotal && shown && level.available !== undefined ? sellable(level.available) - sellable(shown.available) : 0;
      for (const row of this.rows) {
        if (row.variantId !== level.variantId) continue;
        if (row.locationId === level.locationId) Object.assign(row, level);
        row.variantAvailable += delta;
      }
    },

    async adjust(row: Row) {
      row.saving = true;
      row.error = '';
      const outcome = await postAdjustment(row, row.form);
      row.saving = false;
      if (!outcome.ok) {
        row.error = outcome.text;
        this.apply({ variantId: row.variantId, locationId: row.locationId, ...outcome.level }, true);
        return;
      }
      const { onHand, reserved, available } = outcome.data;
      this.apply({ variantId: row.variantId, locationId: row.locationId, onHand, reserved, available }, true);
      row.open = false;
      this.status = `${row.sku} at ${row.locationName}: ${onHand} on hand.`;
    },

    targets(row: Row | null): LocationView[] {
      return row ? this.locations.filter((l) => l.id !== row.locationId) : [];
    },
    openTransfer(row: Row, dialog: HTMLDialogElement) {
      this.transfer = { row, toLocationId: this.targets(row)[0]?.id ?? '', quantity: '1', note: '', error: '', saving: false };
      dialog.showModal();
    },
    async submitTransfer(dialog: HTMLDialogElement) {
      const { row } = this.transfer;
      if (!row) return;
      const quantity = Number(this.transfer.quantity);
      if (!Number.isInteger(quantity) || quantity < 1) {
        this.transfer.error = 'Enter a whole number of at least 1.';
        return;
      }
      this.transfer.saving = true;
      this.transfer.error = '';
      const body = {
        variantId: row.variantId,
        fromLocationId: row.locationId,
        toLocationId: this.transfer.toLocationId,
        quantity,
        note: this.transfer.note || undefined,
      };
      const result = await send<{ from: LevelView; to: LevelView }>('POST', '/vendor/inventory/transfers', body);
      this.transfer.saving = false;
      if (!result.ok) {
        this.transfer.error = result.failure.text;
        this.apply({ variantId: row.variantId, locationId: row.locationId, ...currentLevel(result.failure) });
        return;
      }
      this.apply(result.data.from);
      this.apply(result.data.to);
      dialog.close();
      const to = this.locations.find((l) => l.id === body.toLocationId)?.name ?? 'the other location';
      this.status = `Moved ${quantity} × ${row.sku} from ${row.locationName} to ${to}.`;
    },
  };
}

type LevelAt = LevelView & { locationName: string; locationCode: string; isDefault: boolean };

/** `Alpine.data('variantStock', variantStock)`: one variant's levels, adjustable, and its history. */
export function variantStock(config: {
  levels: LevelAt[];
  movements: MovementView[];
  canWrite: boolean;
  firstPage: boolean;
  actorName: string;
  lowStockThreshold: number;
  productStatus: string;
}) {
  return {
    levels: config.levels,
    movements: config.movements,
    canWrite: config.canWrite,
    lowStockThreshold: config.lowStockThreshold,
    reasons: REASONS,
    form: { ...blankForm(), locationId: config.levels[0]?.locationId ?? '' },
    error: '',
    saving: false,
    status: '',

    formatDateTime,
    /** The variant is low (its available over all locations, against the vendor's threshold). */
    isLow(): boolean {
      const available = this.levels.reduce((sum, level) => sum + sellable(level.available), 0);
      return isLowStock(config.lowStockThreshold, config.productStatus, available);
    },
    total(field: 'onHand' | 'reserved' | 'available'): number {
      return this.levels.reduce((sum, level) => sum + level[field], 0);
    },
    signed(n: number): string {
      return n > 0 ? `+${n}` : String(n);
    },

    async adjust() {
      const level = this.levels.find((l) => l.locationId === this.form.locationId);
      if (!level) return;
      this.saving = true;
      this.error = '';
      const outcome = await postAdjustment(level, this.form);
      this.saving = false;
      if (!outcome.ok) {
        this.error = outcome.text;
        Object.assign(level, outcome.level);
        return;
      }
      const { onHand, reserved, available, onHandDelta, movementId } = outcome.data;
      Object.assign(level, { onHand, reserved, available });
      this.status = `${level.locationName}: ${onHand} on hand.`;
      if (movementId !== null && config.firstPage)
        this.movements.unshift({
          id: movementId,
          reason: this.form.reason,
          onHandDelta,
          reservedDelta: 0,
          locationName: level.locationName,
          note: this.form.note || null,
          reference: null,
          actor: { kind: 'team-member', name: config.actorName },
          createdAt: new Date().toISOString(),
        });
      this.form = { ...blankForm(), locationId: level.locationId };
    },
  };
}
