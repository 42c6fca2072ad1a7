import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../platform/db';

export const PG_FOREIGN_KEY_VIOLATION = '23503';

/** A field of the Postgres error behind a failed query (`constraint`, `detail`), through drizzle's wrapping. */
function pgErrorField(error: unknown, field: 'constraint' | 'detail'): string | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const value = (e as Record<string, unknown>)[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The constraint a failed write broke, when it was a unique or foreign-key violation. */
export function brokenConstraint(error: unknown): { kind: 'unique' | 'foreign-key'; name: string; detail: string } | undefined {
  const code = pgErrorCode(error);
  if (code !== PG_UNIQUE_VIOLATION && code !== PG_FOREIGN_KEY_VIOLATION) return undefined;
  const name = pgErrorField(error, 'constraint');
  if (!name) return undefined;
  return { kind: code === PG_UNIQUE_VIOLATION ? 'unique' : 'foreign-key', name, detail: pgErrorField(error, 'detail') ?? '' };
}
