import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { invitations, memberships, outbox, type TeamRole } from '../../drizzle/schema';
import { sha256 } from '../../src/modules/access/passwords';
import { request } from '../harness/http';
import { appDatabase, hostUrl, uniqueSlug } from '../harness/platform';
import {
  addTeamMember,
  addToTeam,
  createPerson,
  createVendorWithOwner,
  errorCode,
  TEAM_PASSWORD,
  type TeamSession,
  type TeamVendor,
  teamLogin,
  vendorApi,
} from '../harness/team';

interface Member {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  since: string;
}
interface Team {
  members: Member[];
  invitations: { id: string; email: string; role: TeamRole; expiresAt: string }[];
}
interface CreatedInvitation {
  id: string;
  email: string;
  role: TeamRole;
  acceptUrl: string;
}

async function ownerSession(vendor: TeamVendor): Promise<string> {
  return (await teamLogin(vendor.slug, vendor.owner)).token;
}

async function invite(vendor: TeamVendor, token: string, email: string, role: TeamRole = 'editor') {
  const response = await vendorApi<CreatedInvitation>(vendor.slug, token, 'POST', '/team/invitations', { email, role });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const link = response.body.acceptUrl;
  return { ...response.body, token: decodeURIComponent(link.slice(link.lastIndexOf('/') + 1)) };
}

const accept = (slug: string, token: string, body: { name?: string; password: string }) =>
  vendorApi<TeamSession>(slug, undefined, 'POST', `/invitations/${token}/accept`, body);

const preview = (slug: string, token: string) =>
  vendorApi<Record<string, unknown>>(slug, undefined, 'GET', `/invitations/${token}`);

async function events(vendorId: string, topic: string) {
  const [rows] = await appDatabase()
    .vendor(vendorId)
    .read(
      (q) =>
        [
          q
            .select()
            .from(outbox)
            .where(and(eq(outbox.vendorId, vendorId), eq(outbox.topic, topic))),
        ] as const,
    );
  return rows;
}

async function roleOf(vendor: TeamVendor, userId: string): Promise<TeamRole | undefined> {
  const [[row]] = await appDatabase()
    .vendor(vendor.id)
    .read(
      (q) =>
        [
          q
            .select({ role: memberships.role })
            .from(memberships)
            .where(and(eq(memberships.vendorId, vendor.id), eq(memberships.userId, userId))),
        ] as const,
    );
  return row?.role;
}

describe('the team list', () => {
  test('the owner sees the team with names, emails, roles and since; and the pending invitations', async () => {
    const vendor = await createVendorWithOwner();
    const token = await ownerSession(vendor);
    const invited = await invite(vendor, token, `${uniqueSlug('new')}@example.test`, 'viewer');
    const { status, body } = await vendorApi<Team>(vendor.slug, token, 'GET', '/team');
    expect(status).toBe(200);
    expect(body.members).toEqual([
      { userId: vendor.owner.id, name: vendor.owner.name, email: vendor.owner.email, role: 'owner', since: expect.any(String) },
    ]);
    expect(body.invitations.map((i) => [i.id, i.email, i.role])).toEqual([[invited.id, invited.email, 'viewer']]);
  });

  test('every role may read the team; nobody anonymous', async () => {
    const vendor = await createVendorWithOwner();
    for (const role of ['manager', 'editor', 'viewer'] as const) {
      const member = await addTeamMember(vendor, role);
      const { status, body } = await vendorApi<Team>(vendor.slug, (await teamLogin(vendor.slug, member)).token, 'GET', '/team');
      expect(status, role).toBe(200);
      expect(body.members.map((m) => m.userId)).toContain(member.id);
    }
    const anonymous = await vendorApi(vendor.slug, undefined, 'GET', '/team');
    expect(anonymous.status).toBe(401);
    expect(errorCode(anonymous.body)).toBe('UNAUTHORIZED');
  });
});

