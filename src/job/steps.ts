/**
 * Wires the job's steps to the components that do the work: data (stage-in/out, log), user
 * plugin (payload command, job report), payload (process tree) and monitor (watchers). The job
 * runner only sees the four steps; this is the one place that knows the components.
 */
import path from 'node:path';
import { ErrorCodes, PilotError, asPilotError, errorMessage, errors, transferDiagnostics } from '../common/errors.js';
import { log } from '../common/log.js';
import type { PilotArgs } from '../cli/args.js';
import type { PilotConfig } from '../config/index.js';
import type { JobRun, RunnableJob } from './jobrun.js';
import { executorKind } from '../eventservice/kind.js';
import { floatToRoundedString } from '../services/math.js';
import type { ExperimentPlugin, PluginJob } from '../user/plugin.js';
import type { DataContext } from '../data/job.js';
import type { JobSteps } from './runjob.js';
import type { PilotTiming } from './timing.js';
import type { UpdateSender } from './reporter.js';
import type { PilotCredentials } from '../credentials/pilot.js';
import type { LoadRule } from './sitefeatures.js';

/** What the job loop uses of the Harvester file transport (src/server/harvester.ts). */
export interface HarvesterFiles extends UpdateSender {
  /** Harvester mode (worker attributes, stage-out declarations) rather than heartbeat.json only. */
  readonly harvester: boolean;
  /** Pilot 3's push mode: jobs are pushed into the work dir, none is asked of a server. */
  readonly push: boolean;
  getJob(data?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Ask Harvester for another job (worker_requestjob.json). */
  requestNewJobs(njobs?: number): void;
  /** Tell Harvester the worker is done (kill_worker). */
  killWorker(): string;
}

/** Everything the pilot needs, resolved from the command line, config and environment. */
export interface PilotSetup {
  args: PilotArgs;
  config: PilotConfig;
  env: NodeJS.ProcessEnv;
  client: (UpdateSender & { getJob(data: Record<string, unknown>, opts?: { signal?: AbortSignal }): Promise<Record<string, unknown>> }) | undefined;
  /** Log to stdout too (Pilot 3's console handler); PANDA_PILOT_LOG_CONSOLE=0 turns it off. */
  logToConsole: boolean;
  heartbeatS: number;
  debugHeartbeatS: number;
  updateSleepS: number;
  finalDeadlineS: number;
  lostHeartbeatS: number;
  logDeadlineS: number;
  hardDeadlineS: number;
  freeSpaceLimitMB: number;
  noJobSleepS: [number, number];
  emptySleepS: number;
  /** Payload kill grace (Pilot 3: 10 s). */
  killGraceMs: number;
  /** Monitor periods/limits overrides (tests use short ones). */
  monitorOverrides?: Record<string, number>;
  loadQueue(pilotHome: string): Promise<QueueInfo>;
  parseJob(desc: Record<string, unknown>, pilotHome: string): Promise<RunnableJob>;
  /** What is left of a malformed description: its PandaID and log file (undefined without a PandaID). */
  salvageJob(desc: Record<string, unknown>): Promise<RunnableJob | undefined>;
  /** Start loading the job parser (called when the getJob request goes out). */
  preloadJobParser?(): Promise<unknown>;
  workerStatus?(status: 'started' | 'finished'): Promise<void>;
  /**
   * Harvester's shared-file transport (push/pull mode with `-z`, or Nordugrid's heartbeat.json):
   * made once the pilot home is known; the job comes from its files and every update goes to them.
   */
  fileClient?(pilotHome: string, sourcedir: string): HarvesterFiles;
  /** Hold back getJob while the node is loaded (Pilot 3's delay_to_get_job). */
  loadRule?: LoadRule;
  /** Seconds between machine-features shutdown-time checks (Pilot 3: 60). */
  shutdownCheckS?: number;
  /** Seconds between looks for a Harvester job file (Pilot 3: 10). */
  harvesterJobWaitS?: number;
  /** The experiment's CVMFS check (undefined when fine or not applicable). */
  checkCvmfs?(): Promise<PilotError | undefined>;
  /** Kill every payload the pilot started (the hard deadline's last resort). */
  killAll(): Promise<void>;
  /** The info service the queue was resolved with (set by loadQueue; the data layer uses it). */
  infoservice?: unknown;
  /** Proxy checks/renewal, per-job user proxies and the OIDC refresh (credentials/pilot.ts). */
  credentials?: PilotCredentials;
}

/** The queuedata fields the runner reads itself (the full object goes to the components). */
export type QueueInfo = Record<string, unknown> & {
  resource?: string;
  site?: string;
  maxtime?: number;
  timefloor?: number;
  maxwdir?: number;
  status?: string;
};

export interface StepContext {
  pilotHome: string;
  sourcedir: string;
  timing: PilotTiming;
  queuedata: QueueInfo;
  signal: AbortSignal;
  /** The pilot's effective lifetime (s): --lifetime, PANDAPILOT_LIFETIME or queue maxtime. */
  lifetimeS: number;
  /** The server's memory limits as the start-up calls got them (startup-reports.ts); absent: asked here. */
  resourceTypes?: Promise<Record<string, Record<string, unknown>> | undefined>;
}

/** Payloads alive right now, so a hard deadline can kill them all. */
const livePayloads = new Set<{ kill(graceMs?: number): Promise<unknown> }>();

/** Kill every live payload tree (used by the signal deadline). */
export async function killLivePayloads(graceMs = 1000): Promise<void> {
  await Promise.allSettled([...livePayloads].map((p) => p.kill(graceMs)));
}

/**
 * Start loading the job-step components now (while the getJob request is in flight), so the
 * first job does not wait for them. Loading is CPU work on the one thread, so it goes in the order
 * a job needs it: after `first` (the job parser), the payload's components, then the data layer
 * (measured: loading it while the payload runs instead costs more CPU in the payload's window and
 * delays short jobs' final updates). Errors surface later, at the real import.
 */
export function preloadStepModules(first: Promise<unknown> = Promise.resolve()): void {
  first
    .catch(() => undefined)
    .then(() => Promise.all([import('../user/index.js'), import('../payload/index.js'), import('../monitor/index.js')]))
    .then(() => import('../data/index.js'))
    .catch(() => undefined);
}

/**
 * A failed transfer's error with its pilotErrorDiag in Pilot 3's form (standard message, ": ",
 * the detail); errors that carry only their standard message (signals, aborts) pass unchanged.
 */
function asTransferError(e: unknown): never {
  if (e instanceof PilotError && e.diag !== errorMessage(e.code)) throw new PilotError(e.code, transferDiagnostics(e.code, e.diag), { cause: e });
  throw e;
}

/** The job steps for this pilot. Heavy components load on first use, not at start-up. */
export function createSteps(setup: PilotSetup, sc: StepContext): JobSteps {
  const logger = log('steps');
  const monitors = new Map<JobRun, { cpuConsumptionTime(): number; memoryInfo(): Record<string, number>; jobMetrics(final?: boolean): Record<string, string>; coreCounts(): number[]; memorySummary(): { Max?: Record<string, number> } | undefined }>();
  let buildMetrics: ((m: Record<string, unknown>) => string) | undefined;
  let userPlugin: { coreCountFromMemoryMonitor?: boolean } | undefined;
  // The job's environment: the pilot's, or with the job's own user proxy (unified queues).
  const baseEnv = (run: JobRun, signal: AbortSignal) =>
    setup.credentials?.jobEnv({ job: run.job, workdir: run.workdir }, String(sc.queuedata.type ?? ''), signal) ?? Promise.resolve(setup.env);
  // Variables the experiment's job utilities set (ATLAS xcache proxy), per job: started before
  // stage-in (or before the payload of a job without inputs), stopped after the payload or, when
  // the payload never ran, before the log tarball.
  const utilities = new WeakMap<JobRun, { env: Record<string, string>; stopped: boolean }>();
  const jobEnv = async (run: JobRun, signal: AbortSignal) => {
    const env = await baseEnv(run, signal);
    const extra = utilities.get(run)?.env;
    return extra && Object.keys(extra).length ? { ...env, ...extra } : env;
  };
  const utilityCtx = async (run: JobRun, signal?: AbortSignal) => ({ env: await baseEnv(run, signal ?? sc.signal), pilotHome: sc.pilotHome, queuedata: sc.queuedata, signal });
  const startUtilities = async (run: JobRun, plugin: ExperimentPlugin, signal: AbortSignal) => {
    if (utilities.has(run)) return;
    utilities.set(run, { env: {}, stopped: false });
    // a utility never fails the job (Pilot 3's ignore_failure)
    utilities.get(run)!.env = await plugin.startJobUtilities(run.job as RunnableJob & PluginJob, await utilityCtx(run, signal))
      .catch((e: unknown) => (logger.warn({ err: String(e) }, 'job utilities not started'), {}));
  };
  const stopUtilities = async (run: JobRun, plugin: ExperimentPlugin) => {
    const u = utilities.get(run);
    if (!u || u.stopped) return;
    u.stopped = true;
    await plugin.stopJobUtilities(run.job as RunnableJob & PluginJob, { ...(await utilityCtx(run)), env: await jobEnv(run, sc.signal) })
      .catch((e: unknown) => logger.warn({ err: String(e) }, 'job utilities not stopped'));
  };
  // The server's memory limits per resource type (ATLAS asks at start-up, as Pilot 3: the pilot's
  // start-up calls pass them in, before the first getJob); undefined: the monitor's built-in table applies.
  const client = setup.client as { getResourceTypes?(): Promise<Record<string, Record<string, unknown>>> } | undefined;
  const resourceTypes: Promise<Record<string, Record<string, unknown>> | undefined> = sc.resourceTypes ?? import('../user/index.js')
    .then((u) => (u.getPlugin(setup.args.pilot_user).memoryLimitsFromServer && setup.args.update_server && client?.getResourceTypes ? client.getResourceTypes() : undefined))
    .then((t) => (t && Object.keys(t).length ? t : undefined))
    .catch((e: unknown) => {
      logger.warn({ err: String(e) }, 'no resource types from the server (built-in memory limits apply)');
      return undefined;
    });
  const dataCtx = async (run: JobRun, signal: AbortSignal, mvFinalDestination?: boolean): Promise<DataContext> => ({
    mvFinalDestination,
    // stage-in/out in the middleware container or a separate process when the queue asks for it
    middleware: (await import('../data/middleware-launch.js')).middlewareSettings(sc.queuedata as never, setup.config, (await import('../user/index.js')).getPlugin(setup.args.pilot_user).middlewareLauncher),
    infoservice: setup.infoservice as DataContext['infoservice'],
    queuedata: sc.queuedata as DataContext['queuedata'],
    pilotHome: sc.pilotHome,
    queue: setup.args.queue,
    outputDir: setup.args.output_dir || undefined,
    inputDir: setup.args.input_dir || undefined,
    env: await jobEnv(run, signal),
    // A live line per file on a terminal, one log line per finished file in a batch log.
    progress: true,
    // Traces go to [Rucio] url (Pilot 3's default) unless --use-rucio-traces False.
    traceUrl: setup.args.use_rucio_traces ? setup.config.get('Rucio', 'url', '') || undefined : undefined,
    // --rucio-host, else RUCIO_HOST, else [Rucio] host, as Pilot 3 resolves it.
    rucio: { url: setup.args.rucio_host || setup.env.RUCIO_HOST || setup.config.get('Rucio', 'host', '') || undefined, env: await jobEnv(run, signal) },
    signal,
  });

  /** The HTML job report (plots of memory, CPU, I/O, phases) goes into the log tarball. */
  const writeReport = async (run: JobRun) => {
    const { writeJobReport } = await import('../report/jobreport.js');
    const keys = ['PILOT_PRE_GETJOB', 'PILOT_POST_GETJOB', 'PILOT_PRE_STAGEIN', 'PILOT_POST_STAGEIN', 'PILOT_PRE_SETUP', 'PILOT_POST_SETUP',
      'PILOT_PRE_PAYLOAD', 'PILOT_POST_PAYLOAD', 'PILOT_PRE_STAGEOUT', 'PILOT_POST_STAGEOUT', 'PILOT_PRE_LOG_TAR'] as const;
    const files = [['input', run.job.indata], ['output', run.job.outdata], ['log', run.job.logdata]] as const;
    writeJobReport({
      jobid: run.jobid,
      workdir: run.workdir,
      stamps: Object.fromEntries(keys.map((k) => [k, sc.timing.get(run.jobid, k)])),
      state: run.failed ? 'failed' : 'finished',
      pilotErrorCode: run.error?.code ?? 0,
      pilotErrorDiag: run.error?.diag ?? '',
      transExitCode: run.transExitCode,
      files: files.flatMap(([type, list]) => list.map((f) => ({ type, lfn: f.lfn, size: f.filesize, status: f.status }))),
    });
  };

  return {
    async stageIn(run, signal) {
      const [data, { getPlugin }] = await Promise.all([import('../data/index.js'), import('../user/index.js')]);
      // The experiment may keep inputs from the transfer (ATLAS: DBRelease is on CVMFS).
      const plugin = getPlugin(setup.args.pilot_user);
      await startUtilities(run, plugin, signal);
      await plugin.beforeStageIn(run.job as RunnableJob & PluginJob, setup.env);
      // Merge jobs read the event-service outputs back from the object store first.
      if (executorKind(run.job) === 'eventservicemerge') await (await import('../eventservice/index.js')).stageInFromObjectStore(run.job.indata as never, run.workdir, (await dataCtx(run, signal)) as never, signal);
      await data.stageInJob(run.job as never, await dataCtx(run, signal, plugin.mvFinalDestination)).catch(asTransferError);
    },

    async executePayload(run, signal, started) {
      const [{ getPlugin, splitBaseUrls, buildJobMetrics, PREPROCESS_DONE_CODES }, payload, monitor] = await Promise.all([
        import('../user/index.js'),
        import('../payload/index.js'),
        import('../monitor/index.js'),
      ]);
      buildMetrics = buildJobMetrics as (m: Record<string, unknown>) => string;
      userPlugin = getPlugin(setup.args.pilot_user);
      const id = run.jobid;
      const job = run.job as RunnableJob & PluginJob;
      const plugin = getPlugin(setup.args.pilot_user);
      await startUtilities(run, plugin, signal);
      // the job's own environment (credentials), with its multi-job slot's share of the cores
      const baseEnv = { ...(await jobEnv(run, signal)), ...(job.slotEnv ?? {}) };
      const payloadEnv = plugin.payloadEnvironment?.(job, baseEnv) ?? baseEnv;
      sc.timing.add(id, 'PILOT_PRE_SETUP');
      plugin.validate(job);
      // Executor choice (Pilot 3's execute_payloads): event service, its merge, or generic.
      const kind = executorKind(job);
      const es = kind === 'generic' ? undefined : { kind, m: await import('../eventservice/index.js') };
      if (es?.kind === 'eventservicemerge') await es.m.prepareMergeJob(job as never, run.workdir);
      const setupType = String(setup.config.get('Container', 'setup_type', 'ALRB'));
      const container = plugin.resolveContainer(job, sc.queuedata as never, { env: setup.env, setupType });
      let command = await plugin.buildPayloadCommand(job, {
        workdir: run.workdir,
        trfBaseUrls: splitBaseUrls(setup.args.baseurls),
        env: payloadEnv,
        queuedata: sc.queuedata,
        setupType,
        signal,
        remoteFileVerificationLog: String(setup.config.get('Pilot', 'remotefileverification_log', 'remotefileslog.txt')),
        traceUrl: setup.args.use_rucio_traces ? setup.config.get('Rucio', 'url', '') || undefined : undefined,
        stamp: (key) => sc.timing.add(id, key),
      });
      const steps = await plugin.utilityCommands(job, { workdir: run.workdir, trfBaseUrls: splitBaseUrls(setup.args.baseurls), env: payloadEnv, signal });
      // Pre/co/post-processing steps (Pilot 3's utility commands): own processes, own stdout files.
      const runStep = async (label: string, cmd: string, out = `${label}_stdout.txt`, err = `${label}_stderr.txt`) => {
        const p = payload.spawnPayload({ command: cmd, cwd: run.workdir, env: payloadEnv, stdoutPath: path.join(run.workdir, out), stderrPath: path.join(run.workdir, err) });
        livePayloads.add(p);
        const onAbort = () => void p.kill(setup.killGraceMs);
        signal.addEventListener('abort', onAbort, { once: true });
        try {
          return (await p.exited).exitCode ?? -1;
        } finally {
          signal.removeEventListener('abort', onAbort);
          livePayloads.delete(p);
        }
      };
      // The release set-up run alone first where the experiment verifies it (ATLAS, as Pilot 3;
      // not for a payload in the pilot's own container, whose set-up only works inside it).
      const verification = container ? undefined : await plugin.setupVerification?.(job, { workdir: run.workdir, env: payloadEnv, queuedata: sc.queuedata, setupType });
      if (verification) {
        const code = await runStep('setup', verification.command, 'setup.stdout', 'setup.stderr');
        await verification.after();
        signal.throwIfAborted();
        if (code !== 0) throw await setupVerificationError(run.workdir, code, payload.resolveTransformError);
      }
      sc.timing.add(id, 'PILOT_POST_SETUP');
      logger.info({ jobid: id, command, container: container ? String((container as { image?: unknown }).image ?? 'yes') : undefined }, 'payload command');
      signal.throwIfAborted();
      if (steps.preprocess) {
        const code = await runStep('preprocess', steps.preprocess);
        signal.throwIfAborted();
        if (code !== 0 && !PREPROCESS_DONE_CODES.includes(code)) throw errors.PREPROCESSFAILURE(`preprocess failed with exit code ${code}`);
      }
      // The ES executor opens its channel after the pre-processing, as Pilot 3's run_payload does.
      let killPayload: (err: PilotError) => void = () => undefined;
      const esRun = es?.kind === 'eventservice'
        ? await es.m.startEventService({
            job: job as never,
            workdir: run.workdir,
            server: setup.client as never,
            data: (await dataCtx(run, signal)) as never,
            mode: setup.config.get('Pilot', 'es_output_mode', 'zip') === 'range' ? 'range' : 'zip',
            zipGapS: Number((sc.queuedata as Record<string, unknown>).es_stageout_gap) || 7200,
            waitingTimeS: setup.config.getFloat('Pilot', 'es_waiting_time', 1800),
            killPayload: (err) => killPayload(err),
          })
        : undefined;
      if (esRun) command = esRun.command(command);

      // Watchers abort through their own controller; the job guard covers signals and tobekilled.
      const watch = new AbortController();
      const stop = AbortSignal.any([signal, watch.signal]);
      sc.timing.add(id, 'PILOT_PRE_PAYLOAD');
      const spawn = () =>
        payload.spawnPayload({
          command,
          cwd: run.workdir,
          env: payloadEnv,
          stdoutPath: path.join(run.workdir, 'payload.stdout'),
          stderrPath: path.join(run.workdir, 'payload.stderr'),
          // Pilot 3 opens the streams in append mode for both event-service kinds
          append: es !== undefined,
          container: esRun ? esRun.inContainer(container) : container,
          containment: payload.parseContainmentMode(setup.config.get('Pilot', 'payload_containment', 'auto')),
        });
      let proc: ReturnType<typeof spawn>;
      try {
        proc = spawn();
      } catch (e) {
        // the channel closes and the prefetched ranges go back to the server
        await esRun?.finish({ exitCode: null, signal: null }, asPilotError(e));
        throw e;
      }
      livePayloads.add(proc);
      run.journal?.update({ payload: { pid: proc.pid, start: proc.startTicks, marker: proc.marker, cgroup: proc.cgroupDir, containment: proc.containment } });
      killPayload = (err) => {
        if (!watch.signal.aborted) watch.abort(err);
      };
      const onStop = () => void proc.kill(setup.killGraceMs);
      stop.addEventListener('abort', onStop, { once: true });
      if (stop.aborted) onStop(); // aborted while the process was being started
      started();
      const co = steps.coprocess
        ? payload.spawnPayload({ command: steps.coprocess, cwd: run.workdir, env: payloadEnv, stdoutPath: path.join(run.workdir, 'coprocess_stdout.txt'), stderrPath: path.join(run.workdir, 'coprocess_stderr.txt') })
        : undefined;
      if (co) livePayloads.add(co);
      const mon = monitor.startJobMonitor({
        workdir: run.workdir,
        pids: () => proc.tree.pids(),
        job: job as never,
        queuedata: sc.queuedata as never,
        config: setup.config as never,
        overrides: setup.monitorOverrides,
        pilotUser: setup.args.pilot_user,
        resourceType: setup.args.resource_type,
        resourceTypes: (await resourceTypes) as never,
        // Pilot 3's pilot_cache.harvester_submitmode: minramcount is not rounded up on push queues
        pushQueue: String(setup.args.harvester_submitmode ?? '').toLowerCase() === 'push',
        cgroupDir: proc.cgroupDir,
        pilotStartTime: sc.timing.get('0', 'PILOT_START_TIME'),
        lifetime: sc.lifetimeS,
        jobStartTime: Date.now() / 1000,
        loopingIgnore: plugin.loopingRules.ignore,
        checks: { memory: plugin.memoryCheck, looping: plugin.loopingRules.allowed },
        onViolation: (e: PilotError) => {
          if (watch.signal.aborted) return;
          // Pilot 3's job monitor sends a preliminary update (still running) for every reason it finds to stop the job
          void run.preliminaryUpdate?.();
          // Pilot 3 dumps the looping payload's youngest process (gdb) before it kills it.
          if (e.code === ErrorCodes.LOOPINGJOB) void monitor.createCoreDump(proc.tree.pids(), run.workdir, payloadEnv).catch(() => undefined).finally(() => watch.abort(e));
          else watch.abort(e);
        },
      });
      monitors.set(run, mon);
      let exit: { exitCode: number | null; signal: string | null };
      let payloadEnd = Date.now();
      let postError: PilotError | undefined;
      try {
        exit = await proc.exited;
        payloadEnd = Date.now();
        // Escaped descendants (daemons) die with the job, whatever the payload's exit.
        await proc.kill(setup.killGraceMs);
      } finally {
        stop.removeEventListener('abort', onStop);
        livePayloads.delete(proc);
        if (co) {
          await co.kill(setup.killGraceMs);
          livePayloads.delete(co);
        }
        sc.timing.add(id, 'PILOT_POST_PAYLOAD');
        // UTILITY_AFTER_PAYLOAD_FINISHED (ATLAS: xcache kill), before the postprocess
        await stopUtilities(run, plugin);
      }
      // The postprocess runs after a successful payload; its failure fails the job.
      if (steps.postprocess && exit.exitCode === 0 && !stop.aborted) {
        const code = await runStep('postprocess', steps.postprocess);
        if (code !== 0) postError = errors.POSTPROCESSFAILURE(`postprocess failed with exit code ${code}`);
      }
      // the memory monitor's closing row is at the payload's end (not after the postprocess)
      const summary = await mon.stop(payloadEnd);
      monitors.delete(run);
      const esVerdict = esRun ? await esRun.finish(exit, stop.aborted ? asPilotError(stop.reason) : undefined) : undefined;
      run.figures.cpuConsumptionTime = summary.cpuConsumptionTime;
      run.figures.memory = summary.memory;
      run.figures.coreCounts = plugin.coreCountFromMemoryMonitor ? [] : summary.coreCounts;
      const report = await plugin.parseJobReport(run.workdir);
      const outcome = plugin.interpretJobReport(job, report, exit);
      plugin.updateJobData(job, report);
      run.metadata = plugin.metaData(report);
      run.figures.nEvents = esVerdict ? esVerdict.nEvents : outcome.nEvents;
      run.figures.jobMetrics = await plugin.jobMetrics(job, {
        nEvents: outcome.nEvents,
        nEventsW: outcome.nEventsW,
        dbTime: outcome.dbTime,
        dbData: outcome.dbData,
        resimevents: outcome.resimevents,
        workDirSize: summary.maxWorkdirSize,
        state: 'finished',
        leak: summary.jobMetrics.leak,
        chi2: summary.jobMetrics.chi2,
        intersect: summary.jobMetrics.intersect,
        actualCoreCount: plugin.coreCountFromMemoryMonitor ? coresFromCpuTimes(summary.prmon) : summary.jobMetrics.actualCoreCount,
        extra: readByteRate(summary.memory, job.indata),
      });
      const setupEnd = await plugin.getEndSetupTime(run.workdir);
      if (setupEnd !== undefined) sc.timing.add(id, 'PILOT_POST_SETUP', setupEnd);
      if (stop.aborted) throw stop.reason instanceof PilotError ? stop.reason : errors.KILLPAYLOAD(String(stop.reason));
      if (esVerdict?.error) throw esVerdict.error;

      const verdict = await payload.analyzePayloadExit({ workdir: run.workdir, ...exit, pid: proc.pid, debug: run.debug, container: Boolean(container) });
      run.transExitCode = verdict.transExitCode;
      run.exeErrorCode = outcome.exeErrorCode ?? verdict.exeErrorCode;
      run.exeErrorDiag = outcome.exeErrorDiag ?? verdict.exeErrorDiag;
      if (verdict.pilotErrorCode) throw new PilotError(verdict.pilotErrorCode, verdict.diag);
      if (outcome.error) throw outcome.error;
      if (postError) throw postError;
      logger.info({ jobid: id, exitCode: exit.exitCode }, 'payload finished');
    },

    async stageOut(run, signal) {
      // Event-service outputs went to the object store while the payload ran (only the log is left).
      if (run.job.outdata.length === 0 || executorKind(run.job) === 'eventservice') return;
      const [data, { getPlugin }] = await Promise.all([import('../data/index.js'), import('../user/index.js')]);
      await data.stageOutJob(run.job as never, await dataCtx(run, signal, getPlugin(setup.args.pilot_user).mvFinalDestination)).catch(asTransferError);
    },

    async stageOutLog(run, signal) {
      const { getPlugin } = await import('../user/index.js');
      // utilities of a job whose payload never ran are stopped too (their log goes in the tarball)
      await stopUtilities(run, getPlugin(setup.args.pilot_user));
      if (run.job.logdata.length === 0) return;
      const data = await import('../data/index.js');
      sc.timing.add(run.jobid, 'PILOT_PRE_LOG_TAR');
      await writeReport(run).catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'job report not written'));
      const logfile = await data.stageOutLog(run.job as never, await dataCtx(run, signal, getPlugin(setup.args.pilot_user).mvFinalDestination));
      const lfn = run.job.logdata[0]!.lfn;
      run.journal?.update({ logTarball: { path: path.join(sc.pilotHome, lfn), turl: logfile?.turl || undefined, transferred: logfile?.status === 'transferred' } });
      sc.timing.add(run.jobid, 'PILOT_POST_LOG_TAR');
    },

