import type { BenchRow } from './stats.js';
export declare function benchScale(): Promise<BenchRow[]>;
/** `npm run bench -- slurm`: the queue drained on a real Slurm cluster, ours vs Pilot 3. */
export declare function benchSlurm(): Promise<BenchRow[]>;
