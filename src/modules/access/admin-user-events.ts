import { z } from 'zod';
import { defineEvent } from '../../platform/outbox';

/**
 * Users are platform-wide but every outbox row belongs to a vendor: these events are written once
 * per vendor whose team the user is on, and not at all for a user on no team.
 */
const userChange = z.object({ userId: z.string().uuid(), by: z.string().uuid() });

/** A platform admin disabled the user: they can't sign in and their sessions were revoked. */
export const userDisabledV1 = defineEvent('user.disabled.v1', 'user', userChange);

/** A platform admin enabled the user again: they can sign in. */
export const userEnabledV1 = defineEvent('user.enabled.v1', 'user', userChange);
