/**
 * Monitoring of the running payload: the job monitor (limits, looping, disk, wall time, CPU),
 * the built-in prmon-compatible memory monitor, and the pieces they are made of.
 */
export { startJobMonitor } from './job-monitor.js';
export type { CheckName, JobMonitor, JobMonitorOptions, MonitorSummary } from './job-monitor.js';
export { MemoryMonitor, MEMORY_MONITOR_OUTPUT, MEMORY_MONITOR_SUMMARY } from './memory-monitor.js';
export type { MemoryMonitorOptions } from './memory-monitor.js';
export {
  PRMON_COLUMNS, PrmonAccumulator, memoryFieldsFromSummary, parseMonitorTable, summaryFromTable,
} from './prmon-format.js';
export type { MonitorTable, PrmonColumn, PrmonRow, PrmonSummary } from './prmon-format.js';
export { findPrmon, PrmonProcess, queueWantsPrmon, readSummary, readTable } from './prmon.js';
export { fittedData, leastSquares } from './leak.js';
export type { FitFunction, LeakFit, LinearFit } from './leak.js';
export {
  DEFAULT_SETTINGS, graceFactor, human2bytes, maxWorkdirBytes, memoryLimitKb, perCoreMemoryMB, pyConvertToInt, resolveSettings, walltimeLimit,
} from './limits.js';
export type { ConfigSource, MonitoredJob, MonitoredQueue, MonitorSettings, ResourceTypes, WalltimeLimit } from './limits.js';
export { takeSnapshot, totalsOf } from './snapshot.js';
export type { ProcSample, Snapshot, TreeTotals } from './snapshot.js';
export { CpuTracker } from './cpu.js';
export { processTree } from './proc.js';
export { WorkdirScanner, genericLoopingIgnore, loopingIgnoreList } from './workdir-scan.js';
export type { WorkdirScan, LoopingIgnore } from './workdir-scan.js';
export { diskWatcher, freeSpace, loopingVerdict, loopingWatcher, loopingWindowS, memoryLimitWatcher, processWatcher } from './watchers.js';
export type { WatchContext, Watcher } from './watchers.js';
export { createCoreDump, youngestProcess } from './coredump.js';
export { HTCONDOR_CGROUPS_VERSION, hasMemoryMax, htcondorManagesCgroups, htcondorVersion, setCgroupMemoryLimit, versionAtLeast } from './cgroup-memory.js';
