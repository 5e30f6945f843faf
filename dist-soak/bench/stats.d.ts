/** Small statistics and table helpers for the benchmarks. */
export declare function median(xs: number[]): number;
export interface BenchRow {
    name: string;
    value: number;
    unit: string;
    /** A baseline measured in the same run (or a reference), for the ratio column. */
    baseline?: number;
    baselineName?: string;
    goal?: string;
    runs?: number;
}
/**
 * Print rows as an aligned table. The ratio column compares with the baseline measured in the same
 * run: for times it is baseline/ours (a speed ratio: > 1 means we are faster), else ours/baseline.
 */
export declare function printRows(title: string, rows: BenchRow[]): void;
