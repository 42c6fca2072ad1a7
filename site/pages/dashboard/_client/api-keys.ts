/** The API keys page's Alpine component: create a key (its secret shown once), revoke keys. */
import Alpine from 'alpinejs';
import { callApi, copyText, formatDateTime } from './api';

export interface ListedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeysPageConfig {
  keys: ListedApiKey[];
}

type CreatedApiKey = Omit<ListedApiKey, 'lastUsedAt' | 'revokedAt'> & { key: string };

/** The read-only field that shows a new key's secret. */
const secretField = () => document.getElementById('new-key') as HTMLInputElement | null;

/** `Alpine.data('apiKeysPage', apiKeysPage)`; seeded with the keys the page rendered. */
export function apiKeysPage(config: ApiKeysPageConfig) {
  return {
    keys: config.keys,
    form: { name: '', scopes: [] as string[] },
    errors: {} as Record<string, string>,
    error: '',
    creating: false,
    created: null as CreatedApiKey | null,
    copied: '',
    busy: '',
    listError: '',
    status: '',

    formatDateTime,

    async create() {
      if (this.creating) return;
      this.creating = true;
      this.error = '';
      this.errors = {};
      this.copied = '';
      const result = await callApi<CreatedApiKey>('POST', '/vendor/api-keys', this.form);
      this.creating = false;
      if (!result.ok) {
        this.errors = result.error.fields;
        this.error = result.error.message;
        return;
      }
      const created = result.data;
      this.created = created;
      const { id, name, prefix, scopes, createdAt } = created;
      this.keys = [{ id, name, prefix, scopes, createdAt, lastUsedAt: null, revokedAt: null }, ...this.keys];
      this.form = { name: '', scopes: [] };
      this.status = `API key ${created.name} created. Copy it now: it won't be shown again.`;
      await Alpine.nextTick();
      secretField()?.focus();
      secretField()?.select();
    },

    async copyKey() {
      if (!this.created) return;
      const copied = await copyText(this.created.key, secretField());
      this.copied = copied ? 'Key copied to the clipboard.' : 'Press Ctrl+C (⌘C on a Mac) to copy the selected key.';
    },

    dismissKey() {
      this.created = null;
      this.copied = '';
    },

    async revoke(key: ListedApiKey) {
      if (!window.confirm(`Revoke the API key "${key.name}"? Scripts using it stop working at once.`)) return;
      this.busy = key.id;
      this.listError = '';
      const result = await callApi('DELETE', `/vendor/api-keys/${key.id}`);
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      key.revokedAt = new Date().toISOString();
      if (this.created?.id === key.id) this.dismissKey();
      this.status = `API key ${key.name} was revoked.`;
    },
  };
}
