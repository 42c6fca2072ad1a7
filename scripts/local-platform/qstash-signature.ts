import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** How long a delivery signature stays valid, as QStash issues them. */
const SIGNATURE_TTL_SECONDS = 5 * 60;

/**
 * Signs one delivery attempt the way QStash does: an HS256 JWT keyed by the signing key's UTF-8
 * bytes, `sub` = destination URL, `body` = base64url SHA-256 of the raw body bytes.
 */
export async function signDelivery(signingKey: string, url: string, body: Uint8Array): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body: hashBody(body) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Upstash')
    .setSubject(url)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + SIGNATURE_TTL_SECONDS)
    .setJti(`jwt_${randomBytes(12).toString('hex')}`)
    .sign(new TextEncoder().encode(signingKey));
}

/**
 * base64url SHA-256 of the body *with* `=` padding: the real service pads, and the SDK's Receiver
 * strips padding on both sides, so hand-written verifiers tested here behave as in production.
 */
function hashBody(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('base64').replaceAll('+', '-').replaceAll('/', '_');
}
