/**
 * The experiment plugin interface: everything that differs between experiments (Pilot 3's
 * pilot/user/<name>/ folders) behind one set of hooks. `generic` implements all of them;
 * `atlas` overrides a few.
 *
 * Typical use by the job runner:
 * ```
 * plugin.validate(job);                                     // IMAGENOTFOUND
 * const container = plugin.resolveContainer(job, queuedata);
 * const command = await plugin.buildPayloadCommand(job, { trfBaseUrls, signal });  // 1149 / 1143
 * const proc = spawnPayload({ command, cwd: job.workdir, stdoutPath, stderrPath, container });
 * const exit = await proc.exited;
 * const interp = await analyzePayloadExit({ workdir: job.workdir, ...exit, pid: proc.pid, container: !!container });
 * const report = await plugin.parseJobReport(job.workdir);
 * const outcome = plugin.interpretJobReport(job, report); // may carry a PilotError (ATLAS)
 * const setupEnd = await plugin.getEndSetupTime(job.workdir);
 * // final update: xml = plugin.outputFileInfo([...job.outdata, ...job.logdata]),
 * //               metaData = plugin.metaData(report), jobMetrics = await plugin.jobMetrics(job, {...})
 * ```
 */
import type { PilotError } from '../common/errors.js';
import type { LoopingIgnore } from '../monitor/workdir-scan.js';
import type { MiddlewareLauncher } from '../data/middleware-launch.js';
import type { ContainerQueue, ContainerSpec } from '../payload/containers.js';
import type { CvmfsLayout } from './cvmfs.js';
import type { FileInfoSpec } from './fileinfo.js';
import type { JobMetricsInput } from './jobmetrics.js';
import type { JobReport } from './jobreport.js';
import type { TrfDownloadOptions } from './trf.js';
import type { UtilityCommands } from './utilities.js';

/** The job fields the plugins read (a structural subset of JobData, Pilot 3 names). */
export interface PluginJob {
  jobid: string | number;
  transformation: string;
  jobparams: string;
  workdir: string;
  imagename?: string;
  platform?: string;
  alrbuserplatform?: string;
  swrelease?: string;
  taskid?: string | number;
  attempt_nr?: number;
  corecount?: number;
  state?: string;
  nevents?: number;
  neventsw?: number;
  actualcorecount?: number;
  /** The job's pre/co/post-processing steps ({command, args}). */
  preprocess?: Record<string, unknown>;
  coprocess?: Record<string, unknown>;
  postprocess?: Record<string, unknown>;
  /** Input files (status may be set to no_transfer before stage-in). */
  indata?: Array<{ lfn: string; status?: string | null }>;
  /** Output files: GUIDs are filled in by {@link ExperimentPlugin.updateJobData}. */
  outdata?: Array<{ lfn: string; guid?: string | null }>;
}

/** Context for {@link ExperimentPlugin.buildPayloadCommand}. */
export interface PayloadCommandContext {
  /** Transform base URLs from `-g` (empty → the plugin's defaults). */
  trfBaseUrls?: string[];
  /** Work dir (default job.workdir). */
  workdir?: string;
  signal?: AbortSignal;
  /** Environment the payload will get (default process.env): X509_USER_PROXY, HARVESTER_WORKDIR. */
  env?: NodeJS.ProcessEnv;
  /** Download tuning (attempts, retryDelayMs, requestTimeoutMs) — tests use short ones. */
  download?: Pick<TrfDownloadOptions, 'attempts' | 'retryDelayMs' | 'requestTimeoutMs'>;
  /** The queue (schedconfig) the job runs on (default: the job's infosys queuedata). */
  queuedata?: unknown;
  /** [Container] setup_type: "ALRB" (default) lets ATLAS's ALRB start containers. */
  setupType?: string;
  /** [Pilot] remotefileverification_log (ATLAS's remote-file open check; '' turns it off; default on). */
  remoteFileVerificationLog?: string;
  /** Rucio trace URL for the remote-file open traces (none: not sent). */
  traceUrl?: string;
  /** Records a pilot timing stamp of the job (the remote-file check's PILOT_PRE/POST_REMOTEIO). */
  stamp?: (key: 'PILOT_PRE_REMOTEIO' | 'PILOT_POST_REMOTEIO') => void;
}

/** Context for {@link ExperimentPlugin.resolveContainer}. */
export interface ContainerContext {
  /** Environment (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** [Container] setup_type ("ALRB" default). */
  setupType?: string;
}

/** What the job report says about the job's outcome (per plugin). */
export interface JobReportOutcome {
  /** exeErrorCode / exeErrorDiag to report (when the plugin reads them from the report). */
  exeErrorCode?: number;
  exeErrorDiag?: string;
  /** nEvents / nEventsW to report. */
  nEvents?: number;
  nEventsW?: number;
  /** jobMetrics figures from the report (ATLAS: summed over the executor steps). */
  dbTime?: number;
  dbData?: number;
  resimevents?: number;
  /** An error the report implies (e.g. PAYLOADSIGSEGV, NOPAYLOADMETADATA, INTERNALPILOTPROBLEM). */
  error?: PilotError;
}

/** Looping-job rules (Pilot 3's pilot/user/<name>/loopingjob_definitions.py). */
export interface LoopingRules {
  /** Run the looping check at all (allow_loopingjob_detection). */
  readonly allowed: boolean;
  /** Paths left out when finding the most recently touched file (remove_unwanted_files). */
  readonly ignore: LoopingIgnore;
}

