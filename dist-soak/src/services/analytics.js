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
import { AnalyticsError, floatToRoundedString } from './math.js';
import { Services } from './services.js';
import { extractFromTable, readTable } from './table.js';
export { Fit } from './fit.js';
export { AnalyticsError, chi2, floatToRoundedString, mean, sumDev, sumSquareDev } from './math.js';
export { extractFromTable, parseTable, readTable } from './table.js';
/** The Analytics client: fits data and keeps the last fit for slope()/intersect()/chi2(). */
export class Analytics extends Services {
    _fit;
    /** Options are accepted for Pilot 3 compatibility and unused. */
    constructor(_options = {}) {
        super();
        this._fit = undefined;
    }
    /**
     * Fit y(x) with `model` (only "linear") and keep the fit as the client's current one.
     * Throws {@link AnalyticsError} for input without a fit (see {@link Fit}).
     */
    fit(x, y, model = 'linear') {
        this._fit = new Fit({ x, y, model });
        return this._fit;
    }
    /** The current fit, or undefined before the first {@link Analytics.fit}. */
    get currentFit() {
        return this._fit;
    }
    current() {
        if (!this._fit)
            throw new AnalyticsError('not-defined', 'Fit has not been defined');
        return this._fit;
    }
    /** Slope of the current fit; NOTDEFINED before any fit. */
    slope() {
        return this.current().slope();
    }
    /** Intersect of the current fit; NOTDEFINED before any fit. */
    intersect() {
        return this.current().intersect();
    }
    /** Pilot 3's chi2 of the current fit; NOTDEFINED before any fit. */
    chi2() {
        return this.current().chi2();
    }
    /** Read a column table from a file ({} when unreadable or not numeric). */
    getTable(filename, options = {}) {
        return readTable(filename, options);
    }
    /** Pilot 3 spelling of {@link Analytics.getTable} (values are always converted to numbers). */
    get_table(filename, header = '', separator = '\t') {
        return readTable(filename, { header, separator });
    }
    /** x and y series from a table; `yName` "a+b" sums two columns. */
    extractFromTable(table, xName, yName) {
        return extractFromTable(table, xName, yName);
    }
    /** Pilot 3 spelling of {@link Analytics.extractFromTable}. */
    extract_from_table(table, xName, yName) {
        return extractFromTable(table, xName, yName);
    }
    /** Fit, or undefined when the data has no fit (the leak estimate reports nothing then). */
    tryFit(x, y) {
        try {
            return this.fit(x, y);
        }
        catch (e) {
            if (e instanceof AnalyticsError)
                return undefined;
            throw e;
        }
    }
    /**
     * Pilot 3's edge search for the leak fit: drop `steps` points from one edge while more than
     * 2/3 of the `norg` original points remain, refit, and stop once chi2 improves by less than
     * `changeLimit`. Returns the index bound: right edge → last kept index (norg−1 when not
     * found); left edge → iterations·10 (Pilot 3's factor, although 5 points go per iteration)
     * or 0 when not found. A sub-range without a fit, or with slope 0 (which Pilot 3 cannot fit),
     * ends the search as not found; so does a previous chi2 of 0, where Pilot 3 divides by zero.
     */
    findLimit(x, y, chi2Org, norg, options = {}) {
        const changeLimit = options.changeLimit ?? 0.25;
        const edge = options.edge ?? 'right';
        const steps = options.steps ?? 5;
        let cx = x.slice();
        let cy = y.slice();
        let prev = chi2Org;
        let found = false;
        let iterations = 0;
        while (cx.length > (2 * norg) / 3) {
            iterations += 1;
            if (edge === 'right') {
                cx = cx.slice(0, Math.max(0, cx.length - steps));
                cy = cy.slice(0, Math.max(0, cy.length - steps));
            }
            else {
                cx = cx.slice(steps);
                cy = cy.slice(steps);
            }
            const fit = this.tryFit(cx, cy);
            if (!fit || fit.slope() === 0 || prev === 0)
                break;
            const change = (prev - fit.chi2()) / prev;
            if (change < changeLimit) {
                found = true;
                break;
            }
            prev = fit.chi2();
        }
        if (edge === 'right')
            return found ? cx.length - 1 : norg - 1;
        return found ? iterations * 10 : 0;
    }
    /** Pilot 3 spelling of {@link Analytics.findLimit}. */
    find_limit(x, y, chi2Org, norg, changeLimit = 0.25, edge = 'right', steps = 5) {
        return this.findLimit(x, y, chi2Org, norg, { changeLimit, edge, steps });
    }
    /**
     * The leak fit on a memory series, Pilot 3's selection of points: with ≥ 100 samples the
     * iterative edge search; else, when `tails` is false, without the first 5 and last 2
     * samples. Fewer than 8 points, different lengths or data without a fit → undefined.
     */
    leakFit(x, y, options = {}) {
        let tails = options.tails ?? true;
        let xs = x.slice();
        let ys = y.slice();
        const iterative = xs.length >= 100;
        if (iterative)
            tails = true;
        if (!tails && xs.length > 7 && ys.length > 7) {
            xs = xs.slice(5, -2);
            ys = ys.slice(5, -2);
        }
        if (!(xs.length > 7 && ys.length > 7) || xs.length !== ys.length)
            return undefined;
        if (iterative) {
            const norg = xs.length;
            const first = this.tryFit(xs, ys);
            if (!first)
                return undefined;
            const chi2Org = first.chi2();
            const right = this.findLimit(xs, ys, chi2Org, norg, { edge: 'right' });
            const left = this.findLimit(xs, ys, chi2Org, norg, { edge: 'left' });
            xs = xs.slice(left, right);
            ys = ys.slice(left, right);
        }
        const fit = this.tryFit(xs, ys);
        return fit ? { fit, x: xs, y: ys, iterative } : undefined;
    }
    /** The leak estimate of in-memory series (see {@link Analytics.getFittedData}). */
    fittedDataFromSeries(x, y, options = {}) {
        const none = { slope: '', chi2: '', intersect: '' };
        const result = this.leakFit(x, y, { tails: options.tails });
        if (!result)
            return none;
        const { fit } = result;
        if (fit.slope() === 0 && !options.reportZeroSlope)
            return none;
        const precision = options.precision ?? 2;
        try {
            fit.set_intersect();
            return {
                slope: floatToRoundedString(fit.slope(), precision),
                chi2: floatToRoundedString(fit.chi2(), precision),
                intersect: floatToRoundedString(fit.intersect(), precision),
            };
        }
        catch (e) {
            if (e instanceof AnalyticsError)
                return none;
            throw e;
        }
    }
    /** The leak estimate of a parsed table (see {@link Analytics.getFittedData}). */
    fittedDataFromTable(table, options = {}) {
        const [x, y] = extractFromTable(table, options.xName ?? 'Time', options.yName ?? 'pss+swap');
        return this.fittedDataFromSeries(x, y, options);
    }
    /**
     * Pilot 3's memory-leak estimate from a prmon time series file: fit `yName` (default
     * "pss+swap", kB) against `xName` (default "Time", s), so the slope is in kB/s. Returns the
     * slope, chi2 and intersect as strings rounded half-even to `precision` places, or all ""
     * when the file is missing/unreadable, has fewer than 8 usable samples, or has no
     * non-zero slope. It never throws for bad data (Pilot 3 can raise on ≥ 100 bad samples).
     */
    async getFittedData(filename, options = {}) {
        return this.fittedDataFromTable(await readTable(filename), options);
    }
    /** Pilot 3 spelling of {@link Analytics.getFittedData}. */
    get_fitted_data(filename, x_name = 'Time', y_name = 'pss+swap', precision = 2, tails = true) {
        return this.getFittedData(filename, { xName: x_name, yName: y_name, precision, tails });
    }
}
//# sourceMappingURL=analytics.js.map