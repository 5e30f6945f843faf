/**
 * Memory-leak estimate: a straight-line fit of PSS+Swap (kB) against Time (s) over the memory
 * monitor's time series, reported in jobMetrics as `leak` (slope, kB/s), `chi2` and `intersect`
 * exactly as Pilot 3's Analytics.get_fitted_data computes them (reported, never enforced).
 *
 * The fit itself is a small pluggable function so the services' Analytics client can be used.
 */
/** A linear fit result; `undefined` members mean "not defined" (flat data, too few points). */
export interface LinearFit {
    slope(): number | undefined;
    intersect(): number | undefined;
    chi2(): number | undefined;
}
/** Builds a fit; throws on bad input (empty, different lengths). */
export type FitFunction = (x: readonly number[], y: readonly number[]) => LinearFit;
/** Ordinary least squares with Pilot 3's relative chi2 (Σ(o−e)²/e², 0 when any e is 0). */
export declare const leastSquares: FitFunction;
/**
 * Python's float_to_rounded_string: the shortest decimal form of the number, rounded half-even
 * to `precision` places, trailing zeros kept.
 */
export declare function roundedString(num: number, precision?: number): string;
/** The leak figures as strings ('' when no fit was possible), Pilot 3's dictionary keys. */
export interface LeakFit {
    slope: string;
    chi2: string;
    intersect: string;
}
/**
 * Pilot 3's get_fitted_data on columns already read: `tails=false` drops the first 5 and last 2
 * points (final updates); 100 points or more use the iterative edge trimming instead.
 */
export declare function fittedData(x0: readonly number[], y0: readonly number[], opts?: {
    tails?: boolean;
    precision?: number;
    fit?: FitFunction;
}): LeakFit;
