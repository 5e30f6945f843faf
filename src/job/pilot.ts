/**
 * The pilot process from start to exit: Pilot 3's start-up sequence (work dir, logging,
 * environment, queue checks), the job loop, and the wrap-up with Pilot 3's exit codes.
 */
import { existsSync, mkdirSync, appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, errors, PilotError, asPilotError, shellExitCode, signalErrorCode } from '../common/errors.js';
import { initLogging, log } from '../common/log.js';
import { now } from '../common/timing.js';
import { PilotTiming } from './timing.js';
import { trapSignals } from './signals.js';
import { jobLoop } from './loop.js';
import { getJobRequest, localJobDefinitionCandidates, readGetJobAnswer, takeLocalJobDefinition, type GetJobAnswer } from './getjob.js';
import { runJob, type JobOutcome, type RunJobContext } from './runjob.js';
import { handleDescription } from './handle.js';
import { nodeName, freeSpaceMB } from './workernode.js';
import { createSteps, preloadStepModules, type PilotSetup, type StepContext } from './steps.js';
import type { RunnableJob } from './jobrun.js';
import { JobJournal, journalDir, type JournalRecord } from './journal.js';
import { recoverJournal } from './recovery.js';

/** Job failures that become the pilot's exit code, as in Pilot 3 (stage-in failure → 1, lifetime → 81, lost heartbeat → 1). */
const PILOT_LEVEL_CODES = new Set<number>([ErrorCodes.STAGEINFAILED, ErrorCodes.REACHEDMAXTIME, ErrorCodes.NOLOCALSPACE, ErrorCodes.EXCEEDEDMAXWAITTIME]);

/** Our release; Pilot 3's protocol version we are compatible with is reported in pilotID. */
export const PILOT_VERSION = '3.11.5.1';

/**
 * Exit code of a pilot that leaves a final update in the journal (the server never accepted it
 * before final_update_deadline): the job is not lost, the next pilot on the spool re-sends it.
 * Distinct from every Pilot 3 exit code (64–83 and the signal codes).
 */
export const FINAL_UPDATE_JOURNALED_EXIT = 85;

export interface PilotResult {
  exitCode: number;
  errorCode: number;
  outcomes: JobOutcome[];
}