    refreshFigures(run) {
      const mon = monitors.get(run);
      if (!mon) return;
      const byMemoryMonitor = userPlugin?.coreCountFromMemoryMonitor === true;
      run.figures.cpuConsumptionTime = mon.cpuConsumptionTime();
      // ATLAS: while the payload runs, prmon has written only its text file (the JSON summary comes at
      // its end), from which Pilot 3 takes the memory peaks and averages but no I/O totals or rates
      run.figures.memory = byMemoryMonitor ? pick(mon.memoryInfo(), PRMON_TEXT_FIELDS) : mon.memoryInfo();
      run.figures.coreCounts = byMemoryMonitor ? [] : mon.coreCounts();
      // Heartbeats carry the running figures too (core count, leak fit so far, read rate), as Pilot 3's do;
      // ATLAS: the core count from the memory monitor's CPU times (Pilot 3's job monitor sets it on every loop).
      const m = mon.jobMetrics(false);
      const actualCoreCount = byMemoryMonitor ? coresFromCpuTimes(mon.memorySummary()) : m.actualCoreCount;
      run.figures.jobMetrics = buildMetrics?.({ actualCoreCount, leak: m.leak, chi2: m.chi2, intersect: m.intersect, state: 'running', extra: readByteRate(run.figures.memory, run.job.indata) });
    },
  };
}

