import { type BenchRow } from './stats.js';
type Row = BenchRow;
/** Run the data benchmarks. */
export declare function benchData(): Promise<Row[]>;
export {};
