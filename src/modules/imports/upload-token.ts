import { errors, jwtVerify, SignJWT } from 'jose';
import { parseSigningKeys } from '../access/tokens';

/**
 * The main Worker hands an upload to the marketplace-import Worker with a one-minute token naming
 * the vendor, the job and the size limit, signed with the platform's JWT keys (both Workers have
 * them), so the import Worker's upload endpoint stores nothing for anyone else.
 */
export interface UploadClaims {
  vendorId: string;
  jobId: string;
  maxBytes: number;
}

const AUDIENCE = 'marketplace-import:upload';

/** Signs an upload token with the current key; valid for one minute. */
export async function signUploadToken(keysValue: string | undefined, claims: UploadClaims): Promise<string> {
  const [key] = parseSigningKeys(keysValue);
  if (!key) throw new Error('no signing key');
  return new SignJWT({ jid: claims.jobId, max: claims.maxBytes })
    .setProtectedHeader({ alg: 'HS256', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.vendorId)
    .setAudience(AUDIENCE)
    .setIssuer('vitrine')
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(key.secret);
}

/** The claims of a valid upload token, or undefined (bad signature, wrong audience, expired). */
export async function verifyUploadToken(keysValue: string | undefined, token: string): Promise<UploadClaims | undefined> {
  const keys = parseSigningKeys(keysValue);
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((k) => k.kid === header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.secret;
      },
      { algorithms: ['HS256'], issuer: 'vitrine', audience: AUDIENCE },
    );
    const { sub, jid, max } = payload as { sub?: unknown; jid?: unknown; max?: unknown };
    if (typeof sub !== 'string' || typeof jid !== 'string' || typeof max !== 'number') return undefined;
    return { vendorId: sub, jobId: jid, maxBytes: max };
  } catch {
    return undefined;
  }
}
