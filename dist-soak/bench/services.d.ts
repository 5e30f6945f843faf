import { type BenchRow } from './stats.js';
export declare function benchServices(): Promise<BenchRow[]>;
