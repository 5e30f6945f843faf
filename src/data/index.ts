/**
 * The Data API: stage-in/stage-out clients, job-cycle helpers, log tarball, traces, replicas.
 * Copytools live in src/copytool behind one interface.
 */
export { StageInClient, isDirectAccess, DIRECT_LOCALINPUT_SCHEMAS, DIRECT_REMOTEINPUT_SCHEMAS, REMOTEINPUT_SCHEMAS, type StageInOptions } from './stagein.js';
export { StageOutClient } from './stageout.js';
export { StagingClient, activityList, type StagingOptions, type TransferOptions } from './staging.js';
export { TraceReport, DEFAULT_TRACE_URL, type TraceOptions, type TraceJob } from './trace.js';
export { RucioClient, resolveReplicas, orderReplicas, chooseReplica, REPLICA_SCHEMES, type RucioOptions, type RucioReplica } from './replicas.js';
export { resolveAllowedSchemas, requireProtocols, deterministicSurl } from './protocols.js';
export { checkAvailableSpace, freeSpace } from './space.js';
export { progressReporter, formatProgress } from './progress.js';
export { stageInJob, stageOutJob, stageOutLog, generateFileInfo, type DataJob, type DataContext } from './job.js';
export { createLogTarball, type LogTarballOptions } from './logtarball.js';
export type { TransferFile, Replica, Checksums, Protocol, QueueDataLike, StorageDataLike, InfoServiceLike } from './types.js';
export { getCopytool, registerCopytool, copytoolNames, rucioPath, fileChecksums, Adler32 } from '../copytool/index.js';
export type { Copytool, CopyContext } from '../copytool/index.js';