/** Context of {@link ExperimentPlugin.startJobUtilities} / {@link ExperimentPlugin.stopJobUtilities}. */
export interface JobUtilityContext {
  /** The job's environment. */
  env: NodeJS.ProcessEnv;
  /** The pilot's home (Pilot 3 runs the before-stage-in utility in its main work dir). */
  pilotHome: string;
  /** The queue (schedconfig) the job runs on. */
  queuedata?: unknown;
  signal?: AbortSignal;
}

/** One experiment's hooks. */
export interface ExperimentPlugin {
  /** Plugin name as given to --pilot-user ("generic", "atlas"). */
  readonly name: string;
  /** CVMFS mount points checked at start-up (none: not checked, as Pilot 3's generic user). */
  readonly cvmfs?: CvmfsLayout;
  /** The mv copytool moves files to/from their final destination (Pilot 3's mv_to_final_destination). */
  readonly mvFinalDestination?: boolean;
  /** Ask the server for its memory limits per resource type at start-up (ATLAS, as Pilot 3). */
  readonly memoryLimitsFromServer?: boolean;
  /**
   * Pilot 3's ATLAS user measures no processor counts while the payload runs (no meanCoreCount;
   * coreCount stays the job's) and derives actualCoreCount from the memory monitor's CPU times;
   * its heartbeats carry the figures of prmon's text file (memory peaks and averages, no I/O).
   */
  readonly coreCountFromMemoryMonitor?: boolean;
  /**
   * Pilot 3's setup verification (its generic executor with the user's should_verify_setup): a
   * command that runs the payload's set-up alone (in the payload's container when there is one),
   * to run after {@link buildPayloadCommand} and before the payload, then `after()`; undefined: none.
   */
  setupVerification?(job: PluginJob, ctx?: PayloadCommandContext): Promise<{ command: string; after(): Promise<void> } | undefined>;
  /** The CPU architecture level the experiment's own tool reports on this node ('' when none). */
  cpuArchitectureLevel?(env: NodeJS.ProcessEnv): Promise<string>;
  /** The payload process's environment: what Pilot 3 keeps in its os.environ for the job (default: `env`). */
  payloadEnvironment?(job: PluginJob, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Looping-job rules (generic: Pilot 3's generic list; ATLAS: its own list). */
  readonly loopingRules: LoopingRules;
  /** The memory-limit check runs (Pilot 3's memory.allow_memory_usage_verifications: ATLAS only). */
  readonly memoryCheck: boolean;
  /** How the experiment starts the stage-in/out middleware (ATLAS: ALRB); none: the pilot's own runtime. */
  readonly middlewareLauncher?: MiddlewareLauncher;
  /** Transform base URLs used when -g is not given (Pilot 3's lists). */
  readonly defaultTrfBaseUrls: readonly string[];
  /** Pre-run validation (throws IMAGENOTFOUND for a missing absolute image path). */
  validate(job: PluginJob): void;
  /** Container wanted for this job on this queue? (throws QUEUENOTSETUPFORCONTAINERS / IMAGENOTFOUND) */
  resolveContainer(job: PluginJob, queuedata: ContainerQueue, ctx?: ContainerContext): ContainerSpec | undefined;
  /** The shell command run by `/bin/bash -c` in the work dir (downloads the transform first). */
  buildPayloadCommand(job: PluginJob, ctx?: PayloadCommandContext): Promise<string>;
  /** Before stage-in: inputs not to transfer, local files to prepare (ATLAS: DBRelease). */
  beforeStageIn(job: PluginJob, env: NodeJS.ProcessEnv): Promise<void>;
  /**
   * Utilities started before stage-in (Pilot 3's UTILITY_BEFORE_STAGEIN; ATLAS: xcache when the
   * queue asks for it). Returns variables the job's later steps (stage-in, payload) get.
   */
  startJobUtilities(job: PluginJob, ctx: JobUtilityContext): Promise<Record<string, string>>;
  /** Stop what {@link startJobUtilities} started (Pilot 3's UTILITY_AFTER_PAYLOAD_FINISHED); never throws. */
  stopJobUtilities(job: PluginJob, ctx: JobUtilityContext): Promise<void>;
  /** The job's pre/co/post-processing commands (call after {@link buildPayloadCommand}). */
  utilityCommands(job: PluginJob, ctx?: PayloadCommandContext): Promise<UtilityCommands>;
  /** Read `<workdir>/jobReport.json` (never throws). */
  parseJobReport(workdir: string): Promise<JobReport>;
  /** Outcome implied by the report (see {@link JobReportOutcome}). */
  interpretJobReport(job: PluginJob, report: JobReport, payload?: { exitCode: number | null }): JobReportOutcome;
  /** Fill missing output GUIDs (Pilot 3's update_job_data / validate_output_data). */
  updateJobData(job: PluginJob, report?: JobReport): void;
  /** The final update's `metaData` field (undefined: left out of the update). */
  metaData(report: JobReport): string | undefined;
  /** The final update's `xml` field (transferred output and log files). */
  outputFileInfo(files: Iterable<FileInfoSpec>, checksumType?: string): string;
  /** jobMetrics for an update (≤ 500 chars). */
  jobMetrics(job: PluginJob, input?: JobMetricsInput): Promise<string>;
  /** End of payload setup (epoch s) from the stamp in payload.stdout, if any. */
  getEndSetupTime(workdir: string): Promise<number | undefined>;
}
