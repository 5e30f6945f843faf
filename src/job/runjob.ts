/**
 * One job, top to bottom: stage-in, payload, stage-out; then, whatever happened, the log tarball
 * and the final update. Every failure becomes a PilotError on the job record; cancellation
 * (signals, `tobekilled`, watchers) flows through one AbortController, the job's guard.
 */
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { asPilotError, errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { JobRun, type RunnableJob } from './jobrun.js';
import { pilotLogExcerpt } from './updates.js';
import { Reporter, tailFile, type ReporterOptions } from './reporter.js';
import type { PilotTiming } from './timing.js';
import { plainJobId, type JobJournal, type JournalRecord } from './journal.js';

/** The steps of a job that other components implement (wired in job/services.ts). */
export interface JobSteps {
  stageIn(run: JobRun, signal: AbortSignal): Promise<void>;
  /** Runs the payload; `started` is called right after launch (the `running` update goes then). */
  executePayload(run: JobRun, signal: AbortSignal, started: () => void): Promise<void>;
  stageOut(run: JobRun, signal: AbortSignal): Promise<void>;
  /** Builds the log tarball and stages it out; must not throw for an aborted job. */
  stageOutLog(run: JobRun, signal: AbortSignal): Promise<void>;
  /** Refresh measured figures (CPU, memory) on the job record before an update. */
  refreshFigures?(run: JobRun): void;
}

export interface RunJobContext {
  pilotHome: string;
  timing: PilotTiming;
  steps: JobSteps;
  reporter: Omit<ReporterOptions, 'onKill'>;
  /** The pilot's own abort signal (signals, lifetime); its reason is a PilotError. */
  signal: AbortSignal;
  /** Upper bound for the log stage-out of an aborted job. */
  logDeadlineS: number;
  pilotLogFile?: string;
  /** Remove the job's work directory after its final update (default true; `nocleanup` keeps it). */
  removeWorkdir?: boolean;
  /** Told of each state the job enters (starting, stagein, running, stageout, finished, failed): metrics, real-time logging. */
  onState?: (run: JobRun, state: string) => void;
  /**
   * Periodic checks for the job's run up to the end of stage-out (the proxy); `kill` ends the job.
   * The returned stopper runs before the log tarball is made (job credentials are removed then).
   */
  watchJob?(kill: (e: PilotError) => void, signal: AbortSignal, job: RunnableJob): () => void;
  /** The job journal (absent: nothing survives a pilot crash). */
  journal?: JobJournal;
}

/** Per-job options of {@link runJob}. */
export interface RunJobOptions {
  /** The raw description (journaled so a later pilot can finish the job). */
  description?: Record<string, unknown>;
  /** Run in this existing work directory (a job taken over from a dead pilot). */
  workdir?: string;
  /** The journal record of a job taken over from a dead pilot. */
  record?: JournalRecord;
}

/** What a finished job tells the pilot loop. */
export interface JobOutcome {
  jobid: string;
  state: 'finished' | 'failed';
  error?: PilotError;
  accepted: boolean;
  /** The final update was not accepted and stays in the journal (the work dir is kept). */
  journaled?: boolean;
}

/** Create the job work directory PanDA_Pilot-<id> (mode 0770) with the pilotlog.txt link. */
export async function createJobWorkdir(pilotHome: string, jobid: string, pilotLogFile?: string): Promise<string> {
  const workdir = path.join(pilotHome, `PanDA_Pilot-${jobid}`);
  await mkdir(workdir, { recursive: true, mode: 0o770 });
  if (pilotLogFile) await symlink(path.join('..', path.basename(pilotLogFile)), path.join(workdir, path.basename(pilotLogFile))).catch(() => {});
  return workdir;
}

/** Run one job to its final update. Never throws: every outcome is reported to the server. */
export async function runJob(job: RunnableJob, ctx: RunJobContext, preset?: PilotError, opts: RunJobOptions = {}): Promise<JobOutcome> {
  const logger = log('job', { jobid: job.jobid });
  let workdir = opts.workdir ?? path.join(ctx.pilotHome, `PanDA_Pilot-${job.jobid}`);
  try {
    if (opts.workdir) await mkdir(workdir, { recursive: true, mode: 0o770 });
    else workdir = await createJobWorkdir(ctx.pilotHome, job.jobid, ctx.pilotLogFile);
  } catch (e) {
    // The job still ends with a final update (MKDIR), without a log to stage out.
    preset ??= errors.MKDIR(`failed to create the job work directory ${workdir}: ${(e as Error).message}`);
  }
  job.workdir = workdir;
  const run = new JobRun(job, workdir);
  const record = openRecord(job, ctx, opts, workdir, logger);
  if (record) run.journal = journalWriter(record, logger);
  const state = (s: string) => ctx.onState?.(run, s);
  state('starting');
  const guard = new AbortController();
  const abort = (err: PilotError) => {
    run.fail(err);
    if (!guard.signal.aborted) guard.abort(err);
  };
  const onPilotAbort = () => abort(asPilotError(ctx.signal.reason));
  if (ctx.signal.aborted) onPilotAbort();
  else ctx.signal.addEventListener('abort', onPilotAbort, { once: true });

  const reporter = new Reporter(run, {
    ...ctx.reporter,
    onKill: abort,
    onFinalBody: (body) => run.journal?.update({ state: 'final-pending', phase: 'final', final: body }),
    refresh: ctx.steps.refreshFigures ? () => ctx.steps.refreshFigures!(run) : undefined,
  });
  run.preliminaryUpdate = () => reporter.update('running', { heartbeat: true, preliminary: true });
  const { timing } = ctx;
  const id = job.jobid;
  reporter.start();
  const unwatch = ctx.watchJob?.(abort, guard.signal, job);
  try {
    if (preset) throw preset;
    guard.signal.throwIfAborted();
    // State updates are sent in order but not waited for: a slow server never delays the job.
    if (job.indata.length > 0) {
      run.journal?.update({ phase: 'stagein' });
      void reporter.update('running');
      state('stagein');
      timing.add(id, 'PILOT_PRE_STAGEIN');
      try {
        await ctx.steps.stageIn(run, guard.signal);
      } finally {
        timing.add(id, 'PILOT_POST_STAGEIN');
      }
    }
    guard.signal.throwIfAborted();
    run.journal?.update({ phase: 'payload', staged: job.indata.filter((f) => f.status === 'transferred' || f.status === 'remote_io').map((f) => f.lfn) });
    void reporter.update('starting');
    await ctx.steps.executePayload(run, guard.signal, () => {
      state('running');
      void reporter.update('running');
    });
    guard.signal.throwIfAborted();
    timing.add(id, 'PILOT_PRE_STAGEOUT');
    run.journal?.update({ phase: 'stageout' });
    state('stageout');
    await ctx.steps.stageOut(run, guard.signal);
  } catch (e) {
    const err = guard.signal.aborted && guard.signal.reason instanceof PilotError ? guard.signal.reason : asPilotError(e);
    logger.error({ code: err.code, diag: err.diag }, 'job failed');
    run.fail(err);
  } finally {
    ctx.signal.removeEventListener('abort', onPilotAbort);
    unwatch?.();
  }

  // The log goes out whatever happened; an aborted job gets its own bounded signal for it.
  if (timing.get(id, 'PILOT_PRE_STAGEOUT') === undefined) timing.add(id, 'PILOT_PRE_STAGEOUT');
  const logSignal = AbortSignal.timeout(ctx.logDeadlineS * 1000);
  run.journal?.update({ phase: 'log' });
  try {
    await ctx.steps.stageOutLog(run, logSignal);
  } catch (e) {
    const err = asPilotError(e);
    logger.error({ code: err.code, diag: err.diag }, 'log stage-out failed: the job has no log tarball');
    run.logProblem = `${err.code} ${err.diag}`;
    run.fail(err);
  }
  timing.add(id, 'PILOT_POST_STAGEOUT');

  timing.add(id, 'PILOT_PRE_FINAL_UPDATE');
  const accepted = await reporter.final(run.failed ? await pilotLogExtract(ctx.pilotLogFile) : '');
  timing.add(id, 'PILOT_POST_FINAL_UPDATE');
  // A final update the server never took is not dropped: it stays journaled with the work dir
  // (and the log in it) for the next pilot on this spool to re-send.
  const journaled = !accepted && Boolean(record);
  if (journaled) logger.error({ journal: ctx.journal?.dir, workdir }, 'final update kept in the journal for the next pilot; work dir kept');
  else record?.remove();
  state(run.failed ? 'failed' : 'finished');
  logger.info(jobSummary(run, timing, accepted), 'job summary');
  // The log tarball holds what the job left; the directory goes unless the server said nocleanup
  // (a multi-job pilot must not fill the disk with finished jobs).
  if (!journaled && !run.noCleanup && ctx.removeWorkdir !== false) await rm(workdir, { recursive: true, force: true }).catch(() => undefined);
  return { jobid: id, state: run.failed ? 'failed' : 'finished', error: run.error, accepted, journaled };
}

/** The job's journal record: taken over, or new (a journal that cannot be written is logged, not fatal). */
function openRecord(job: RunnableJob, ctx: RunJobContext, opts: RunJobOptions, workdir: string, logger: ReturnType<typeof log>): JournalRecord | undefined {
  if (opts.record) return opts.record;
  // a PandaID the server cannot take (not a plain integer: its updateJob answers 500) is never
  // accepted, so there is nothing worth keeping for a later pilot
  if (!ctx.journal || !plainJobId({ PandaID: job.jobid })) return undefined;
  try {
    return ctx.journal.open(job.jobid, { description: opts.description ?? { PandaID: job.jobid }, pilotHome: ctx.pilotHome, workdir });
  } catch (e) {
    logger.error({ err: (e as Error).message }, 'cannot write the job journal; the job runs without one');
    return undefined;
  }
}

/** Journal updates that never fail the job (a full disk is reported by the job's own steps). */
function journalWriter(record: JournalRecord, logger: ReturnType<typeof log>): { update: JournalRecord['update'] } {
  let warned = false;
  return {
    update(patch) {
      try {
        record.update(patch);
      } catch (e) {
        if (!warned) logger.error({ err: (e as Error).message }, 'journal write failed');
        warned = true;
      }
    },
  };
}

/** "- Log from pilotlog.txt -" and the last (up to 20) whole lines of the pilot log, for failed jobs. */
async function pilotLogExtract(file?: string): Promise<string> {
  if (!file) return '';
  const lines = (await tailFile(file, 16384)).trimEnd().split('\n').slice(-20);
  return pilotLogExcerpt('- Log from pilotlog.txt -', lines, 1024);
}

/** The end-of-job line an operator greps for: state, codes, phase times, files and peak memory. */
export function jobSummary(run: JobRun, timing: PilotTiming, accepted: boolean): Record<string, unknown> {
  const err = run.error;
  const files = (list: RunnableJob['indata']) => list.map((f) => ({ lfn: f.lfn, status: f.status ?? undefined, size: f.filesize, surl: f.surl ?? f.turl }));
  const mem = run.figures.memory ?? {};
  return {
    state: run.failed ? 'failed' : 'finished',
    pilotErrorCode: err?.code ?? 0,
    pilotErrorDiag: err?.diag ?? '',
    transExitCode: run.transExitCode,
    exeErrorCode: run.exeErrorCode,
    pilotTiming: timing.pilotTiming(run.jobid),
    finalUpdateAccepted: accepted,
    cpuConsumptionTime: run.figures.cpuConsumptionTime,
    maxRSS: mem.maxRSS,
    maxPSS: mem.maxPSS,
    maxVMEM: mem.maxVMEM,
    input: files(run.job.indata),
    output: files(run.job.outdata),
    log: files(run.job.logdata),
  };
}
