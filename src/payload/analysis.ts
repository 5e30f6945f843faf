/**
 * After the payload: read what it left in the work dir (payload_error_report.json, payload.stderr,
 * payload.stdout, core dumps) and interpret its exit (Pilot 3's perform_initial_payload_error_analysis),
 * and refine the setup time from the `HH:MM:SS YYYY/MM/DD` stamp in payload.stdout (get_end_setup_time).
 */
import { open, readdir, readFile, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { interpretExitCode, type ExitInterpretation } from './exitcode.js';
import { log } from '../common/log.js';
import { ErrorCodes, formatDiagnostics } from '../common/errors.js';

const logger = log('payload.analysis');

/** File names inside the job work dir (Pilot 3's config [Payload] defaults). */
export const PAYLOAD_FILES = {
  stdout: 'payload.stdout',
  stderr: 'payload.stderr',
  errorReport: 'payload_error_report.json',
  jobReport: 'jobReport.json',
} as const;

/** Largest part of a stream file we read for diagnostics (head of stdout, tail of stderr). */
const MAX_READ = 8 * 1024 * 1024;

/** Read at most `max` bytes of a file from its start (`fromEnd` false) or its end; "" if absent. */
export async function readPart(path: string, max = MAX_READ, fromEnd = false): Promise<string> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(size, max);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, fromEnd ? size - len : 0);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * Remove `core` and `core.*` from the work dir (so they do not go into the log tarball); true when
 * one of them was `core.<payloadPid>` (Pilot 3 then sets COREDUMP).
 */
export async function removeCoreDumps(workdir: string, payloadPid?: number): Promise<boolean> {
  let found = false;
  let names: string[];
  try {
    names = await readdir(workdir);
  } catch {
    return false;
  }
  for (const name of names) {
    if (name !== 'core' && !name.startsWith('core.')) continue;
    if (payloadPid && name === `core.${payloadPid}`) found = true;
    logger.info({ name }, 'removing core dump');
    await rm(join(workdir, name), { force: true });
  }
  return found;
}

/** Inputs of {@link analyzePayloadExit}. */
export interface PayloadExitInfo {
  workdir: string;
  exitCode: number | null;
  signal: string | null;
  /** Payload pid (for core.<pid>). */
  pid?: number;
  /** Debug mode keeps core dumps (and then never sets COREDUMP), as Pilot 3. */
  debug?: boolean;
  /** The payload ran in a container. */
  container?: boolean;
}

/** Interpret a finished payload from its exit status and the files in its work dir. */
export async function analyzePayloadExit(info: PayloadExitInfo): Promise<ExitInterpretation> {
  const { workdir } = info;
  type ErrorReport = { error_code?: unknown; error_diag?: unknown };
  let errorReport: ErrorReport | null = null;
  const rep = await readPart(join(workdir, PAYLOAD_FILES.errorReport), 1024 * 1024);
  if (rep) {
    try {
      const parsed: unknown = JSON.parse(rep);
      if (parsed && typeof parsed === 'object') errorReport = parsed as ErrorReport;
    } catch {
      logger.warn('payload_error_report.json is not valid JSON (ignored)');
    }
  }
  const stderr = await readPart(join(workdir, PAYLOAD_FILES.stderr), MAX_READ, true);
  const stdout = await readPart(join(workdir, PAYLOAD_FILES.stdout), MAX_READ, false);
  const payloadCoreDump = info.debug ? false : await removeCoreDumps(workdir, info.pid);
  const verdict = interpretExitCode(info.exitCode, info.signal, stderr, { stdout, errorReport, container: info.container, payloadCoreDump });
  // A failed payload that ran out of disk: Pilot 3's diagnose gives NOLOCALSPACE priority over
  // the generic payload failure (1305), and the diagnosis says so.
  // The message may not even reach payload.stderr (it is on the full disk too): a failed payload
  // that left the work dir's file system (nearly) full ran out of space as well.
  const free = verdict.pilotErrorCode ? await freeBytes(workdir) : undefined;
  if (verdict.pilotErrorCode && (stderr.includes(NO_SPACE) || (free !== undefined && free < FULL_BELOW))) {
    const line = stderr.split('\n').find((l) => l.includes(NO_SPACE))?.trim() ?? `${NO_SPACE} (${free} B free in the work dir)`;
    const diag = `payload ran out of local disk space: ${line.slice(0, 160)}`;
    return { ...verdict, pilotErrorCode: ErrorCodes.NOLOCALSPACE, diag: formatDiagnostics(ErrorCodes.NOLOCALSPACE, diag) };
  }
  return verdict;
}

/** The C library's text for ENOSPC, as payloads print it. */
const NO_SPACE = 'No space left on device';
/** Free space under which a file system counts as full. */
const FULL_BELOW = 1024 * 1024;

async function freeBytes(dir: string): Promise<number | undefined> {
  try {
    const s = await statfs(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/** Pilot 3's stamp pattern printed by the release setup: `HH:MM:SS YYYY/MM/DD`. */
export const SETUP_STAMP = /(\d{2}):(\d{2}):(\d{2}) (\d{4})\/(\d{2})\/(\d{2})/;

/**
 * End of the payload's setup (epoch seconds, local time as Pilot 3 parses it) from the first
 * stamp in the first 50 lines of payload.stdout; undefined when there is none.
 */
export async function getEndSetupTime(stdoutPath: string): Promise<number | undefined> {
  const head = await readPart(stdoutPath, 256 * 1024);
  const lines = head.split('\n').slice(0, 50);
  for (const line of lines) {
    const m = SETUP_STAMP.exec(line);
    if (!m) continue;
    const [, hh, mi, ss, yyyy, mm, dd] = m.map(Number) as number[];
    const d = new Date(yyyy!, mm! - 1, dd!, hh!, mi!, ss!);
    // Reject impossible dates (e.g. 25:61:00 or 2024/13/40) rather than let Date roll them over.
    if (d.getHours() !== hh || d.getMonth() !== mm! - 1 || d.getDate() !== dd || d.getMinutes() !== mi) continue;
    return d.getTime() / 1000;
  }
  return undefined;
}
