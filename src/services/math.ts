/**
 * Math helpers behind the Analytics API, with Pilot 3's numerics (pilot/util/math.py).
 *
 * Sums run left to right in plain IEEE doubles, the way Python 3.11's `sum()` adds floats, so
 * a fit gives the same bits as Pilot 3 on the same data (Python ≥ 3.12 switched `sum()` to
 * compensated summation; Pilot 3's reference numbers were made with the plain one).
 */
import { ErrorCodes, PilotError } from '../common/errors.js';

/** Why an analytics call refused its input. */
export type AnalyticsErrorReason =
  | 'not-defined' // empty input, fewer than 2 points, or no fit made yet
  | 'not-same-length' // x and y differ in length
  | 'degenerate-x' // all x equal: the slope is undefined
  | 'not-finite' // NaN, ±Infinity or a non-number in the input, or a result that overflowed
  | 'not-implemented'; // a model other than "linear"

const REASON_CODES: Record<AnalyticsErrorReason, number> = {
  'not-defined': ErrorCodes.NOTDEFINED,
  'not-same-length': ErrorCodes.NOTSAMELENGTH,
  'degenerate-x': ErrorCodes.NOTDEFINED,
  'not-finite': ErrorCodes.NOTDEFINED,
  'not-implemented': ErrorCodes.NOTIMPLEMENTED,
};

/**
 * The error every Analytics/Fit call throws on bad input: a {@link PilotError} with Pilot 3's
 * code (NOTDEFINED 1311, NOTSAMELENGTH 1312, NOTIMPLEMENTED 1300) and a machine-readable
 * {@link AnalyticsError.reason}. Pilot 3's client wraps these in UnknownException (1301); we
 * keep the specific code because it tells the caller what was wrong.
 */
export class AnalyticsError extends PilotError {
  /** What was wrong with the input. */
  readonly reason: AnalyticsErrorReason;

  constructor(reason: AnalyticsErrorReason, diag: string) {
    super(REASON_CODES[reason], diag);
    this.reason = reason;
    this.name = 'AnalyticsError';
  }
}

/** Left-to-right sum (no compensation), as Python 3.11's `sum()` of floats. */
export function sum(data: readonly number[]): number {
  let s = 0;
  for (const v of data) s += v;
  return s;
}

/** Arithmetic mean `sum/n`; an empty list is an {@link AnalyticsError} ('not-defined'). */
export function mean(data: readonly number[]): number {
  if (data.length < 1) throw new AnalyticsError('not-defined', 'mean requires at least one data point');
  return sum(data) / data.length;
}

/** Σ (xᵢ − x̄)²: Pilot 3's sum_square_dev. */
export function sumSquareDev(data: readonly number[]): number {
  const c = mean(data);
  let s = 0;
  for (const v of data) {
    const d = v - c;
    s += d * d;
  }
  return s;
}

/** Σ (xᵢ − x̄)(yᵢ − ȳ) over the common length: Pilot 3's sum_dev. */
export function sumDev(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i]! - mx) * (y[i]! - my);
  return s;
}

/**
 * Pilot 3's chi2: Σ (oᵢ − eᵢ)² / eᵢ², a *relative* squared deviation (Pearson's χ² divides by
 * eᵢ, not eᵢ²). **If any expected value is exactly 0 the result is 0.0** (Pilot 3 avoids the
 * division that way), so a fit through the origin reports chi2 = 0 however bad it is.
 *
 * Where Pilot 3 would produce inf/nan because eᵢ² underflows, a term is computed as
 * ((oᵢ − eᵢ)/eᵢ)² instead, so the result is finite or +Infinity, never NaN.
 */
export function chi2(observed: readonly number[], expected: readonly number[]): number {
  if (expected.some((e) => e === 0)) return 0;
  const n = Math.min(observed.length, expected.length);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const o = observed[i]!;
    const e = expected[i]!;
    const d = o - e;
    let term = (d * d) / (e * e);
    if (!Number.isFinite(term)) {
      const r = d / e;
      term = r * r;
    }
    s += term;
  }
  return Number.isNaN(s) ? Infinity : s;
}

/** Decimal digits and exponent of the shortest round-trip form of a double (Python's repr digits). */
function decompose(num: number): { negative: boolean; digits: string; exp: number } {
  const text = String(Math.abs(num));
  const negative = num < 0 || Object.is(num, -0);
  const [mant, e] = text.split('e') as [string, string | undefined];
  const [ip, fp = ''] = mant.split('.') as [string, string | undefined];
  let digits = (ip + fp).replace(/^0+/, '');
  if (digits === '') digits = '0';
  return { negative, digits, exp: (e ? Number(e) : 0) - fp.length };
}

/** Round an integer digit string, dropping its last `k` digits, half to even. */
function roundHalfEven(digits: string, k: number): string {
  if (k <= 0) return BigInt(digits + '0'.repeat(-k)).toString();
  const padded = digits.length < k + 1 ? '0'.repeat(k + 1 - digits.length) + digits : digits;
  const keep = padded.slice(0, padded.length - k);
  const dropped = padded.slice(padded.length - k);
  const first = dropped.charCodeAt(0) - 48;
  const restNonZero = /[1-9]/.test(dropped.slice(1));
  const lastKeptOdd = (keep.charCodeAt(keep.length - 1) - 48) % 2 === 1;
  const up = first > 5 || (first === 5 && (restNonZero || lastKeptOdd));
  const value = up ? BigInt(keep) + 1n : BigInt(keep);
  return value.toString();
}

/**
 * Pilot 3's float_to_rounded_string: the shortest decimal form of `num` quantized to
 * `precision` places with banker's rounding (half to even), trailing zeros kept:
 * `(3.1415, 2) → "3.14"`, `(0.5, 2) → "0.50"`, `(0.125, 2) → "0.12"`. Formatting follows
 * Python's `str(Decimal)` (so a zero with 7+ places prints as `0E-7`, like Pilot 3); NaN gives
 * `NaN` (Decimal's quantize keeps a quiet NaN). Infinity, a non-integer or negative precision,
 * or a result over 28 digits (Python's decimal context limit) throw {@link AnalyticsError}
 * ('not-defined').
 */
export function floatToRoundedString(num: number, precision = 3): string {
  if (!Number.isInteger(precision) || precision < 0) {
    throw new AnalyticsError('not-defined', `failed to define precision=${precision}`);
  }
  if (Number.isNaN(num)) return 'NaN';
  if (typeof num !== 'number' || !Number.isFinite(num)) {
    throw new AnalyticsError('not-defined', `failed to convert ${String(num)} to Decimal`);
  }
  const { negative, digits, exp } = decompose(num);
  const coefficient = roundHalfEven(digits, -precision - exp);
  if (coefficient.length > 28) throw new AnalyticsError('not-defined', `failed to convert ${num} to Decimal: too many digits`);
  const adjusted = coefficient.length - 1 - precision;
  const sign = negative ? '-' : '';
  if (adjusted < -6) {
    // Python's scientific form for small magnitudes
    const mant = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
    return `${sign}${mant}E-${-adjusted}`;
  }
  if (precision === 0) return sign + coefficient;
  const body =
    coefficient.length > precision
      ? `${coefficient.slice(0, coefficient.length - precision)}.${coefficient.slice(coefficient.length - precision)}`
      : `0.${'0'.repeat(precision - coefficient.length)}${coefficient}`;
  return sign + body;
}
