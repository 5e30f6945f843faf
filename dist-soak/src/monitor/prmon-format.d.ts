/**
 * prmon's file formats: the time series `memory_monitor_output.txt` and the summary
 * `memory_monitor_summary.json`, produced from our snapshots the way prmon computes them
 * (HEP-SF/prmon: memmon/countmon/cpumon/iomon/netmon/wallmon), and read back from either tool.
 *
 * Columns and units follow the prmon file Pilot 3 ships as a test resource: memory in kB,
 * CPU and wall time in whole seconds, I/O and network in bytes (cumulative), Time in epoch seconds.
 */
import type { NetCounters } from './proc.js';
import type { Snapshot } from './snapshot.js';
/** prmon's text columns, in the order of the reference file. */
export declare const PRMON_COLUMNS: readonly ["Time", "nprocs", "nthreads", "wtime", "stime", "utime", "pss", "rss", "swap", "vmem", "rchar", "read_bytes", "wchar", "write_bytes", "rx_bytes", "rx_packets", "tx_bytes", "tx_packets"];
/** One prmon column name. */
export type PrmonColumn = (typeof PRMON_COLUMNS)[number];
/** One row of memory_monitor_output.txt. */
export type PrmonRow = Record<PrmonColumn, number>;
/** prmon's summary JSON (Max = peaks or totals, Avg = means or rates). */
export interface PrmonSummary {
    Avg: Record<string, number>;
    Max: Record<string, number>;
    prmon?: {
        Version: string;
    };
    [key: string]: unknown;
}
/** Version string we write under "prmon" so readers can tell our files from prmon's. */
export declare const BUILTIN_VERSION = "panda-pilot-builtin";
/** prmon keeps three decimals in averages (whole numbers above 1000). */
export declare function prmonAverage(v: number): number;
/**
 * Turns snapshots into prmon rows and keeps prmon's running statistics.
 * Feed it with {@link add}; read {@link rows} and {@link summary}.
 */
export declare class PrmonAccumulator {
    private readonly version;
    readonly rows: PrmonRow[];
    private motherStart?;
    private readonly ioMax;
    private readonly peak;
    private readonly total;
    private wallSeconds;
    private netStart?;
    constructor(version?: string);
    /** Add one sample; returns the row (undefined when the tree is empty: prmon stops sampling then). */
    add(snap: Snapshot, net?: NetCounters): PrmonRow | undefined;
    /** The latest row, if any. */
    get last(): PrmonRow | undefined;
    /** prmon's summary from the rows so far (Max: peaks/totals; Avg: means, and rates per wall second). */
    summary(): PrmonSummary;
}
/** The header line of memory_monitor_output.txt (with newline). */
export declare function prmonHeader(): string;
/** One data line of memory_monitor_output.txt (with newline). */
export declare function prmonLine(row: PrmonRow): string;
/** The summary as prmon writes it (keys sorted, two-space indent, trailing newline). */
export declare function summaryText(summary: PrmonSummary): string;
/** A column table read from a memory monitor text file (prmon or the old MemoryMonitor). */
export interface MonitorTable {
    columns: string[];
    /** column → values (numbers; unparsable fields become NaN). */
    data: Record<string, number[]>;
}
/** Parse memory_monitor_output.txt of either tool: first line names the columns; empty fields are dropped. */
export declare function parseMonitorTable(text: string): MonitorTable;
/** The update fields Pilot 3 sends from a memory monitor summary (§6.4); -1s when the standard keys are missing. */
export declare function memoryFieldsFromSummary(summary: Partial<PrmonSummary> | undefined): Record<string, number>;
/**
 * Summary from a prmon text table when no JSON exists yet (Pilot 3's get_average_summary_dictionary_prmon):
 * max and integer mean of vmem/pss/rss/swap, with the legacy key names Pilot 3 produces there.
 */
export declare function summaryFromTable(table: MonitorTable): PrmonSummary | undefined;
