/**
 * The job monitor: one sampler, many watchers, one timer.
 *
 * A single unref'd timer wakes at the earliest due watcher; the sampler then reads /proc once for
 * the whole payload tree (only the files the due watchers need) and hands that snapshot to every
 * due watcher in Pilot 3's order (memory monitor, memory, looping, disk, processes). The first
 * violation is reported once through `onViolation` (the job runner kills the payload); sampling
 * continues until `stop()` so the final figures include the end of the payload. The wall-time
 * limit is a plain deadline timer: nothing needs to look at the clock in between.
 */
import { type PilotError } from '../common/errors.js';
import { type FitFunction } from './leak.js';
import { type ConfigSource, type MonitoredJob, type MonitoredQueue, type MonitorSettings, type ResourceTypes } from './limits.js';
import { type PrmonSummary } from './prmon-format.js';
import { type Snapshot } from './snapshot.js';
/** Names of the checks that can be switched on or off. */
export type CheckName = 'memoryMonitor' | 'memory' | 'looping' | 'disk' | 'processes' | 'walltime';
/** Options of {@link startJobMonitor} (the first seven are the agreed contract). */
export interface JobMonitorOptions {
    workdir: string;
    /** The payload's process tree (payload's `tree.pids()`); called once per sampling tick. */
    pids: () => number[];
    job: MonitoredJob;
    queuedata?: MonitoredQueue;
    config?: ConfigSource;
    /** Called once, with the first violation; the caller stops the payload. */
    onViolation: (e: PilotError) => void;
    signal?: AbortSignal;
    /** Overrides of periods/limits (seconds / bytes), e.g. short periods in tests. */
    settings?: Partial<MonitorSettings>;
    /** Same as `settings` (name the job runner uses); `settings` wins where both set a key. */
    overrides?: Partial<MonitorSettings>;
    /** Switch checks on/off. Default: all on, except `memory`, which Pilot 3 runs for ATLAS only. */
    checks?: Partial<Record<CheckName, boolean>>;
    /** Pilot user (plugin) name; 'atlas' enables the memory limit check by default. */
    pilotUser?: string;
    /** Resource type (Pilot 3's --resource-type, else job.resourcetype) and the server's table. */
    resourceType?: string;
    resourceTypes?: ResourceTypes;
    /** Harvester push mode (minramcount is then not rounded up). */
    pushQueue?: boolean;
    /** Pilot start (epoch s) and lifetime (s) for the wall-time limit; job start (epoch s). */
    pilotStartTime?: number;
    lifetime?: number;
    jobStartTime?: number;
    /** 'builtin' (default), 'prmon' (use prmon if installed) or 'auto' (prmon if the queue asks and it is installed). */
    memoryMonitor?: 'builtin' | 'prmon' | 'auto';
    /** Fit used for the leak estimate; default: the services' Analytics client (Pilot 3's Fit). */
    fit?: FitFunction;
    env?: NodeJS.ProcessEnv;
}
/** What the monitor measured, for the final update and jobMetrics. */
export interface MonitorSummary {
    /** CPU seconds of the payload tree (int), Pilot 3's cpuConsumptionTime. */
    cpuConsumptionTime: number;
    /** Update fields: maxRSS, maxPSS, avgPSS, totRCHAR, rateRBYTES, ... */
    memory: Record<string, number>;
    /** The prmon-style summary (what memory_monitor_summary.json holds). */
    prmon: PrmonSummary;
    /** jobMetrics entries in Pilot 3's order: actualCoreCount, workDirSize, leak, chi2, intersect (only non-empty). */
    jobMetrics: Record<string, string>;
    maxProcesses: number;
    maxThreads: number;
    maxZombies: number;
    /** Largest measured work dir size (bytes, inputs/outputs deducted), 0 if never measured. */
    maxWorkdirSize: number;
    samples: number;
    memoryMonitor: 'builtin' | 'prmon' | 'none';
    violation?: PilotError;
}
/** A running job monitor. */
export interface JobMonitor {
    /** Stop all timers, write the final memory monitor files, return the figures. */
    stop(): Promise<MonitorSummary>;
    /** CPU seconds of the payload tree now (int). */
    cpuConsumptionTime(): number;
    /** Memory fields for updates (§6.4); {} before the first sample. */
    memoryInfo(): Record<string, number>;
    /** jobMetrics entries now (`final` drops the leak fit's tails, as in final updates). */
    jobMetrics(final?: boolean): Record<string, string>;
    /** The latest snapshot. */
    latest(): Snapshot | undefined;
    /** The settings in force (resolved periods and limits). */
    readonly settings: MonitorSettings;
}
/** Start watching a running payload. */
export declare function startJobMonitor(opts: JobMonitorOptions): JobMonitor;
