/** Result of one walk. */
export interface WorkdirScan {
    /** When the walk ran, ms since the epoch. */
    time: number;
    /** Sum of regular file sizes (apparent size, like Pilot 3's get_disk_usage). */
    totalBytes: number;
    /** Regular files: path relative to the work dir → size. */
    files: Map<string, number>;
    /** Newest modification among entries the looping check counts (files and directories). */
    newest?: {
        path: string;
        mtimeMs: number;
    };
    /** Entries visited (cost indicator). */
    entries: number;
}
/**
 * Paths the looping check ignores: Pilot 3's ATLAS list (a superset of the generic one), plus the
 * memory monitor's own outputs, which we write into the work dir ourselves.
 */
export declare function ignoredByLoopingCheck(workdir: string, path: string): boolean;
/** Walks one work directory repeatedly, reusing listings of unchanged directories. */
export declare class WorkdirScanner {
    readonly workdir: string;
    private readonly ignore;
    private readonly dirs;
    private last?;
    /** Directory listings actually read in the last walk (for tests and the bench). */
    readdirs: number;
    constructor(workdir: string, ignore?: (workdir: string, path: string) => boolean);
    /** The last walk, if it is at most `maxAgeMs` old; otherwise a new walk. */
    scan(maxAgeMs?: number): WorkdirScan;
    private listing;
    private walk;
}
