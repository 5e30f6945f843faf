/**
 * The pilot process from start to exit: Pilot 3's start-up sequence (work dir, logging,
 * environment, queue checks), the job loop, and the wrap-up with Pilot 3's exit codes.
 */
import { resolvePandaServer } from '../server/url.js';
import { existsSync, mkdirSync, appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes, errors, PilotError, asPilotError, shellExitCode, signalErrorCode } from '../common/errors.js';
import { initLogging, log, type Logger } from '../common/log.js';
import { now } from '../common/timing.js';
import { PilotTiming } from './timing.js';
import { trapSignals } from './signals.js';
import { jobLoop } from './loop.js';
import { getJobRequest, localJobDefinitionCandidates, readGetJobAnswer, takeLocalJobDefinition, type GetJobAnswer } from './getjob.js';
import { runJob, type JobOutcome, type RunJobContext } from './runjob.js';
import { handleDescription } from './handle.js';
import { JobJournal, journalDir, type JournalRecord } from './journal.js';
import { recoverJournal } from './recovery.js';
import { nodeName, freeSpaceMB } from './workernode.js';
import { stagerSteps } from '../workflow/stager.js';
import { delayToGetJob, shutdownTimeReached } from './sitefeatures.js';
import type { MessageService, SecretsSource } from './msgsvc.js';
import { updateCondorClassad } from './condor.js';
import { pilotId } from './updates.js';
import { sendsWorkernodeMap, startStartupReports, type StartupReportOptions } from './startup-reports.js';
import { createSteps, preloadStepModules, type HarvesterFiles, type PilotSetup, type StepContext } from './steps.js';
import type { JobSteps } from './runjob.js';
import type { UpdateSender } from './reporter.js';
import type { JobRun, RunnableJob } from './jobrun.js';

/** Job failures that become the pilot's exit code, as in Pilot 3 (stage-in failure → 1, lifetime → 81, lost heartbeat → 1). */
const PILOT_LEVEL_CODES = new Set<number>([ErrorCodes.STAGEINFAILED, ErrorCodes.REACHEDMAXTIME, ErrorCodes.NOLOCALSPACE, ErrorCodes.EXCEEDEDMAXWAITTIME]);

