import { type ConsumerEnv, createConsumer } from '../../src/platform/consumer';

/**
 * The stock consumer. For now it only acknowledges the events it subscribes to (each recorded
 * once in processed_messages); its engine arrives with its own issue.
 */
export default createConsumer('stock', {}) satisfies ExportedHandler<ConsumerEnv>;
