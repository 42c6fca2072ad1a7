/** The low-stock page's threshold form: saves through the API, then reloads to show the alerts it changed. */
import { callApi } from '../../_client/api';

interface Saved {
  lowStockThreshold: number;
  raised: number;
  resolved: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function alertSettingsForm(config: { threshold: number }) {
  return {
    threshold: String(config.threshold),
    saving: false,
    message: '',
    error: '',
    async save() {
      if (this.saving) return;
      const value = Number(this.threshold);
      if (!Number.isInteger(value) || value < 0) {
        this.error = 'Enter a whole number of units, 0 or more.';
        return;
      }
      this.saving = true;
      this.error = '';
      this.message = '';
      const result = await callApi<Saved>('PUT', '/vendor/inventory/alert-settings', { lowStockThreshold: value });
      this.saving = false;
      if (!result.ok) {
        this.error = result.error.fields.lowStockThreshold ?? result.error.message;
        return;
      }
      const { raised, resolved } = result.data;
      this.message =
        raised + resolved > 0
          ? `Saved: ${plural(raised, 'alert')} opened, ${plural(resolved, 'alert')} resolved. Reloading…`
          : 'Saved. No alert changed.';
      if (raised + resolved > 0) window.setTimeout(() => window.location.reload(), 800);
    },
  };
}

/**
 * The unpaid-order expiry form: off, or cancel pending orders still unpaid after N hours (1–720).
 * Saves only this setting; the threshold keeps its value.
 */
export function unpaidExpiryForm(config: { hours: number | null }) {
  return {
    enabled: config.hours !== null,
    hours: String(config.hours ?? 48),
    saving: false,
    message: '',
    error: '',
    async save() {
      if (this.saving) return;
      const value = Number(this.hours);
      if (this.enabled && (!Number.isInteger(value) || value < 1 || value > 720)) {
        this.error = 'Enter a whole number of hours from 1 to 720.';
        return;
      }
      this.saving = true;
      this.error = '';
      this.message = '';
      const cancelUnpaidAfterHours = this.enabled ? value : null;
      const result = await callApi<{ cancelUnpaidAfterHours: number | null }>('PUT', '/vendor/inventory/alert-settings', {
        cancelUnpaidAfterHours,
      });
      this.saving = false;
      if (!result.ok) {
        this.error = result.error.fields.cancelUnpaidAfterHours ?? result.error.message;
        return;
      }
      const saved = result.data.cancelUnpaidAfterHours;
      this.message =
        saved === null
          ? 'Saved. Unpaid orders keep their stock until your team cancels them.'
          : `Saved. Pending orders still unpaid ${plural(saved, 'hour')} after they were placed are cancelled automatically.`;
    },
  };
}