import { PILOT_VERSION } from '../common/version.js';
/** The Pilot 3 release we announce (one definition: common/version.ts). */
export { PILOT_VERSION };

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
  // Pilot 3's layout unless PANDA_PILOT_LOG_FORMAT=json or [Pilot] log_format = json.
  const logFormat = (env.PANDA_PILOT_LOG_FORMAT ?? config.get('Pilot', 'log_format', 'pilot')) === 'json' ? 'json' : 'pilot';
  initLogging({ file: pilotLogFile, console: setup.logToConsole, consoleFile: args.redirectstdout || undefined, level: args.debug ? 'debug' : 'info', format: logFormat });
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
  // The rest of Pilot 3's environment flags and server URLs (payloads and their wrappers read some).
  const pyBool = (b: boolean) => (b ? 'True' : 'False');
  Object.assign(env, {
    PILOT_PROXY_VERIFICATION: pyBool(args.verify_proxy),
    PILOT_PAYLOAD_PROXY_VERIFICATION: pyBool(args.verify_payload_proxy),
    PILOT_RESOURCE_NAME: args.hpc_resource ?? '',
    PILOT_USE_RUCIO_TRACES: pyBool(args.use_rucio_traces),
    PILOT_ES_EXECUTOR_TYPE: args.executor_type,
    PANDA_SERVER_URL: resolvePandaServer(args.url, args.port, config.get('Pilot', 'pandaserver') ?? ''),
    QUEUEDATA_SERVER_URL: args.queuedata_url ?? '',
    // one payload iteration (Pilot 3 counts the HPO loop's iterations here)
    PILOT_EXEC_ITERATION_COUNT: '0',
  });
  if (args.output_dir) env.PILOT_OUTPUT_DIR = args.output_dir;
  if (args.storagedata_url) env.STORAGEDATA_SERVER_URL = args.storagedata_url;

  const pilotAbort = new AbortController();
  const signals = trapSignals(pilotAbort, setup.hardDeadlineS, (state) => {
    logger.error({ signal: state.first }, 'wind-down deadline passed: killing the payload and exiting');
    void setup.killAll().finally(() => process.exit(shellExitCode(signalErrorCode(state.first ?? 'SIGKILL'))));
  });

  let errorCode = 0;
  /** why the pilot failed, for stderr (the wrapper's batch log) */
  let failure = '';
  let outcomes: JobOutcome[] = [];
  let lifetimeTimer: NodeJS.Timeout | undefined;
  let stopRealtime: (() => Promise<void> | undefined) | undefined;
  let harvesterFiles: HarvesterFiles | undefined;
  let shutdownTimer: NodeJS.Timeout | undefined;
  let forcedExit: number | undefined;
  let msgsvc: MessageService | undefined;
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
    // the CPU level the experiment's tool reports (ATLAS: cpu_arch.py through ALRB), once, while the queue downloads
    const userPlugin = () => import('../user/index.js').then((u) => u.getPlugin(args.pilot_user));
    const cpuLevel = sendsWorkernodeMap(args.pilot_user, Boolean(setup.client))
      ? userPlugin().then((p) => p.cpuArchitectureLevel?.(env) ?? '').catch(() => '')
      : undefined;
    const queuedata = await setup.loadQueue(pilotHome);
    endUnimplementedWorkflow(args.workflow);
    if (args.subscribe_to_msgsvc && setup.client) msgsvc = await openMessageService(setup, pilotAbort);
    // Pilot 3's calls before the first getJob (worker-node map, memory limits), in its order; the first getJob waits for them
    const startup = startStartupReports({
      pilotUser: args.pilot_user,
      updateServer: Boolean(args.update_server),
      client: setup.client as unknown as StartupReportOptions['client'],
      cpuLevel,
      site: String(queuedata.site ?? queuedata.resource ?? args.queue),
      queue: String(queuedata.name ?? args.queue),
      env,
      pilotHome,
      mapFile: config.get('Workernode', 'map', 'workernode_map.json')!,
      gpuMapFile: config.get('Workernode', 'gpu_map', 'gpu_map.json')!,
      memoryLimitsFromServer: () => userPlugin().then((p) => p.memoryLimitsFromServer === true),
      logger,
    });
    // a signal does not wait for their answers
    const startupDone = new Promise<void>((resolve) => {
      void startup.ready.then(resolve);
      pilotAbort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    // As Pilot 3: the queue's maxtime, when set, is the pilot's lifetime; --lifetime is the fallback.
    if (Number(queuedata.maxtime) > 0) lifetimeS = Number(queuedata.maxtime);
    env.PILOT_SITENAME = String(queuedata.resource ?? args.queue);
    env.PILOT_IP_VERSION = String((queuedata.params as Record<string, unknown> | undefined)?.internet_protocol_version ?? 'IPv6');
    env.PILOT_RUCIO_SITENAME ??= String(queuedata.site ?? queuedata.resource ?? '');
    lifetimeTimer = setTimeout(() => pilotAbort.abort(errors.REACHEDMAXTIME(`Pilot lifetime (${lifetimeS} s) reached`)), lifetimeS * 1000);
    lifetimeTimer.unref();
    // Pilot 3 refreshes the OIDC token once the queue (its catchall) is known, then periodically.
    await setup.credentials?.startTokenRenewal(queuedata.catchall, pilotAbort.signal);
    // machine features: the node's shutdown time ends the pilot ten minutes before it (checked each minute)
    const pilotStartS = Date.now() / 1000;
    shutdownTimer = setInterval(() => {
      if (!pilotAbort.signal.aborted && shutdownTimeReached(env, pilotStartS)) {
        logger.error({ machinefeatures: env.MACHINEFEATURES }, 'machine shutdown time (less its 10 min grace) reached: ending the pilot');
        pilotAbort.abort(errors.REACHEDMAXTIME('Reached the machine features shutdown time'));
      }
    }, (setup.shutdownCheckS ?? 60) * 1000);
    shutdownTimer.unref();

    const metrics = await startMetrics(setup, timing, logger);
    const realtime = args.use_realtime_logging
      ? (await import('../rtlog/session.js')).realtimeSessions({
          server: args.realtime_logging_server,
          logname: args.realtime_logname,
          format: args.realtime_logging_format,
          catchall: String(queuedata.catchall ?? ''),
          configValue: config.get('Pilot', 'rtlogging', ''),
          intervalS: config.getFloat('Pilot', 'rtlogging_interval', 5),
          env,
        })
      : undefined;
    stopRealtime = () => realtime?.close();
    const node = nodeName(env);
    // Harvester's files (push or pull with -z): the job comes from them, the updates go to them
    const files = (harvesterFiles = setup.client ? undefined : setup.fileClient?.(pilotHome, sourcedir));
    const harvester = files?.harvester === true;
    let jobsRun = 0;
    const genericSteps = createSteps(setup, { pilotHome, sourcedir, timing, queuedata, signal: pilotAbort.signal, lifetimeS, resourceTypes: startup.resourceTypes });
    // -w stager: inputs in, no payload, the job held for its lease, only the log out
    const steps = args.workflow === 'stager' ? stagerSteps(genericSteps, { leaseS: args.leasetime, inputDestination: args.input_destination_dir || undefined, pod: args.pod }) : genericSteps;
    const runContext = jobContext(setup, { pilotHome, sourcedir, timing, queuedata, signal: pilotAbort.signal, lifetimeS, pilotLogFile, journal }, { steps, client: setup.client ?? (harvester ? files : undefined) });
    // --cleanup False keeps the job directories too (a site test wants to look at them)
    runContext.removeWorkdir = args.cleanup;
    if (metrics || realtime) {
      runContext.onState = (run: JobRun, state: string) => {
        metrics?.onState(run, state);
        realtime?.onState(run, state);
      };
    }

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

    // Several jobs at once (ours): each slot runs Pilot 3's job loop with its share of the cores,
    // memory and disk; jobs keep their own work dir, monitor, heartbeats and final update.
    const slotCores = Math.max(1, Math.trunc(Number(queuedata.corecount) || 1));
    // Harvester's job files come one at a time: one slot there
    const slots = harvester ? 1 : args.multi_job_slots === 'auto' ? slotCores : Math.max(1, Number(args.multi_job_slots ?? 1) || 1);
    const coreShare = Math.max(1, Math.floor(slotCores / slots));
    if (slots > 1) logger.info({ slots, slotCores, coreShare }, 'multi-job slots: running jobs concurrently');

    // Pilot 3 keeps the last job's task id (PanDA_TaskID) and, with --allow-same-user, asks for
    // the next job of the same task.
    let lastTaskId: string | undefined;
    const fetchJob = async (): Promise<GetJobAnswer> => {
      if (harvester && files) {
        // Pilot 3: the first job is pre-placed; for each further one Harvester is asked
        if (jobsRun > 0) files.requestNewJobs();
        const desc = await files.getJob();
        if (Object.keys(desc).length > 0) return { kind: 'job', description: desc };
        return { kind: 'nojob', statusCode: undefined, reason: 'no job definition file from Harvester (yet)' };
      }
      const local = takeLocalJobDefinition(localJobDefinitionCandidates(sourcedir, args.harvester_datadir ?? '', env, config.get('Pilot', 'pandajobdata', 'pandaJobData.out')));
      if (local) return { kind: 'job', description: local };
      if (!setup.client) return { kind: 'nojob', statusCode: undefined, reason: 'no server updates and no job file' };
      if (setup.loadRule) {
        const load = delayToGetJob(setup.loadRule);
        if (load.delay) {
          logger.info({ load1: load.load1, maxLoad: load.maxLoad }, 'node load above cores x load_factor: no getJob this time (delay_to_get_job)');
          return { kind: 'nojob', statusCode: undefined, reason: `node load ${load.load1} > ${load.maxLoad}` };
        }
      }
      // --subscribe-to-msgsvc: a getJob only for a get_job message (for its task), as Pilot 3
      let taskid: string | undefined;
      if (msgsvc) {
        const m = await msgsvc.nextJobRequest(pilotAbort.signal);
        if (!m) return { kind: 'nojob', statusCode: undefined, reason: 'the message service said no further job' };
        taskid = m.taskid === undefined ? undefined : String(m.taskid);
      }
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
        taskId: args.allow_same_user ? lastTaskId : undefined,
      });
      if (slots > 1) {
        // ask for a job that fits one slot's share of the node
        for (const k of ['mem', 'diskSpace'] as const) if (typeof body[k] === 'number') body[k] = Math.floor((body[k] as number) / slots);
      }
      if (taskid !== undefined) body.taskID = taskid;
      logger.info({ ...body }, 'getJob request');
      await startupDone;
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

    const runDescription = async (desc: Record<string, unknown>, slot: number): Promise<JobOutcome | undefined> => {
      const outcome = await handleDescription(desc, {
        parseJob: setup.parseJob,
        salvageJob: setup.salvageJob,
        context: runContext,
        onJob: (job) => {
          if (slots > 1) job.slotEnv = { ATHENA_CORE_NUMBER: String(coreShare), PANDA_PILOT_SLOT: String(slot) };
          jobsRun++;
          recordJobId(job.jobid, sourcedir, env);
          // HTCondor: the job id in the environment and the job's ClassAd, as Pilot 3 (not waited for)
          if (env._CONDOR_JOB_AD) void updateCondorClassad(job.jobid, pilotId(runContext.reporter.update as never), env, logger);
          const taskid = (job as { taskid?: unknown }).taskid;
          lastTaskId = taskid === undefined || taskid === null ? '' : String(taskid);
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
    const loopFor = (slot: number) => jobLoop({
      // Harvester mode: up to 60 looks for a job file, 10 s apart; push mode tolerates 12 misses
      // (Harvester looks at job requests every five minutes) unless -x says otherwise
      maxRequests: harvester ? 60 : args.getjob_requests,
      maxFailures: files?.push && args.getjob_failures === 5 ? 12 : args.getjob_failures,
      timefloorS: Number(queuedata.timefloor ?? 0) * 60,
      lifetimeS,
      noJobSleepS: setup.noJobSleepS,
      emptySleepS: harvester ? setup.harvesterJobWaitS ?? 10 : setup.emptySleepS,
      fetchJob,
      runDescription: (desc) => runDescription(desc, slot),
      preflight: async () => {
        // as Pilot 3: the proxy first (PROXYTOOSHORT, ...), then the local space
        setup.credentials?.preflight();
        const free = await freeSpaceMB(pilotHome);
        if (free < spaceLimitMB) throw errors.NOLOCALSPACE(`Too little space left on local disk to run job: ${Math.trunc(free)} MB < ${spaceLimitMB} MB`);
      },
      signal: pilotAbort.signal,
    });
    const results = args.workflow === 'generic_hpc'
      ? [await genericHpc(setup, sourcedir)]
      : await Promise.all(Array.from({ length: slots }, (_, i) => loopFor(i)));
    outcomes = [...recovered, ...results.flatMap((r) => r.outcomes)];
    await metrics?.close();
    const failed = results.find((r) => r.errorCode);
    if (failed?.errorCode && !errorCode) {
      errorCode = failed.errorCode;
      failure = 'reason' in failed ? String(failed.reason) : `pilot error ${failed.errorCode}`;
    }
  } catch (e) {
    const err = asPilotError(e, ErrorCodes.GENERALERROR);
    logger.error({ code: err.code, diag: err.diag }, 'pilot failed');
    errorCode = err.code;
    failure = err.diag;
    forcedExit = (e as { shellExit?: number }).shellExit;
  } finally {
    await stopRealtime?.();
    clearTimeout(lifetimeTimer);
    setup.credentials?.stop();
    clearInterval(shutdownTimer);
    msgsvc?.stop();
    signals.uninstall();
  }
  if (pilotAbort.signal.aborted && !signals.state.first && !errorCode) errorCode = asPilotError(pilotAbort.signal.reason).code;
  await setup.workerStatus?.('finished').catch(() => {});
  // Harvester mode: a kill_worker file tells Harvester the worker is done
  if (harvesterFiles?.harvester) {
    try {
      harvesterFiles.killWorker();
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'cannot write the kill_worker file');
    }
  }
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
  let exitCode = forcedExit ?? shellExitCode(errorCode);
  if (journaledFinals > 0) {
    exitCode = FINAL_UPDATE_JOURNALED_EXIT;
    logger.error({ journal: journal?.dir, finals: journaledFinals }, `final updates left in the journal: exit ${exitCode}`);
  }
  journal?.close();
  logger.info({ errorCode, exitCode, jobs: outcomes.length }, 'panda-pilot done');
  if (failure) process.stderr.write(`panda-pilot: ${failure} (pilot error ${errorCode}, exit ${exitCode})\n`);
  return { exitCode, errorCode, outcomes };
}

/**
 * Workflow names Pilot 3 accepts but cannot run: production, analysis and the *_hpc ones (their
 * run() is a stub, so Pilot 3 ends with 1008, exit 65, before any getJob) and payload_stageout
 * (no module: Pilot 3 crashes, exit 1). Ours ends the same way, saying why.
 */
function endUnimplementedWorkflow(workflow: string): void {
  if (['production', 'production_hpc', 'analysis', 'analysis_hpc', 'eventservice_hpc'].includes(workflow)) {
    throw errors.GENERALERROR(`workflow '${workflow}' is not implemented (in Pilot 3 neither): use generic`);
  }
  if (workflow === 'payload_stageout') {
    const e = errors.GENERALERROR(`workflow '${workflow}' does not exist (Pilot 3 fails to import it)`);
    throw Object.assign(e, { shellExit: 1 });
  }
}

/** Subscribe to the message service ([Message_broker], the broker login from PanDA's user secrets). */
async function openMessageService(setup: PilotSetup, pilotAbort: AbortController): Promise<MessageService> {
  const { MessageService, brokerCredentials } = await import('./msgsvc.js');
  const credentials = await brokerCredentials(setup.client as unknown as SecretsSource);
  return MessageService.open({
    host: setup.config.get('Message_broker', 'url', 'atlas-test-mb.cern.ch')!,
    port: Number(setup.config.get('Message_broker', 'receiver_port', '61013')),
    destination: `/${setup.args.allow_same_user ? 'topic' : 'queue'}/panda.pilot`,
    credentials,
    onKill: (err) => pilotAbort.abort(err),
  });
}

/** -w generic_hpc: this rank's job from Harvester's files, no server (see workflow/generic-hpc.ts). */
async function genericHpc(setup: PilotSetup, sourcedir: string): Promise<{ outcomes: JobOutcome[]; errorCode?: number }> {
  const { runGenericHpc } = await import('../workflow/generic-hpc.js');
  const r = await runGenericHpc({
    resource: setup.args.hpc_resource,
    communicationPoint: setup.args.harvester_workdir || sourcedir,
    config: setup.config,
    env: setup.env,
    parseJob: async (desc, workdir) => (await setup.parseJob(desc, workdir)) as never,
  });
  // as Pilot 3, the job's state goes to Harvester in the work report; the pilot itself exits 0
  return { outcomes: r.jobid ? [{ jobid: r.jobid, state: r.state, accepted: true }] : [] };
}

/** What {@link jobContext} needs besides the setup. */
export interface JobContextOptions extends StepContext {
  pilotLogFile?: string;
  journal?: JobJournal;
}

/**
 * The context every job of this pilot runs in: its steps (the generic ones unless given), the
 * reporter's settings (the server client unless given) and the journal.
 */
export function jobContext(setup: PilotSetup, o: JobContextOptions, over: { steps?: JobSteps; client?: UpdateSender } = {}): RunJobContext {
  const { args, config, env } = setup;
  return {
    pilotHome: o.pilotHome,
    timing: o.timing,
    steps: over.steps ?? createSteps(setup, o),
    signal: o.signal,
    logDeadlineS: setup.logDeadlineS,
    pilotLogFile: o.pilotLogFile,
    journal: o.journal,
    watchJob: setup.credentials ? (kill: (e: PilotError) => void, signal: AbortSignal, job: RunnableJob) => setup.credentials!.watchJob(kill, signal, job) : undefined,
    reporter: {
      client: 'client' in over ? over.client : setup.client,
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
    const j = new JobJournal(journalDir(configured, base), { removeWhenEmpty: !configured });
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

/** --metrics-port / --metrics-file: the metrics endpoint and textfile, when asked for. */
async function startMetrics(setup: PilotSetup, timing: PilotTiming, logger: Logger): Promise<{ onState: (run: JobRun, state: string) => void; close(): Promise<void> } | undefined> {
  const { args } = setup;
  if (!args.metrics_port && !args.metrics_file) return undefined;
  const { PilotMetrics, startMetricsServer } = await import('../metrics/metrics.js');
  const metrics = new PilotMetrics(timing as never, { version: PILOT_VERSION, queue: args.queue });
  const server = args.metrics_port ? await startMetricsServer(metrics, args.metrics_port, args.metrics_host) : undefined;
  if (server) logger.info({ url: server.url }, 'metrics endpoint');
  const write = () => {
    if (!args.metrics_file) return;
    try {
      metrics.writeTextfile(path.resolve(setup.env.PILOT_SOURCE_DIR ?? '.', args.metrics_file));
    } catch (e) {
      logger.warn({ file: args.metrics_file, err: (e as Error).message }, 'metrics file not written');
    }
  };
  write();
  return {
    onState: (run, state) => {
      metrics.jobState(run, state);
      write();
    },
    close: async () => {
      write();
      await server?.close();
    },
  };
}
