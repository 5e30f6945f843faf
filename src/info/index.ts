/**
 * The info system: queue and storage descriptions (InfoService, QueueData, StorageData, cached
 * loading), FileSpec, and the job description parser (JobData).
 */
export * from './filespec.js';
export * from './checksum.js';
export * from './queuedata.js';
export * from './storagedata.js';
export { unsafePathReason, isSafeRelativeName } from './safety.js';
export { parsePythonLiteral, LiteralSyntaxError, type LiteralOptions } from '../common/pyparse.js';
export * from './loader.js';
export * from './extinfo.js';
export * from './providers.js';
export * from './infoservice.js';
export * from './activities.js';
export { JobData, parseJobDescription, peekJobId, salvageJob, LOG_TRANSFER_NOT_DONE, type ParseJobOptions, type SalvagedJob } from './jobdata.js';
export { prepareInfiles, prepareOutfiles, INPUT_KMAP, OUTPUT_KMAP } from './jobfiles.js';
export { cleanJobParams, type CleanedJobParams } from './jobparams.js';
