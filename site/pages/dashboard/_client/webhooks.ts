/**
 * The webhooks pages' Alpine components: endpoints (create with the secret shown once, pause,
 * delete, test) and one endpoint's delivery log (rotate the secret, replay a delivery).
 */
import Alpine from 'alpinejs';
import { callApi, copyText, formatDateTime } from './api';

export interface ListedEndpoint {
  id: string;
  url: string;
  description: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

export interface ListedDelivery {
  id: string;
  topic: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
}

export interface WebhooksPageConfig {
  endpoints: ListedEndpoint[];
  canWrite: boolean;
}

export interface WebhookDetailConfig {
  endpointId: string;
  deliveries: ListedDelivery[];
  canWrite: boolean;
}

const secretField = () => document.getElementById('new-secret') as HTMLInputElement | null;

/** The secret just issued (on create or rotate), shown once with a copy button. */
function secretBox() {
  return {
    secret: '',
    copied: '',
    async copySecret() {
      const copied = await copyText(this.secret, secretField());
      this.copied = copied ? 'Secret copied to the clipboard.' : 'Press Ctrl+C (⌘C on a Mac) to copy the selected secret.';
    },
    dismissSecret() {
      this.secret = '';
      this.copied = '';
    },
    async showSecret(secret: string) {
      this.secret = secret;
      this.copied = '';
      await Alpine.nextTick();
      secretField()?.focus();
      secretField()?.select();
    },
  };
}

/** `Alpine.data('webhooksPage', webhooksPage)`; seeded with the endpoints the page rendered. */
export function webhooksPage(config: WebhooksPageConfig) {
  return {
    ...secretBox(),
    endpoints: config.endpoints,
    canWrite: config.canWrite,
    form: { url: '', description: '', all: true, events: [] as string[] },
    errors: {} as Record<string, string>,
    error: '',
    listError: '',
    creating: false,
    busy: '',
    status: '',

    formatDateTime,

    async create() {
      if (this.creating) return;
      this.creating = true;
      this.error = '';
      this.errors = {};
      const { url, description, all, events } = this.form;
      const result = await callApi<ListedEndpoint & { secret: string }>('POST', '/vendor/webhooks', {
        url,
        description,
        events: all ? ['*'] : events,
      });
      this.creating = false;
      if (!result.ok) {
        this.errors = result.error.fields;
        this.error = result.error.message;
        return;
      }
      const { secret, ...endpoint } = result.data;
      this.endpoints = [endpoint, ...this.endpoints];
      this.form = { url: '', description: '', all: true, events: [] };
      this.status = 'Endpoint added. Copy its signing secret now: it is shown only once.';
      await this.showSecret(secret);
    },

    async toggle(endpoint: ListedEndpoint) {
      this.busy = endpoint.id;
      this.listError = '';
      const result = await callApi<ListedEndpoint>('PATCH', `/vendor/webhooks/${endpoint.id}`, { active: !endpoint.active });
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      endpoint.active = result.data.active;
      this.status = `${endpoint.url} is ${endpoint.active ? 'active' : 'paused'}.`;
    },

    async test(endpoint: ListedEndpoint) {
      this.busy = endpoint.id;
      this.listError = '';
      const result = await callApi('POST', `/vendor/webhooks/${endpoint.id}/test`);
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      this.status = `A test event is on its way to ${endpoint.url}. Its outcome shows in the endpoint's deliveries.`;
    },

    async remove(endpoint: ListedEndpoint) {
      if (!window.confirm(`Delete the endpoint ${endpoint.url} and its delivery log?`)) return;
      this.busy = endpoint.id;
      this.listError = '';
      const result = await callApi('DELETE', `/vendor/webhooks/${endpoint.id}`);
      this.busy = '';
      if (!result.ok) {
        this.listError = result.error.message;
        return;
      }
      this.endpoints = this.endpoints.filter((e) => e.id !== endpoint.id);
      this.status = `${endpoint.url} was deleted.`;
    },
  };
}

/** `Alpine.data('webhookDetailPage', webhookDetailPage)`: rotate the secret, replay deliveries. */
export function webhookDetailPage(config: WebhookDetailConfig) {
  return {
    ...secretBox(),
    deliveries: config.deliveries,
    canWrite: config.canWrite,
    error: '',
    busy: '',
    status: '',

    formatDateTime,

    tone(status: ListedDelivery['status']): string {
      return { pending: 'badge-info', succeeded: 'badge-success', failed: 'badge-danger' }[status];
    },

    async rotate() {
      if (!window.confirm('Issue a new signing secret? Deliveries sent from now on are signed with it.')) return;
      this.busy = 'rotate';
      this.error = '';
      const result = await callApi<{ secret: string }>('POST', `/vendor/webhooks/${config.endpointId}/rotate-secret`);
      this.busy = '';
      if (!result.ok) {
        this.error = result.error.message;
        return;
      }
      this.status = 'New secret issued. Copy it now: it is shown only once.';
      await this.showSecret(result.data.secret);
    },

    async replay(delivery: ListedDelivery) {
      this.busy = delivery.id;
      this.error = '';
      const result = await callApi<ListedDelivery>('POST', `/vendor/webhook-deliveries/${delivery.id}/replay`);
      this.busy = '';
      if (!result.ok) {
        this.error = result.error.message;
        return;
      }
      delivery.status = 'pending';
      this.status = `The ${delivery.topic} delivery is being sent again. Reload to see its outcome.`;
    },
  };
}
