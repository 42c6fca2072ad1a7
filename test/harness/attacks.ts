import { expect, test, vi } from 'vitest';
import type { ErrorCode } from '../../src/platform/errors';
import { type Arsenal, accessCookie, type ForgedTokens, loadArsenal, NEIGHBOUR, STRANGER, TARGET } from './attackers';
import { request } from './http';
import { hostUrl } from './platform';
import { type ApiRoute, type Audience, isRead } from './routes';
import { bearer } from './team';

/**
 * Routes any signed-in principal of the route's audience may call on itself, without a
 * permission (signing out, the caller's own profile): a viewer may call them too.
 */
const SELF_SERVICE = [/\/auth\/logout$/, /\/me(\/|$)/];
export const isSelfService = (route: ApiRoute) => SELF_SERVICE.some((pattern) => pattern.test(route.pattern));

/**
 * POST routes that only read (their input is too large or structured for a query string): a
 * viewer may call them; they still need a same-origin request with cookies (CSRF).
 */
const READS_WITH_BODY = [/\/pricing-rules\/preview$/];
const isReadWithBody = (route: ApiRoute) => READS_WITH_BODY.some((pattern) => pattern.test(route.pattern));
const isLogout = (route: ApiRoute) => route.pattern.endsWith('/auth/logout');

export interface Expected {
  status: number;
  code: ErrorCode;
}

const UNAUTHORIZED: Expected = { status: 401, code: 'UNAUTHORIZED' };
const FORBIDDEN: Expected = { status: 403, code: 'FORBIDDEN' };
const NOT_FOUND: Expected = { status: 404, code: 'NOT_FOUND' };

/**
 * A signed-in principal of the right audience but the wrong kind (a shopper on a team route, a
 * team member on a shopper's route): the guards answer FORBIDDEN (`refuse()`); logout checks
 * the kind itself and answers UNAUTHORIZED (that session is not signed in here).
 */
const wrongKind = (route: ApiRoute): Expected => (isLogout(route) ? UNAUTHORIZED : FORBIDDEN);

/** One hostile request: where it goes and what it carries. */
interface Attempt {
  host: string;
  headers: Record<string, string>;
}

export interface Attack {
  name: string;
  appliesTo: (route: ApiRoute) => boolean;
  attempt: (route: ApiRoute, a: Arsenal) => Attempt;
  expected: (route: ApiRoute) => Expected;
}

const hostOf = (audience: Audience) => (audience === 'admin' ? 'admin' : TARGET);
const forgedFor = (route: ApiRoute, a: Arsenal) => a.forged[route.audience === 'any' ? 'team' : route.audience];
const onVendorHost = (route: ApiRoute) => route.audience === 'team' || route.audience === 'shop';
const always = () => true;

/** A refusal with the given expectation for every route it applies to. */
function attack(
  name: string,
  appliesTo: (route: ApiRoute) => boolean,
  attempt: Attack['attempt'],
  expected: Expected | ((route: ApiRoute) => Expected),
): Attack {
  return { name, appliesTo, attempt, expected: typeof expected === 'function' ? expected : () => expected };
}

const forgedAttack = (name: string, pick: (tokens: ForgedTokens) => string) =>
  attack(
    name,
    always,
    (route, a) => ({ host: hostOf(route.audience), headers: bearer(pick(forgedFor(route, a))) }),
    UNAUTHORIZED,
  );

