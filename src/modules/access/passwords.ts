/**
 * Password hashing with PBKDF2-SHA256 through WebCrypto (workerd caps PBKDF2 at 100,000
 * iterations). Stored as `pbkdf2_sha256$<iterations>$<salt>$<hash>`, base64url, so the cost can
 * rise later without breaking stored hashes.
 */
const ITERATIONS = 100_000;
const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** A salted hash of the password, for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const hash = await derive(password, salt, ITERATIONS);
  return `pbkdf2_sha256$${ITERATIONS}$${toBase64Url(salt)}$${toBase64Url(hash)}`;
}

/** Whether the password matches the stored hash; compares in constant time. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const [scheme, iterations, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'pbkdf2_sha256' || !iterations || !salt || !hash) {
    // Spend the same time as a real check so unknown accounts can't be told apart by timing.
    await derive(password, new Uint8Array(16), ITERATIONS);
    return false;
  }
  const expected = fromBase64Url(hash);
  const actual = await derive(password, fromBase64Url(salt), Number(iterations));
  let diff = expected.length ^ actual.length;
  for (let i = 0; i < expected.length; i++) diff |= (expected[i] ?? 0) ^ (actual[i] ?? 0);
  return diff === 0;
}

/** A random opaque token (refresh tokens, invitation links, API keys) and its SHA-256 for storage. */
export async function newSecret(bytes = 32): Promise<{ token: string; hash: string }> {
  const token = toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
  return { token, hash: await sha256(token) };
}

/** Hex SHA-256, how opaque tokens are stored and looked up. */
export async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
