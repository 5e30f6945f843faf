/**
 * The emulator's database: jobs, queues, worker reports, PandaID sequence; persisted in an
 * append-only journal (./journal.ts): each save appends the records that changed since the last
 * one, so a call costs the same with 10 jobs or 100,000 and a killed emulator loses nothing.
 */
import { EventEmitter } from 'node:events';
import type { JobRecord, QueueDefinition, UpdateRecord, WorkerReport } from './types.js';
/** Timeouts of the server-side daemons (Watcher, Adder), in seconds. */
export interface StoreTimeouts {
    /** running/starting jobs without an update for this long fail with code 100 (default 7200). */
    heartbeatTimeoutS: number;
    /** sent jobs without any pilot contact fail with code 102 (default 1800). */
    sentTimeoutS: number;
    /** holding jobs fail with code 103 (default 172800). */
    holdingTimeoutS: number;
    /** delay between a final update (holding) and the Adder's finished/failed (default 0). */
    adderDelayS: number;
    /** delay before a finished/failed job leaves the active table (default 0). */
    archiveDelayS: number;
}
/**
 * Job storage with persistence and the state helpers the dispatcher and watcher share.
 * Emits 'change' (with the JobRecord) whenever a job's status changes or an update arrives.
 */
export declare class EmulatorStore extends EventEmitter {
    readonly queues: Record<string, QueueDefinition>;
    readonly clock: () => number;
    readonly timeouts: StoreTimeouts;
    readonly stateFile?: string | undefined;
    readonly jobs: Map<number, JobRecord>;
    readonly workerReports: WorkerReport[];
    /** updateJob calls for PandaIDs the server never knew. */
    readonly orphanUpdates: (UpdateRecord & {
        jobId: string;
    })[];
    nextPandaID: number;
    nSent: number;
    /** True when the state was loaded from an existing file. */
    readonly restored: boolean;
    private readonly journal?;
    /** Jobs looked up or changed since the last save (their records are appended then). */
    private readonly dirty;
    private savedWorkerReports;
    private savedOrphans;
    private savedMeta;
    private lastDaemonRun?;
    /** Active jobs (the daemons' and getJob's working set): archived jobs leave it. */
    private readonly activeJobs;
    /** Per computing site, the PandaIDs ever sent (getJob's nSent). */
    private readonly sentBySite;
    constructor(queues: Record<string, QueueDefinition>, clock: () => number, timeouts: StoreTimeouts, stateFile?: string | undefined, firstPandaID?: number);
    private index;
    private markSent;
    /** How many jobs of a computing site were ever sent to a pilot. */
    sentCount(site: string): number;
    /** The active jobs (not archived), in PandaID order of insertion. */
    active(): IterableIterator<JobRecord>;
    /** Mark a job whose record was changed outside the store's helpers (saved at the next save()). */
    touch(rec: JobRecord): void;
    private meta;
    private snapshot;
    /** Current server time (ms). */
    now(): number;
    /**
     * Persist what changed since the last save: the records of the jobs looked up or changed, new
     * worker reports and orphan updates, the counters. No-op without a state file.
     */
    save(): void;
    /** Close the state file (the emulator's stop), leaving it as one compact snapshot. */
    close(): void;
    /**
     * Add job definitions (friendly or raw). Definitions whose explicit PandaID already exists are
     * skipped (so a restart with the same --jobs file does not duplicate them).
     */
    addJobs(defs: unknown[], where?: string): JobRecord[];
    private allocId;
    /** A job by PandaID (any state). */
    job(pandaID: number | string): JobRecord | undefined;
    /** Change a job's status, keeping history and stateChangeTime. */
    setStatus(rec: JobRecord, status: string, now?: number): void;
    /** Move a job out of the active table (finished, failed, cancelled). */
    archive(rec: JobRecord): void;
    /**
     * Run the server daemons once: Watcher timeouts, Adder finalisation, archiving. Returns true
     * when anything changed (the caller saves).
     */
    runDaemons(): boolean;
    /**
     * The daemons at most every 25 ms of server time (what each request triggers): a thousand
     * pilots must not each pay for a scan of every job. The periodic timer and
     * {@link runDaemonsFor} cover the rest.
     */
    runDaemonsThrottled(): boolean;
    /** The daemons for one job (after its update: the Adder, archiving). */
    runDaemonsFor(rec: JobRecord): boolean;
    private daemonStep;
    private failByWatcher;
    /**
     * JEDI's retry of a failed job: a new PandaID with attemptNr + 1, while attempts remain
     * (`maxAttempts` of the definition). The log LFN's trailing attempt number follows.
     */
    private retry;
}
/** Python's str(datetime) for a server (UTC) time in ms, DB precision: 'YYYY-MM-DD HH:MM:SS'. */
export declare function pyDate(ms: number): string;
/**
 * The Adder: turn a holding job into finished/failed using the pilot's final state and its `xml`
 * file report. A 'finished' job whose outputs/log are missing from the report (or lack
 * guid/fsize/checksum) fails with ddmErrorCode 200, as adder_gen does.
 */
export declare function finalizeByAdder(rec: JobRecord): 'finished' | 'failed';
