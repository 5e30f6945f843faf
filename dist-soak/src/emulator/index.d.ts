import type { ChaosOptions, FaultInput } from './faults.js';
import type { RequestLogEntry } from './server.js';
import { EmulatorStore } from './store.js';
import type { JobRecord, QueueDefinition, UpdateRecord } from './types.js';
export { demoSetup, DEMO_TRF_NAME, DEMO_TRF_SCRIPT } from './demo.js';
export type { DemoSetupOptions } from './demo.js';
export { startRucioEmulator, type RucioEmulator, type RucioEmulatorOptions } from './rucio.js';
export { demoQueue, demoDdmName, posixStorage, schedconfigFor, storageData } from './queuedata.js';
export type { DemoQueueOptions } from './queuedata.js';
export { JobDefinitionSchema, JobDefinitionError } from './jobdef.js';
export type { JobDefinitionInput } from './jobdef.js';
export { describeJob } from './describe.js';
export { EmulatorStore, finalizeByAdder } from './store.js';
export type { StoreTimeouts } from './store.js';
export type { ChaosOptions, FaultInput } from './faults.js';
export type { RequestLogEntry } from './server.js';
export type { JobRecord, FileRecord, UpdateRecord, EventRangeRecord, QueueDefinition, WorkerReport } from './types.js';
export { pyUrlencode, pyJson, pyRepr, quotePlus } from './pycodec.js';
export { RESOURCE_TYPES } from './handlers.js';
/** Options of {@link startPandaEmulator}. */
export interface PandaEmulatorOptions {
    /** Interface to listen on (default 127.0.0.1). */
    host?: string;
    /** Port (default 0 = a free port). */
    port?: number;
    /** JSON state file: loaded at start when it exists, rewritten atomically after every change. */
    stateFile?: string;
    /** Queues: name → schedconfig fields overriding the demo defaults (default `{DEMO: {}}`). */
    queues?: Record<string, QueueDefinition>;
    /**
     * Job definitions (friendly or `{queue, raw}`), added at start. With a restored state file only
     * definitions with an explicit PandaID not yet known are added.
     */
    jobs?: unknown[];
    /** Directory served as /trf/<name> (transformations the pilot downloads). */
    trfDir?: string;
    /** Root of the POSIX storage endpoints in ddmendpoints.json (`<dir>/<RSE>`). */
    storageDir?: string;
    /** Explicit ddmendpoints.json entries (override the generated ones). */
    storages?: Record<string, Record<string, unknown>>;
    /** Lost-heartbeat timeout for starting/running jobs, seconds (default 7200 as the server). */
    heartbeatTimeoutS?: number;
    /** Timeout of sent jobs without pilot contact, seconds (default 1800). */
    sentTimeoutS?: number;
    /** Timeout of holding/transferring jobs, seconds (default 172800). */
    holdingTimeoutS?: number;
    /** Delay before the Adder turns a final update (holding) into finished/failed, seconds (default 0). */
    adderDelayS?: number;
    /** Delay before finished/failed jobs leave the active table, seconds (default 0). */
    archiveDelayS?: number;
    /** Server clock in ms since the epoch (default Date.now); tests inject their own. */
    clock?: () => number;
    /** First PandaID handed out (default 6500000001). */
    firstPandaID?: number;
    /** Credentials served by getProxy / get_access_token / getKeyPair. */
    credentials?: {
        proxy?: string;
        accessToken?: string;
        keyPairs?: Record<string, string>;
    };
    /** Pilot secrets (a string, e.g. a Python-literal dict) sent with getJob and debug updateJob answers. */
    pilotSecrets?: string;
    /**
     * Treat every caller as lacking the production/pilot role: getJob (label ≠ user) and updateJob
     * answer StatusCode 60, event and worker calls a plain refusal sentence (default false).
     */
    noProductionRole?: boolean;
    /** Period of the Watcher/Adder daemons, ms (default: a quarter of the shortest timeout, 50 ms..30 s). */
    daemonIntervalMs?: number;
}
/** A running emulator. */
export interface PandaEmulator {
    /** Base URL, `http://127.0.0.1:PORT`. */
    readonly url: string;
    readonly port: number;
    readonly host: string;
    /** The job store (records are live objects). */
    readonly store: EmulatorStore;
    /** Every request served (bounded log). */
    readonly requests: RequestLogEntry[];
    /** Add job definitions; returns the new records. Throws JobDefinitionError on invalid input. */
    addJobs(defs: unknown[] | unknown): JobRecord[];
    /** One job record. */
    job(pandaID: number): JobRecord | undefined;
    /** All job records. */
    jobs(): JobRecord[];
    /** updateJob calls received for a job (empty when none). */
    updates(pandaID: number): UpdateRecord[];
    /**
     * Send a command to a job: `tobekilled`/`kill` (a job not yet dispatched is cancelled at once),
     * `debug`/`debugoff` (server debug mode), `clear`, or any other string stored as commandToPilot.
     */
    command(pandaID: number, command: string): {
        ok: boolean;
        message: string;
    };
    /** Fail the next requests of a method (see FaultInput). */
    injectFault(fault: FaultInput): void;
    /** Drop pending faults (and stop chaos and outages). */
    clearFaults(): void;
    /** Random faults while set (undefined stops them); see ChaosOptions. */
    chaos(opts: ChaosOptions | undefined): void;
    /** Reset every request for `ms` from now. */
    outage(ms: number): void;
    /** Requests failed by chaos/outages, by mode. */
    chaosCounts(): Record<string, number>;
    /** Run the Watcher/Adder once now (tests with an injected clock). */
    runDaemons(): void;
    /**
     * Resolve with the job record once `until` holds (a list of job statuses, or a predicate),
     * checked now and on every change of the job; reject after timeoutMs (default 30 s).
     */
    waitForJob(pandaID: number, until: string[] | ((rec: JobRecord) => boolean), timeoutMs?: number): Promise<JobRecord>;
    /**
     * Pilot 3 command-line options that point a pilot at this emulator for `queue`
     * (--url/-p, -q, --queuedata-url, --storagedata-url, -g for transformation downloads, -j label).
     */
    pilotArgs(queue: string, label?: string): string[];
    /** Stop listening and drop connections. */
    close(): Promise<void>;
}
/** Apply an admin command to a job (shared by the library, the admin endpoint and the CLI). */
export declare function applyCommand(store: EmulatorStore, pandaID: number, command: string): {
    ok: boolean;
    message: string;
};
/** Start an emulator. */
export declare function startPandaEmulator(opts?: PandaEmulatorOptions): Promise<PandaEmulator>;