/** Run the pilot with already-parsed setup (see cli/pilot.ts); resolves to the process exit code. */
export async function runPilot(setup: PilotSetup): Promise<PilotResult> {
  const { args, config, env } = setup;
  const timing = new PilotTiming();
  timing.add('0', 'PILOT_START_TIME');
  timing.add('1', 'PILOT_MULTIJOB_START_TIME');
  const sourcedir = process.cwd();

  // Main work dir: <workdir>/PanDA_Pilot3_<pid>_<epoch>, or the launch directory.
  let pilotHome = sourcedir;
  if (args.workdir) {
    pilotHome = path.join(path.resolve(args.workdir), `PanDA_Pilot3_${process.pid}_${Math.trunc(now())}`);
    try {
      mkdirSync(pilotHome, { recursive: true, mode: 0o770 });
      process.chdir(pilotHome);
    } catch (e) {
      process.stderr.write(`failed to create work directory ${pilotHome}: ${(e as Error).message}\n`);
      return { exitCode: shellExitCode(ErrorCodes.MKDIR), errorCode: ErrorCodes.MKDIR, outcomes: [] };
    }
  }
  const lifetimeEnv = Number.parseInt(env.PANDAPILOT_LIFETIME ?? '', 10);
  let lifetimeS = Number.isFinite(lifetimeEnv) ? lifetimeEnv : args.lifetime;

  const pilotLogFile = args.nopilotlog ? undefined : path.join(pilotHome, config.get('Pilot', 'pilotlog', 'pilotlog.txt')!);
  initLogging({ file: pilotLogFile, console: setup.logToConsole, level: args.debug ? 'debug' : 'info' });
  const logger = log('pilot');
  logger.info({ version: PILOT_VERSION, queue: args.queue, pilotHome }, 'panda-pilot starting');

  // The environment children read (Pilot 3's cross-module "globals").
  Object.assign(env, {
    PILOT_WORK_DIR: args.workdir ?? '',
    PILOT_HOME: pilotHome,
    PILOT_STAGEOUT_ATTEMPTS: String(args.stageout_attempts ?? 1),
    PILOT_USER: args.pilot_user,
    PILOT_JOB_STATE: 'startup',
    PILOT_VERSION,
    PILOT_WRAP_UP: 'NORMAL',
    SERVER_UPDATE: 'NOT_DONE',
  });
  env.PILOT_SOURCE_DIR ??= sourcedir;

  const pilotAbort = new AbortController();
  const signals = trapSignals(pilotAbort, setup.hardDeadlineS, (state) => {
    logger.error({ signal: state.first }, 'wind-down deadline passed: killing the payload and exiting');
    void setup.killAll().finally(() => process.exit(shellExitCode(signalErrorCode(state.first ?? 'SIGKILL'))));
  });

  let errorCode = 0;
  let outcomes: JobOutcome[] = [];
  let lifetimeTimer: NodeJS.Timeout | undefined;
  /** Final updates left in the journal (ours or a dead pilot's). */
  let journaledFinals = 0;
  const journal = openJournal(setup, args.workdir ? path.resolve(args.workdir) : sourcedir, logger);
  try {
    await setup.workerStatus?.('started');
    // First the jobs of dead pilots: their final updates wait for nothing (not even the queue).
    let interrupted: JournalRecord[] = [];
    if (journal) {
      const rec = await recoverJournal(journal, { client: setup.client, updateSleepS: setup.updateSleepS, finalDeadlineS: setup.finalDeadlineS, killGraceMs: setup.killGraceMs });
      journaledFinals += rec.kept.length;
      interrupted = rec.interrupted;
    }
    // Pilot 3 checks CVMFS before the queue (unless -b/--nocvmfs); CVMFSISNOTALIVE ends the pilot.
    if (args.cvmfs) {
      const cvmfsError = await setup.checkCvmfs?.();
      if (cvmfsError) throw cvmfsError;
    }
    const queuedata = await setup.loadQueue(pilotHome);
    // As Pilot 3: the queue's maxtime, when set, is the pilot's lifetime; --lifetime is the fallback.
    if (Number(queuedata.maxtime) > 0) lifetimeS = Number(queuedata.maxtime);
    env.PILOT_SITENAME = String(queuedata.resource ?? args.queue);
    env.PILOT_RUCIO_SITENAME ??= String(queuedata.site ?? queuedata.resource ?? '');
    lifetimeTimer = setTimeout(() => pilotAbort.abort(errors.REACHEDMAXTIME(`Pilot lifetime (${lifetimeS} s) reached`)), lifetimeS * 1000);
    lifetimeTimer.unref();

    const runContext = jobContext(setup, { pilotHome, sourcedir, timing, queuedata, signal: pilotAbort.signal, lifetimeS, pilotLogFile, journal });
    const node = runContext.reporter.update.node;

    // Jobs whose pilot died mid-way: payload killed (above); log and final update now.
    const recovered: JobOutcome[] = [];
    for (const rec of interrupted) {
      const e = rec.value;
      const job = await jobOfDescription(setup, e.description, pilotHome);
      const why = errors.KILLSIGNAL(`the pilot running this job (pid ${e.owner.pid}) died in phase ${e.phase}; its payload was killed by pilot ${process.pid}`);
      logger.warn({ jobid: e.jobid, phase: e.phase }, 'finishing the job of a dead pilot');
      const outcome = await runJob(job ?? { jobid: e.jobid, indata: [], outdata: [], logdata: [] }, runContext, why, { workdir: e.workdir, record: rec });
      if (outcome.journaled) journaledFinals++;
      recovered.push(outcome);
    }

    const fetchJob = async (): Promise<GetJobAnswer> => {
      const local = takeLocalJobDefinition(localJobDefinitionCandidates(sourcedir, args.harvester_datadir ?? '', env, config.get('Pilot', 'pandajobdata', 'pandaJobData.out')));
      if (local) return { kind: 'job', description: local };
      if (!setup.client) return { kind: 'nojob', statusCode: undefined, reason: 'no server updates and no job file' };
      const t0 = now();
      const body = await getJobRequest({
        queue: args.queue,
        siteName: env.PILOT_SITENAME!,
        jobLabel: args.job_label,
        versionTag: args.version_tag,
        queueStatus: String(queuedata.status ?? ''),
        maxwdirMB: Number(queuedata.maxwdir) || undefined,
        workingGroup: args.working_group ?? '',
        allowOtherCountry: Boolean(args.allow_other_country),
        jobType: args.jobtype,
        countryGroup: args.country_group,
        resourceType: args.resource_type,
        node,
        workdir: pilotHome,
        env,
      });
      const pending = setup.client.getJob(body, { signal: pilotAbort.signal });
      preloadStepModules(setup.preloadJobParser?.());
      const answer = readGetJobAnswer(await pending);
      if (answer.kind === 'job') {
        const id = String(answer.description.PandaID ?? 'unknown');
        timing.add(id, 'PILOT_PRE_GETJOB', t0);
        timing.add(id, 'PILOT_POST_GETJOB');
      }
      return answer;
    };

    const runDescription = async (desc: Record<string, unknown>): Promise<JobOutcome | undefined> => {
      const outcome = await handleDescription(desc, {
        parseJob: setup.parseJob,
        salvageJob: setup.salvageJob,
        context: runContext,
        onJob: (jobid) => {
          recordJobId(jobid, sourcedir, env);
          env.PILOT_JOB_STATE = 'running';
        },
      });
      if (!outcome) return undefined;
      if (outcome.journaled) journaledFinals++;
      env.PILOT_JOB_STATE = outcome.state;
      // Pilot 3 sets the pilot's own error code (hence its exit code) for these job failures only.
      if (outcome.error && PILOT_LEVEL_CODES.has(outcome.error.code) && errorCode === 0) errorCode = outcome.error.code;
      // Out of time, or out of touch with the server: no further job.
      if (outcome.error?.code === ErrorCodes.REACHEDMAXTIME || outcome.error?.code === ErrorCodes.EXCEEDEDMAXWAITTIME) pilotAbort.abort(outcome.error);
      logger.info({ jobid: outcome.jobid, state: outcome.state, code: outcome.error?.code ?? 0 }, 'job done');
      return outcome;
    };

    const spaceLimitMB = setup.freeSpaceLimitMB;
    const result = await jobLoop({
      maxRequests: args.getjob_requests,
      maxFailures: args.getjob_failures,
      timefloorS: Number(queuedata.timefloor ?? 0) * 60,
      lifetimeS,
      noJobSleepS: setup.noJobSleepS,
      emptySleepS: setup.emptySleepS,
      fetchJob,
      runDescription,
      preflight: async () => {
        const free = await freeSpaceMB(pilotHome);
        if (free < spaceLimitMB) throw errors.NOLOCALSPACE(`Too little space left on local disk to run job: ${Math.trunc(free)} MB < ${spaceLimitMB} MB`);
      },
      signal: pilotAbort.signal,
    });
    outcomes = [...recovered, ...result.outcomes];
    if (result.errorCode && !errorCode) errorCode = result.errorCode;
  } catch (e) {
    const err = asPilotError(e, ErrorCodes.GENERALERROR);
    logger.error({ code: err.code, diag: err.diag }, 'pilot failed');
    errorCode = err.code;
  } finally {
    clearTimeout(lifetimeTimer);
    signals.uninstall();
  }
  if (pilotAbort.signal.aborted && !signals.state.first && !errorCode) errorCode = asPilotError(pilotAbort.signal.reason).code;
  await setup.workerStatus?.('finished').catch(() => {});
  timing.add('0', 'PILOT_END_TIME');
  try {
    timing.write(path.join(pilotHome, config.get('Pilot', 'timing_file', 'pilot_timing.json')!));
  } catch {
    // the work dir may be gone already; timing is informative only
  }
  // A journaled final update keeps its work dir (and the log in it) for the next pilot.
  if (args.cleanup && pilotHome !== sourcedir && journaledFinals === 0) {
    process.chdir(sourcedir);
    rmSync(pilotHome, { recursive: true, force: true });
  }
  if (errorCode === 0 && signals.state.first) errorCode = signalErrorCode(signals.state.first);
  let exitCode = shellExitCode(errorCode);
  if (journaledFinals > 0) {
    exitCode = FINAL_UPDATE_JOURNALED_EXIT;
    logger.error({ journal: journal?.dir, finals: journaledFinals }, `final updates left in the journal: exit ${exitCode}`);
  }
  logger.info({ errorCode, exitCode, jobs: outcomes.length }, 'panda-pilot done');
  return { exitCode, errorCode, outcomes };
}

