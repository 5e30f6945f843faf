/**
 * The updateJob request bodies: heartbeats and the final update, with the fields Pilot 3 sends
 * (server-protocol.md §6.3, §6.4). Pure functions of the job record, so tests can check them.
 */
import { formatDiagnostics } from '../common/errors.js';
import { floatRepr } from '../common/pyliteral.js';
import { now } from '../common/timing.js';
import type { JobRun } from './jobrun.js';
import { outputFileInfo } from '../user/fileinfo.js';
import type { PilotTiming } from './timing.js';
import { batchSystem, cpuConsumptionUnit, isoTimestamp } from './workernode.js';
import { cpuArchitectureLevel, reportedCpuArchitectureLevel } from './cpulevel.js';

/** What the update builder needs to know about the pilot. */
export interface UpdateContext {
  node: string;
  siteName?: string;
  versionTag: string;
  pilotVersion: string;
  timing: PilotTiming;
  env: NodeJS.ProcessEnv;
  /** config File.checksum_type: which checksum the output file info carries. */
  checksumType?: string;
}

export type UpdateBody = Record<string, string | number>;

/** pilotID: GTAG|batch type|version tag|pilot version (batch part omitted without a batch system). */
export function pilotId(ctx: UpdateContext): string {
  const batch = batchSystem(ctx.env);
  const parts = [ctx.env.GTAG || 'unknown', ...(batch ? [batch.type] : []), ctx.versionTag, ctx.pilotVersion];
  return parts.join('|');
}

/**
 * An epoch time as Python's str() of time.time() prints it: a whole second still as 1700000000.0.
 * (A whole second goes as that string; a PyFloat would give Pilot 3's JSON number too, but the
 * compat harness reads JSON numbers back through JSON.parse and would see 1700000000 then.)
 */
function pyTime(t: number): string | number {
  return Number.isInteger(t) ? floatRepr(t) : t;
}

/** Fields sent in every update (heartbeats and final). */
export function commonFields(run: JobRun, state: string, ctx: UpdateContext, opts: { measuredCores?: boolean } = { measuredCores: true }): UpdateBody {
  const body: UpdateBody = {
    jobId: run.jobid,
    state,
    timestamp: isoTimestamp(),
    node: ctx.node,
    attemptNr: run.job.attempt_nr ?? 0,
    schedulerID: ctx.env.PANDA_JSID || 'unknown',
    pilotID: pilotId(ctx),
    xml: '',
    metaData: '',
  };
  const site = ctx.siteName ?? ctx.env.PILOT_SITENAME;
  if (site) body.siteName = site;
  const batch = batchSystem(ctx.env);
  if (batch) body.batchID = batch.id;
  const start = ctx.timing.get(run.jobid, 'PILOT_POST_GETJOB');
  if (start !== undefined) body.startTime = pyTime(start);
  const f = run.figures;
  // As Pilot 3: the measured processor count replaces the job's coreCount, and the mean of all
  // measurements so far goes along (Python's statistics.mean: an int when it is whole).
  const counts = opts.measuredCores === false ? [] : (f.coreCounts ?? []);
  if (counts.length) body.coreCount = counts[counts.length - 1];
  else if (run.job.corecount) body.coreCount = run.job.corecount;
  if (counts.length) body.meanCoreCount = pythonMean(counts);
  if (f.nEvents) body.nEvents = f.nEvents;
  // Pilot 3 sends the unit in every update, the time (and its factor) only when it is known.
  body.cpuConsumptionUnit = cpuConsumptionUnit();
  const cpu = f.cpuConsumptionTime !== undefined ? Math.trunc(f.cpuConsumptionTime) : -1;
  if (cpu > 0 && cpu <= 1e9) {
    body.cpuConsumptionTime = cpu;
    body.cpuConversionFactor = 1;
    body.cpu_architecture_level = cpuArchitectureLevel();
  }
  // Pilot 3 sends the level its experiment's tool reported in every update (ATLAS: cpu_arch.py).
  if (reportedCpuArchitectureLevel()) body.cpu_architecture_level = reportedCpuArchitectureLevel();
  for (const [k, v] of Object.entries(f.memory ?? {})) body[k] = v;
  if (f.jobMetrics) body.jobMetrics = f.jobMetrics.slice(0, 500);
  return body;
}

/** The mean as Python's statistics.mean prints it for ints: whole means without a fraction. */
function pythonMean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Remove `YYYY-MM-DD HH:MM:SS[,mmm]` stamps from a diagnostics text, as Pilot 3 does. */
function stripTimestamps(diag: string): string {
  return diag.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(,\d{3})?/g, '').replace(/ {2,}/g, ' ').trim();
}

/** Is this an analysis job (its recoverable errors are reported negated)? */
function isAnalysis(run: JobRun): boolean {
  const label = String(run.job.prodsourcelabel ?? run.job.prodSourceLabel ?? '');
  return label === 'user' || label === 'panda';
}

/**
 * A job whose log tarball is missing says so in its diagnosis even when another error came first
 * (the server shows only one): the note goes at the end, the first error's text is shortened for it.
 */
function withLogNote(run: JobRun, diag: string): string {
  // The log failure itself as the reported error already says it all.
  if (!run.logProblem || run.logProblem === `${run.error?.code} ${run.error?.diag}`) return diag;
  const [code, ...rest] = run.logProblem.split(' ');
  const reason = /no space left on device/i.test(run.logProblem) ? 'no space left on device' : rest.join(' ').slice(0, 50);
  const note = ` [no log tarball: ${code} ${reason}]`;
  // 256 in all, of which up to ~60 go to the standard message of the first error.
  return diag.slice(0, Math.max(40, 196 - note.length)) + note;
}

/**
 * A header and the newest of `lines` that fit in `max` characters, cut at line boundaries (the
 * server keeps 1024 characters of `pilotLog`; half a line helps nobody). A single line longer than
 * the room left is the one exception: its beginning is kept.
 */
export function pilotLogExcerpt(header: string, lines: string[], max: number): string {
  const kept: string[] = [];
  let size = header.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (size + 1 + lines[i].length > max) break;
    kept.unshift(lines[i]);
    size += 1 + lines[i].length;
  }
  if (kept.length === 0 && lines.length) return `${header}\n${lines.at(-1)!}`.slice(0, max);
  return [header, ...kept].join('\n');
}

/** The final update: common fields plus errors, exit codes, timing, output file info and metadata. */
export function finalFields(run: JobRun, ctx: UpdateContext, pilotLog: string): UpdateBody {
  const err = run.error;
  const state = err ? 'failed' : 'finished';
  const body = commonFields(run, state, ctx);
  let code = err?.code ?? 0;
  if (err && err.recoverable && isAnalysis(run)) code = -code;
  body.pilotErrorCode = code;
  body.pilotErrorDiag = err ? formatDiagnostics(err.code, withLogNote(run, stripTimestamps(err.diag))) : '';
  body.transExitCode = run.transExitCode;
  body.exeErrorCode = run.exeErrorCode;
  body.exeErrorDiag = run.exeErrorDiag;
  body.pilotTiming = ctx.timing.pilotTiming(run.jobid);
  body.pilotLog = err ? pilotLog.slice(0, 1024) : '';
  body.endTime = pyTime(now());
  body.xml = outputFileInfo([...run.job.outdata, ...run.job.logdata] as never, ctx.checksumType);
  // Without a job report Pilot 3's generic user leaves metaData out of the final update (its
  // plugin returns None), its ATLAS user sends it empty.
  if (run.metadata !== undefined) body.metaData = run.metadata;
  else delete body.metaData;
  return body;
}
