/**
 * Analytics API (Pilot 3's pilot/api/analytics.py): linear fits and the memory-leak estimate
 * the pilot reports in jobMetrics (`leak=`, `chi2=`, `intersect=`).
 *
 * ```ts
 * const client = new Analytics();
 * const fit = client.fit([0, 1, 2, 3], [0.5, 1.1, 2.2, 3.6]);
 * fit.slope(); fit.intersect(); fit.chi2();
 * await client.getFittedData('memory_monitor_output.txt'); // { slope: '76.11', chi2: '2.93', intersect: ... }
 * ```
 *
 * Method names follow the seed (snake_case, callable as in Pilot 3) with camelCase twins.
 */
import { Fit } from './fit.js';
import { Services } from './services.js';
import { type Table, type TableOptions } from './table.js';
export { Fit, type FitModel, type FitOptions } from './fit.js';
export { AnalyticsError, type AnalyticsErrorReason, chi2, floatToRoundedString, mean, sumDev, sumSquareDev } from './math.js';
export { extractFromTable, parseTable, readTable, type Table, type TableOptions } from './table.js';
/** Pilot 3's memory-leak estimate: rounded strings, all "" when no fit could be made. */
export interface FittedData {
    /** Slope (memory growth, kB/s for prmon data), rounded; "" when no fit. */
    slope: string;
    /** Pilot 3's chi2 of the fit, rounded; "" when no fit. */
    chi2: string;
    /** Intersect (value at x = 0), rounded; "" when no fit. */
    intersect: string;
}
/** Options of the leak estimate ({@link Analytics.getFittedData}); defaults are Pilot 3's. */
export interface FittedDataOptions {
    /** x column (default "Time"). */
    xName?: string;
    /** y column, or "a+b" for the sum of two columns (default "pss+swap", prmon's names). */
    yName?: string;
    /** Decimal places of the strings (default 2). */
    precision?: number;
    /**
     * Keep the first 5 and last 2 samples (default true). Pilot 3 passes false on the final
     * update to drop allocation/deallocation. With ≥ 100 samples the iterative edge search is
     * used instead and this is ignored.
     */
    tails?: boolean;
    /**
     * Report an exactly-zero slope (flat memory) as "0.00" instead of "". Default false: Pilot 3
     * reports nothing there, and the server's view of leak reports stays the same.
     */
    reportZeroSlope?: boolean;
}
/** Options of {@link Analytics.findLimit}; defaults are Pilot 3's. */
export interface FindLimitOptions {
    /** Stop when chi2 improves by less than this fraction (default 0.25). */
    changeLimit?: number;
    /** Which edge to trim (default "right"). */
    edge?: 'left' | 'right';
    /** Points removed per iteration (default 5). */
    steps?: number;
}
/** The final fit of a leak estimate and the points it used. */
export interface LeakFit {
    /** The final fit. */
    fit: Fit;
    /** The x values it used. */
    x: number[];
    /** The y values it used. */
    y: number[];
    /** True when the iterative edge search (≥ 100 samples) chose the range. */
    iterative: boolean;
}
/** The Analytics client: fits data and keeps the last fit for slope()/intersect()/chi2(). */
export declare class Analytics extends Services {
    private _fit;
    /** Options are accepted for Pilot 3 compatibility and unused. */
    constructor(_options?: Record<string, unknown>);
    /**
     * Fit y(x) with `model` (only "linear") and keep the fit as the client's current one.
     * Throws {@link AnalyticsError} for input without a fit (see {@link Fit}).
     */
    fit(x: readonly number[], y: readonly number[], model?: string): Fit;
    /** The current fit, or undefined before the first {@link Analytics.fit}. */
    get currentFit(): Fit | undefined;
    private current;
    /** Slope of the current fit; NOTDEFINED before any fit. */
    slope(): number;
    /** Intersect of the current fit; NOTDEFINED before any fit. */
    intersect(): number;
    /** Pilot 3's chi2 of the current fit; NOTDEFINED before any fit. */
    chi2(): number;
    /** Read a column table from a file ({} when unreadable or not numeric). */
    getTable(filename: string, options?: TableOptions): Promise<Table>;
    /** Pilot 3 spelling of {@link Analytics.getTable} (values are always converted to numbers). */
    get_table(filename: string, header?: string, separator?: string): Promise<Table>;
    /** x and y series from a table; `yName` "a+b" sums two columns. */
    extractFromTable(table: Table, xName: string, yName: string): [number[], number[]];
    /** Pilot 3 spelling of {@link Analytics.extractFromTable}. */
    extract_from_table(table: Table, xName: string, yName: string): [number[], number[]];
    /** Fit, or undefined when the data has no fit (the leak estimate reports nothing then). */
    private tryFit;
    /**
     * Pilot 3's edge search for the leak fit: drop `steps` points from one edge while more than
     * 2/3 of the `norg` original points remain, refit, and stop once chi2 improves by less than
     * `changeLimit`. Returns the index bound: right edge → last kept index (norg−1 when not
     * found); left edge → iterations·10 (Pilot 3's factor, although 5 points go per iteration)
     * or 0 when not found. A sub-range without a fit, or with slope 0 (which Pilot 3 cannot fit),
     * ends the search as not found; so does a previous chi2 of 0, where Pilot 3 divides by zero.
     */
    findLimit(x: readonly number[], y: readonly number[], chi2Org: number, norg: number, options?: FindLimitOptions): number;
    /** Pilot 3 spelling of {@link Analytics.findLimit}. */
    find_limit(x: readonly number[], y: readonly number[], chi2Org: number, norg: number, changeLimit?: number, edge?: 'left' | 'right', steps?: number): number;
    /**
     * The leak fit on a memory series, Pilot 3's selection of points: with ≥ 100 samples the
     * iterative edge search; else, when `tails` is false, without the first 5 and last 2
     * samples. Fewer than 8 points, different lengths or data without a fit → undefined.
     */
    leakFit(x: readonly number[], y: readonly number[], options?: {
        tails?: boolean;
    }): LeakFit | undefined;
    /** The leak estimate of in-memory series (see {@link Analytics.getFittedData}). */
    fittedDataFromSeries(x: readonly number[], y: readonly number[], options?: FittedDataOptions): FittedData;
    /** The leak estimate of a parsed table (see {@link Analytics.getFittedData}). */
    fittedDataFromTable(table: Table, options?: FittedDataOptions): FittedData;
    /**
     * Pilot 3's memory-leak estimate from a prmon time series file: fit `yName` (default
     * "pss+swap", kB) against `xName` (default "Time", s), so the slope is in kB/s. Returns the
     * slope, chi2 and intersect as strings rounded half-even to `precision` places, or all ""
     * when the file is missing/unreadable, has fewer than 8 usable samples, or has no
     * non-zero slope. It never throws for bad data (Pilot 3 can raise on ≥ 100 bad samples).
     */
    getFittedData(filename: string, options?: FittedDataOptions): Promise<FittedData>;
    /** Pilot 3 spelling of {@link Analytics.getFittedData}. */
    get_fitted_data(filename: string, x_name?: string, y_name?: string, precision?: number, tails?: boolean): Promise<FittedData>;
}
