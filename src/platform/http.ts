import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { type ApiError, errorBody } from './errors';

/**
 * A sub-app whose zod validation failures become `VALIDATION_FAILED` in the error envelope,
 * with each issue's path and message in `details`.
 */
export function createApi(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return c.json(errorBody('VALIDATION_FAILED', 'The request is not valid', c.get('requestId'), details), 422);
    },
  });
}

/** The error envelope as a response (used by `onError`, `notFound` and guards). */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  return c.json(
    errorBody(error.code, error.message, c.get('requestId') ?? 'unknown', error.details),
    error.status,
    error.headers,
  );
}

/** Constant-time comparison, so a bearer secret can't be guessed byte by byte from timings. */
export function timingSafeEqual(a: string, b: string): boolean {
  const encoder = new TextEncoder();
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let diff = left.length ^ right.length;
  for (let i = 0; i < Math.max(left.length, right.length); i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