describe('invitations', () => {
  test('invite → accept as a new user → signed in with the role; the link works once', async () => {
    const vendor = await createVendorWithOwner('Invite Co');
    const owner = await ownerSession(vendor);
    const email = `${uniqueSlug('Invitee')}@Example.test`;
    const invitation = await invite(vendor, owner, email, 'manager');
    expect(invitation.email).toBe(email.toLowerCase());
    expect(invitation.acceptUrl).toMatch(
      new RegExp(`^http://${vendor.slug}\\.localhost:\\d+/dashboard/invite/[A-Za-z0-9_-]{40,}$`),
    );

    // Only the token's hash is stored.
    const [[row]] = await appDatabase()
      .vendor(vendor.id)
      .read((q) => [q.select().from(invitations).where(eq(invitations.id, invitation.id))] as const);
    expect(row?.tokenHash).toBe(await sha256(invitation.token));
    expect(JSON.stringify(row)).not.toContain(invitation.token);
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);

    const shown = await preview(vendor.slug, invitation.token);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      vendorName: 'Invite Co',
      email: email.toLowerCase(),
      role: 'manager',
      needsPassword: true,
    });

    const accepted = await accept(vendor.slug, invitation.token, { name: 'Nina New', password: 'a-fresh-password' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.role).toBe('manager');
    expect(accepted.body.user).toMatchObject({ email: email.toLowerCase(), name: 'Nina New' });
    expect(accepted.headers.getSetCookie().some((c) => c.startsWith('vt_access='))).toBe(true);
    // The session works at once, and the new member signs in with the password they chose.
    expect((await vendorApi(vendor.slug, accepted.body.token, 'GET', '/team')).status).toBe(200);
    const login = await teamLogin(vendor.slug, { email, password: 'a-fresh-password' });
    expect(login.role).toBe('manager');

    const again = await accept(vendor.slug, invitation.token, { name: 'Nina New', password: 'a-fresh-password' });
    expect(again.status).toBe(404);
    expect(errorCode(again.body)).toBe('NOT_FOUND');
    expect((await preview(vendor.slug, invitation.token)).status).toBe(404);

    const team = await vendorApi<Team>(vendor.slug, owner, 'GET', '/team');
    expect(team.body.members.find((m) => m.userId === accepted.body.user.id)?.role).toBe('manager');
    expect(team.body.invitations).toEqual([]);
    expect((await events(vendor.id, 'team.member-invited.v1')).map((e) => e.payload)).toEqual([
      { invitationId: invitation.id, email: email.toLowerCase(), role: 'manager', invitedBy: vendor.owner.id },
    ]);
    expect((await events(vendor.id, 'team.member-joined.v1')).map((e) => e.payload)).toEqual([
      { userId: accepted.body.user.id, role: 'manager', invitationId: invitation.id },
    ]);
  });

  test('an existing user accepts with their own password; a wrong one is UNAUTHORIZED and spends nothing', async () => {
    const [vendor, elsewhere] = await Promise.all([createVendorWithOwner(), createVendorWithOwner()]);
    const person = await addTeamMember(elsewhere, 'editor');
    const invitation = await invite(vendor, await ownerSession(vendor), person.email, 'viewer');
    expect((await preview(vendor.slug, invitation.token)).body).toMatchObject({ needsPassword: false, role: 'viewer' });

    const wrong = await accept(vendor.slug, invitation.token, { password: 'not-their-password' });
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong.body)).toBe('UNAUTHORIZED');
    expect(await roleOf(vendor, person.id)).toBeUndefined();

    const right = await accept(vendor.slug, invitation.token, { password: TEAM_PASSWORD });
    expect(right.status).toBe(200);
    expect(right.body.user.id).toBe(person.id);
    expect(right.body.role).toBe('viewer');
    // One person, two teams, a role on each.
    expect((await teamLogin(vendor.slug, person)).role).toBe('viewer');
    expect((await teamLogin(elsewhere.slug, person)).role).toBe('editor');
  });

  test('a new account needs a name and a strong enough password', async () => {
    const vendor = await createVendorWithOwner();
    const invitation = await invite(vendor, await ownerSession(vendor), `${uniqueSlug('x')}@example.test`);
    const noName = await accept(vendor.slug, invitation.token, { password: 'a-fresh-password' });
    expect(noName.status).toBe(422);
    expect(errorCode(noName.body)).toBe('VALIDATION_FAILED');
    const weak = await accept(vendor.slug, invitation.token, { name: 'Weak', password: 'short' });
    expect(weak.status).toBe(422);
    expect((await preview(vendor.slug, invitation.token)).status).toBe(200);
  });

  test('revoked, expired, replaced and unknown invitations are NOT_FOUND', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const revoked = await invite(vendor, owner, `${uniqueSlug('r')}@example.test`);
    expect((await vendorApi(vendor.slug, owner, 'DELETE', `/team/invitations/${revoked.id}`)).status).toBe(204);
    expect((await vendorApi(vendor.slug, owner, 'DELETE', `/team/invitations/${revoked.id}`)).status).toBe(404);

    const expired = await invite(vendor, owner, `${uniqueSlug('e')}@example.test`);
    await appDatabase()
      .vendor(vendor.id)
      .write(
        (q) =>
          [
            q
              .update(invitations)
              .set({ expiresAt: new Date(Date.now() - 1000) })
              .where(eq(invitations.id, expired.id)),
          ] as const,
      );

    const email = `${uniqueSlug('twice')}@example.test`;
    const first = await invite(vendor, owner, email, 'viewer');
    const second = await invite(vendor, owner, email, 'editor');

    for (const token of [revoked.token, expired.token, first.token, 'no-such-token-at-all-0123456789abcdefghij']) {
      const shown = await preview(vendor.slug, token);
      expect(shown.status, token).toBe(404);
      expect(errorCode(shown.body)).toBe('NOT_FOUND');
      const used = await accept(vendor.slug, token, { name: 'Late', password: 'a-fresh-password' });
      expect(used.status, token).toBe(404);
    }
    const team = await vendorApi<Team>(vendor.slug, owner, 'GET', '/team');
    expect(team.body.invitations.map((i) => [i.id, i.role])).toEqual([[second.id, 'editor']]);
    expect((await accept(vendor.slug, second.token, { name: 'On time', password: 'a-fresh-password' })).body.role).toBe('editor');
  });

  test('inviting a current member is CONFLICT; bad input is VALIDATION_FAILED', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const member = await addTeamMember(vendor, 'viewer');
    const taken = await vendorApi(vendor.slug, owner, 'POST', '/team/invitations', {
      email: member.email.toUpperCase(),
      role: 'owner',
    });
    expect(taken.status).toBe(409);
    expect(errorCode(taken.body)).toBe('CONFLICT');
    for (const body of [{ email: 'nope', role: 'editor' }, { email: 'a@example.test', role: 'admin' }, {}]) {
      const invalid = await vendorApi(vendor.slug, owner, 'POST', '/team/invitations', body);
      expect(invalid.status).toBe(422);
      expect(errorCode(invalid.body)).toBe('VALIDATION_FAILED');
    }
  });

  test("an invitation works only on its vendor's host", async () => {
    const [vendor, other] = await Promise.all([createVendorWithOwner(), createVendorWithOwner()]);
    const invitation = await invite(vendor, await ownerSession(vendor), `${uniqueSlug('h')}@example.test`);
    expect((await preview(other.slug, invitation.token)).status).toBe(404);
    expect((await accept(other.slug, invitation.token, { name: 'Hopper', password: 'a-fresh-password' })).status).toBe(404);
    expect(await roleOf(other, vendor.owner.id)).toBeUndefined();
    expect((await preview(vendor.slug, invitation.token)).status).toBe(200);
  });
});

