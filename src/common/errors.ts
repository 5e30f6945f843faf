/**
 * Pilot error codes and the one error type every component throws.
 *
 * Codes come from error-codes.tsv (generated into errorcodes.generated.ts); a component never
 * hands a bare number around: it throws a {@link PilotError}, and `runJob` catches it once.
 */
import { ErrorCodes, ErrorMessages, StandardMessages } from './errorcodes.generated.js';

export { ErrorCodes, ErrorMessages, StandardMessages };
export type ErrorName = keyof typeof ErrorCodes;

const NAMES: Record<number, ErrorName> = Object.fromEntries(
  Object.entries(ErrorCodes).map(([name, code]) => [code, name as ErrorName]),
);

/** Codes Pilot 3 lists as recoverable (the server may retry the job elsewhere). */
const RECOVERABLE = new Set<number>([
  ErrorCodes.STAGEOUTFAILED,
  ErrorCodes.PUTMD5MISMATCH,
  ErrorCodes.STAGEOUTTIMEOUT,
  ErrorCodes.PUTGLOBUSSYSERR,
  ErrorCodes.ESRECOVERABLE,
]);

/** The name of a pilot error code, e.g. 1099 → "STAGEINFAILED" (undefined for unknown codes). */
export function errorName(code: number): ErrorName | undefined {
  return NAMES[code];
}

/** Pilot 3's standard message for a code (its own text, recorded; "" when unknown). */
export function errorMessage(code: number): string {
  return StandardMessages[code] ?? ErrorMessages[code] ?? '';
}

/** An error with a pilot error code and a diagnostics text for pilotErrorDiag. */
export class PilotError extends Error {
  readonly code: number;
  readonly diag: string;
  readonly recoverable: boolean;

  constructor(code: number, diag?: string, options?: { cause?: unknown }) {
    const text = diag && diag.length > 0 ? diag : errorMessage(code);
    super(text, options);
    this.name = `PilotError(${errorName(code) ?? code})`;
    this.code = code;
    this.diag = text;
    this.recoverable = RECOVERABLE.has(code);
  }

  /** The error name from the code table (e.g. "STAGEINFAILED"). */
  get errorName(): string {
    return errorName(this.code) ?? 'UNKNOWN';
  }
}

/** `errors.STAGEINFAILED('diag')` builds a PilotError by name: no bare numbers in callers. */
export const errors = Object.fromEntries(
  Object.entries(ErrorCodes).map(([name, code]) => [name, (diag?: string, cause?: unknown) => new PilotError(code, diag, { cause })]),
) as { [K in ErrorName]: (diag?: string, cause?: unknown) => PilotError };

/** Any thrown value as a PilotError; unknown exceptions become UNKNOWNEXCEPTION (1301) as in Pilot 3. */
export function asPilotError(e: unknown, fallback: number = ErrorCodes.UNKNOWNEXCEPTION): PilotError {
  if (e instanceof PilotError) return e;
  if (e instanceof Error && e.name === 'AbortError' && e.cause instanceof PilotError) return e.cause;
  const msg = e instanceof Error ? e.message : String(e);
  return new PilotError(fallback, msg, { cause: e });
}

/**
 * Pilot 3's pilotErrorDiag formatting (format_diagnostics): "<standard message>:<diag>",
 * at most 256 characters, runs of ':' collapsed. We keep the 256 bound strictly (Pilot 3 can exceed it).
 */
export function formatDiagnostics(code: number, diag: string, max = 256): string {
  const standard = errorMessage(code) ? `${errorMessage(code)}:` : '';
  let text = (diag ?? '').replace(/ {2,}/g, ' ').trim();
  let out: string;
  if (!text) out = standard;
  else if (text === errorMessage(code)) out = text; // a bare standard message is sent as is, as Pilot 3 does
  else if (standard && text.includes(standard)) out = text.length > max ? text.slice(-max) : text;
  else out = standard + text;
  out = out.replace(/:{2,}/g, ':');
  return out.length > max ? out.slice(0, max) : out;
}

/**
 * pilotErrorDiag of a failed transfer, as Pilot 3 builds it from the exception's traceback
 * (format_diagnostics of "details: <message>"): "<standard message>: <first line of the message>".
 */
export function transferDiagnostics(code: number, detail: string, max = 256): string {
  const standard = errorMessage(code) ? `${errorMessage(code)}:` : '';
  const line = (detail ?? '').split('\n')[0].replace(/ +/g, ' ').trim();
  if (standard && line.startsWith(standard)) return line.slice(0, max);
  return `${standard} ${line}`.trim().replace(/:{2,}/g, ':').slice(0, max);
}

/** Wrapper (shell) exit code for a pilot error code, Pilot 3's shell_exit_code table. */
const SHELL_CODES: Record<number, number> = {
  [-1]: 64,
  1377: 64,
  1008: 65,
  1199: 66,
  1103: 67,
  1177: 68,
  1163: 68,
  1373: 68,
  1098: 69,
  1301: 70,
  1116: 71,
  1117: 72,
  1186: 73,
  1330: 74,
  1332: 75,
  1342: 76,
  1331: 77,
  1359: 78,
  1318: 79,
  1382: 80,
  1213: 81,
  1385: 82,
  1386: 83,
  1200: 137,
  1201: 143,
  1202: 131,
  1203: 139,
  1204: 152,
  1207: 138,
  1208: 130,
  1206: 135,
};

/** Pilot 3's shell exit code table as [pilot error code, exit code] pairs (for --help and the man page). */
export function shellExitCodeTable(): Array<[number, number]> {
  return Object.entries(SHELL_CODES).map(([k, v]) => [Number(k), v]);
}

/** Pilot error code → process exit code (0 → 0, unknown non-zero → 1). */
export function shellExitCode(code: number): number {
  if (code === 0) return 0;
  return SHELL_CODES[code] ?? 1;
}

/** Signal name → pilot error code (Pilot 3's numbering, as the code has it). */
export const SIGNAL_ERROR_CODES: Readonly<Record<string, number>> = {
  SIGINT: ErrorCodes.SIGINT,
  SIGTERM: ErrorCodes.SIGTERM,
  SIGQUIT: ErrorCodes.SIGQUIT,
  SIGSEGV: ErrorCodes.SIGSEGV,
  SIGXCPU: ErrorCodes.SIGXCPU,
  SIGUSR1: ErrorCodes.SIGUSR1,
  SIGBUS: ErrorCodes.SIGBUS,
};

/** The pilot error code for a received signal (1200 KILLSIGNAL for any other). */
export function signalErrorCode(signal: string): number {
  return SIGNAL_ERROR_CODES[signal] ?? ErrorCodes.KILLSIGNAL;
}
