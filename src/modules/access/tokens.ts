import { errors, jwtVerify, SignJWT } from 'jose';
import type { TeamRole } from '../../../drizzle/schema';
import { ApiError } from '../../platform/errors';

/** Access tokens live 15 minutes; refresh tokens renew them. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

/** Who a token speaks for. `aud` binds it to one host: the admin host, or one vendor's hosts. */
export type AccessClaims =
  | { typ: 'admin'; sub: string; sid: string }
  | { typ: 'team'; sub: string; sid: string; vid: string; role: TeamRole }
  | { typ: 'customer'; sub: string; sid: string; vid: string };

interface SigningKey {
  kid: string;
  secret: Uint8Array;
}

/**
 * `JWT_SIGNING_KEYS` is `kid:secret,kid:secret…`; the first signs, all verify, so a key can rotate
 * in without signing anyone out and rotate out once its tokens have expired.
 */
export function parseSigningKeys(value: string | undefined): SigningKey[] {
  const keys = (value ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(':');
      const kid = pair.slice(0, at);
      const secret = pair.slice(at + 1);
      if (at < 1 || secret.length < 32)
        throw new Error('JWT_SIGNING_KEYS entries must be kid:secret with a 32+ character secret');
      return { kid, secret: new TextEncoder().encode(secret) };
    });
  if (keys.length === 0) throw new Error('JWT_SIGNING_KEYS is not configured');
  return keys;
}

/** The audience a token must carry to be accepted on a host. */
export function audienceFor(claims: { typ: AccessClaims['typ']; vid?: string }): string {
  return claims.typ === 'admin' ? 'admin' : `vendor:${claims.vid}`;
}

/** Signs an access token for one host's audience with the current key. */
export async function signAccessToken(keysValue: string | undefined, claims: AccessClaims): Promise<string> {
  const [key] = parseSigningKeys(keysValue);
  if (!key) throw new Error('no signing key');
  const { sub, ...rest } = claims;
  return new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setAudience(audienceFor(claims))
    .setIssuer('vitrine')
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(key.secret);
}

/**
 * Verifies signature (HS256 only, so `alg: none` and algorithm swaps fail), issuer, expiry and
 * that the token was issued for this host's audience. Any failure is `UNAUTHORIZED`.
 */
export async function verifyAccessToken(keysValue: string | undefined, token: string, audience: string): Promise<AccessClaims> {
  const keys = parseSigningKeys(keysValue);
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.secret;
      },
      { algorithms: ['HS256'], issuer: 'vitrine', audience },
    );
    return payload as unknown as AccessClaims;
  } catch (error) {
    const expired = error instanceof errors.JWTExpired;
    throw new ApiError(
      'UNAUTHORIZED',
      expired ? 'The access token has expired; refresh it or sign in again' : 'The access token is not valid here',
    );
  }
}