/** What {@link jobContext} needs besides the setup. */
export interface JobContextOptions extends StepContext {
  pilotLogFile?: string;
  journal?: JobJournal;
}

/** The context every job of this pilot runs in: its steps, reporter settings and journal. */
export function jobContext(setup: PilotSetup, o: JobContextOptions): RunJobContext {
  const { args, config, env } = setup;
  return {
    pilotHome: o.pilotHome,
    timing: o.timing,
    steps: createSteps(setup, o),
    signal: o.signal,
    logDeadlineS: setup.logDeadlineS,
    pilotLogFile: o.pilotLogFile,
    journal: o.journal,
    reporter: {
      client: setup.client,
      update: { node: nodeName(env), siteName: env.PILOT_SITENAME, versionTag: args.version_tag, pilotVersion: PILOT_VERSION, timing: o.timing, env },
      pilotHome: o.pilotHome,
      heartbeatS: setup.heartbeatS,
      debugHeartbeatS: setup.debugHeartbeatS,
      updateSleepS: setup.updateSleepS,
      finalDeadlineS: setup.finalDeadlineS,
      lostHeartbeatS: setup.lostHeartbeatS,
      heartbeatFile: config.get('Pilot', 'heartbeat_message', 'heartbeat.json')!,
    },
  };
}