describe('only owners change the team', () => {
  test('managers, editors and viewers may not invite, revoke, change roles or remove (FORBIDDEN), and nothing changes', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const pending = await invite(vendor, owner, `${uniqueSlug('p')}@example.test`);
    const target = await addTeamMember(vendor, 'viewer');
    for (const role of ['manager', 'editor', 'viewer'] as const) {
      const token = (await teamLogin(vendor.slug, await addTeamMember(vendor, role))).token;
      // No bodies: the guard refuses before any body is read (a missing guard would meet the
      // validator: 422, not 403), and `wrangler dev` fails the request after one whose body the
      // Worker never read (workers-sdk #15203, see test/harness/attacks.ts).
      for (const [method, path] of [
        ['POST', '/team/invitations'],
        ['DELETE', `/team/invitations/${pending.id}`],
        ['PATCH', `/team/members/${target.id}`],
        ['PATCH', `/team/members/${vendor.owner.id}`],
        ['DELETE', `/team/members/${target.id}`],
        ['DELETE', `/team/members/${vendor.owner.id}`],
      ] as const) {
        const response = await vendorApi(vendor.slug, token, method, path);
        expect(response.status, `${role} ${method} ${path}`).toBe(403);
        expect(errorCode(response.body)).toBe('FORBIDDEN');
      }
    }
    expect(await roleOf(vendor, target.id)).toBe('viewer');
    expect(await roleOf(vendor, vendor.owner.id)).toBe('owner');
    expect((await preview(vendor.slug, pending.token)).status).toBe(200);
  });
});

