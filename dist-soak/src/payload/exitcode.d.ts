/** Stderr substrings in Pilot 3's order, with the pilot code each one means. */
export declare const STDERR_PATTERNS: ReadonlyArray<readonly [string, number]>;
/** The container-runtime codes a stderr match may impose (Pilot 3 honours only these, only on exit 0). */
export declare const CONTAINER_CODES: ReadonlySet<number>;
/** Exit codes with a meaning of their own (anything else non-zero is PAYLOADEXECUTIONFAILURE). */
export declare const EXIT_CODE_MAP: Readonly<Record<number, number>>;
/**
 * Messages of our own container runtimes (bubblewrap; apptainer's FATAL lines) mapped onto
 * Pilot 3's container codes. Pilot 3 only knew ALRB's wording and only looked at exit 0; a
 * runtime that fails before the payload starts exits non-zero, so these lines (which carry the
 * runtime's prefix and cannot come from the payload by accident) count whatever the exit code,
 * and only when the payload ran in a container.
 */
export declare const RUNTIME_STDERR_PATTERNS: ReadonlyArray<readonly [RegExp, number]>;
/** Pilot 3's resolve_transform_error: a pilot code for a transform exit code and stderr. */
export declare function resolveTransformError(exitCode: number, stderr: string): {
    code: number;
    message: string;
};
/** A container runtime's own failure recognised in stderr (see {@link RUNTIME_STDERR_PATTERNS}). */
export declare function containerRuntimeError(stderr: string): {
    code: number;
    message: string;
} | undefined;
/** Pilot 3's extract_stderr_error: whole stderr on "command not found", else the first ERROR/Error/error capture. */
export declare function extractStderrError(stderr: string): string;
/** Pilot 3's extract_stderr_warning: first WARNING/Warning/warning capture. */
export declare function extractStderrWarning(stderr: string): string;
/** Pilot 3's get_critical_error_from_stdout: the first stdout line containing "CRITICAL". */
export declare function criticalLine(stdout: string): string;
/** The exit status as Python's Popen.returncode (-N for signal N), which Pilot 3's tables expect. */
export declare function popenReturnCode(exitCode: number | null, signal: string | null): number;
/** Result of {@link interpretExitCode}: what goes into the job and the final update. */
export interface ExitInterpretation {
    /** transExitCode: exit % 255 for a normal exit (Pilot 3's modulo, sic); 0 when killed by a signal (left untouched in Pilot 3). */
    transExitCode: number;
    /** exeErrorCode from payload_error_report.json (0 when none). */
    exeErrorCode: number;
    /** exeErrorDiag from payload_error_report.json ("" when none). */
    exeErrorDiag: string;
    /** Pilot error code (0 when the payload succeeded). */
    pilotErrorCode: number;
    /** pilotErrorDiag, already formatted (≤ 256 chars). */
    diag: string;
    /** Python-style return code used for the mapping (-N for signal N). */
    returnCode: number;
}
/** Extra inputs of {@link interpretExitCode} (all optional; analysis.ts fills them from the work dir). */
export interface ExitContext {
    /** payload.stdout text (or its head): CRITICAL lines. */
    stdout?: string;
    /** Parsed payload_error_report.json. */
    errorReport?: {
        error_code?: unknown;
        error_diag?: unknown;
    } | null;
    /** The payload ran inside a container (enables runtime message mapping). */
    container?: boolean;
    /** A core dump named core.<payload pid> was found (and removed). */
    payloadCoreDump?: boolean;
}
/**
 * Interpret a finished payload as Pilot 3 does (generic user). In order: an error report with a
 * truthy error_code wins (PAYLOADEXECUTIONFAILURE + exeErrorCode/Diag); then the container-runtime
 * messages; then resolve_transform_error; a non-zero result gets a message from CRITICAL stdout
 * lines or stderr ERROR/WARNING captures; a payload core dump gives COREDUMP when nothing else did;
 * a signal death with no other code is SIGTERM (Pilot 3 step 11, only reachable for our -1).
 */
export declare function interpretExitCode(exitCode: number | null, signal: string | null, stderrTail: string, ctx?: ExitContext): ExitInterpretation;
