import Alpine from 'alpinejs';
import { adminApi, goWithNotice } from './admin-api';

/** A button that calls one admin route, then opens `next` with a notice, or shows the API's error. */
interface ActionConfig {
  method: string;
  path: string;
  /** Send `{ reason }` typed into the component's `reason` field (suspending). */
  withReason?: boolean;
  next: string;
  notice: string;
}

interface CreatedVendor {
  id: string;
  slug: string;
  name: string;
  ownerInvite?: { email: string; acceptUrl: string; expiresAt: string };
}

/** Lower-case letters, digits and inner hyphens: what the API accepts as a slug. */
function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

Alpine.data('adminAction', (config: ActionConfig) => ({
  busy: false,
  reason: '',
  message: '',
  async run() {
    if (this.busy) return;
    this.busy = true;
    this.message = '';
    const body = config.withReason ? (this.reason.trim() ? { reason: this.reason.trim() } : {}) : undefined;
    const answer = await adminApi(config.method, config.path, body);
    if (answer.ok) {
      goWithNotice(config.next, config.notice);
      return;
    }
    this.message = answer.message;
    this.busy = false;
  },
}));

Alpine.data('confirmDelete', (config: ActionConfig & { slug: string }) => ({
  open: false,
  typed: '',
  busy: false,
  message: '',
  get confirmed(): boolean {
    return this.typed.trim() === config.slug;
  },
  async run() {
    if (this.busy || !this.confirmed) return;
    this.busy = true;
    this.message = '';
    const answer = await adminApi(config.method, config.path);
    if (answer.ok) {
      goWithNotice(config.next, config.notice);
      return;
    }
    this.message = answer.message;
    this.busy = false;
  },
}));

Alpine.data('createVendor', () => ({
  name: '',
  slug: '',
  slugEdited: false,
  ownerEmail: '',
  busy: false,
  message: '',
  errors: {} as Record<string, string>,
  created: null as CreatedVendor | null,
  copied: false,
  nameChanged() {
    if (!this.slugEdited) this.slug = slugify(this.name);
  },
  async submit() {
    if (this.busy) return;
    this.busy = true;
    this.message = '';
    this.errors = {};
    this.copied = false;
    const body = { name: this.name, slug: this.slug, ...(this.ownerEmail.trim() ? { ownerEmail: this.ownerEmail.trim() } : {}) };
    const answer = await adminApi<CreatedVendor>('POST', '/vendors', body);
    this.busy = false;
    if (!answer.ok || !answer.data) {
      this.message = answer.message;
      this.errors = answer.fields;
      return;
    }
    this.created = answer.data;
    this.name = '';
    this.slug = '';
    this.slugEdited = false;
    this.ownerEmail = '';
  },
  async copy() {
    const link = this.created?.ownerInvite?.acceptUrl;
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      this.copied = true;
    } catch {
      // No clipboard permission: the link is selected for copying by hand.
      (document.getElementById('invite-link') as HTMLInputElement | null)?.select();
    }
  },
}));

Alpine.data('editVendor', (config: { id: string; name: string; primary: string; accent: string; logoUrl: string | null }) => ({
  name: config.name,
  primary: config.primary,
  accent: config.accent,
  busy: false,
  message: '',
  errors: {} as Record<string, string>,
  async save() {
    if (this.busy) return;
    this.busy = true;
    this.message = '';
    this.errors = {};
    const theme = { primary: this.primary, accent: this.accent, logoUrl: config.logoUrl };
    const answer = await adminApi('PATCH', `/vendors/${config.id}`, { name: this.name, theme });
    if (answer.ok) {
      goWithNotice(`/vendors/${config.id}`, 'saved');
      return;
    }
    this.message = answer.message;
    this.errors = answer.fields;
    this.busy = false;
  },
}));

Alpine.data('addDomain', (config: { id: string }) => ({
  domain: '',
  busy: false,
  message: '',
  async submit() {
    if (this.busy) return;
    this.busy = true;
    this.message = '';
    const answer = await adminApi('POST', `/vendors/${config.id}/domains`, { domain: this.domain });
    if (answer.ok) {
      goWithNotice(`/vendors/${config.id}`, 'domain-added');
      return;
    }
    this.message = answer.fields.domain ?? answer.message;
    this.busy = false;
  },
}));