/** The journal on its spool directory, or undefined (logged) when it cannot be created. */
function openJournal(setup: PilotSetup, base: string, logger: ReturnType<typeof log>): JobJournal | undefined {
  const configured = setup.env.PANDA_PILOT_JOURNAL_DIR || setup.config.get('Pilot', 'journal_dir', '') || undefined;
  try {
    const j = new JobJournal(journalDir(configured, base));
    logger.info({ journal: j.dir }, 'job journal');
    return j;
  } catch (e) {
    logger.error({ err: (e as Error).message }, 'cannot create the job journal: a pilot crash would lose its job');
    return undefined;
  }
}

/** Parse a journaled description again (salvaged when it does not parse; undefined without an id). */
async function jobOfDescription(setup: PilotSetup, desc: Record<string, unknown>, pilotHome: string): Promise<RunnableJob | undefined> {
  try {
    return await setup.parseJob(desc, pilotHome);
  } catch {
    try {
      return await setup.salvageJob(desc);
    } catch {
      return undefined;
    }
  }
}

/** Append the job id to pandaIDs.out for the wrapper (PANDA_PILOT_SOURCE or the launch dir). */
function recordJobId(jobid: string, sourcedir: string, env: NodeJS.ProcessEnv): void {
  const dir = env.PANDA_PILOT_SOURCE && existsSync(env.PANDA_PILOT_SOURCE) ? env.PANDA_PILOT_SOURCE : sourcedir;
  try {
    appendFileSync(path.join(dir, 'pandaIDs.out'), `${jobid}\n`);
  } catch {
    // a read-only launch dir must not fail the job
  }
}
