/**
 * The event service (Pilot 3's pilot/eventservice and control/payloads/eventservice*): executor
 * choice, the payload channel (yampl `local` over ZMTP), range prefetching, batched range updates,
 * object-store outputs and the merge job's preparation.
 */
export { executorKind, startEventService, prepareMergeJob, type ExecutorKind, type EsRun, type EsVerdict, type EsExecutorOptions, type EsServer, type EsJob } from './executor.js';
export { objectStoreFor, stageInFromObjectStore, esCopytoolName, type EsOutputStore, type StoredOutput, type EsOutputFile, type EsStoreContext } from './objectstore.js';
export { injectChannel, parseOutMessage, rangeMessage, channelFromArgs, READY_FOR_EVENTS, NO_MORE_EVENTS, MessageParseError, type OutMessage } from './protocol.js';
export { RangeSupply, type EventRange, type RangeFetcher } from './ranges.js';
export { EsSession, type OutputMode, type SessionOptions, type SessionStats } from './session.js';
export { RangeUpdater, type RangeUpdate, type ZipUpdate, type UpdateOutcome, type UpdateSender } from './updates.js';
export { YamplServer, YamplClient, yamplSocketPath, type MessageTransport } from './yampl.js';
