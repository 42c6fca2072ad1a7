import { z } from '@hono/zod-openapi';

const uuid = z.string().uuid();
const eventList = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(50)
  .openapi({ description: "Topics to receive (see the list in the docs), or `['*']` for all of them" });

export const createEndpointSchema = z
  .object({
    url: z.string().trim().min(1).max(2000).openapi({ description: 'https URL that receives POSTed events' }),
    description: z.string().trim().max(200).default(''),
    events: eventList,
    active: z.boolean().default(true),
  })
  .openapi('CreateWebhookEndpoint');
export type CreateEndpointInput = z.output<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .object({
    url: z.string().trim().min(1).max(2000).optional(),
    description: z.string().trim().max(200).optional(),
    events: eventList.optional(),
    active: z.boolean().optional(),
  })
  .openapi('UpdateWebhookEndpoint');
export type UpdateEndpointInput = z.output<typeof updateEndpointSchema>;

export const endpointSchema = z
  .object({
    id: uuid,
    url: z.string(),
    description: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('WebhookEndpoint');
export type Endpoint = z.infer<typeof endpointSchema>;

/** An endpoint with its signing secret: answered only on create and on rotate. */
export const endpointWithSecretSchema = endpointSchema
  .extend({ secret: z.string().openapi({ description: 'Shown once: store it to verify Vitrine-Signature' }) })
  .openapi('WebhookEndpointWithSecret');
export type EndpointWithSecret = z.infer<typeof endpointWithSecretSchema>;

export const endpointListSchema = z.object({ data: z.array(endpointSchema) }).openapi('WebhookEndpointList');

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const deliverySchema = z
  .object({
    id: uuid,
    endpointId: uuid,
    eventId: uuid,
    topic: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('WebhookDelivery');
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryPageSchema = z
  .object({ data: z.array(deliverySchema), nextCursor: z.string().nullable() })
  .openapi('WebhookDeliveryPage');
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;

export const deliveryQuerySchema = z.object({
  status: z.enum(DELIVERY_STATUSES).optional(),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type DeliveryQuery = z.output<typeof deliveryQuerySchema>;

export const idParamSchema = z.object({ id: uuid.openapi({ param: { name: 'id', in: 'path' } }) });
