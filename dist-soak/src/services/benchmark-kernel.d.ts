/**
 * The DB12 work unit, in JavaScript.
 *
 * DIRAC Benchmark 2012 (DB12, R. Graciani / A. McNab, https://github.com/DIRACGrid/DB12) draws
 * 12.5 million Gaussian numbers N(10, 1) with Python's `random.normalvariate` and accumulates
 * Σt and Σt² twice; its score is `250 × iterations / CPU seconds` (one iteration ≈ 1 kHS2k·s,
 * i.e. 250 HS06·s). We do the same work here: Kinderman–Monahan ratio-of-uniforms Gaussians
 * (the method of `normalvariate`) from 53-bit uniforms built of two 32-bit words (as CPython
 * builds them from its Mersenne Twister), with a seeded xoshiro128** generator so every run
 * does exactly the same arithmetic.
 */
/** Gaussian draws in one DB12 iteration. */
export declare const DB12_DRAWS_PER_ITERATION = 12500000;
/** DB12's calibration: one iteration is worth 250 (HS06·s). */
export declare const DB12_CALIBRATION = 250;
/** Indexes into the shared control array. */
export declare const CTL: {
    readonly GO: 0;
    readonly MEASURING: 1;
    readonly STOP: 2;
};
/** What the main thread passes in workerData. */
export interface WorkerInput {
    seed: number;
    warmupMs: number;
    durationMs: number;
    chunk: number;
    control: SharedArrayBuffer;
}
/** What a copy reports back. */
export interface WorkerOutput {
    type: 'result';
    draws: number;
    cpuSeconds: number;
    wallSeconds: number;
    cpuSource: 'thread' | 'wall';
    /** Median wall time of one chunk of draws in the measured window (ms). */
    medianChunkMs: number;
    mean: number;
    variance: number;
}
/** Running state of the DB12 loop: generator words and the accumulated sums. */
export interface Db12State {
    /** xoshiro128** state words. */
    s: Uint32Array;
    /** Σt and Σt² (DB12 keeps each twice, as m and p). */
    m1: number;
    /** Σt². */
    m2: number;
    /** Σt again. */
    p1: number;
    /** Σt² again. */
    p2: number;
    /** Draws so far. */
    draws: number;
}
/** A fresh state seeded with `seed` (splitmix32 spreads it over the four generator words). */
export declare function db12State(seed: number): Db12State;
/** Run `draws` DB12 draws on `st` (the inner loop of one DB12 iteration, in chunks). */
export declare function db12Run(st: Db12State, draws: number): void;
