import { type BenchRow } from './stats.js';
export declare function benchPilot(): Promise<BenchRow[]>;
