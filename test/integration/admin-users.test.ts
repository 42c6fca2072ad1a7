import { asc, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { describe, expect, test } from 'vitest';
import { outbox, users } from '../../drizzle/schema';
import { request } from '../harness/http';
import { adminAuth, appDatabase, createTestVendor, hostUrl, signIn } from '../harness/platform';
import { addToTeam, bearer, createPerson, type TestPerson, teamLogin } from '../harness/team';

interface AdminUser {
  id: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  disabledAt: string | null;
  memberships: { vendorId: string; vendorSlug: string; vendorName: string; role: string }[];
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

async function admin(method: string, path: string): Promise<Response> {
  return request(hostUrl('admin', `/api/v1/admin${path}`), { method, headers: await adminAuth() });
}

async function ok<T>(response: Response): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text) as T;
}

async function findUser(email: string): Promise<AdminUser | undefined> {
  const page = await ok<{ data: AdminUser[] }>(await admin('GET', `/users?q=${encodeURIComponent(email)}`));
  return page.data.find((user) => user.email === email);
}

/** A platform admin made for one test (disabling the demo admin would break other tests). */
async function createAdmin(): Promise<TestPerson> {
  const person = await createPerson('admin');
  await appDatabase()
    .platform()
    .write((q) => [q.update(users).set({ isPlatformAdmin: true }).where(eq(users.id, person.id))] as const);
  return person;
}

async function adminLogin(person: TestPerson): Promise<Response> {
  return request(hostUrl('admin', '/api/v1/admin/auth/login'), {
    method: 'POST',
    json: { email: person.email, password: person.password },
  });
}

async function eventsFor(userId: string): Promise<{ topic: string; vendorId: string }[]> {
  const [rows] = await appDatabase()
    .platform()
    .read(
      (q) =>
        [
          q
            .select({ topic: outbox.topic, vendorId: outbox.vendorId })
            .from(outbox)
            .where(eq(outbox.aggregateId, userId))
            .orderBy(asc(outbox.seq)),
        ] as const,
    );
  return rows;
}

