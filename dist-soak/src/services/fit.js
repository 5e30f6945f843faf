/**
 * Linear least-squares fit with Pilot 3's arithmetic (pilot/api/analytics.py, class Fit).
 *
 * slope = Σ(xᵢ−x̄)(yᵢ−ȳ) / Σ(xᵢ−x̄)², intersect = ȳ − slope·x̄, chi2 as in {@link chi2}. The
 * operations run in Pilot 3's order so the results are the same doubles.
 *
 * Where Pilot 3 fails we give a defined answer or a typed error, never NaN:
 * - flat data (Σ(xᵢ−x̄)(yᵢ−ȳ) = 0, e.g. all y equal: a job without a leak) → slope 0,
 *   intersect ȳ (Pilot 3 leaves the slope None and crashes with a TypeError);
 * - fewer than 2 points, all x equal, NaN/±Infinity, non-numbers, different lengths,
 *   or sums that overflow → {@link AnalyticsError}.
 */
import { AnalyticsError, chi2 as chi2Of, mean, sumDev, sumSquareDev } from './math.js';
/** Check one input series; returns a private copy so later caller mutations cannot change the fit. */
function checkSeries(name, data) {
    if (!Array.isArray(data) || data.length === 0)
        throw new AnalyticsError('not-defined', 'input data not defined');
    data.forEach((v, i) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new AnalyticsError('not-finite', `${name}[${i}] is not a finite number: ${String(v)}`);
        }
    });
    return data.slice();
}
/** A linear fit y(x) = slope·x + intersect of a data set, computed on construction. */
export class Fit {
    _model;
    _x;
    _y;
    _ss;
    _ss2;
    _xm;
    _ym;
    _slope = 0;
    _intersect = 0;
    _chi2 = 0;
    /** Fit the data; throws {@link AnalyticsError} on input that has no linear fit. */
    constructor(options) {
        const model = options?.model ?? 'linear';
        const x = checkSeries('x', options?.x);
        const y = checkSeries('y', options?.y);
        if (x.length !== y.length) {
            throw new AnalyticsError('not-same-length', `input data (lists) have different lengths (${x.length} != ${y.length})`);
        }
        if (model !== 'linear')
            throw new AnalyticsError('not-implemented', `'${model}' model is not implemented`);
        if (x.length < 2)
            throw new AnalyticsError('not-defined', 'a linear fit needs at least 2 data points');
        this._model = model;
        this._x = x;
        this._y = y;
        this._ss = sumSquareDev(x);
        this._ss2 = sumDev(x, y);
        if (!Number.isFinite(this._ss) || !Number.isFinite(this._ss2)) {
            throw new AnalyticsError('not-finite', 'sums of deviations overflow: data too large for a double-precision fit');
        }
        if (this._ss === 0)
            throw new AnalyticsError('degenerate-x', 'all x values are equal: the slope is undefined');
        this.set_slope();
        this._xm = mean(x);
        this._ym = mean(y);
        this.set_intersect();
        this.set_chi2();
        if (!Number.isFinite(this._slope) || !Number.isFinite(this._intersect)) {
            throw new AnalyticsError('not-finite', 'fit parameters overflow: data too large for a double-precision fit');
        }
    }
    /** The fit model ("linear"). */
    get model() {
        return this._model;
    }
    /** Number of data points. */
    get n() {
        return this._x.length;
    }
    /** Mean of x. */
    get xMean() {
        return this._xm;
    }
    /** Mean of y. */
    get yMean() {
        return this._ym;
    }
    /** Σ(xᵢ−x̄)², Pilot 3's `_ss`. */
    get sumSquareDev() {
        return this._ss;
    }
    /** Σ(xᵢ−x̄)(yᵢ−ȳ), Pilot 3's `_ss2`. */
    get sumDev() {
        return this._ss2;
    }
    /** Returns the fit itself (Pilot 3 API). */
    fit() {
        return this;
    }
    /** Fitted y at x = t: slope·t + intersect. */
    value(t) {
        return this._slope * t + this._intersect;
    }
    /** Slope of the fit (0 for flat data). */
    slope() {
        return this._slope;
    }
    /** Intersect (value at x = 0) of the fit. */
    intersect() {
        return this._intersect;
    }
    /** Pilot 3's chi2 of the fit: Σ(yᵢ−ŷᵢ)²/ŷᵢ², and 0 when any fitted ŷᵢ is exactly 0 (see {@link chi2}). */
    chi2() {
        return this._chi2;
    }
    /** Recompute the slope: ss2/ss, and 0 when ss2 is 0 (Pilot 3 leaves None there). */
    set_slope() {
        this._slope = this._ss2 === 0 ? 0 : this._ss2 / this._ss;
    }
    /** Recompute the intersect ȳ − slope·x̄. */
    set_intersect() {
        this._intersect = this._ym - this._slope * this._xm;
    }
    /** Recompute chi2 from the data and the current slope/intersect. */
    set_chi2() {
        this._chi2 = chi2Of(this._y, this._x.map((t) => this.value(t)));
    }
    /** camelCase alias of {@link Fit.set_slope}. */
    setSlope() {
        this.set_slope();
    }
    /** camelCase alias of {@link Fit.set_intersect}. */
    setIntersect() {
        this.set_intersect();
    }
    /** camelCase alias of {@link Fit.set_chi2}. */
    setChi2() {
        this.set_chi2();
    }
}
//# sourceMappingURL=fit.js.map