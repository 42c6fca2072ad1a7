import { z } from 'zod';

/** What the relay publishes for each outbox row, and what every consumer receives. */
export const envelopeSchema = z.object({
  id: z.string().uuid(),
  topic: z.string().min(1),
  vendorId: z.string().uuid(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.string(),
});

export type Envelope = z.infer<typeof envelopeSchema>;
