/** The team page's Alpine component: role changes, removals, invitations and their links. */
import Alpine from 'alpinejs';
import { callApi, copyText, formatDate } from './api';

type Role = 'owner' | 'manager' | 'editor' | 'viewer';

export interface TeamMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  since: string;
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
}

export interface TeamPageConfig {
  members: TeamMember[];
  invitations: PendingInvitation[];
  isOwner: boolean;
  selfId: string;
  roleLabels: Record<Role, string>;
}

type CreatedInvitation = PendingInvitation & { acceptUrl: string };

/** The read-only field that shows a new invitation's link. */
const inviteLink = () => document.getElementById('invite-link') as HTMLInputElement | null;

/** `Alpine.data('teamPage', teamPage)`; seeded with the team the page rendered. */
export function teamPage(config: TeamPageConfig) {
  return {
    members: config.members,
    invitations: config.invitations,
    isOwner: config.isOwner,
    selfId: config.selfId,
    /** The row being saved (a user or invitation id), so its controls wait. */
    busy: '',
    /** A polite announcement of what just happened. */
    status: '',
    membersError: '',
    invitationsError: '',
    inviteForm: { email: '', role: 'editor' as Role },
    inviteErrors: {} as Record<string, string>,
    inviteError: '',
    inviting: false,
    created: null as CreatedInvitation | null,
    copied: '',

    formatDate,
    roleLabel(role: Role): string {
      return config.roleLabels[role] ?? role;
    },

    async changeRole(member: TeamMember, select: HTMLSelectElement) {
      const role = select.value as Role;
      if (role === member.role) return;
      const self = member.userId === this.selfId;
      if (self && !window.confirm(`Change your own role to ${this.roleLabel(role)}? You will need to sign in again.`)) {
        select.value = member.role;
        return;
      }
      this.busy = member.userId;
      this.membersError = '';
      const result = await callApi<TeamMember>('PATCH', `/vendor/team/members/${member.userId}`, { role });
      this.busy = '';
      if (!result.ok) {
        select.value = member.role;
        this.membersError = result.error.message;
        return;
      }
      // Their sessions ended so the new role applies at once; your own means signing in again.
      if (self) return window.location.reload();
      member.role = result.data.role;
      this.status = `${member.name} is now ${this.roleLabel(member.role)}. They need to sign in again.`;
    },

    async remove(member: TeamMember) {
      const self = member.userId === this.selfId;
      const question = self
        ? 'Leave this team? You will lose access to this dashboard at once.'
        : `Remove ${member.name} (${member.email}) from the team? They lose access at once.`;
      if (!window.confirm(question)) return;
      this.busy = member.userId;
      this.membersError = '';
      const result = await callApi('DELETE', `/vendor/team/members/${member.userId}`);
      this.busy = '';
      if (!result.ok) {
        this.membersError = result.error.message;
        return;
      }
      if (self) return window.location.reload();
      this.members = this.members.filter((m) => m.userId !== member.userId);
      this.status = `${member.name} was removed from the team.`;
    },

    async invite() {
      if (this.inviting) return;
      this.inviting = true;
      this.inviteError = '';
      this.inviteErrors = {};
      this.copied = '';
      const result = await callApi<CreatedInvitation>('POST', '/vendor/team/invitations', this.inviteForm);
      this.inviting = false;
      if (!result.ok) {
        this.inviteErrors = result.error.fields;
        this.inviteError = result.error.message;
        return;
      }
      const created = result.data;
      this.created = created;
      // A new invitation replaces a pending one of the same email.
      this.invitations = [created, ...this.invitations.filter((i) => i.email !== created.email)];
      this.inviteForm = { email: '', role: this.inviteForm.role };
      this.status = `Invitation created for ${created.email}.`;
      await Alpine.nextTick();
      inviteLink()?.focus();
    },

    async copyLink() {
      if (!this.created) return;
      const copied = await copyText(this.created.acceptUrl, inviteLink());
      this.copied = copied ? 'Link copied to the clipboard.' : 'Press Ctrl+C (⌘C on a Mac) to copy the selected link.';
    },

    async revoke(invitation: PendingInvitation) {
      if (!window.confirm(`Revoke the invitation for ${invitation.email}? Its link stops working.`)) return;
      this.busy = invitation.id;
      this.invitationsError = '';
      const result = await callApi('DELETE', `/vendor/team/invitations/${invitation.id}`);
      this.busy = '';
      if (!result.ok && result.error.code !== 'NOT_FOUND') {
        this.invitationsError = result.error.message;
        return;
      }
      this.invitations = this.invitations.filter((i) => i.id !== invitation.id);
      if (this.created?.id === invitation.id) this.created = null;
      this.status = `The invitation for ${invitation.email} was revoked.`;
    },
  };
}
