import { PilotError } from '../common/errors.js';
import { JobRun, type RunnableJob } from './jobrun.js';
import { type ReporterOptions } from './reporter.js';
import type { PilotTiming } from './timing.js';
import type { JobJournal, JournalRecord } from './journal.js';
/** The steps of a job that other components implement (wired in job/services.ts). */
export interface JobSteps {
    stageIn(run: JobRun, signal: AbortSignal): Promise<void>;
    /** Runs the payload; `started` is called right after launch (the `running` update goes then). */
    executePayload(run: JobRun, signal: AbortSignal, started: () => void): Promise<void>;
    stageOut(run: JobRun, signal: AbortSignal): Promise<void>;
    /** Builds the log tarball and stages it out; must not throw for an aborted job. */
    stageOutLog(run: JobRun, signal: AbortSignal): Promise<void>;
    /** Refresh measured figures (CPU, memory) on the job record before an update. */
    refreshFigures?(run: JobRun): void;
}
export interface RunJobContext {
    pilotHome: string;
    timing: PilotTiming;
    steps: JobSteps;
    reporter: Omit<ReporterOptions, 'onKill'>;
    /** The pilot's own abort signal (signals, lifetime); its reason is a PilotError. */
    signal: AbortSignal;
    /** Upper bound for the log stage-out of an aborted job. */
    logDeadlineS: number;
    pilotLogFile?: string;
    /** Remove the job's work directory after its final update (default true; `nocleanup` keeps it). */
    removeWorkdir?: boolean;
    /** The job journal (absent: nothing survives a pilot crash). */
    journal?: JobJournal;
}
/** Per-job options of {@link runJob}. */
export interface RunJobOptions {
    /** The raw description (journaled so a later pilot can finish the job). */
    description?: Record<string, unknown>;
    /** Run in this existing work directory (a job taken over from a dead pilot). */
    workdir?: string;
    /** The journal record of a job taken over from a dead pilot. */
    record?: JournalRecord;
}
/** What a finished job tells the pilot loop. */
export interface JobOutcome {
    jobid: string;
    state: 'finished' | 'failed';
    error?: PilotError;
    accepted: boolean;
    /** The final update was not accepted and stays in the journal (the work dir is kept). */
    journaled?: boolean;
}
/** Create the job work directory PanDA_Pilot-<id> (mode 0770) with the pilotlog.txt link. */
export declare function createJobWorkdir(pilotHome: string, jobid: string, pilotLogFile?: string): Promise<string>;
/** Run one job to its final update. Never throws: every outcome is reported to the server. */
export declare function runJob(job: RunnableJob, ctx: RunJobContext, preset?: PilotError, opts?: RunJobOptions): Promise<JobOutcome>;
