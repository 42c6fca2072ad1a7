import { ApiError } from '../../platform/errors';

/** An opaque list cursor: the sort key of the last row of a page, base64url-encoded JSON. */
export function encodeCursor(key: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function invalid(): ApiError {
  return new ApiError('VALIDATION_FAILED', 'The request is not valid', {
    details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
  });
}

/** The sort key a cursor carries, checked against the list's key shape ('s' string, 'n' integer). */
export function decodeCursor<const S extends readonly ('s' | 'n')[]>(
  cursor: string,
  shape: S,
): { [K in keyof S]: S[K] extends 's' ? string : number } {
  let key: unknown;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    key = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(key) || key.length !== shape.length) throw invalid();
  shape.forEach((kind, i) => {
    const value: unknown = key[i];
    if (kind === 's' ? typeof value !== 'string' : !Number.isSafeInteger(value)) throw invalid();
  });
  return key as { [K in keyof S]: S[K] extends 's' ? string : number };
}
