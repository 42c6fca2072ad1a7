/** The checkout settings page's Alpine component: shipping methods and VAT rates, saved through the API. */
import { callApi } from './api';

/** "2000 = 5.90" lines (up to grams = price) as brackets in minor units, or an error sentence. */
export function parseBrackets(text: string): { upToGrams: number; priceMinor: number }[] | string {
  const brackets = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const match = /^(\d+)\s*=\s*(\d+(?:[.,]\d{1,2})?)$/.exec(line);
    if (!match) return `Write each bracket as "up to grams = price", e.g. "2000 = 5.90" (not "${line}").`;
    brackets.push({ upToGrams: Number(match[1]), priceMinor: Math.round(Number(match[2]?.replace(',', '.')) * 100) });
  }
  return brackets;
}

const toMinor = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

export function checkoutSettingsPage() {
  return {
    busy: false,
    error: '',
    method: { name: '', kind: 'flat', price: '', brackets: '', freeOver: '' },
    rate: { name: '', percent: '', categoryId: '' },
    async send(method: string, path: string, body?: unknown) {
      if (this.busy) return;
      this.busy = true;
      this.error = '';
      const result = await callApi(method, path, body);
      if (result.ok) {
        window.location.reload();
        return;
      }
      this.error = result.error.message;
      this.busy = false;
    },
    addMethod() {
      const brackets = this.method.kind === 'weight' ? parseBrackets(this.method.brackets) : [];
      if (typeof brackets === 'string') {
        this.error = brackets;
        return;
      }
      return this.send('POST', '/vendor/settings/shipping-methods', {
        name: this.method.name,
        kind: this.method.kind,
        priceMinor: this.method.kind === 'flat' ? toMinor(this.method.price || '0') : 0,
        brackets,
        freeOverMinor: this.method.freeOver ? toMinor(this.method.freeOver) : null,
      });
    },
    setActive(id: string, active: boolean) {
      return this.send('PATCH', `/vendor/settings/shipping-methods/${id}`, { active });
    },
    removeMethod(id: string) {
      if (!window.confirm('Delete this shipping method? Placed orders keep its name.')) return;
      return this.send('DELETE', `/vendor/settings/shipping-methods/${id}`);
    },
    addRate() {
      return this.send('POST', '/vendor/settings/tax-rates', {
        name: this.rate.name,
        rateBp: Math.round(Number(this.rate.percent.replace(',', '.')) * 100),
        categoryId: this.rate.categoryId || null,
      });
    },
    removeRate(id: string) {
      if (!window.confirm('Delete this VAT rate? Placed orders keep theirs.')) return;
      return this.send('DELETE', `/vendor/settings/tax-rates/${id}`);
    },
  };
}
