import { type ConsumerEnv, createConsumer } from '../../src/platform/consumer';

/**
 * The marketplace-import consumer. For now it only acknowledges the events it subscribes to (each
 * recorded once in processed_messages); the feed pipeline arrives with the import issue.
 */
export default createConsumer('marketplace-import', {}) satisfies ExportedHandler<ConsumerEnv>;
