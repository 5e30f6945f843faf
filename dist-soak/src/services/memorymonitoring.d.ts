import { type PrmonSummary } from '../monitor/prmon-format.js';
import { type FittedData } from './analytics.js';
import { Services } from './services.js';
import { type Table } from './table.js';
/** Options of {@link MemoryMonitoring}. */
export interface MemoryMonitoringOptions {
    /** The process to monitor, with its descendants. */
    pid: number;
    /** Directory for memory_monitor_output.txt and memory_monitor_summary.json (default: a new temp dir). */
    workdir?: string;
    /** Sampling interval in ms (default 60 000, Pilot 3's `--interval 60`; prmon rounds to whole seconds). */
    intervalMs?: number;
    /** 'builtin' (default) or 'prmon' (the prmon binary, which must be on PATH). */
    tool?: 'builtin' | 'prmon';
    /** Include node-wide network counters in the built-in monitor (default true). */
    network?: boolean;
    /** Pilot 3's `user` option (pilot user, e.g. "atlas"); kept for compatibility, it does not change the tool. */
    user?: string;
}
/** Options of {@link MemoryMonitoring.analyzeLeak}. */
export interface LeakAnalysisOptions {
    /** Final analysis: drop the first 5 and last 2 samples (allocation/deallocation), as Pilot 3's final update. */
    final?: boolean;
    /** Column(s) to fit, default "pss+swap" (Pilot 3's choice); "pss" for PSS alone. */
    yName?: string;
    /** Decimal places of the strings (default 2). */
    precision?: number;
    /** Report an exactly flat series as "0.00" instead of Pilot 3's "" (default false). */
    reportZeroSlope?: boolean;
}
/** A leak analysis: Pilot 3's jobMetrics strings plus the numbers behind them. */
export interface LeakAnalysis extends FittedData {
    /** Slope in kB/s (prmon memory is kB, Time is s); undefined when no fit was possible. */
    slopeKBps?: number;
    /** Fitted memory at Time = 0 (kB), as a number. */
    intersectValue?: number;
    /** Pilot 3's chi2 of the fit, as a number. */
    chi2Value?: number;
    /** Samples in the series. */
    samples: number;
    /** Samples the fit used (after tail removal or edge trimming). */
    fittedSamples: number;
}
/** A memory monitor on one process tree, with its time series, summary and leak analysis. */
export declare class MemoryMonitoring extends Services {
    /** The monitored process (Pilot 3 copies its keyword options onto the instance, so do we). */
    readonly pid: number;
    /** Directory of memory_monitor_output.txt and memory_monitor_summary.json. */
    readonly workdir: string;
    /** The monitoring tool. */
    readonly tool: 'builtin' | 'prmon';
    /** Pilot 3's `user` option, as given. */
    readonly user?: string;
    private readonly intervalMs;
    private readonly network;
    private builtin?;
    private prmon?;
    private prmonBinary?;
    private finalSummary?;
    private stopped;
    constructor(options: MemoryMonitoringOptions);
    /** Whether the monitor has been started and not stopped. */
    get running(): boolean;
    /**
     * Start monitoring. Throws NOSUCHPROCESS when the pid does not exist, NOSUCHFILE when prmon was
     * asked for but is not on PATH. Starting twice is a no-op.
     */
    start(): Promise<this>;
    /** Pilot 3's execute(): starts the monitor. */
    execute(): Promise<this>;
    /** Take one extra sample now (built-in monitor only; prmon samples on its own clock). */
    sample(): void;
    /** Stop monitoring and return the final summary (also written to memory_monitor_summary.json). */
    stop(): Promise<PrmonSummary | undefined>;
    /** The command that monitors the process: prmon's command line, or "builtin". */
    getCommand(): string;
    /** Pilot 3 spelling of {@link MemoryMonitoring.getCommand}. */
    get_command(): string;
    /** Path of the time series file (memory_monitor_output.txt). */
    getFilename(): string;
    /** Pilot 3 spelling of {@link MemoryMonitoring.getFilename}. */
    get_filename(): string;
    /** The time series so far: prmon column → values (memory in kB, Time in epoch seconds). */
    series(): Promise<Table>;
    /** prmon's summary so far (the final one after stop), or undefined before the first sample. */
    summary(): PrmonSummary | undefined;
    /** Pilot 3's get_results(): the summary. */
    get_results(): PrmonSummary | undefined;
    /** The job update fields Pilot 3 derives from the summary (maxRSS, avgPSS, totRCHAR, ...). */
    memoryInfo(): Record<string, number>;
    /**
     * Leak analysis in one call: Pilot 3's fit of `yName` (default pss+swap) against Time over the
     * series so far (≥ 100 samples: iterative edge trimming; `final`: without the tails).
     */
    analyzeLeak(options?: LeakAnalysisOptions): Promise<LeakAnalysis>;
}
/** The leak analysis of a memory time series table (prmon or old MemoryMonitor columns). */
export declare function analyzeLeakTable(table: Table, options?: LeakAnalysisOptions): LeakAnalysis;
/** The leak analysis of a memory_monitor_output.txt file (missing/unreadable → no fit). */
export declare function analyzeLeakFile(filename: string, options?: LeakAnalysisOptions): Promise<LeakAnalysis>;
/** Options of {@link monitorProcess}. */
export interface MonitorProcessOptions extends MemoryMonitoringOptions {
    /** Stop after this long (ms) even if the process still runs (default: until it exits). */
    durationMs?: number;
    /** Stop early. */
    signal?: AbortSignal;
    /** Leak analysis options (default `{ final: true }`). */
    analysis?: LeakAnalysisOptions;
}
/** What {@link monitorProcess} found. */
export interface MonitorProcessResult {
    /** The (stopped) monitor, for its files and further reads. */
    monitor: MemoryMonitoring;
    /** The time series (prmon columns). */
    series: Table;
    /** The final summary (undefined when no sample was taken). */
    summary: PrmonSummary | undefined;
    /** The leak analysis. */
    leak: LeakAnalysis;
}
/**
 * Monitor a process until it exits, `durationMs` passes or `signal` aborts, then return its
 * series, summary and leak analysis (`final` by default: the first 5 and last 2 samples, where
 * the process allocates and releases its memory, are left out): the whole API in one call.
 */
export declare function monitorProcess(options: MonitorProcessOptions): Promise<MonitorProcessResult>;
