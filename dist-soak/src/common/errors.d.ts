/**
 * Pilot error codes and the one error type every component throws.
 *
 * Codes come from error-codes.tsv (generated into errorcodes.generated.ts); a component never
 * hands a bare number around: it throws a {@link PilotError}, and `runJob` catches it once.
 */
import { ErrorCodes, ErrorMessages } from './errorcodes.generated.js';
export { ErrorCodes, ErrorMessages };
export type ErrorName = keyof typeof ErrorCodes;
/** The name of a pilot error code, e.g. 1099 → "STAGEINFAILED" (undefined for unknown codes). */
export declare function errorName(code: number): ErrorName | undefined;
/** Pilot 3's standard message for a code ("" when unknown). */
export declare function errorMessage(code: number): string;
/** An error with a pilot error code and a diagnostics text for pilotErrorDiag. */
export declare class PilotError extends Error {
    readonly code: number;
    readonly diag: string;
    readonly recoverable: boolean;
    constructor(code: number, diag?: string, options?: {
        cause?: unknown;
    });
    /** The error name from the code table (e.g. "STAGEINFAILED"). */
    get errorName(): string;
}
/** `errors.STAGEINFAILED('diag')` builds a PilotError by name: no bare numbers in callers. */
export declare const errors: { [K in ErrorName]: (diag?: string, cause?: unknown) => PilotError; };
/** Any thrown value as a PilotError; unknown exceptions become UNKNOWNEXCEPTION (1301) as in Pilot 3. */
export declare function asPilotError(e: unknown, fallback?: number): PilotError;
/**
 * Pilot 3's pilotErrorDiag formatting (format_diagnostics): "<standard message>:<diag>",
 * at most 256 characters, runs of ':' collapsed. We keep the 256 bound strictly (Pilot 3 can exceed it).
 */
export declare function formatDiagnostics(code: number, diag: string, max?: number): string;
/** Pilot error code → process exit code (0 → 0, unknown non-zero → 1). */
export declare function shellExitCode(code: number): number;
/** Signal name → pilot error code (Pilot 3's numbering, as the code has it). */
export declare const SIGNAL_ERROR_CODES: Readonly<Record<string, number>>;
/** The pilot error code for a received signal (1200 KILLSIGNAL for any other). */
export declare function signalErrorCode(signal: string): number;
