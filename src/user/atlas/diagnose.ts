/**
 * ATLAS's diagnosis of a finished payload (Pilot 3's pilot/user/atlas/diagnose.py interpret and
 * common.py verify_output_files), in Pilot 3's order:
 *
 * 1. the job report: a malformed report, none for a production job (NOPAYLOADMETADATA unless a
 *    metadata.xml exists or it is Archive_tf), SIGSEGV in exitMsg (PAYLOADSIGSEGV), a Frontier
 *    connection failure (FRONTIER), exitMsg → exeErrorCode/exeErrorDiag, bad_alloc among the
 *    report's errors (BADALLOC), outputs of the job definition missing from the report
 *    (MISSINGOUTPUTFILE; allowNoOutput files leave the stage-out instead);
 * 2. if the report raised nothing, the payload's output: out of memory (stderr "FATAL out of
 *    memory", stdout bad_alloc: PAYLOADOUTOFMEMORY), a missing installation (MISSINGINSTALLATION),
 *    a fatal AtlasSetup (SETUPFATAL), no space left (NOLOCALSPACE), NFS/SQLite locking (NFSSQLITE),
 *    a missing user tarball (MISSINGUSERCODE), and UNKNOWNPAYLOADFAILURE for a report exit code the
 *    process exit did not show;
 * 3. events: the report's, else summed over the outputs, else the Athena summary file's (read →
 *    nEvents, written → nEventsW).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type PilotError } from '../../common/errors.js';
import { dig, type JobReport } from '../jobreport.js';
import type { JobReportOutcome, PluginJob } from '../plugin.js';
import { reportMetrics } from './metrics.js';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The job fields the diagnosis reads and may change (outputs leave the stage-out). */
type DiagJob = PluginJob & { allownooutput?: string; outdata?: Array<{ lfn: string; guid?: string | null }> };

/** Does the file contain any of the strings? Read in chunks, so a large stdout costs no memory. */
export function fileContains(path: string, needles: string[]): boolean {
  if (!existsSync(path)) return false;
  const overlap = Math.max(...needles.map((n) => n.length));
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = '';
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) return false;
      pos += n;
      const text = carry + buf.toString('latin1', 0, n);
      if (needles.some((s) => text.includes(s))) return true;
      carry = text.slice(-overlap);
    }
  } finally {
    closeSync(fd);
  }
}

/** The last lines of a file (Pilot 3's tail: 10 lines), at most the last 64 kB read. */
export function tailOf(path: string, lines = 10): string {
  if (!existsSync(path)) return '';
  const size = statSync(path).size;
  const len = Math.min(size, 64 * 1024);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8').replace(/\n$/, '').split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}

/** get_frontier_details: a "Cannot find a valid frontier connection" line among the report's details. */
export function frontierDetails(report: Record<string, unknown>): string {
  const executors = report.executor;
  const details = Array.isArray(executors) && isObj(executors[0]) ? dig(executors[0], 'logfileReport/details') : undefined;
  if (!isObj(details)) return '';
  const patterns: Array<[string, RegExp]> = [
    ['abnormalLines', /Cannot\sfind\sa\svalid\sfrontier\sconnection(.*)/],
    ['lastNormalLine', /Using\sfrontier\sconnection\sfrontier(.*)/],
  ];
  for (const [name, re] of patterns) {
    for (const entries of Object.values(details)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const more = isObj(entry) && isObj(entry.moreDetails) ? entry.moreDetails[name] : undefined;
        if (!isObj(more)) continue;
        for (const [k, message] of Object.entries(more)) {
          if (k.includes('message') && typeof message === 'string' && re.test(message)) {
            return message.split(/INFO |WARNING /)[1] ?? message;
          }
        }
      }
    }
  }
  return '';
}

/** get_job_report_errors: the ERROR messages of the first executor's log file report. */
export function jobReportErrors(report: Record<string, unknown>): string[] {
  const executors = report.executor;
  if (!Array.isArray(executors) || !isObj(executors[0])) return [];
  const list = dig(executors[0], 'logfileReport/details/ERROR');
  return Array.isArray(list) ? list.flatMap((m) => (isObj(m) && typeof m.message === 'string' ? [m.message] : [])) : [];
}

/**
 * verify_output_files: every output of the job definition must be in the report (or in
 * allowNoOutput, then it is not staged out). Returns the error, or the events summed over outputs.
 */
