import type { GetJobAnswer } from './getjob.js';
import type { JobOutcome } from './runjob.js';
export interface LoopOptions {
    /** --getjobrequests: getJob requests allowed per job slot. */
    maxRequests: number;
    /** --getjobfailures: failed getJob answers before giving up. */
    maxFailures: number;
    /** queuedata timefloor in seconds; 0 = one job. */
    timefloorS: number;
    /** Seconds until the pilot must stop taking jobs (lifetime). */
    lifetimeS: number;
    /** Seconds to wait after "no job" (Pilot 3: random 60–180) and after an empty answer (60). */
    noJobSleepS: [number, number];
    emptySleepS: number;
    /** Ask for a job; throws a PilotError when the server cannot be reached at all (fatal). */
    fetchJob(): Promise<GetJobAnswer>;
    /** Run one job description to its final update (parsing included). */
    runDescription(description: Record<string, unknown>): Promise<JobOutcome | undefined>;
    /** Checked before every getJob: throws a PilotError (e.g. NOLOCALSPACE) to stop the pilot. */
    preflight?(): Promise<void>;
    signal: AbortSignal;
}
export interface LoopResult {
    outcomes: JobOutcome[];
    /** Pilot 3's traces.pilot.error_code: what decides the pilot's exit code (0 when fine). */
    errorCode: number;
    reason: string;
}
/** Run jobs until there are no more, the time is up, or the pilot is told to stop. */
export declare function jobLoop(o: LoopOptions): Promise<LoopResult>;
