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