/** Every attack, each applied to every non-public route of the audiences it targets. */
export const ATTACKS: Attack[] = [
  attack('no credentials', always, (route) => ({ host: hostOf(route.audience), headers: {} }), UNAUTHORIZED),
  attack(
    'a malformed Authorization header',
    always,
    (route) => ({ host: hostOf(route.audience), headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }),
    UNAUTHORIZED,
  ),
  forgedAttack('an expired token (real key)', (t) => t.expired),
  forgedAttack('a token with alg none', (t) => t.algNone),
  forgedAttack('a token signed with a wrong key', (t) => t.wrongKey),
  forgedAttack('a token whose payload was edited to raise its power', (t) => t.escalated),
  forgedAttack('a token under an unknown kid', (t) => t.unknownKid),

  // Vendor hosts: credentials of another vendor, another audience, or too little power.
  attack(
    `a team token of ${STRANGER} on ${TARGET}`,
    onVendorHost,
    (_, a) => ({ host: TARGET, headers: bearer(a.strangerOwner) }),
    UNAUTHORIZED,
  ),
  attack(
    `a shopper token of ${NEIGHBOUR} on ${TARGET}`,
    onVendorHost,
    (_, a) => ({ host: TARGET, headers: bearer(a.neighbourShopper) }),
    UNAUTHORIZED,
  ),
  attack(
    `${TARGET}'s owner token on ${NEIGHBOUR}`,
    onVendorHost,
    (_, a) => ({ host: NEIGHBOUR, headers: bearer(a.owner) }),
    UNAUTHORIZED,
  ),
  attack(
    `${TARGET}'s shopper token on ${NEIGHBOUR}`,
    onVendorHost,
    (_, a) => ({ host: NEIGHBOUR, headers: bearer(a.shopper) }),
    UNAUTHORIZED,
  ),
  attack('an admin token on a vendor host', onVendorHost, (_, a) => ({ host: TARGET, headers: bearer(a.admin) }), UNAUTHORIZED),
  attack(
    'a viewer writing',
    (route) => route.audience === 'team' && !isRead(route) && !isSelfService(route) && !isReadWithBody(route),
    (_, a) => ({ host: TARGET, headers: bearer(a.viewer) }),
    FORBIDDEN,
  ),
  attack(
    `a shopper of ${TARGET} on a team route`,
    (route) => route.audience === 'team',
    (_, a) => ({ host: TARGET, headers: bearer(a.shopper) }),
    wrongKind,
  ),
  attack(
    `the owner of ${TARGET} on a shopper route`,
    (route) => route.audience === 'shop',
    (_, a) => ({ host: TARGET, headers: bearer(a.owner) }),
    wrongKind,
  ),
  attack(
    "another vendor's API key",
    onVendorHost,
    (_, a) => ({ host: a.keyVendor.slug, headers: bearer(a.foreignKey) }),
    UNAUTHORIZED,
  ),
  attack('a revoked API key', onVendorHost, (_, a) => ({ host: a.keyVendor.slug, headers: bearer(a.revokedKey) }), UNAUTHORIZED),
  attack(
    'an API key sent as the access cookie',
    onVendorHost,
    (_, a) => ({ host: a.keyVendor.slug, headers: accessCookie(a.liveKey) }),
    UNAUTHORIZED,
  ),
  attack('a vendor route on the admin host', onVendorHost, (_, a) => ({ host: 'admin', headers: bearer(a.admin) }), NOT_FOUND),

  // The admin host: only platform admins, and admin routes exist nowhere else.
  attack(
    `a team token of ${TARGET} on the admin host`,
    (route) => route.audience === 'admin',
    (_, a) => ({ host: 'admin', headers: bearer(a.owner) }),
    UNAUTHORIZED,
  ),
  attack(
    `a shopper token of ${TARGET} on the admin host`,
    (route) => route.audience === 'admin',
    (_, a) => ({ host: 'admin', headers: bearer(a.shopper) }),
    UNAUTHORIZED,
  ),
  attack(
    'an API key on the admin host',
    (route) => route.audience === 'admin',
    (_, a) => ({ host: 'admin', headers: bearer(a.liveKey) }),
    UNAUTHORIZED,
  ),
  attack(
    "an API key on an admin route at its vendor's host",
    (route) => route.audience === 'admin',
    (_, a) => ({ host: a.keyVendor.slug, headers: bearer(a.liveKey) }),
    NOT_FOUND,
  ),
  attack(
    'an admin token on an admin route at a vendor host',
    (route) => route.audience === 'admin',
    (_, a) => ({ host: TARGET, headers: bearer(a.admin) }),
    NOT_FOUND,
  ),
];

export interface AttackCase {
  /** `METHOD /pattern — attack`: what a failure reports. */
  label: string;
  route: ApiRoute;
  attack: Attack;
}

/** Every (non-public route × applicable attack) pair among `routes`. */
export function attackCases(routes: ApiRoute[]): AttackCase[] {
  return routes
    .filter((route) => !route.isPublic)
    .flatMap((route) =>
      ATTACKS.filter((a) => a.appliesTo(route)).map((a) => ({ label: `${route.name} — ${a.name}`, route, attack: a })),
    );
}

/**
 * Sends the attack's request over HTTP to the running Worker, without a body: a refusal comes
 * before any body is read, and a missing guard then meets a validator or an unknown id, so
 * nothing is ever created. (Also: `wrangler dev` loses the connection of a request whose body the
 * Worker never read, and fails the next request on it; workers-sdk issue #15203.)
 */
export function launch(route: ApiRoute, attempt: Attempt): Promise<Response> {
  return request(hostUrl(attempt.host, route.path), { method: route.method, headers: attempt.headers });
}

/**
 * Asserts the answer is the expected refusal and nothing more: exactly the error envelope, the
 * request id echoed, no session cookie set, and none of `secrets` (the target's data) anywhere.
 */
export async function expectRefusal(response: Response, expected: Expected, label: string, secrets: string[] = []) {
  const text = await response.text();
  const context = `${label}: got ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, context).toBe(expected.status);
  expect(response.headers.get('content-type') ?? '', context).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: Record<string, unknown> };
  expect(Object.keys(body), context).toEqual(['error']);
  const error = body.error ?? {};
  expect(error.code, context).toBe(expected.code);
  expect(typeof error.message, context).toBe('string');
  expect(error.requestId, context).toBe(response.headers.get('x-request-id'));
  expect(
    Object.keys(error).every((key) => ['code', 'message', 'requestId', 'details'].includes(key)),
    context,
  ).toBe(true);
  expect(response.headers.getSetCookie(), context).toEqual([]);
  for (const secret of secrets) expect(text.includes(secret), `${context} (leaks ${secret})`).toBe(false);
}

/** Requests in flight per test file: the Worker, not the client, is the bottleneck on two cores. */
export const ATTACK_CONCURRENCY = 10;

/**
 * Declares one concurrent test per (route × attack) for the routes of `audiences`: each sends the
 * attack over HTTP and expects its exact refusal, with no data of the target in the answer.
 */
export function declareAttacks(audiences: Audience[], routes: ApiRoute[]): AttackCase[] {
  vi.setConfig({ maxConcurrency: ATTACK_CONCURRENCY });
  const cases = attackCases(routes.filter((route) => audiences.includes(route.audience)));
  test.concurrent.each(cases)('$label', async ({ label, route, attack: a }) => {
    const loaded = await loadArsenal();
    const response = await launch(route, a.attempt(route, loaded));
    await expectRefusal(response, a.expected(route), label, [loaded.targetVendorId, loaded.keyVendor.id]);
  });
  return cases;
}