describe('roles and removal', () => {
  test('a role change applies at once: the old token is refused, a new sign-in carries the new role', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const member = await addTeamMember(vendor, 'editor');
    const before = await teamLogin(vendor.slug, member);
    const changed = await vendorApi<Member>(vendor.slug, owner, 'PATCH', `/team/members/${member.id}`, { role: 'viewer' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ userId: member.id, email: member.email, role: 'viewer' });
    const stale = await vendorApi(vendor.slug, before.token, 'GET', '/team');
    expect(stale.status).toBe(401);
    expect(errorCode(stale.body)).toBe('UNAUTHORIZED');
    const refreshed = await request(hostUrl(vendor.slug, '/api/v1/vendor/auth/refresh'), {
      method: 'POST',
      json: { refreshToken: before.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    expect((await teamLogin(vendor.slug, member)).role).toBe('viewer');
    expect((await events(vendor.id, 'team.member-role-changed.v1')).map((e) => e.payload)).toEqual([
      { userId: member.id, role: 'viewer', previousRole: 'editor', changedBy: vendor.owner.id },
    ]);
  });

  test('removing a member ends their live session at once', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const member = await addTeamMember(vendor, 'manager');
    const live = await teamLogin(vendor.slug, member);
    expect((await vendorApi(vendor.slug, live.token, 'GET', '/team')).status).toBe(200);
    expect((await vendorApi(vendor.slug, owner, 'DELETE', `/team/members/${member.id}`)).status).toBe(204);
    const after = await vendorApi(vendor.slug, live.token, 'GET', '/team');
    expect(after.status).toBe(401);
    const login = await request(hostUrl(vendor.slug, '/api/v1/vendor/auth/login'), {
      method: 'POST',
      json: { email: member.email, password: member.password },
    });
    expect(login.status).toBe(401);
    expect((await vendorApi(vendor.slug, owner, 'DELETE', `/team/members/${member.id}`)).status).toBe(404);
    expect((await events(vendor.id, 'team.member-removed.v1')).map((e) => e.payload)).toEqual([
      { userId: member.id, role: 'manager', removedBy: vendor.owner.id },
    ]);
  });

  test('the last owner can be neither demoted nor removed (CONFLICT); with a second owner, they can', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const demote = await vendorApi(vendor.slug, owner, 'PATCH', `/team/members/${vendor.owner.id}`, { role: 'manager' });
    expect(demote.status).toBe(409);
    expect(errorCode(demote.body)).toBe('CONFLICT');
    expect((demote.body as { error: { message: string } }).error.message).toMatch(/last owner/);
    const remove = await vendorApi(vendor.slug, owner, 'DELETE', `/team/members/${vendor.owner.id}`);
    expect(remove.status).toBe(409);
    expect(await roleOf(vendor, vendor.owner.id)).toBe('owner');

    const second = await addTeamMember(vendor, 'manager');
    expect((await vendorApi(vendor.slug, owner, 'PATCH', `/team/members/${second.id}`, { role: 'owner' })).status).toBe(200);
    const self = await vendorApi<Member>(vendor.slug, owner, 'PATCH', `/team/members/${vendor.owner.id}`, { role: 'viewer' });
    expect(self.status).toBe(200);
    expect(await roleOf(vendor, vendor.owner.id)).toBe('viewer');
    const secondToken = (await teamLogin(vendor.slug, second)).token;
    expect((await vendorApi(vendor.slug, secondToken, 'DELETE', `/team/members/${second.id}`)).status).toBe(409);
  });

  test('two owners demoting each other at the same time leave one owner', async () => {
    for (let round = 0; round < 3; round++) {
      const vendor = await createVendorWithOwner();
      const other = await addTeamMember(vendor, 'owner');
      const [a, b] = await Promise.all([teamLogin(vendor.slug, vendor.owner), teamLogin(vendor.slug, other)]);
      const results = await Promise.all([
        vendorApi(vendor.slug, a.token, 'PATCH', `/team/members/${other.id}`, { role: 'editor' }),
        vendorApi(vendor.slug, b.token, 'PATCH', `/team/members/${vendor.owner.id}`, { role: 'editor' }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      // Either one wins and the other finds the last owner (409), or the loser's session was
      // already revoked when it arrived (401); never both.
      expect(statuses[0]).toBe(200);
      expect([401, 409]).toContain(statuses[1]);
      const roles = [await roleOf(vendor, vendor.owner.id), await roleOf(vendor, other.id)];
      expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
    }
  });

  test('concurrent removals of two owners leave one owner', async () => {
    const vendor = await createVendorWithOwner();
    const other = await addTeamMember(vendor, 'owner');
    const [a, b] = await Promise.all([teamLogin(vendor.slug, vendor.owner), teamLogin(vendor.slug, other)]);
    await Promise.all([
      vendorApi(vendor.slug, a.token, 'DELETE', `/team/members/${other.id}`),
      vendorApi(vendor.slug, b.token, 'DELETE', `/team/members/${vendor.owner.id}`),
    ]);
    const roles = [await roleOf(vendor, vendor.owner.id), await roleOf(vendor, other.id)];
    expect(roles.filter((r) => r === 'owner')).toHaveLength(1);
  });

  test('unknown members are NOT_FOUND; a bad role is VALIDATION_FAILED', async () => {
    const vendor = await createVendorWithOwner();
    const owner = await ownerSession(vendor);
    const stranger = await createPerson('stranger');
    for (const [method, body] of [
      ['PATCH', { role: 'viewer' }],
      ['DELETE', undefined],
    ] as const) {
      const response = await vendorApi(vendor.slug, owner, method, `/team/members/${stranger.id}`, body);
      expect(response.status).toBe(404);
      expect(errorCode(response.body)).toBe('NOT_FOUND');
    }
    const bad = await vendorApi(vendor.slug, owner, 'PATCH', `/team/members/${vendor.owner.id}`, { role: 'root' });
    expect(bad.status).toBe(422);
  });
});

describe('isolation between vendors', () => {
  test("an owner can't see or change another vendor's team through ids, and their token is refused there", async () => {
    const [a, b] = await Promise.all([createVendorWithOwner(), createVendorWithOwner()]);
    const [ownerA, ownerB] = await Promise.all([ownerSession(a), ownerSession(b)]);
    const memberB = await addTeamMember(b, 'editor');
    const inviteB = await invite(b, ownerB, `${uniqueSlug('b')}@example.test`);
    // Someone on both teams: A's owner still can't touch their membership of B.
    const shared = await addToTeam(b, await addTeamMember(a, 'viewer'), 'manager');

    for (const [method, path, body] of [
      ['PATCH', `/team/members/${memberB.id}`, { role: 'viewer' }],
      ['DELETE', `/team/members/${memberB.id}`, undefined],
      ['DELETE', `/team/members/${b.owner.id}`, undefined],
      ['DELETE', `/team/invitations/${inviteB.id}`, undefined],
    ] as const) {
      const response = await vendorApi(a.slug, ownerA, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const team = await vendorApi<Team>(a.slug, ownerA, 'GET', '/team');
    expect(team.body.members.map((m) => m.userId).sort()).toEqual([a.owner.id, shared.id].sort());
    expect(team.body.invitations).toEqual([]);
    expect((await vendorApi(a.slug, ownerA, 'PATCH', `/team/members/${shared.id}`, { role: 'editor' })).status).toBe(200);

    expect((await vendorApi(b.slug, ownerA, 'GET', '/team')).status).toBe(401);
    // Bodyless: refused before the body is read (see the FORBIDDEN test above).
    expect((await vendorApi(b.slug, ownerA, 'POST', '/team/invitations')).status).toBe(401);
    expect(await roleOf(b, memberB.id)).toBe('editor');
    expect(await roleOf(b, shared.id)).toBe('manager');
    expect((await preview(b.slug, inviteB.token)).status).toBe(200);
  });
});
