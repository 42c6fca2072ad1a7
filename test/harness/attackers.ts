import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { apiKeys } from '../../drizzle/schema';
import { LOCAL_SECRETS } from '../../scripts/local-platform/config';
import { mintApiKey } from '../../src/modules/access/api-key-auth';
import type { ApiKeyScope } from '../../src/modules/access/permissions';
import { request } from './http';
import { appDatabase, hostUrl, signIn, type TestVendor, uniqueSlug } from './platform';
import { enumerateRoutes } from './routes';
import { createVendorWithOwner, type TeamVendor, teamLogin, vendorApi } from './team';

/** The key id the local platform signs with (`JWT_SIGNING_KEYS=local-1:<secret>`). */
export const LOCAL_KID = 'local-1';

const encoder = new TextEncoder();
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

type Claims = Record<string, unknown>;

/** The claims of a token, unverified. */
export function claimsOf(token: string): Claims {
  return decodeJwt(token) as Claims;
}

/** Signs `claims` as the platform would (HS256, `kid`), with any key: the real one by default. */
export function signClaims(claims: Claims, options: { secret?: string; kid?: string } = {}): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: options.kid ?? LOCAL_KID })
    .sign(encoder.encode(options.secret ?? LOCAL_SECRETS.jwtSecret));
}

/** The valid token's claims re-signed with the real key, expired a minute ago. */
export function expiredToken(valid: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signClaims({ ...claimsOf(valid), iat: now - 16 * 60, exp: now - 60 });
}

/** The valid token's header and claims with `alg: none` and no signature. */
export function algNoneToken(valid: string): string {
  const header = { ...decodeProtectedHeader(valid), alg: 'none' };
  return `${b64(header)}.${b64(claimsOf(valid))}.`;
}

/** The valid token's claims signed under the real kid with a key the platform never had. */
export function wrongKeyToken(valid: string): Promise<string> {
  return signClaims(claimsOf(valid), { secret: `attacker-${'k'.repeat(48)}` });
}

/** The valid token's claims signed with the real secret but announced under a kid nobody issued. */
export function unknownKidToken(valid: string): Promise<string> {
  return signClaims(claimsOf(valid), { kid: 'rogue-9' });
}

/**
 * The valid token with its payload edited to gain power while its signature stays: a team member
 * becomes owner, a shopper a team owner, an admin someone else.
 */
export function escalatedToken(valid: string): string {
  const [header, , signature] = valid.split('.');
  const claims = claimsOf(valid);
  const edited =
    claims.typ === 'admin'
      ? { ...claims, sub: crypto.randomUUID() }
      : { ...claims, typ: 'team', role: 'owner', exp: Number(claims.exp) + 3600 };
  return `${header}.${b64(edited)}.${signature}`;
}

