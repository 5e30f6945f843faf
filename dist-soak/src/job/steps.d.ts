import { PilotError } from '../common/errors.js';
import type { PilotArgs } from '../cli/args.js';
import type { PilotConfig } from '../config/index.js';
import type { RunnableJob } from './jobrun.js';
import type { JobSteps } from './runjob.js';
import type { PilotTiming } from './timing.js';
import type { UpdateSender } from './reporter.js';
import type { LoadRule } from './sitefeatures.js';
/** What the job loop uses of the Harvester file transport (src/server/harvester.ts). */
export interface HarvesterFiles extends UpdateSender {
    /** Harvester mode (worker attributes, stage-out declarations) rather than heartbeat.json only. */
    readonly harvester: boolean;
    /** Pilot 3's push mode: jobs are pushed into the work dir, none is asked of a server. */
    readonly push: boolean;
    getJob(data?: Record<string, unknown>): Promise<Record<string, unknown>>;
    /** Ask Harvester for another job (worker_requestjob.json). */
    requestNewJobs(njobs?: number): void;
    /** Tell Harvester the worker is done (kill_worker). */
    killWorker(): string;
}
/** Everything the pilot needs, resolved from the command line, config and environment. */
export interface PilotSetup {
    args: PilotArgs;
    config: PilotConfig;
    env: NodeJS.ProcessEnv;
    client: (UpdateSender & {
        getJob(data: Record<string, unknown>, opts?: {
            signal?: AbortSignal;
        }): Promise<Record<string, unknown>>;
    }) | undefined;
    /** Log to stdout too (Pilot 3's console handler); PANDA_PILOT_LOG_CONSOLE=0 turns it off. */
    logToConsole: boolean;
    heartbeatS: number;
    debugHeartbeatS: number;
    updateSleepS: number;
    finalDeadlineS: number;
    lostHeartbeatS: number;
    logDeadlineS: number;
    hardDeadlineS: number;
    freeSpaceLimitMB: number;
    noJobSleepS: [number, number];
    emptySleepS: number;
    /** Payload kill grace (Pilot 3: 10 s). */
    killGraceMs: number;
    /** Monitor periods/limits overrides (tests use short ones). */
    monitorOverrides?: Record<string, number>;
    loadQueue(pilotHome: string): Promise<QueueInfo>;
    parseJob(desc: Record<string, unknown>, pilotHome: string): Promise<RunnableJob>;
    /** What is left of a malformed description: its PandaID and log file (undefined without a PandaID). */
    salvageJob(desc: Record<string, unknown>): Promise<RunnableJob | undefined>;
    /** Start loading the job parser (called when the getJob request goes out). */
    preloadJobParser?(): Promise<unknown>;
    workerStatus?(status: 'started' | 'finished'): Promise<void>;
    /**
     * Harvester's shared-file transport (push/pull mode with `-z`, or Nordugrid's heartbeat.json):
     * made once the pilot home is known; the job comes from its files and every update goes to them.
     */
    fileClient?(pilotHome: string, sourcedir: string): HarvesterFiles;
    /** Hold back getJob while the node is loaded (Pilot 3's delay_to_get_job). */
    loadRule?: LoadRule;
    /** Seconds between machine-features shutdown-time checks (Pilot 3: 60). */
    shutdownCheckS?: number;
    /** Seconds between looks for a Harvester job file (Pilot 3: 10). */
    harvesterJobWaitS?: number;
    /** The experiment's CVMFS check (undefined when fine or not applicable). */
    checkCvmfs?(): Promise<PilotError | undefined>;
    /** Kill every payload the pilot started (the hard deadline's last resort). */
    killAll(): Promise<void>;
    /** The info service the queue was resolved with (set by loadQueue; the data layer uses it). */
    infoservice?: unknown;
}
/** The queuedata fields the runner reads itself (the full object goes to the components). */
export type QueueInfo = Record<string, unknown> & {
    resource?: string;
    site?: string;
    maxtime?: number;
    timefloor?: number;
    maxwdir?: number;
    status?: string;
};
export interface StepContext {
    pilotHome: string;
    sourcedir: string;
    timing: PilotTiming;
    queuedata: QueueInfo;
    signal: AbortSignal;
    /** The pilot's effective lifetime (s): --lifetime, PANDAPILOT_LIFETIME or queue maxtime. */
    lifetimeS: number;
}
/** Kill every live payload tree (used by the signal deadline). */
export declare function killLivePayloads(graceMs?: number): Promise<void>;
/**
 * Start loading the job-step components now (while the getJob request is in flight), so the
 * first job does not wait for them. Loading is CPU work on the one thread, so it goes in the order
 * a job needs it: after `first` (the job parser), the payload's components, then the data layer
 * (measured: loading it while the payload runs instead costs more CPU in the payload's window and
 * delays short jobs' final updates). Errors surface later, at the real import.
 */
export declare function preloadStepModules(first?: Promise<unknown>): void;
/** The job steps for this pilot. Heavy components load on first use, not at start-up. */
export declare function createSteps(setup: PilotSetup, sc: StepContext): JobSteps;
