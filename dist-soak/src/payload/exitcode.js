/**
 * Payload exit → the codes the server gets (transExitCode, exeErrorCode, pilotErrorCode, diag),
 * as Pilot 3 maps them for the generic user (pilot/common/errorcodes.py resolve_transform_error,
 * pilot/control/payload.py perform_initial_payload_error_analysis and execute_payloads).
 *
 * The mapping tables are data; the functions are pure so they can be tested on strings.
 * File reading (payload.stderr, payload_error_report.json, core dumps) is in analysis.ts.
 */
import { constants as osConstants } from 'node:os';
import { ErrorCodes, errorMessage, formatDiagnostics } from '../common/errors.js';
/** Stderr substrings in Pilot 3's order, with the pilot code each one means. */
export const STDERR_PATTERNS = [
    ['Not mounting requested bind point', ErrorCodes.SINGULARITYBINDPOINTFAILURE],
    ['No more available loop devices', ErrorCodes.SINGULARITYNOLOOPDEVICES],
    ['Failed to mount image', ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE],
    ['error: while mounting', ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE],
    ['Operation not permitted', ErrorCodes.SINGULARITYGENERALFAILURE],
    ['Failed to create user namespace', ErrorCodes.SINGULARITYFAILEDUSERNAMESPACE],
    ['Singularity is not installed', ErrorCodes.SINGULARITYNOTINSTALLED],
    ['Apptainer is not installed', ErrorCodes.APPTAINERNOTINSTALLED],
    ['cannot create directory', ErrorCodes.MKDIR],
    ['General payload setup verification error', ErrorCodes.SETUPFAILURE],
    ['No such file or directory', ErrorCodes.NOSUCHFILE],
];
/** The container-runtime codes a stderr match may impose (Pilot 3 honours only these, only on exit 0). */
export const CONTAINER_CODES = new Set([
    ErrorCodes.SINGULARITYBINDPOINTFAILURE,
    ErrorCodes.SINGULARITYNOLOOPDEVICES,
    ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE,
    ErrorCodes.SINGULARITYGENERALFAILURE,
    ErrorCodes.SINGULARITYFAILEDUSERNAMESPACE,
    ErrorCodes.SINGULARITYNOTINSTALLED,
    ErrorCodes.APPTAINERNOTINSTALLED,
]);
/** Exit codes with a meaning of their own (anything else non-zero is PAYLOADEXECUTIONFAILURE). */
export const EXIT_CODE_MAP = {
    2: ErrorCodes.LSETUPTIMEDOUT,
    3: ErrorCodes.REMOTEFILEOPENTIMEDOUT,
    251: ErrorCodes.UNKNOWNTRFFAILURE,
    [-1]: ErrorCodes.UNKNOWNTRFFAILURE,
    [ErrorCodes.COMMANDTIMEDOUT]: ErrorCodes.COMMANDTIMEDOUT,
};
/**
 * Messages of our own container runtimes (bubblewrap; apptainer's FATAL lines) mapped onto
 * Pilot 3's container codes. Pilot 3 only knew ALRB's wording and only looked at exit 0; a
 * runtime that fails before the payload starts exits non-zero, so these lines (which carry the
 * runtime's prefix and cannot come from the payload by accident) count whatever the exit code,
 * and only when the payload ran in a container.
 */
