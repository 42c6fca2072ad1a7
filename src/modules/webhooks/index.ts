/**
 * What others may use of webhooks: the vendor routes (main Worker), and the fan-out and callback
 * recording the webhooks Worker runs.
 */
export { recordAttempt } from './callback';
export { recordDeliveries, sendRecordedDeliveries, webhookBody } from './fan-out';
export { signWebhook } from './signature';
export { TEST_TOPIC, WEBHOOK_TOPICS } from './topics';
