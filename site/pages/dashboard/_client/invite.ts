/** The invitation page's Alpine component: accept with a name and password (or just the password). */
import { callApi } from './api';

export interface InviteFormConfig {
  /** `/vendor/invitations/<token>/accept`. */
  path: string;
  needsPassword: boolean;
  /** Where the new member lands. */
  next: string;
}

/** `Alpine.data('inviteForm', inviteForm)`. */
export function inviteForm(config: InviteFormConfig) {
  return {
    fields: { name: '', password: '' },
    errors: {} as Record<string, string>,
    message: '',
    submitting: false,

    async accept() {
      if (this.submitting) return;
      this.submitting = true;
      this.message = '';
      this.errors = {};
      const body = config.needsPassword ? this.fields : { password: this.fields.password };
      const result = await callApi('POST', config.path, body);
      if (result.ok) {
        // Signed in by the answer's cookies: stay disabled while the dashboard loads.
        window.location.assign(config.next);
        return;
      }
      this.errors = result.error.fields;
      this.message = result.error.message;
      this.submitting = false;
    },
  };
}
