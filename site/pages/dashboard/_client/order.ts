/** The order page's Alpine component: moves the order on (confirm, ship, cancel…) and reloads. */
import { callApi } from './api';

export interface OrderPageConfig {
  id: string;
  version: number;
}

export function orderPage(config: OrderPageConfig) {
  return {
    busy: false,
    error: '',
    note: '',
    async move(to: string, confirmText: string) {
      if (this.busy) return;
      if (confirmText && !window.confirm(confirmText)) return;
      this.busy = true;
      this.error = '';
      const result = await callApi('POST', `/vendor/orders/${config.id}/transitions`, {
        to,
        version: config.version,
        ...(this.note.trim() ? { note: this.note.trim() } : {}),
      });
      if (result.ok) {
        window.location.reload();
        return;
      }
      this.error =
        result.error.code === 'CONFLICT'
          ? 'Someone changed this order meanwhile. Reload the page to see it as it is now.'
          : result.error.message;
      this.busy = false;
    },
  };
}
