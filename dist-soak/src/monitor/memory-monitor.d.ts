import { type FitFunction, type LeakFit } from './leak.js';
import { type PrmonRow, type PrmonSummary } from './prmon-format.js';
import { type Snapshot } from './snapshot.js';
/** prmon's time series file name as Pilot 3 passes it (--filename). */
export declare const MEMORY_MONITOR_OUTPUT = "memory_monitor_output.txt";
/** prmon's summary file name as Pilot 3 passes it (--json-summary). */
export declare const MEMORY_MONITOR_SUMMARY = "memory_monitor_summary.json";
/** Options of {@link MemoryMonitor}. */
export interface MemoryMonitorOptions {
    /** Monitor this process and its descendants... */
    pid?: number;
    /** ...or exactly the processes this returns at each sample (a payload tree). */
    pids?: () => number[];
    /** Directory for the output files; without it nothing is written. */
    workdir?: string;
    outputFile?: string;
    summaryFile?: string;
    /** Sampling interval for the standalone timer (ms, default 60000 like Pilot 3's --interval 60). */
    intervalMs?: number;
    /** Include node-wide network counters (prmon's netmon); default true. */
    network?: boolean;
}
/** Built-in, prmon-compatible memory monitor. */
export declare class MemoryMonitor {
    private readonly opts;
    private readonly acc;
    private timer?;
    /** Open descriptor of the output file: one write per row instead of open/write/close. */
    private fd?;
    private stopped;
    private readonly outputPath?;
    private readonly summaryPath?;
    constructor(opts: MemoryMonitorOptions);
    /** Start the standalone timer; the first sample is taken at once (as prmon does). */
    start(): this;
    /** The processes currently monitored. */
    pids(): number[];
    /** Take one sample now and record it. */
    sample(): PrmonRow | undefined;
    /** Record a snapshot taken by someone else (the job monitor's shared sampler). */
    record(snap: Snapshot): PrmonRow | undefined;
    /** All rows so far (memory_monitor_output.txt's content). */
    series(): readonly PrmonRow[];
    /** prmon's summary of the rows so far. */
    summary(): PrmonSummary;
    /** Update fields (maxRSS, avgPSS, totRCHAR, ...) as Pilot 3 derives them from a prmon summary. */
    memoryInfo(): Record<string, number>;
    /** Leak fit of PSS+Swap vs Time; `final` drops the allocation/deallocation tails like Pilot 3's final update. */
    leak(final?: boolean, fit?: FitFunction): LeakFit;
    /** Stop sampling and write the final summary file; returns the summary. */
    stop(): Promise<PrmonSummary>;
    private writeHeader;
}
