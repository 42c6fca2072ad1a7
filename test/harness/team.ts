import { memberships, type TeamRole, users } from '../../drizzle/schema';
import { hashPassword } from '../../src/modules/access/passwords';
import { request } from './http';
import { appDatabase, createTestVendor, hostUrl, type TestVendor, uniqueSlug } from './platform';

/** The password of every person these helpers make. */
export const TEAM_PASSWORD = 'team-test-password';

/** A person made for one test: a platform user, and a member of `vendor` when they have a role. */
export interface TestPerson {
  id: string;
  email: string;
  name: string;
  password: string;
}

export interface TeamVendor extends TestVendor {
  owner: TestPerson;
}

/** A team member's sign-in, as `POST /vendor/auth/login` answers it. */
export interface TeamSession {
  token: string;
  refreshToken: string;
  role: TeamRole;
  user: { id: string; email: string; name: string };
}

let passwordHash: Promise<string> | undefined;

/** A new platform user with `TEAM_PASSWORD`, on no team yet (users are written in the platform scope). */
export async function createPerson(label = 'person'): Promise<TestPerson> {
  passwordHash ??= hashPassword(TEAM_PASSWORD);
  const person = { id: crypto.randomUUID(), email: `${uniqueSlug(label)}@example.test`, name: `Test ${label}` };
  const hash = await passwordHash;
  await appDatabase()
    .platform()
    .write((q) => [q.insert(users).values({ ...person, passwordHash: hash })] as const);
  return { ...person, password: TEAM_PASSWORD };
}

/** Puts `person` on the vendor's team with `role` (vendor scope), as test setup. */
export async function addToTeam(vendor: TestVendor, person: TestPerson, role: TeamRole): Promise<TestPerson> {
  await appDatabase()
    .vendor(vendor.id)
    .write((q) => [q.insert(memberships).values({ vendorId: vendor.id, userId: person.id, role })] as const);
  return person;
}

/** A new person on the vendor's team with `role`. */
export async function addTeamMember(vendor: TestVendor, role: TeamRole): Promise<TestPerson> {
  return addToTeam(vendor, await createPerson(role), role);
}

/**
 * A fresh vendor (through the admin API) and its first owner. A new vendor has no team to invite
 * anyone, so the owner is written directly: setup, not behaviour under test.
 */
export async function createVendorWithOwner(name = 'Team Test Vendor'): Promise<TeamVendor> {
  const vendor = await createTestVendor(name);
  return { ...vendor, owner: await addTeamMember(vendor, 'owner') };
}

/** Signs a person in on the vendor's host (no caching: every call is a new session). */
export async function teamLogin(slug: string, person: { email: string; password: string }): Promise<TeamSession> {
  const response = await request(hostUrl(slug, '/api/v1/vendor/auth/login'), {
    method: 'POST',
    json: { email: person.email, password: person.password },
  });
  if (response.status !== 200)
    throw new Error(`team sign-in of ${person.email} on ${slug}: ${response.status} ${await response.text()}`);
  return (await response.json()) as TeamSession;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A JSON API call on a vendor host with a bearer token; answers status and parsed body. */
export async function vendorApi<T = unknown>(
  slug: string,
  token: string | undefined,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await request(hostUrl(slug, `/api/v1/vendor${path}`), {
    method,
    headers: token ? bearer(token) : {},
    ...(json === undefined ? {} : { json }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

/** The error code of an error envelope. */
export const errorCode = (body: unknown) => (body as { error?: { code?: string } } | null)?.error?.code;