/** Registers a new shopper at the shop on `host` and returns their access token and id. */
export async function registerShopper(host: string): Promise<{ token: string; customerId: string; email: string }> {
  const email = `${uniqueSlug('shopper')}@example.com`;
  const response = await request(hostUrl(host, '/api/v1/shop/auth/register'), {
    method: 'POST',
    json: { email, name: 'Test Shopper', password: 'a-long-password' },
  });
  if (response.status !== 201) throw new Error(`registering a shopper at ${host}: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string; customer: { id: string } };
  return { token: body.token, customerId: body.customer.id, email };
}

export interface TestApiKey {
  id: string;
  key: string;
}

const CREATE_KEY = 'POST /api/v1/vendor/api-keys';
const REVOKE_KEY = 'DELETE /api/v1/vendor/api-keys/:id';

/**
 * An API key of the vendor, made as its owner would: through `POST /vendor/api-keys` (and revoked
 * through `DELETE /vendor/api-keys/:id`) when the app has those routes, else stored directly.
 */
export async function issueApiKey(
  vendor: TeamVendor,
  options: { scopes?: ApiKeyScope[]; revoked?: boolean } = {},
): Promise<TestApiKey> {
  const routes = new Set(enumerateRoutes().map((route) => route.name));
  if (!routes.has(CREATE_KEY) || (options.revoked && !routes.has(REVOKE_KEY))) return insertApiKey(vendor, options);
  const { token } = await teamLogin(vendor.slug, vendor.owner);
  const scopes = options.scopes ?? ['catalog:read', 'catalog:write', 'orders:read'];
  const created = await vendorApi<TestApiKey>(vendor.slug, token, 'POST', '/api-keys', { name: 'security suite', scopes });
  if (created.status !== 201) throw new Error(`creating an API key: ${created.status} ${JSON.stringify(created.body)}`);
  if (options.revoked) {
    const revoked = await vendorApi(vendor.slug, token, 'DELETE', `/api-keys/${created.body.id}`);
    if (revoked.status !== 204) throw new Error(`revoking an API key: ${revoked.status} ${JSON.stringify(revoked.body)}`);
  }
  return { id: created.body.id, key: created.body.key };
}

/** An API key of `vendor` stored directly as the API stores it (`mintApiKey`), optionally revoked. */
export async function insertApiKey(
  vendor: TestVendor,
  options: { scopes?: ApiKeyScope[]; revoked?: boolean } = {},
): Promise<TestApiKey> {
  const minted = await mintApiKey();
  await appDatabase()
    .vendor(vendor.id)
    .write(
      (q) =>
        [
          q.insert(apiKeys).values({
            id: minted.id,
            vendorId: vendor.id,
            name: `security-suite ${options.revoked ? 'revoked' : 'live'}`,
            prefix: minted.prefix,
            keyHash: minted.hash,
            scopes: options.scopes ?? ['catalog:read', 'catalog:write', 'orders:read'],
            ...(options.revoked ? { revokedAt: new Date() } : {}),
          }),
        ] as const,
    );
  return { id: minted.id, key: minted.key };
}

/** The access token sent as the pages' session cookie. */
export const accessCookie = (token: string) => ({ cookie: `vt_access=${token}` });

/** The demo vendor whose host is attacked, and two others whose credentials are used against it. */
export const TARGET = 'acme';
export const NEIGHBOUR = 'velo';
export const STRANGER = 'nordlicht';

/** A valid token re-signed or edited in every way the verifier must refuse. */
export interface ForgedTokens {
  expired: string;
  algNone: string;
  wrongKey: string;
  escalated: string;
  unknownKid: string;
}

/** Every credential the attacks present, built once per test file. */
export interface Arsenal {
  targetVendorId: string;
  admin: string;
  owner: string;
  viewer: string;
  shopper: string;
  strangerOwner: string;
  neighbourShopper: string;
  /** API keys are attacked on a fresh vendor's host, so the demo vendors keep their keys. */
  keyVendor: TeamVendor;
  liveKey: string;
  revokedKey: string;
  foreignKey: string;
  forged: Record<'admin' | 'team' | 'shop', ForgedTokens>;
}

async function forge(valid: string): Promise<ForgedTokens> {
  return {
    expired: await expiredToken(valid),
    algNone: algNoneToken(valid),
    wrongKey: await wrongKeyToken(valid),
    escalated: escalatedToken(valid),
    unknownKid: await unknownKidToken(valid),
  };
}

async function buildArsenal(): Promise<Arsenal> {
  const [admin, owner, viewer, shopper, strangerOwner, neighbourShopper, keyVendor, otherVendor] = await Promise.all([
    signIn('admin', 'admin', 'admin@vitrine.test'),
    signIn('vendor', TARGET, `owner@${TARGET}.test`),
    signIn('vendor', TARGET, `viewer@${TARGET}.test`),
    signIn('shop', TARGET, `shopper@${TARGET}.test`),
    signIn('vendor', STRANGER, `owner@${STRANGER}.test`),
    signIn('shop', NEIGHBOUR, `shopper@${NEIGHBOUR}.test`),
    createVendorWithOwner('Key Holder'),
    createVendorWithOwner('Key Thief'),
  ]);
  const [live, revoked, foreign] = await Promise.all([
    issueApiKey(keyVendor),
    issueApiKey(keyVendor, { revoked: true }),
    issueApiKey(otherVendor),
  ]);
  return {
    targetVendorId: String(claimsOf(owner).vid),
    admin,
    owner,
    viewer,
    shopper,
    strangerOwner,
    neighbourShopper,
    keyVendor,
    liveKey: live.key,
    revokedKey: revoked.key,
    foreignKey: foreign.key,
    // Forged from the least powerful valid token of each audience, so an edit is an escalation.
    forged: { admin: await forge(admin), team: await forge(viewer), shop: await forge(shopper) },
  };
}

let arsenal: Promise<Arsenal> | undefined;

/** The file's credentials (signed in and built on first use, then shared by every case). */
export function loadArsenal(): Promise<Arsenal> {
  arsenal ??= buildArsenal();
  return arsenal;
}