describe('GET /api/v1/admin/users', () => {
  test('finds users by email or name, with their teams and flags', async () => {
    const [first, second] = await Promise.all([createTestVendor('Team Alpha'), createTestVendor('Team Beta')]);
    const person = await createPerson('listed');
    await addToTeam(first, person, 'editor');
    await addToTeam(second, person, 'owner');
    const found = await findUser(person.email);
    expect(found).toMatchObject({ id: person.id, name: person.name, isPlatformAdmin: false, disabledAt: null });
    expect(found?.memberships).toEqual(
      [
        { vendorId: first.id, vendorSlug: first.slug, vendorName: 'Team Alpha', role: 'editor' },
        { vendorId: second.id, vendorSlug: second.slug, vendorName: 'Team Beta', role: 'owner' },
      ].sort((a, b) => a.vendorSlug.localeCompare(b.vendorSlug)),
    );
    const byName = await ok<{ data: AdminUser[] }>(await admin('GET', `/users?q=${encodeURIComponent('Test listed')}`));
    expect(byName.data.map((u) => u.id)).toContain(person.id);
    expect((await findUser('admin@vitrine.test'))?.isPlatformAdmin).toBe(true);
  });

  test('pages by email with an opaque cursor', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const people = await Promise.all([1, 2, 3].map(() => createPerson(`paged-${tag}`)));
    const first = await ok<{ data: AdminUser[]; nextCursor: string | null }>(await admin('GET', `/users?q=paged-${tag}&limit=2`));
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ok<{ data: AdminUser[]; nextCursor: string | null }>(
      await admin('GET', `/users?q=paged-${tag}&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.nextCursor).toBeNull();
    const emails = [...first.data, ...second.data].map((u) => u.email);
    expect(emails).toEqual(people.map((p) => p.email).sort());
  });

  test('a bad cursor or limit is VALIDATION_FAILED', async () => {
    for (const query of ['?cursor=nope', '?limit=0', '?limit=500', `?q=${'x'.repeat(101)}`]) {
      const response = await admin('GET', `/users${query}`);
      expect(response.status, query).toBe(422);
      expect((await errorOf(response)).code).toBe('VALIDATION_FAILED');
    }
  });

  test('stats count users, admins and disabled users', async () => {
    const stats = await ok<{ total: number; admins: number; disabled: number }>(await admin('GET', '/users/stats'));
    expect(stats.total).toBeGreaterThanOrEqual(13);
    expect(stats.admins).toBeGreaterThanOrEqual(1);
    expect(stats.disabled).toBeGreaterThanOrEqual(0);
  });
});

describe('POST /api/v1/admin/users/:id/disable and /enable', () => {
  test("disabling ends a member's live sessions on every team at once and refuses sign-in; enabling lets them back", async () => {
    const [first, second] = await Promise.all([createTestVendor('Disable One'), createTestVendor('Disable Two')]);
    const person = await createPerson('disabled');
    await addToTeam(first, person, 'manager');
    await addToTeam(second, person, 'viewer');
    const [one, two] = await Promise.all([teamLogin(first.slug, person), teamLogin(second.slug, person)]);
    const me = (slug: string, token: string) => request(hostUrl(slug, '/api/v1/vendor/me'), { headers: bearer(token) });
    expect((await me(first.slug, one.token)).status).toBe(200);

    const disabled = await ok<AdminUser>(await admin('POST', `/users/${person.id}/disable`));
    expect(disabled.disabledAt).toEqual(expect.any(String));
    for (const [slug, session] of [
      [first.slug, one],
      [second.slug, two],
    ] as const) {
      const response = await me(slug, session.token);
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
      const refresh = await request(hostUrl(slug, '/api/v1/vendor/auth/refresh'), {
        method: 'POST',
        json: { refreshToken: session.refreshToken },
      });
      expect(refresh.status).toBe(401);
    }
    await expect(teamLogin(first.slug, person)).rejects.toThrow(/401/);

    const enabled = await ok<AdminUser>(await admin('POST', `/users/${person.id}/enable`));
    expect(enabled.disabledAt).toBeNull();
    const again = await teamLogin(first.slug, person);
    expect((await me(first.slug, again.token)).status).toBe(200);
    // The sessions revoked by disabling stay revoked.
    expect((await me(first.slug, one.token)).status).toBe(401);

    const events = await eventsFor(person.id);
    expect(
      events
        .filter((e) => e.topic === 'user.disabled.v1')
        .map((e) => e.vendorId)
        .sort(),
    ).toEqual([first.id, second.id].sort());
    expect(events.filter((e) => e.topic === 'user.enabled.v1')).toHaveLength(2);
  });

  test('disabling a platform admin ends their admin session at once; a user on no team gets no event', async () => {
    const other = await createAdmin();
    const login = await adminLogin(other);
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const adminMe = () => request(hostUrl('admin', '/api/v1/admin/me'), { headers: bearer(token) });
    expect((await adminMe()).status).toBe(200);

    await ok(await admin('POST', `/users/${other.id}/disable`));
    expect((await adminMe()).status).toBe(401);
    expect((await adminLogin(other)).status).toBe(401);
    expect(await eventsFor(other.id)).toEqual([]);

    await ok(await admin('POST', `/users/${other.id}/enable`));
    expect((await adminLogin(other)).status).toBe(200);
  });

  test('disabling or enabling twice changes nothing the second time (one event each)', async () => {
    const vendor = await createTestVendor('Twice');
    const person = await addToTeam(vendor, await createPerson('twice'), 'editor');
    await ok(await admin('POST', `/users/${person.id}/disable`));
    await ok(await admin('POST', `/users/${person.id}/disable`));
    await ok(await admin('POST', `/users/${person.id}/enable`));
    await ok(await admin('POST', `/users/${person.id}/enable`));
    expect((await eventsFor(person.id)).map((e) => e.topic)).toEqual(['user.disabled.v1', 'user.enabled.v1']);
  });

  test('an admin cannot disable themself: CONFLICT', async () => {
    const me = String(decodeJwt(await signIn('admin', 'admin', 'admin@vitrine.test')).sub);
    const response = await admin('POST', `/users/${me}/disable`);
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('CONFLICT');
    expect((await findUser('admin@vitrine.test'))?.disabledAt).toBeNull();
  });

  test('an unknown user is NOT_FOUND and a malformed id VALIDATION_FAILED', async () => {
    for (const action of ['disable', 'enable']) {
      const missing = await admin('POST', `/users/${crypto.randomUUID()}/${action}`);
      expect(missing.status).toBe(404);
      expect((await errorOf(missing)).code).toBe('NOT_FOUND');
      const malformed = await admin('POST', `/users/not-a-uuid/${action}`);
      expect(malformed.status).toBe(422);
      expect((await errorOf(malformed)).code).toBe('VALIDATION_FAILED');
    }
  });
});

describe('/api/v1/admin/users: security', () => {
  test('no token, a team token and a customer token are UNAUTHORIZED on the admin host, and nothing changes', async () => {
    const victim = await createPerson('victim');
    const owner = await signIn('vendor', 'acme', 'owner@acme.test');
    const shopper = await signIn('shop', 'acme', 'shopper@acme.test');
    for (const headers of [{}, bearer(owner), bearer(shopper)]) {
      for (const [method, path] of [
        ['GET', '/users'],
        ['GET', '/users/stats'],
        ['POST', `/users/${victim.id}/disable`],
        ['POST', `/users/${victim.id}/enable`],
      ]) {
        const response = await request(hostUrl('admin', `/api/v1/admin${path}`), { method, headers });
        expect(response.status, `${method} ${path}`).toBe(401);
        expect((await errorOf(response)).code).toBe('UNAUTHORIZED');
      }
    }
    expect((await findUser(victim.email))?.disabledAt).toBeNull();
  });

  test('with the admin token on a vendor host the users API is NOT_FOUND', async () => {
    const victim = await createPerson('victim');
    for (const [method, path] of [
      ['GET', '/users'],
      ['POST', `/users/${victim.id}/disable`],
    ]) {
      const response = await request(hostUrl('acme', `/api/v1/admin${path}`), { method, headers: await adminAuth() });
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('NOT_FOUND');
    }
    expect((await findUser(victim.email))?.disabledAt).toBeNull();
  });
});
