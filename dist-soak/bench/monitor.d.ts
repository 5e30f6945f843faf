import type { BenchRow } from './stats.js';
type Metric = BenchRow;
/** Run the monitor benchmarks. */
export declare function benchMonitor(): Promise<Metric[]>;
export {};
