/**
 * What others may use of imports: the job API's routes and read functions (the dashboard and the
 * admin view build on them), the job's shape, the events, and the import Worker's entry.
 */
export { importFinishedV1, importPublishRequestedV1, importRequestedV1 } from './events';
export { importRoutes } from './routes';
export type { ImportJob, ImportJobPage, RowError, RowErrorPage } from './schemas';
export { importJobSchema, JOB_STATUSES } from './schemas';
export { cancelImportJob, csvCell, getImportJob, listImportJobs, listRowErrors, rowErrorsCsv, toImportJob } from './service';
export { handleImportRequest, type ImportWorkerEnv } from './worker';
