/** One process of the payload tree at one moment. */
export interface ProcSample {
    pid: number;
    ppid: number;
    comm: string;
    state: string;
    threads: number;
    /** CPU seconds: own user/system time and that of its reaped children. */
    utime: number;
    stime: number;
    cutime: number;
    cstime: number;
    /** kB. */
    vmem: number;
    rss: number;
    pss: number;
    swap: number;
    /** Bytes. */
    rchar: number;
    wchar: number;
    read_bytes: number;
    write_bytes: number;
    /** Process start, seconds after boot. */
    start: number;
}
/** Tree totals (prmon's per-sample columns, before prmon's own max/int handling). */
export interface TreeTotals {
    nprocs: number;
    nthreads: number;
    zombies: number;
    vmem: number;
    rss: number;
    pss: number;
    swap: number;
    rchar: number;
    wchar: number;
    read_bytes: number;
    write_bytes: number;
    /** Seconds, own + reaped children, summed over the tree. */
    utime: number;
    stime: number;
}
/** What every due watcher receives. */
export interface Snapshot {
    /** Wall clock, ms since the epoch. */
    time: number;
    /** Seconds since boot at the same moment (to age processes like prmon's wtime). */
    uptime: number;
    procs: ProcSample[];
    totals: TreeTotals;
}
/** Which per-process files to read: stat is always read; memory and I/O only when a due watcher needs them. */
export interface SampleOptions {
    memory?: boolean;
    io?: boolean;
}
/** Read /proc once for the given pids. Vanished pids are skipped; zombies are counted but carry no memory. */
export declare function takeSnapshot(pids: readonly number[], opts?: SampleOptions): Snapshot;
/** Sum a list of process samples into tree totals. */
export declare function totalsOf(procs: readonly ProcSample[]): TreeTotals;
