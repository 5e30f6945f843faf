import type { BenchRow } from './stats.js';
export declare function benchSoak(): Promise<BenchRow[]>;