/**
 * Pilot 3's ATLAS actualCoreCount: (stime + utime) / wall time from the memory monitor's summary,
 * two decimals; none unless both CPU times are non-zero.
 */
function coresFromCpuTimes(summary: { Max?: Record<string, number> } | undefined): string | undefined {
  const max = summary?.Max ?? {};
  const stime = Number(max.stime) || 0;
  const utime = Number(max.utime) || 0;
  const wall = Number(max.wtime) || 0;
  if (!stime || !utime || wall <= 0) return undefined;
  // float_to_rounded_string: always two decimals ("1.00", not "1")
  return floatToRoundedString((stime + utime) / wall, 2);
}

/** The update fields Pilot 3's ATLAS user reads from prmon's text file (utilities.get_average_summary_dictionary_prmon). */
const PRMON_TEXT_FIELDS = ['maxRSS', 'maxVMEM', 'maxSWAP', 'maxPSS', 'avgRSS', 'avgVMEM', 'avgSWAP', 'avgPSS'];

function pick(o: Record<string, number>, keys: readonly string[]): Record<string, number> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/**
 * Pilot 3's readbyterate (control/job.py get_data_structure, every update with memory figures):
 * the bytes the payload read from disk (totRBYTES) per byte of its inputs (lib files apart), two
 * decimals; none without memory figures or with inputs of unknown size.
 */
