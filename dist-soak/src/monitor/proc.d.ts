/**
 * Kernel clock ticks per second (USER_HZ). Linux fixes it at 100 on every architecture the pilot
 * runs on; Node has no sysconf(), so it is a constant (override with PANDA_PILOT_CLK_TCK).
 */
export declare const CLK_TCK: number;
/** The fields of /proc/<pid>/stat the monitor uses (times in clock ticks, vsize in bytes). */
export interface ProcStat {
    pid: number;
    comm: string;
    state: string;
    ppid: number;
    pgrp: number;
    utime: number;
    stime: number;
    cutime: number;
    cstime: number;
    numThreads: number;
    /** Start time after boot, clock ticks. */
    starttime: number;
    vsize: number;
}
/** Memory figures from smaps_rollup (kB), as prmon sums them from smaps. */
export interface ProcMemory {
    rss: number;
    pss: number;
    swap: number;
}
/** I/O counters from /proc/<pid>/io (bytes). */
export interface ProcIo {
    rchar: number;
    wchar: number;
    read_bytes: number;
    write_bytes: number;
}
/** Parse the text of /proc/<pid>/stat (exported for tests on recorded files). */
export declare function parseStat(text: string): ProcStat | undefined;
/** /proc/<pid>/stat, or undefined when the process is gone. */
export declare function readStat(pid: number | 'self'): ProcStat | undefined;
/** Sum the `Key:  N kB` lines we need from smaps or smaps_rollup text. */
export declare function parseSmaps(text: string): ProcMemory;
/**
 * RSS/PSS/Swap of one process in kB. smaps_rollup (Linux ≥ 4.14) is one line per key; older kernels
 * fall back to the full smaps file (what prmon reads), which is much bigger.
 */
export declare function readMemory(pid: number): ProcMemory | undefined;
/** Parse /proc/<pid>/io text. */
export declare function parseIo(text: string): ProcIo;
/** /proc/<pid>/io (needs the same user), or undefined. */
export declare function readIo(pid: number): ProcIo | undefined;
/** Seconds since boot (/proc/uptime). */
export declare function readUptime(): number;
/**
 * A process and all its descendants, found through /proc/<pid>/task/<tid>/children (what prmon
 * does on modern kernels); falls back to a scan of every /proc/<n>/stat when that file is absent.
 */
export declare function processTree(root: number): number[];
/** The same tree found by scanning every /proc/<n>/stat for parents (kernels without children files). */
export declare function descendantsByScan(root: number): number[];
/** Network counters summed over all interfaces (prmon's netmon reads the same /sys files). */
export interface NetCounters {
    rx_bytes: number;
    rx_packets: number;
    tx_bytes: number;
    tx_packets: number;
}
/** Parse /proc/net/dev: counters summed over all interfaces. */
export declare function parseNetDev(text: string): NetCounters;
/**
 * Current network counters of the node (all interfaces; zeros when unreadable). prmon reads the
 * same counters from /sys/class/net/<dev>/statistics; /proc/net/dev has them all in one read.
 */
export declare function readNet(): NetCounters;
