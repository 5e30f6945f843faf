/**
 * The ATLAS plugin (Pilot 3's pilot/user/atlas): the generic plugin with ATLAS's payload setup
 * (setup.ts, command.ts), containers through ALRB (container.ts), the job-report and stdout
 * diagnosis (diagnose.ts) with the report's jobMetrics figures (metrics.ts), DBRelease
 * (dbrelease.ts).
 *
 * Production jobs name a bare transform (`Reco_tf.py`) that the release setup puts on PATH: the
 * pilot downloads nothing for them. Analysis jobs (transformation is a URL: runGen, runAthena,
 * runcontainer) download it first with Pilot 3's base-URL order.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors } from '../../common/errors.js';
import { runTool } from '../../copytool/exec.js';
import { log } from '../../common/log.js';
import type { ContainerSpec } from '../../payload/containers.js';
import type { CvmfsLayout } from '../cvmfs.js';
import { pyJsonDumps } from '../../common/pyliteral.js';
import { pyJsonLoads } from '../../common/pyparse.js';
import { GenericPlugin } from '../generic.js';
import type { JobReport } from '../jobreport.js';
import type { ContainerContext, JobReportOutcome, JobUtilityContext, LoopingRules, PayloadCommandContext, PluginJob } from '../plugin.js';
import { getAnalysisTrf } from '../trf.js';
import { extractSetup } from '../utilities.js';
import { payloadCommand } from './command.js';
import { prepareDbRelease } from './dbrelease.js';
import { atlasLoopingIgnore } from './looping.js';
import { alrbWrapper, gridImage, wantsContainer, type AlrbWrapped } from './container.js';
import { interpretAtlasReport, type PayloadExit } from './diagnose.js';
import { alrbExport, asetupCommand, fileSystemRoot, isAnalysis, jobEnvironment, pilotContainerType, type AtlasJob, type AtlasQueue } from './setup.js';
import { alrbMiddlewareLaunch } from './middleware.js';

const logger = log('user.atlas');

/** The job as the ATLAS modules read it (JobData satisfies it). */
type Job = PluginJob & AtlasJob & { infosys?: { queuedata: unknown } | null };

function queueOf(job: Job, given: unknown): AtlasQueue {
  return ((given ?? job.infosys?.queuedata ?? {}) as AtlasQueue);
}

/** ALRB runs the container when it is installed and the config asks for it (Pilot 3's default). */
function alrbContainers(env: NodeJS.ProcessEnv, setupType: string | undefined): boolean {
  return (setupType ?? 'ALRB') === 'ALRB' && alrbExport(env) !== '';
}

/** Pilot 3's get_payload_command step 2: the direct-access inputs must open, else the job fails here. */
async function verifyRemoteFiles(job: Job, queue: AtlasQueue, ctx: PayloadCommandContext & { env: NodeJS.ProcessEnv; workdir: string }): Promise<void> {
  if (!(job.indata ?? []).some((f) => f.status === 'remote_io')) return;
  ctx.stamp?.('PILOT_PRE_REMOTEIO');
  // loaded here: the check (and the https client it uses) is for direct-access jobs only
  const { checkRemoteFiles } = await import('./remoteopen.js');
  const res = await checkRemoteFiles((job.indata ?? []) as never, {
    workdir: ctx.workdir, env: ctx.env, catchall: queue.catchall, logName: ctx.remoteFileVerificationLog, traceUrl: ctx.traceUrl, signal: ctx.signal,
  });
  ctx.stamp?.('PILOT_POST_REMOTEIO');
  if (res.error) throw res.error;
}

/** ATLAS user. */
export class AtlasPlugin extends GenericPlugin {
  override readonly name: string = 'atlas';
  /** Stage-in/out in the middleware container through ALRB's setupATLAS -c (Pilot 3). */
  readonly middlewareLauncher = alrbMiddlewareLaunch;
  override readonly defaultTrfBaseUrls: readonly string[] = [
    'www.usatlas.bnl.gov',
    'pandaserver.cern.ch',
    'pandaserver-tb.cern.ch',
    'atlpan.web.cern.ch/atlpan',
    'classis01.roma1.infn.it',
    'atlas-install.roma1.infn.it',
  ];

  /** Memory limits come from the server's getResourceTypes (Pilot 3's pilot_cache.resource_types). */
  readonly memoryLimitsFromServer = true;
  /** maxPSS against the resource type's limit (Pilot 3's atlas/memory.py; see monitor/limits.ts). */
  override readonly memoryCheck: boolean = true;
  /** ATLAS's looping-job ignore list (looping.ts). */
  override readonly loopingRules: LoopingRules = { allowed: true, ignore: atlasLoopingIgnore };

