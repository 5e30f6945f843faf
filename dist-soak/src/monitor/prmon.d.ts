import { type MonitorTable, type PrmonSummary } from './prmon-format.js';
/** Full path of the prmon executable on PATH, or undefined. */
export declare function findPrmon(path?: string): string | undefined;
/** Whether the queue asks for prmon (queuedata.params.memory_monitor == "prmon" or "prmon" in catchall). */
export declare function queueWantsPrmon(queue: {
    params?: Record<string, unknown> | null;
    catchall?: string | null;
} | undefined): boolean;
/** A running prmon attached to one payload process. */
export declare class PrmonProcess {
    readonly binary: string;
    readonly pid: number;
    readonly workdir: string;
    private readonly child;
    private readonly exited;
    constructor(binary: string, pid: number, workdir: string, intervalS: number);
    /** SIGUSR1 (prmon then writes its summary and exits), wait up to `waitMs`, then SIGKILL. */
    stop(waitMs?: number): Promise<void>;
    /** The time series prmon wrote so far (empty table when none). */
    table(): MonitorTable;
    /** prmon's summary: the final file, else its running snapshot, else one computed from the text file. */
    summary(): PrmonSummary | undefined;
}
/** Read memory_monitor_output.txt from a directory (empty table when absent). */
export declare function readTable(workdir: string): MonitorTable;
/** Read a memory monitor summary from a directory, as Pilot 3 looks for it (JSON, snapshot, then text). */
export declare function readSummary(workdir: string): PrmonSummary | undefined;
