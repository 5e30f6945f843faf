/** Options of {@link simulatePilots}. */
export interface LoadOptions {
    /** Server base URL (http://host:port). */
    url: string;
    /** PanDA queue (siteName). */
    site: string;
    /** Concurrent pilots. */
    pilots: number;
    /** Heartbeats (`running` updates) per job (default 1). */
    heartbeats?: number;
    /** Jobs per pilot at most (default: until the queue answers "no jobs"). */
    jobsPerPilot?: number;
    /** Stop everything after this many ms (default 600000): the loops are bounded in time. */
    deadlineMs?: number;
    /**
     * Mean pause between a pilot's calls, ms (uniform in 0..2×mean; default 0: each pilot sends its
     * next call as soon as the last is answered, which measures the server's saturation). Real
     * pilots pause for minutes; a pause also staggers the pilots' first calls.
     */
    thinkMs?: number;
}
/** What a load run measured. */
export interface LoadResult {
    /** Milliseconds per call, by method. */
    latencies: Record<string, number[]>;
    /** Requests that failed (transport error or HTTP status ≠ 200). */
    errors: number;
    /** Every PandaID handed out, in order (duplicates mean a job was sent twice). */
    dispatched: number[];
    /** Final updates the server acknowledged (StatusCode 0). */
    finalsAcked: number;
    /** Wall time of the run (ms). */
    elapsedMs: number;
}
/** The q-quantile (0..1) of a list, nearest rank. */
export declare function quantile(xs: number[], q: number): number;
/** Run `pilots` simulated pilots against a server until its queue is drained. */
export declare function simulatePilots(opts: LoadOptions): Promise<LoadResult>;
