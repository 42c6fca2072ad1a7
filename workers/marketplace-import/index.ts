import { handleImportRequest, type ImportWorkerEnv } from '../../src/modules/imports/worker';

/**
 * The marketplace-import Worker: takes uploads into R2 from the main Worker, starts requested
 * imports (outbox consumer) and runs their steps (QStash messages to itself).
 */
export default { fetch: handleImportRequest } satisfies ExportedHandler<ImportWorkerEnv>;
