import { ApiError } from '../../platform/errors';
import type { ProductSort } from './schemas';

/**
 * Opaque keyset cursors for product lists: base64url of `[sort, key, id]`. The sort is inside so a
 * cursor from one ordering can't be replayed against another.
 */

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** Postgres' text form of a timestamptz, e.g. `2026-03-01 09:15:02.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:[+-]\d{2}(?::?\d{2}){0,2}|Z)$/;

/** The cursor that continues a list after the row with this sort key and id. */
export function encodeCursor(sort: ProductSort, key: string, id: string): string {
  return base64url(JSON.stringify([sort, key, id]));
}

/** The keyset position in a cursor this list returned, or VALIDATION_FAILED. */
export function decodeCursor(cursor: string, sort: ProductSort): { key: string; id: string } {
  try {
    const [cursorSort, key, id] = JSON.parse(fromBase64url(cursor)) as unknown[];
    if (cursorSort !== sort || typeof key !== 'string' || typeof id !== 'string') throw new Error('shape');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new Error('id');
    if ((sort === 'price' || sort === '-price') && !/^-?\d{1,18}$/.test(key)) throw new Error('price');
    if (sort === '-updated' && !TIMESTAMP.test(key)) throw new Error('time');
    return { key, id };
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'The request is not valid', {
      details: [{ path: 'cursor', message: 'not a cursor this list returned (with this sort)' }],
    });
  }
}
