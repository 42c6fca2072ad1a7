import { z } from '@hono/zod-openapi';
import { ERROR_STATUS, type ErrorCode } from './errors';

/** The error envelope, for every route's non-2xx responses in the OpenAPI document. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');
