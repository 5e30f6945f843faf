/** The fields of /proc/<pid>/stat the tree logic uses. */
export interface ProcStat {
    pid: number;
    ppid: number;
    pgid: number;
    sid: number;
    /** One-letter state: R, S, D, Z (zombie), T, ... */
    state: string;
    /** Start time in clock ticks since boot (field 22): with the pid, identifies a process for life. */
    starttime: number;
}
/** Numeric entries of `procRoot` (the live pids). */
export declare function listPids(procRoot?: string): number[];
/** Parse one /proc/<pid>/stat line (the command name may hold spaces or parentheses). */
export declare function parseStat(text: string): ProcStat | undefined;
/** /proc/<pid>/stat of one process, or undefined when it is gone (or unreadable). */
export declare function readStat(pid: number, procRoot?: string): ProcStat | undefined;
/**
 * Whether the environment of `pid` holds exactly `needle` (a `NAME=value` entry).
 * Unreadable environ (another user's process, a kernel thread, gone) counts as "no".
 */
export declare function environHas(pid: number, needle: Buffer, procRoot?: string): boolean;
