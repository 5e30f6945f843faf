/**
 * Where every threshold and period comes from: job definition, queuedata and config, with
 * Pilot 3's formulas and defaults (spec payload-monitoring §0, §3.4–3.7). Pure functions, so they
 * are unit-tested without a payload.
 */
/** The job fields the monitor reads (info's JobData satisfies it; Pilot 3 attribute names). */
export interface MonitoredJob {
    jobid?: string | number;
    corecount?: number | string | null;
    resourcetype?: string | null;
    minramcount?: number | string | null;
    maxwalltime?: number | string | null;
    looping_check?: boolean | null;
    /** Epoch seconds the job started running, when known (push queues). */
    starttime?: number | null;
    outdata?: ReadonlyArray<{
        lfn: string;
    }>;
    indata?: ReadonlyArray<{
        lfn: string;
        status?: string | null;
    }>;
}
/** The queuedata fields the monitor reads (info's QueueData satisfies it). */
export interface MonitoredQueue {
    maxrss?: number | string | null;
    corecount?: number | string | null;
    maxwdir?: number | string | null;
    maxtime?: number | string | null;
    /** Grace factors (1 + params.<name>/100), as Pilot 3's QueueData holds them. */
    pilot_rss_grace?: number | null;
    pilot_maxwdir_grace?: number | null;
    pilot_walltime_grace?: number | null;
    params?: Record<string, unknown> | null;
    catchall?: string | null;
}
/** Anything with a default.cfg-style `get(section, key)` (src/config's PilotConfig fits). */
export interface ConfigSource {
    get(section: string, key: string): unknown;
}
/** Periods (s), limits (bytes or s) the watchers use. */
export interface MonitorSettings {
    /** Memory monitor sampling interval (prmon --interval; Pilot 3: 60). */
    memoryMonitorInterval: number;
    /** Pilot.memory_usage_verification_time. */
    memoryCheckPeriod: number;
    /** Pilot.looping_verification_time: period and the payload age before the first check. */
    loopingCheckPeriod: number;
    /** max(Pilot.looping_limit_default, Pilot.looping_limit_min_default). */
    loopingLimit: number;
    /** Pilot.disk_space_verification_time. */
    diskCheckPeriod: number;
    /** Pilot.process_verification_time. */
    processCheckPeriod: number;
    /** Pilot.free_space_limit_running, bytes. */
    freeSpaceLimit: number;
    /** Pilot.maximum_output_file_size, bytes. */
    maxOutputFileSize: number;
    /** Pilot.local_size_limit_stdout (kB in the config), bytes. */
    stdoutSizeLimit: number;
    /** Pilot.maximum_input_file_sizes, MB: work dir limit when queuedata.maxwdir is unusable. */
    maxInputFileSizesMB: number;
    /** Seconds before the pilot's lifetime ends at which a running job is stopped (Pilot 3: 180). */
    walltimeGrace: number;
    /** Pilot lifetime, s (Pilot 3's --lifetime default 324000). */
    lifetime: number;
}
/** Pilot 3's defaults (default.cfg / code fallbacks). */
export declare const DEFAULT_SETTINGS: Readonly<MonitorSettings>;
/** A number from a job/queue/config value, or undefined ("", null, garbage). */
export declare function toNumber(v: unknown): number | undefined;
/** Pilot 3's human2bytes: "2 GB" → 2147483648, "0.5kilo" → 512 (binary multiples). */
export declare function human2bytes(s: string): number;
/** Resolve settings from config (section [Pilot]) with explicit overrides on top. */
export declare function resolveSettings(config?: ConfigSource, overrides?: Partial<MonitorSettings>): MonitorSettings;
/** Grace factor from the queue: the attribute (a factor) or params.<name> (percent), else `dflt`. */
export declare function graceFactor(queue: MonitoredQueue | undefined, name: 'pilot_rss_grace' | 'pilot_maxwdir_grace' | 'pilot_walltime_grace', dflt: number): number;
/** The server's resource-type table (getResourceTypes): name → { maxrampercore (MB), ... }. */
export type ResourceTypes = Record<string, {
    maxrampercore?: number | null;
} | undefined>;
/** Per-core memory limit in MB for a resource type (Pilot 3's get_memory_limit; 4001 when unknown). */
export declare function perCoreMemoryMB(resourceType: string | undefined, table?: ResourceTypes): number;
/**
 * Memory kill threshold in kB (Pilot 3's calculate_memory_limit_kb): grace × per-core limit ×
 * job cores × 1024; VHIMEM types use queuedata.maxrss; otherwise job.minramcount (rounded up to
 * 1000 MB on pull queues) × grace × 1024; undefined when nothing applies.
 */
export declare function memoryLimitKb(job: MonitoredJob, queue: MonitoredQueue | undefined, resourceType: string | undefined, opts?: {
    resourceTypes?: ResourceTypes;
    pushQueue?: boolean;
}): number | undefined;
/**
 * Largest allowed work dir in bytes (Pilot 3's get_max_allowed_work_dir_size): queuedata.maxwdir MB
 * (config maximum_input_file_sizes when unusable), divided by the queue's cores for single-core
 * jobs, times pilot_maxwdir_grace (default 1.2).
 */
export declare function maxWorkdirBytes(job: MonitoredJob, queue: MonitoredQueue | undefined, settings: MonitorSettings): number;
/** When a job must be stopped for time, and why (Pilot 3's monitor.control / get_timeinfo). */
export interface WalltimeLimit {
    /** Epoch ms. */
    deadline: number;
    description: string;
}
/**
 * The wall-time deadline: with queuedata.params.job_maxwalltime and a job maxwalltime, job start +
 * maxwalltime × pilot_walltime_grace; else pilot start + (queuedata.maxtime or lifetime) minus the
 * grace (180 s, none within the first 180 s).
 */
export declare function walltimeLimit(job: MonitoredJob, queue: MonitoredQueue | undefined, opts: {
    lifetime: number;
    grace: number;
    pilotStart: number;
    jobStart: number;
}): WalltimeLimit;
