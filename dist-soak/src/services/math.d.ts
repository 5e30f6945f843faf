/**
 * Math helpers behind the Analytics API, with Pilot 3's numerics (pilot/util/math.py).
 *
 * Sums run left to right in plain IEEE doubles, the way Python 3.11's `sum()` adds floats, so
 * a fit gives the same bits as Pilot 3 on the same data (Python ≥ 3.12 switched `sum()` to
 * compensated summation; Pilot 3's reference numbers were made with the plain one).
 */
import { PilotError } from '../common/errors.js';
/** Why an analytics call refused its input. */
export type AnalyticsErrorReason = 'not-defined' | 'not-same-length' | 'degenerate-x' | 'not-finite' | 'not-implemented';
/**
 * The error every Analytics/Fit call throws on bad input: a {@link PilotError} with Pilot 3's
 * code (NOTDEFINED 1311, NOTSAMELENGTH 1312, NOTIMPLEMENTED 1300) and a machine-readable
 * {@link AnalyticsError.reason}. Pilot 3's client wraps these in UnknownException (1301); we
 * keep the specific code because it tells the caller what was wrong.
 */
export declare class AnalyticsError extends PilotError {
    /** What was wrong with the input. */
    readonly reason: AnalyticsErrorReason;
    constructor(reason: AnalyticsErrorReason, diag: string);
}
/** Left-to-right sum (no compensation), as Python 3.11's `sum()` of floats. */
export declare function sum(data: readonly number[]): number;
/** Arithmetic mean `sum/n`; an empty list is an {@link AnalyticsError} ('not-defined'). */
export declare function mean(data: readonly number[]): number;
/** Σ (xᵢ − x̄)²: Pilot 3's sum_square_dev. */
export declare function sumSquareDev(data: readonly number[]): number;
/** Σ (xᵢ − x̄)(yᵢ − ȳ) over the common length: Pilot 3's sum_dev. */
export declare function sumDev(x: readonly number[], y: readonly number[]): number;
/**
 * Pilot 3's chi2: Σ (oᵢ − eᵢ)² / eᵢ², a *relative* squared deviation (Pearson's χ² divides by
 * eᵢ, not eᵢ²). **If any expected value is exactly 0 the result is 0.0** (Pilot 3 avoids the
 * division that way), so a fit through the origin reports chi2 = 0 however bad it is.
 *
 * Where Pilot 3 would produce inf/nan because eᵢ² underflows, a term is computed as
 * ((oᵢ − eᵢ)/eᵢ)² instead, so the result is finite or +Infinity, never NaN.
 */
export declare function chi2(observed: readonly number[], expected: readonly number[]): number;
/**
 * Pilot 3's float_to_rounded_string: the shortest decimal form of `num` quantized to
 * `precision` places with banker's rounding (half to even), trailing zeros kept:
 * `(3.1415, 2) → "3.14"`, `(0.5, 2) → "0.50"`, `(0.125, 2) → "0.12"`. Formatting follows
 * Python's `str(Decimal)` (so a zero with 7+ places prints as `0E-7`, like Pilot 3).
 * NaN/Infinity, a non-integer or negative precision, or a result over 28 digits (Python's
 * decimal context limit) throw {@link AnalyticsError} ('not-defined').
 */
export declare function floatToRoundedString(num: number, precision?: number): string;