export const RUNTIME_STDERR_PATTERNS = [
    [/^bwrap: Can't (?:find source path|mkdir|create file|bind mount|mount|make symlink)/m, ErrorCodes.SINGULARITYBINDPOINTFAILURE],
    [/^bwrap: (?:No permissions to creating new namespace|No permissions to create new namespace|Creating new namespace failed|setting up uid map|Failed to make \/ slave|Can't open user namespace)/m, ErrorCodes.SINGULARITYFAILEDUSERNAMESPACE],
    [/^bwrap: .*Operation not permitted/m, ErrorCodes.SINGULARITYGENERALFAILURE],
    [/^FATAL: .*(?:Failed to mount image|while mounting)/m, ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE],
    [/^FATAL: .*(?:Not mounting requested bind point|bind point)/m, ErrorCodes.SINGULARITYBINDPOINTFAILURE],
    [/^FATAL: .*(?:user namespace)/m, ErrorCodes.SINGULARITYFAILEDUSERNAMESPACE],
    [/^FATAL: .*(?:loop device)/m, ErrorCodes.SINGULARITYNOLOOPDEVICES],
];
/** Pilot 3's resolve_transform_error: a pilot code for a transform exit code and stderr. */
export function resolveTransformError(exitCode, stderr) {
    for (const [text, code] of STDERR_PATTERNS) {
        if (stderr.includes(text) && exitCode === 0 && CONTAINER_CODES.has(code))
            return { code, message: text };
    }
    if (exitCode === 0)
        return { code: 0, message: '' };
    return { code: EXIT_CODE_MAP[exitCode] ?? ErrorCodes.PAYLOADEXECUTIONFAILURE, message: '' };
}
/** A container runtime's own failure recognised in stderr (see {@link RUNTIME_STDERR_PATTERNS}). */
export function containerRuntimeError(stderr) {
    for (const [re, code] of RUNTIME_STDERR_PATTERNS) {
        const m = re.exec(stderr);
        if (m) {
            const lineEnd = stderr.indexOf('\n', m.index);
            return { code, message: stderr.slice(m.index, lineEnd < 0 ? undefined : lineEnd) };
        }
    }
    return undefined;
}
/** As Pilot 3's add_error_code: the formatted message, or the standard text when there is none. */
function diagFor(code, msg) {
    return msg ? formatDiagnostics(code, msg) : errorMessage(code);
}
function firstCapture(patterns, text) {
    for (const re of patterns) {
        const m = re.exec(text);
        if (m)
            return m[1] ?? '';
    }
    return '';
}
/** Pilot 3's extract_stderr_error: whole stderr on "command not found", else the first ERROR/Error/error capture. */
export function extractStderrError(stderr) {
    if (stderr.includes('command not found'))
        return stderr;
    return firstCapture([/ERROR\s*:\s*(.*)/, /Error\s*:\s*(.*)/, /error\s*:\s*(.*)/], stderr);
}
/** Pilot 3's extract_stderr_warning: first WARNING/Warning/warning capture. */
export function extractStderrWarning(stderr) {
    return firstCapture([/WARNING\s*:\s*(.*)/, /Warning\s*:\s*(.*)/, /warning\s*:\s*(.*)/], stderr);
}
/** Pilot 3's get_critical_error_from_stdout: the first stdout line containing "CRITICAL". */
export function criticalLine(stdout) {
    const m = /^.*CRITICAL.*$/m.exec(stdout);
    return m ? m[0] : '';
}
/** The exit status as Python's Popen.returncode (-N for signal N), which Pilot 3's tables expect. */
export function popenReturnCode(exitCode, signal) {
    if (exitCode !== null)
        return exitCode;
    if (signal) {
        const n = osConstants.signals[signal];
        if (n)
            return -n;
    }
    // Killed with no status seen (Pilot 3's "None → -1").
    return -1;
}
/**
 * Interpret a finished payload as Pilot 3 does (generic user). In order: an error report with a
 * truthy error_code wins (PAYLOADEXECUTIONFAILURE + exeErrorCode/Diag); then the container-runtime
 * messages; then resolve_transform_error; a non-zero result gets a message from CRITICAL stdout
 * lines or stderr ERROR/WARNING captures; a payload core dump gives COREDUMP when nothing else did;
 * a signal death with no other code is SIGTERM (Pilot 3 step 11, only reachable for our -1).
 */
export function interpretExitCode(exitCode, signal, stderrTail, ctx = {}) {
    const rc = popenReturnCode(exitCode, signal);
    const out = {
        transExitCode: rc >= 0 ? rc % 255 : 0,
        exeErrorCode: 0,
        exeErrorDiag: '',
        pilotErrorCode: 0,
        diag: '',
        returnCode: rc,
    };
    const rep = ctx.errorReport;
    if (rep && rep.error_code) {
        out.exeErrorCode = Number(rep.error_code) || 0;
        out.exeErrorDiag = rep.error_diag == null ? '' : String(rep.error_diag);
        out.pilotErrorCode = ErrorCodes.PAYLOADEXECUTIONFAILURE;
        out.diag = diagFor(out.pilotErrorCode, out.exeErrorDiag);
        return out;
    }
    const runtime = ctx.container ? containerRuntimeError(stderrTail) : undefined;
    let code;
    let msg = '';
    if (runtime) {
        code = runtime.code;
        msg = runtime.message;
    }
    else {
        code = resolveTransformError(rc, stderrTail).code;
    }
    if (code !== 0) {
        if (!msg)
            msg = criticalLine(ctx.stdout ?? '');
        if (!msg && stderrTail)
            msg = extractStderrError(stderrTail) || extractStderrWarning(stderrTail);
        out.pilotErrorCode = code < 1000 ? ErrorCodes.PAYLOADEXECUTIONFAILURE : code;
        out.diag = diagFor(out.pilotErrorCode, msg.trim());
    }
    else if (ctx.payloadCoreDump) {
        out.pilotErrorCode = ErrorCodes.COREDUMP;
        out.diag = diagFor(ErrorCodes.COREDUMP, '');
    }
    if (rc < 0 && out.pilotErrorCode === 0) {
        out.pilotErrorCode = ErrorCodes.SIGTERM;
        out.diag = diagFor(ErrorCodes.SIGTERM, '');
    }
    return out;
}
//# sourceMappingURL=exitcode.js.map