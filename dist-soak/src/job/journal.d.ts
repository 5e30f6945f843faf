/** Where the payload of a journaled job can be found again. */
export interface JournaledPayload {
    pid: number;
    /** Kernel start time (clock ticks) of `pid`: with the pid, names the process for life. */
    start: number;
    marker: string;
    /** cgroup v2 directory of the payload, when it runs in one. */
    cgroup?: string;
    containment: string;
}
/** One job's record (schema version 1). */
export interface JournalEntry {
    version: 1;
    jobid: string;
    owner: {
        pid: number;
        start: number;
        host: string;
    };
    /** Epoch ms of the last write. */
    updated: number;
    /** running: the job is being worked on; final-pending: its final update is built, not yet accepted. */
    state: 'running' | 'final-pending';
    /** Last phase reached: stagein, payload, stageout, log, final. */
    phase: string;
    description: Record<string, unknown>;
    pilotHome: string;
    workdir: string;
    /** LFNs staged in so far. */
    staged: string[];
    payload?: JournaledPayload;
    /** The final update's body, exactly as it is (re-)sent. */
    final?: Record<string, string | number>;
    /** The log tarball: local path, and where it was staged out to. */
    logTarball?: {
        path: string;
        turl?: string;
        transferred: boolean;
    };
}
/** Fields a caller may change. */
export type JournalPatch = Partial<Omit<JournalEntry, 'version' | 'jobid' | 'owner'>>;
/** Write `data` to `file` atomically and durably. */
export declare function writeFileAtomic(file: string, data: string): void;
/** Is the owner of a record still running (same host, same pid, same start time)? */
export declare function ownerAlive(owner: JournalEntry['owner']): boolean;
/** A journal record this pilot owns; every update is written through at once. */
export declare class JournalRecord {
    private readonly file;
    private entry;
    constructor(file: string, entry: JournalEntry);
    get value(): Readonly<JournalEntry>;
    update(patch: JournalPatch): void;
    /** The job is fully reported: forget it. */
    remove(): void;
}
/** The spool directory (created mode 0700: records hold job descriptions). */
export declare class JobJournal {
    readonly dir: string;
    constructor(dir: string);
    private fileOf;
    /** Start (or take over) the record of a job. */
    open(jobid: string, init: Pick<JournalEntry, 'description' | 'pilotHome' | 'workdir'> & JournalPatch): JournalRecord;
    /** A pilot killed between claiming a record and rewriting it left a claim file: put it back. */
    private restoreStaleClaims;
    /** Every readable record (unreadable ones are left where they are, for a human). */
    list(): JournalEntry[];
    /**
     * Take over the records whose owner died: each is renamed to a claim name first (atomic, so of
     * two pilots starting together only one wins), re-checked, then rewritten with us as owner.
     */
    claimOrphans(): JournalRecord[];
}
/**
 * The spool directory: `[Pilot] journal_dir` or PANDA_PILOT_JOURNAL_DIR when set (a directory
 * shared by the pilots of a node), else `panda-pilot-journal` in the pilots' base directory
 * (the `--workdir` parent, or the launch directory) — the place a restarted pilot looks.
 */
export declare function journalDir(configured: string | undefined, base: string): string;