function readByteRate(memory: Record<string, number> | undefined, indata: ReadonlyArray<{ lfn: string; filesize?: number }>): { readbyterate: string } | undefined {
  if (memory?.totRBYTES === undefined) return undefined;
  const total = indata.filter((f) => !f.lfn.includes('.lib.')).reduce((sum, f) => sum + (Number(f.filesize) || 0), 0);
  return total > 0 ? { readbyterate: floatToRoundedString(memory.totRBYTES / total, 2) } : undefined;
}

/**
 * Pilot 3's verdict on a failed setup verification: its stderr and stdout as the diagnostics
 * (a general setup-verification message when either is empty), the code resolve_transform_error gives.
 */
async function setupVerificationError(workdir: string, exitCode: number, resolve: (code: number, stderr: string) => { code: number }): Promise<PilotError> {
  const { readFile } = await import('node:fs/promises');
  const read = (name: string) => readFile(path.join(workdir, name), 'utf8').catch(() => '');
  const [stdout, stderr] = await Promise.all([read('setup.stdout'), read('setup.stderr')]);
  const diag = stdout && stderr ? stderr + stdout : 'General payload setup verification error (check setup logs)';
  const code = resolve(exitCode, diag).code;
  return code > 1000 ? new PilotError(code, diag) : errors.SETUPFAILURE(diag);
}
