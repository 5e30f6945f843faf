import { type MachineFacts } from './machine.js';
export { DB12_CALIBRATION, DB12_DRAWS_PER_ITERATION, db12Run, db12State, type Db12State } from './benchmark-kernel.js';
export { machineFacts, type MachineFacts } from './machine.js';
/** Options of {@link runBenchmark}. */
export interface BenchmarkOptions {
    /** Copies (worker threads) to run; default one per usable CPU (os.availableParallelism()). */
    copies?: number;
    /** Measured time per copy in ms (default 5000). */
    durationMs?: number;
    /** Warm-up time per copy in ms before measuring (default 1000). */
    warmupMs?: number;
    /** Draws per timed chunk (default 2 000, ≈ 0.15 ms of work: well below a scheduler time slice). */
    chunk?: number;
    /** Seed of the first copy (copy i uses seed + i); the same seed repeats the same arithmetic. */
    seed?: number;
    /** Abort the run: the workers stop and the promise rejects with the signal's reason. */
    signal?: AbortSignal;
}
/** The measurement of one copy. */
export interface CopyScore {
    /** Copy index (0-based). */
    copy: number;
    /** DB12-JS score of the median chunk: 250 × (chunk / 12.5 M) / median chunk seconds. */
    score: number;
    /** DB12-JS score on the thread's CPU time: 250 × (draws / 12.5 M) / cpuSeconds (DB12's definition). */
    cpuScore: number;
    /** Same on wall time (lower when the core was shared). */
    wallScore: number;
    /** Gaussian draws in the measured window. */
    draws: number;
    /** CPU time of the copy's thread in the measured window (s). */
    cpuSeconds: number;
    /** Length of the measured window (s). */
    wallSeconds: number;
    /** Where cpuSeconds came from: the thread's own CPU time, or wall time when unavailable. */
    cpuSource: 'thread' | 'wall';
    /** Median wall time of one chunk of draws (ms). */
    medianChunkMs: number;
    /** Sample mean and variance of all draws (≈ 10 and ≈ 1: the work was real). */
    sampleMean: number;
    /** Sample variance of all draws (≈ 1). */
    sampleVariance: number;
}
/** A benchmark report: per-copy scores, DB12's averages and the machine facts. */
export interface BenchmarkResult {
    /** Score unit: DB12 work done by V8 (see the module documentation). */
    unit: 'DB12-JS';
    /** Copies (worker threads) that ran. */
    copies: number;
    /** Measured window per copy (ms). */
    durationMs: number;
    /** Warm-up per copy before measuring (ms). */
    warmupMs: number;
    /** One entry per copy. */
    perCopy: CopyScore[];
    /** Sum of the copy scores: the node's throughput. */
    total: number;
    /** Arithmetic mean, geometric mean and median of the copy scores (DB12 reports these). */
    mean: number;
    /** Geometric mean of the copy scores. */
    geometricMean: number;
    /** Median copy score (the lower middle one for an even count, as DB12). */
    median: number;
    /** Start of the run (ISO 8601). */
    startedAt: string;
    /** End of the run (ISO 8601). */
    finishedAt: string;
    /** What the benchmark ran on. */
    machine: MachineFacts;
}
/** Run the benchmark: `copies` worker threads for warm-up + duration, then the report. */
export declare function runBenchmark(options?: BenchmarkOptions): Promise<BenchmarkResult>;
