import { ApiError } from '../../platform/errors';

/** Opaque keyset cursors for lists ordered by (time, id) descending: base64url of `[time, id]`. */

/** Postgres' text form of a timestamptz, e.g. `2026-03-01 09:15:02.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:[+-]\d{2}(?::?\d{2}){0,2}|Z)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function encodeCursor(at: string, id: string): string {
  return base64url(JSON.stringify([at, id]));
}

/** The position in a cursor this list returned, or VALIDATION_FAILED. */
export function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const [at, id] = JSON.parse(text) as unknown[];
    if (typeof at !== 'string' || !TIMESTAMP.test(at) || typeof id !== 'string' || !UUID.test(id)) throw new Error('shape');
    return { at, id };
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'cursor', message: 'not a cursor this list returned' }],
    });
  }
}
