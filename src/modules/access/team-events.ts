import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';
import { API_KEY_SCOPES, TEAM_ROLES } from './permissions';

const uuid = z.string().uuid();
const role = z.enum(TEAM_ROLES);

/** An owner invited someone to the team (the link's token never leaves the response). */
export const memberInvitedV1 = defineEvent(
  'team.member-invited.v1',
  'invitation',
  z.object({ invitationId: uuid, email: z.string().email(), role, invitedBy: uuid }),
);

/** An invitee accepted and is now a member with `role`. */
export const memberJoinedV1 = defineEvent(
  'team.member-joined.v1',
  'membership',
  z.object({ userId: uuid, role, invitationId: uuid }),
);

/** An owner changed a member's role. */
export const memberRoleChangedV1 = defineEvent(
  'team.member-role-changed.v1',
  'membership',
  z.object({ userId: uuid, role, previousRole: role, changedBy: uuid }),
);

/** An owner removed a member (their sessions were revoked). */
export const memberRemovedV1 = defineEvent(
  'team.member-removed.v1',
  'membership',
  z.object({ userId: uuid, role, removedBy: uuid }),
);

/** An owner created an API key. */
export const apiKeyCreatedV1 = defineEvent(
  'api-key.created.v1',
  'api-key',
  z.object({ apiKeyId: uuid, name: z.string(), scopes: z.array(z.enum(API_KEY_SCOPES)), createdBy: uuid }),
);

/** An owner revoked an API key; it stopped working at once. */
export const apiKeyRevokedV1 = defineEvent('api-key.revoked.v1', 'api-key', z.object({ apiKeyId: uuid, revokedBy: uuid }));