  /** The repositories a job may need, checked at start-up (Pilot 3's atlas cvmfs module). */
  readonly cvmfs: CvmfsLayout = {
    mountPoints: [
      'CVMFS_BASE/atlas.cern.ch/repo/sw',
      'CVMFS_BASE/atlas.cern.ch/repo/ATLASLocalRootBase/logDir/lastUpdate',
      'CVMFS_BASE/atlas-condb.cern.ch/repo/conditions/logDir/lastUpdate',
      'CVMFS_BASE/atlas-nightlies.cern.ch/repo/sw/logs/lastUpdate',
      'CVMFS_BASE/sft.cern.ch/lcg/lastUpdate',
      'CVMFS_BASE/unpacked.cern.ch/logDir/lastUpdate',
      'CVMFS_BASE/sft-nightlies.cern.ch/lcg/lastUpdate',
    ],
    lastUpdateFile: 'CVMFS_BASE/sft.cern.ch/lcg/lastUpdate',
  };

  /**
   * The pilot's own container (raw runtime) only where ALRB cannot run it. A job with a platform
   * and no image gets the platform's grid image; none found is IMAGENOTFOUND, never uncontained.
   */
  override resolveContainer(job: PluginJob, queuedata: unknown, ctx: ContainerContext = {}): ContainerSpec | undefined {
    const j = job as Job;
    const queue = queueOf(j, queuedata);
    const env = ctx.env ?? process.env;
    if (!wantsContainer(j, queue)) return undefined;
    if (!pilotContainerType(queue)) throw errors.QUEUENOTSETUPFORCONTAINERS('container_type must be set in CRIC');
    if (alrbContainers(env, ctx.setupType)) return undefined; // the payload command calls setupATLAS -c
    if (j.imagename && j.imagename !== 'NULL') return super.resolveContainer(job, queue as never, ctx);
    const root = fileSystemRoot(env);
    const image = gridImage(j.platform, root);
    if (!image) throw errors.IMAGENOTFOUND(`no container image for platform ${j.platform || j.alrbuserplatform} under ${root}/atlas.cern.ch/repo/containers/images (the job is not run uncontained)`);
    const bindRoot = root !== '/cvmfs' ? ` -B ${root}:${root}:ro` : '';
    return { runtime: pilotContainerType(queue), image, options: `${queue.container_options ?? ''}${bindRoot}`.trim() || undefined, workdir: job.workdir };
  }

  override async buildPayloadCommand(job: PluginJob, ctx: PayloadCommandContext = {}): Promise<string> {
    const j = job as Job;
    const workdir = ctx.workdir ?? job.workdir;
    const queue = queueOf(j, ctx.queuedata);
    const env = jobEnvironment(j, ctx.env ?? process.env);
    await verifyRemoteFiles(j, queue, { ...ctx, env, workdir });
    let trf = '';
    if (isAnalysis(j)) {
      trf = await getAnalysisTrf(job.transformation, workdir, this.downloadOptions(ctx, env));
    }
    const cmd = this.remember(job, payloadCommand({ job: { ...j, workdir }, queue, env, trf }));
    if (!wantsContainer(j, queue) || !alrbContainers(env, ctx.setupType)) return cmd;
    const wrapped = alrbWrapper(cmd, { ...j, workdir }, queue, env);
    if (!wrapped) return cmd;
    this.containerFiles.set(job, wrapped.files);
    await writeScripts(workdir, wrapped.files);
    logger.info({ jobid: job.jobid }, 'payload runs in its container through ALRB');
    return wrapped.command;
  }

  /** The payload's ALRB container scripts, per job (the setup verification overwrites them for its run). */
  private readonly containerFiles = new WeakMap<object, AlrbWrapped['files']>();

