/**
 * Memory-leak estimate: a straight-line fit of PSS+Swap (kB) against Time (s) over the memory
 * monitor's time series, reported in jobMetrics as `leak` (slope, kB/s), `chi2` and `intersect`
 * exactly as Pilot 3's Analytics.get_fitted_data computes them (reported, never enforced).
 *
 * The fit itself is a small pluggable function so the services' Analytics client can be used;
 * the figures are rounded by the services' float_to_rounded_string (one owner of that Python form).
 */
import { floatToRoundedString } from '../services/math.js';

/** A linear fit result; `undefined` members mean "not defined" (flat data, too few points). */
export interface LinearFit {
  slope(): number | undefined;
  intersect(): number | undefined;
  chi2(): number | undefined;
}

/** Builds a fit; throws on bad input (empty, different lengths). */
export type FitFunction = (x: readonly number[], y: readonly number[]) => LinearFit;

/** Ordinary least squares with Pilot 3's relative chi2 (Σ(o−e)²/e², 0 when any e is 0). */
export const leastSquares: FitFunction = (x, y) => {
  if (!x.length || !y.length) throw new Error('input data not defined');
  if (x.length !== y.length) throw new Error('input data not of same length');
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const xm = mean(x);
  const ym = mean(y);
  let ss = 0;
  let ss2 = 0;
  for (let i = 0; i < x.length; i++) {
    ss += (x[i]! - xm) ** 2;
    ss2 += (x[i]! - xm) * (y[i]! - ym);
  }
  const slope = ss && ss2 ? ss2 / ss : undefined;
  // Pilot 3 cannot compute expectations without a slope (it raises): same here.
  if (slope === undefined) throw new Error('slope not defined');
  const intersect = ym - slope * xm;
  let chi2 = 0;
  let zero = false;
  for (let i = 0; i < x.length; i++) {
    const e = slope * x[i]! + intersect;
    if (e === 0) zero = true;
    else chi2 += (y[i]! - e) ** 2 / e ** 2;
  }
  const c = zero ? 0 : chi2;
  return { slope: () => slope, intersect: () => intersect, chi2: () => c };
};

/** The leak figures as strings ('' when no fit was possible), Pilot 3's dictionary keys. */
export interface LeakFit {
  slope: string;
  chi2: string;
  intersect: string;
}

function findLimit(
  fit: FitFunction, x: readonly number[], y: readonly number[], chi2Org: number, norg: number, edge: 'left' | 'right',
  changeLimit = 0.25, steps = 5,
): number {
  let prev = chi2Org;
  let found = false;
  let iterations = 0;
  let xs = x;
  let ys = y;
  while (xs.length > (2 * norg) / 3) {
    iterations++;
    xs = edge === 'right' ? xs.slice(0, -steps) : xs.slice(steps);
    ys = edge === 'right' ? ys.slice(0, -steps) : ys.slice(steps);
    let chi2: number;
    try {
      chi2 = fit(xs, ys).chi2() ?? NaN;
    } catch {
      break;
    }
    const change = (prev - chi2) / prev;
    if (change < changeLimit) {
      found = true;
      break;
    }
    prev = chi2;
  }
  if (edge === 'right') return found ? xs.length - 1 : norg - 1;
  // Pilot 3 multiplies by 10 although it removes 5 points per step; kept for identical figures.
  return found ? iterations * 10 : 0;
}

/**
 * Pilot 3's get_fitted_data on columns already read: `tails=false` drops the first 5 and last 2
 * points (final updates); 100 points or more use the iterative edge trimming instead.
 */
export function fittedData(x0: readonly number[], y0: readonly number[], opts: { tails?: boolean; precision?: number; fit?: FitFunction } = {}): LeakFit {
  const fit = opts.fit ?? leastSquares;
  const precision = opts.precision ?? 2;
  const empty: LeakFit = { slope: '', chi2: '', intersect: '' };
  let x = [...x0];
  let y = [...y0];
  let tails = opts.tails ?? true;
  const iterative = x.length >= 100;
  if (iterative) tails = true;
  if (!tails && x.length > 7 && y.length > 7) {
    x = x.slice(5, -2);
    y = y.slice(5, -2);
  }
  if (!(x.length > 7 && y.length > 7) || x.length !== y.length) return empty;
  try {
    if (iterative) {
      const norg = x.length;
      const chi2Org = fit(x, y).chi2() ?? NaN;
      const right = findLimit(fit, x, y, chi2Org, norg, 'right');
      const left = findLimit(fit, x, y, chi2Org, norg, 'left');
      x = x.slice(left, right);
      y = y.slice(left, right);
    }
    const f = fit(x, y);
    const slope = f.slope();
    if (!slope) return empty;
    return {
      slope: floatToRoundedString(slope, precision),
      intersect: floatToRoundedString(f.intersect() ?? NaN, precision),
      chi2: floatToRoundedString(f.chi2() ?? NaN, precision),
    };
  } catch {
    return empty;
  }
}
