/** Maximum length the server accepts. */
export declare const JOB_METRICS_MAX = 500;
/** Values that may go into jobMetrics (Pilot 3 key names). */
export interface JobMetricsInput {
    actualCoreCount?: number | string;
    nEvents?: number;
    nEventsW?: number;
    dbTime?: number | string;
    dbData?: number | string;
    resimevents?: number | null;
    /** Max work-dir size in bytes; only sent in final states (finished/failed/holding). */
    workDirSize?: number;
    rucioTraceError?: string;
    hs06?: string | number;
    leak?: number | string;
    chi2?: number | string;
    intersect?: number | string;
    eventnumber?: number;
    schedulerIP?: string;
    sessionIP?: string;
    /** Job state: gates workDirSize. */
    state?: string;
    /** Additional pairs appended last, in order. */
    extra?: Record<string, string | number | undefined | null>;
}
type Value = string | number | undefined | null;
/** Join entries as Pilot 3 does (skip empty values) and apply the 500-character bound. */
export declare function formatJobMetrics(entries: Iterable<readonly [string, Value]>, max?: number): string;
/** The jobMetrics string for the given values, keys in Pilot 3's order. */
export declare function buildJobMetrics(m: JobMetricsInput): string;
/** Last event number from eventLoopHeartBeat.txt (" done processing event #N,"), if any. */
export declare function readEventNumber(workdir: string): Promise<number | undefined>;
/** Rucio trace error: env RUCIO_TRACE_ERROR, else the content of rucio_trace_error.txt ("0" when none). */
export declare function readRucioTraceError(workdir: string, env?: NodeJS.ProcessEnv): Promise<string>;
export {};
