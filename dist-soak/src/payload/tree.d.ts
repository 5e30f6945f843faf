import { type ProcStat } from './proc.js';
/** Name of the environment variable that marks every process of one payload. */
export declare const TREE_MARKER_ENV = "PANDA_PILOT_TREE_ID";
/** What a kill did. */
export interface KillReport {
    /** Pids that got SIGTERM. */
    terminated: number[];
    /** Pids that were still alive after the grace period and got SIGKILL. */
    killed: number[];
    /** Pids still alive (not zombies) when we gave up; empty on success. */
    remaining: number[];
}
/** Options of {@link ProcessTree}. */
export interface ProcessTreeOptions {
    /** Pid of the payload's top process (also its process-group and session id). */
    rootPid: number;
    /** Process group of the payload (defaults to rootPid). */
    pgid?: number;
    /** Value of {@link TREE_MARKER_ENV} given to the payload, if any. */
    marker?: string;
    /** Start time (clock ticks) of the root; read from /proc when omitted. */
    rootStart?: number;
    /** Root of the proc file system (tests). */
    procRoot?: string;
    /** The payload's own cgroup v2 directory, when it runs in one. */
    cgroupDir?: string;
}
/** A payload's process tree: group members, marked escapees and their descendants. */
export declare class ProcessTree {
    readonly rootPid: number;
    readonly pgid: number;
    readonly marker: string | undefined;
    readonly cgroupDir: string | undefined;
    private readonly needle;
    private readonly procRoot;
    private rootStart;
    /** pid → [starttime, marked] for processes whose environ was already read. */
    private readonly markCache;
    constructor(opts: ProcessTreeOptions);
    /** Live (non-zombie) pids of the tree, root first when alive. */
    pids(): number[];
    /**
     * /proc facts of every tree member (zombies included), recomputed now. `fresh` re-reads every
     * environment instead of trusting cached "not marked" answers (the kill path uses it).
     */
    members(fresh?: boolean): ProcStat[];
    /**
     * Send `signal` to every live member; returns the pids signalled.
     * Each pid's start time is re-read just before its kill() so a recycled pid is never hit.
     */
    signal(signal: NodeJS.Signals): number[];
    /**
     * Kill the whole tree: SIGTERM to all, wait up to `graceMs` for them to go, SIGKILL to all that
     * remain (repeated until none is left or `killWaitMs` passes), then report.
     */
    kill(graceMs?: number, opts?: {
        pollMs?: number;
        killWaitMs?: number;
    }): Promise<KillReport>;
    /**
     * Our process group is trustworthy unless its id now belongs to a different process: a pid
     * that is still in use as a group id is never recycled by Linux, so the only hazard is a new
     * process that got our (reaped) root's pid and made itself a group leader.
     */
    private groupIsOurs;
    private isMarked;
}