export function verifyOutputFiles(job: DiagJob, report: Record<string, unknown>): { error?: PilotError; nevents: number } {
  const lfns = (job.outdata ?? []).map((f) => f.lfn);
  const allowed = (job.allownooutput ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const analysis = /^https?:\/\//.test(job.transformation);
  const output = dig(report, 'files/output');
  const drop = (lfn: string) => {
    if (job.outdata) job.outdata = job.outdata.filter((f) => f.lfn !== lfn);
  };
  if (!lfns.length || output === undefined || output === null) return { nevents: 0 };
  if (Array.isArray(output) && output.length === 0) {
    for (const lfn of lfns) {
      if (allowed.includes(lfn)) drop(lfn);
      else if (!analysis) return { error: errors.MISSINGOUTPUTFILE(`output file ${lfn} is not in the job report and not in allowNoOutput`), nevents: 0 };
    }
    return { nevents: 0 };
  }
  const entries = new Map<string, unknown>();
  for (const d of Array.isArray(output) ? output : []) {
    for (const f of isObj(d) && Array.isArray(d.subFiles) ? d.subFiles : []) if (isObj(f)) entries.set(String(f.name), f.nentries ?? null);
  }
  let nevents = 0;
  for (const lfn of lfns) {
    if (!entries.has(lfn)) {
      if (allowed.includes(lfn)) drop(lfn);
      else if (!analysis) return { error: errors.MISSINGOUTPUTFILE(`output file ${lfn} from the job definition is not in the job report`), nevents };
      continue;
    }
    const n = entries.get(lfn);
    if ((n === null || n === 0) && allowed.includes(lfn)) drop(lfn);
    else if (Number.isInteger(n) && (n as number) > 0) nevents += n as number;
  }
  return { nevents };
}

/** The payload's process exit, as the runner saw it. */
export interface PayloadExit {
  exitCode: number | null;
}

/** Pilot 3's interpret for ATLAS (see the module comment). */
export function interpretAtlasReport(job: DiagJob, report: JobReport, payload?: PayloadExit): JobReportOutcome {
  const out: JobReportOutcome = {};
  const r = report.report;
  if (report.malformed) return { error: errors.INTERNALPILOTPROBLEM(report.malformed) };
  if (!report.exists || !r) {
    const production = !/^https?:\/\//.test(job.transformation);
    if (production && job.transformation !== 'Archive_tf.py' && !existsSync(join(job.workdir, 'metadata.xml'))) {
      out.error = errors.NOPAYLOADMETADATA(`metadata does not exist: ${join(job.workdir, 'metadata.xml')}`);
    }
  } else {
    Object.assign(out, reportMetrics(r));
    out.nEvents = report.data.nEvents;
    const verified = verifyOutputFiles(job, r);
    if (!out.nEvents && verified.nevents > 0) out.nEvents = verified.nevents;
    if (report.exitMsg.includes('got a SIGSEGV signal')) {
      out.error = errors.PAYLOADSIGSEGV(`Invalid memory reference or a segmentation fault in payload: ${report.exitMsg} (job report)`);
    } else {
      const frontier = frontierDetails(r);
      if (frontier) out.error = errors.FRONTIER(`Frontier error: ${frontier}`);
      if (report.exitMsg && report.exitMsg !== 'OK') {
        out.exeErrorCode = report.exitCode;
        out.exeErrorDiag = report.exitMsg;
      }
    }
    if (report.exitCode !== 0) {
      const bad = jobReportErrors(r).find((m) => m.includes('bad_alloc'));
      if (bad) out.error = errors.BADALLOC(bad);
    }
    if (verified.error && !out.error) out.error = verified.error;
  }
  if (out.error) return out;
  const error = payloadOutputError(job.workdir, report.exists ? report.exitCode : 0, payload);
  if (error) out.error = error;
  if (!out.nEvents) {
    // find_number_of_events, last source: the oldest Athena summary file (read and written events)
    const summary = athenaSummaryEvents(job.workdir);
    if (summary.read > 0) out.nEvents = summary.read;
    if (summary.written > 0) out.nEventsW = summary.written;
  }
  return out;
}

/** Events read and written from the oldest AthSummary or AthenaSummary file of the work dir. */
export function athenaSummaryEvents(workdir: string): { read: number; written: number } {
  let files: string[] = [];
  try {
    files = readdirSync(workdir).filter((n) => n.startsWith('AthSummary') || n.startsWith('AthenaSummary')).map((n) => join(workdir, n));
  } catch {
    return { read: 0, written: 0 };
  }
  if (!files.length) return { read: 0, written: 0 };
  const oldest = files.reduce((a, b) => (statSync(b).mtimeMs < statSync(a).mtimeMs ? b : a));
  let read = 0;
  let written = 0;
  for (const line of readFileSync(oldest, 'utf8').split('\n')) {
    const r = /^Events Read: *(\d+)/.exec(line);
    if (r) read = Number(r[1]);
    const w = /^Events Written: *(\d+)/.exec(line);
    if (w) written = Number(w[1]);
    if (read > 0 && written > 0) break;
  }
  return { read, written };
}

/** interpret_payload_exit_info: what the payload's stdout/stderr say went wrong. */
export function payloadOutputError(workdir: string, reportExit: number, payload?: PayloadExit): PilotError | undefined {
  const stdout = join(workdir, 'payload.stdout');
  const stderr = join(workdir, 'payload.stderr');
  if (fileContains(stderr, ['FATAL out of memory: taking the application down']) || fileContains(stdout, ['St9bad_alloc', 'std::bad_alloc'])) {
    return errors.PAYLOADOUTOFMEMORY('the payload ran out of memory (see payload.stdout/stderr)');
  }
  const tail = tailOf(stdout);
  const head = tail.slice(0, 1024);
  if (head.startsWith('sh:') && head.includes('setup.sh') && head.includes('No such file or directory')) return errors.MISSINGINSTALLATION(head);
  if (tail.slice(0, 2048).includes('AtlasSetup(FATAL): Fatal exception')) return errors.SETUPFATAL('AtlasSetup(FATAL): Fatal exception');
  if (fileContains(stderr, ['No space left on device'])) return errors.NOLOCALSPACE('No space left on device (payload.stderr)');
  if (fileContains(stdout, ['prepare 5 database is locked', 'Error SQLiteStatement'])) return errors.NFSSQLITE('NFS/SQLite locking problem (payload.stdout)');
  if (fileContains(stdout, ['ERROR: unable to fetch source tarball from web'])) return errors.MISSINGUSERCODE('ERROR: unable to fetch source tarball from web');
  if (payload && payload.exitCode === 0 && reportExit !== 0) return errors.UNKNOWNPAYLOADFAILURE(`the job report says exit code ${reportExit}, the payload exited with 0`);
  return undefined;
}