  /**
   * Pilot 3 verifies the release set-up of every job with a swRelease before the payload: the
   * payload command up to the transform, then `echo "Done."`, run on its own, through the ALRB
   * container wrapper when the payload uses one (its scripts are put back afterwards).
   */
  async setupVerification(job: PluginJob, ctx: PayloadCommandContext = {}): Promise<{ command: string; after(): Promise<void> } | undefined> {
    const j = job as Job;
    if (!j.swrelease || j.swrelease === 'NULL') return undefined;
    const cmd = this.rememberedCommand(job);
    if (!cmd) return undefined;
    let setup = extractSetup(cmd, j.transformation).trim();
    setup += `${setup.endsWith(';') ? '' : ';'}echo "Done."`;
    const workdir = ctx.workdir ?? job.workdir ?? '';
    const payloadFiles = this.containerFiles.get(job);
    if (!payloadFiles) return { command: setup, after: async () => undefined };
    const wrapped = alrbWrapper(setup, { ...j, workdir }, queueOf(j, ctx.queuedata), jobEnvironment(j, ctx.env ?? process.env));
    if (!wrapped) return { command: setup, after: async () => undefined };
    await writeScripts(workdir, wrapped.files);
    return { command: wrapped.command, after: () => writeScripts(workdir, payloadFiles) };
  }

  /** The queue's pilot-managed XCache (catchall pilotXcache), started before stage-in. */
  override async startJobUtilities(job: PluginJob, ctx: JobUtilityContext): Promise<Record<string, string>> {
    const { startXcache } = await import('./xcache.js');
    return startXcache(job, queueOf(job as Job, ctx.queuedata), ctx);
  }

  override async stopJobUtilities(job: PluginJob, ctx: JobUtilityContext): Promise<void> {
    const { stopXcache } = await import('./xcache.js');
    await stopXcache(job, queueOf(job as Job, ctx.queuedata), ctx);
  }

  /** DBRelease inputs come from CVMFS: not staged in, a local setup tarball instead. */
  override async beforeStageIn(job: PluginJob, env: NodeJS.ProcessEnv): Promise<void> {
    await prepareDbRelease(job, env);
  }

  override interpretJobReport(job: PluginJob, report: JobReport, payload?: PayloadExit): JobReportOutcome {
    return interpretAtlasReport(job as Job, report, payload);
  }

  /** ATLAS takes output GUIDs from the report before generating missing ones. */
  override updateJobData(job: PluginJob, report?: JobReport): void {
    const outputs = report?.data.outputfiles ?? {};
    for (const f of job.outdata ?? []) {
      const g = outputs[f.lfn]?.guid;
      if (!f.guid && g) f.guid = g;
    }
    super.updateJobData(job);
  }

  readonly coreCountFromMemoryMonitor = true;

  /**
   * Pilot 3's get_cpu_arch: ATLAS's cpu_arch.py set up with `lsetup cpu_flags`, its last output
   * line; '' when it fails or complains (apart from ALRB's notes on RHEL8/9 clones).
   */
  async cpuArchitectureLevel(env: NodeJS.ProcessEnv): Promise<string> {
    let setup = '';
    try {
      setup = asetupCommand(env, {}, { asetup: false });
    } catch {
      return '';
    }
    // its own process group, killed whole on the time-out (lsetup and cpu_arch.py included)
    const run = await runTool(['/bin/bash', '-c', `${setup}lsetup cpu_flags; cpu_arch.py`], { env, timeoutS: 60 }).catch((e: unknown) => ({ exitCode: 1, stdout: '', stderr: String(e) }));
    const res = { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
    const stderr = /RHEL9 and clone support is relatively new|RHEL8 and clones are not supported for users/.test(res.stderr) ? '' : res.stderr;
    if (res.code || stderr) {
      logger.warn({ code: res.code, stderr: res.stderr.slice(0, 300) }, 'no CPU architecture level from cpu_arch.py');
      return '';
    }
    return res.stdout.replace(/\n$/, '').split('\n').at(-1) ?? '';
  }

  /** As Pilot 3's os.environ for the job: PANDAID, PanDA_TaskID, ATHENA_PROC_NUMBER_JOB/ATHENA_CORE_NUMBER, INDS. */
  payloadEnvironment(job: PluginJob, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return jobEnvironment(job as Job, env);
  }

  /** ATLAS re-serialises the parsed report (json.dumps(json.load)); "" when absent or empty, as Pilot 3's get_metadata. */
  override metaData(report: JobReport): string {
    // from the text, so whole floats (1.0) and the key order survive as in Python
    return report.report && Object.keys(report.report).length ? pyJsonDumps(pyJsonLoads(report.raw)) : '';
  }
}

/** The shared ATLAS plugin instance. */
export const atlas = new AtlasPlugin();

/** Write the container scripts into the work dir with their modes. */
async function writeScripts(workdir: string, files: AlrbWrapped['files']): Promise<void> {
  for (const [name, f] of Object.entries(files)) {
    await writeFile(join(workdir, name), f.content);
    await chmod(join(workdir, name), f.mode);
  }
}
