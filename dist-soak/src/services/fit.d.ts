/** Fit models; Pilot 3 implements only "linear". */
export type FitModel = 'linear';
/** Constructor options of {@link Fit} (Pilot 3's keyword arguments). */
export interface FitOptions {
    /** x values (at least 2, finite, not all equal). */
    x: readonly number[];
    /** y values, as many as x, finite. */
    y: readonly number[];
    /** Fit model (default "linear"). */
    model?: string;
}
/** A linear fit y(x) = slope·x + intersect of a data set, computed on construction. */
export declare class Fit {
    private readonly _model;
    private readonly _x;
    private readonly _y;
    private readonly _ss;
    private readonly _ss2;
    private readonly _xm;
    private readonly _ym;
    private _slope;
    private _intersect;
    private _chi2;
    /** Fit the data; throws {@link AnalyticsError} on input that has no linear fit. */
    constructor(options: FitOptions);
    /** The fit model ("linear"). */
    get model(): FitModel;
    /** Number of data points. */
    get n(): number;
    /** Mean of x. */
    get xMean(): number;
    /** Mean of y. */
    get yMean(): number;
    /** Σ(xᵢ−x̄)², Pilot 3's `_ss`. */
    get sumSquareDev(): number;
    /** Σ(xᵢ−x̄)(yᵢ−ȳ), Pilot 3's `_ss2`. */
    get sumDev(): number;
    /** Returns the fit itself (Pilot 3 API). */
    fit(): Fit;
    /** Fitted y at x = t: slope·t + intersect. */
    value(t: number): number;
    /** Slope of the fit (0 for flat data). */
    slope(): number;
    /** Intersect (value at x = 0) of the fit. */
    intersect(): number;
    /** Pilot 3's chi2 of the fit: Σ(yᵢ−ŷᵢ)²/ŷᵢ², and 0 when any fitted ŷᵢ is exactly 0 (see {@link chi2}). */
    chi2(): number;
    /** Recompute the slope: ss2/ss, and 0 when ss2 is 0 (Pilot 3 leaves None there). */
    set_slope(): void;
    /** Recompute the intersect ȳ − slope·x̄. */
    set_intersect(): void;
    /** Recompute chi2 from the data and the current slope/intersect. */
    set_chi2(): void;
    /** camelCase alias of {@link Fit.set_slope}. */
    setSlope(): void;
    /** camelCase alias of {@link Fit.set_intersect}. */
    setIntersect(): void;
    /** camelCase alias of {@link Fit.set_chi2}. */
    setChi2(): void;
}
