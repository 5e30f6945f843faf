/**
 * The generic experiment plugin (Pilot 3's pilot/user/generic): download the transform from a
 * `-g` base URL and run `./<trf> <jobparams>` in the work dir.
 */
import { newGuid } from '../common/guid.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { getEndSetupTime } from '../payload/analysis.js';
import { resolveContainer, type ContainerQueue, type ContainerSpec } from '../payload/containers.js';
import { outputFileInfo, type FileInfoSpec } from './fileinfo.js';
import { buildJobMetrics, readEventNumber, readRucioTraceError, type JobMetricsInput } from './jobmetrics.js';
import { readJobReport, type JobReport } from './jobreport.js';
import { genericLoopingIgnore } from '../monitor/workdir-scan.js';
import type { ContainerContext, ExperimentPlugin, JobReportOutcome, JobUtilityContext, LoopingRules, PayloadCommandContext, PluginJob } from './plugin.js';
import { getAnalysisTrf, type TrfDownloadOptions } from './trf.js';
import { utilityCommands, type UtilityCommands } from './utilities.js';

const logger = log('user.generic');

/** Quote a word for bash only when it needs it (so ordinary names look exactly like Pilot 3's). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Generic user: everything Pilot 3's generic plugin does, nothing experiment-specific. */
export class GenericPlugin implements ExperimentPlugin {
  readonly name: string = 'generic';
  readonly defaultTrfBaseUrls: readonly string[] = ['https://storage.googleapis.com/drp-us-central1-containers', 'https://pandaserver-doma.cern.ch/trf/user'];
  readonly mvFinalDestination: boolean = false;
  readonly loopingRules: LoopingRules = { allowed: true, ignore: genericLoopingIgnore };
  readonly memoryCheck: boolean = false;

  validate(job: PluginJob): void {
    const image = job.imagename;
    if (image && image.startsWith('/') && !existsSync(image)) throw errors.IMAGENOTFOUND(`image does not exist: ${image}`);
  }

  resolveContainer(job: PluginJob, queuedata: ContainerQueue, _ctx?: ContainerContext): ContainerSpec | undefined {
    return resolveContainer(job, queuedata, job.workdir);
  }

  async buildPayloadCommand(job: PluginJob, ctx: PayloadCommandContext = {}): Promise<string> {
    const env = ctx.env ?? process.env;
    const workdir = ctx.workdir ?? job.workdir;
    const trf = await getAnalysisTrf(job.transformation, workdir, this.downloadOptions(ctx, env));
    return this.remember(job, this.runCommand(job, trf, env));
  }

  /** The payload command before any container wrapping, per job (the steps' setup comes from it). */
  private readonly commands = new WeakMap<object, string>();

  /** Keep the job's unwrapped payload command for {@link utilityCommands}; returns it. */
  protected remember(job: PluginJob, command: string): string {
    this.commands.set(job, command);
    return command;
  }

  /** The job's unwrapped payload command, as {@link remember} kept it ('' before it was built). */
  protected rememberedCommand(job: PluginJob): string {
    return this.commands.get(job) ?? '';
  }

  /** Transform download options for this plugin (its default base URLs). */
  protected downloadOptions(ctx: PayloadCommandContext, env: NodeJS.ProcessEnv): TrfDownloadOptions {
    return { ...ctx.download, baseUrls: ctx.trfBaseUrls, defaults: [...this.defaultTrfBaseUrls], signal: ctx.signal, env };
  }

  /** No utilities around stage-in (ATLAS: xcache). */
  async startJobUtilities(_job: PluginJob, _ctx: JobUtilityContext): Promise<Record<string, string>> {
    return {};
  }

  async stopJobUtilities(_job: PluginJob, _ctx: JobUtilityContext): Promise<void> {}

  /** Nothing to skip or prepare (ATLAS overrides). */
  async beforeStageIn(_job: PluginJob, _env: NodeJS.ProcessEnv): Promise<void> {}

  utilityCommands(job: PluginJob, ctx: PayloadCommandContext = {}): Promise<UtilityCommands> {
    const env = ctx.env ?? process.env;
    return utilityCommands({ ...job, workdir: ctx.workdir ?? job.workdir }, this.commands.get(job) ?? '', this.downloadOptions(ctx, env));
  }

  /** Pilot 3's get_analysis_run_command: optional proxy export, then `./<trf> <jobparams>`. */
  protected runCommand(job: PluginJob, trf: string, env: NodeJS.ProcessEnv): string {
    let cmd = '';
    const proxy = env.X509_USER_PROXY;
    if (proxy !== undefined && !job.imagename) cmd += `export X509_USER_PROXY=${shellWord(proxy)};`;
    // jobparams are shell text by design (quotes, redirections); the trf name is ours to quote.
    cmd += `./${shellWord(trf)} ${job.jobparams ?? ''}`;
    return cmd.trimEnd();
  }

  parseJobReport(workdir: string): Promise<JobReport> {
    return readJobReport(workdir);
  }

  /** Generic Pilot 3 does not interpret the report (its interpret() only fills GUIDs). */
  interpretJobReport(job: PluginJob, report: JobReport): JobReportOutcome {
    if (report.malformed) logger.warn({ jobid: job.jobid, err: report.malformed }, 'malformed job report (sent as is)');
    return {};
  }

  updateJobData(job: PluginJob): void {
    for (const f of job.outdata ?? []) {
      if (!f.guid) f.guid = newGuid();
    }
  }

  /** Generic: the raw file text (Pilot 3 sends it unparsed), none without a report. */
  metaData(report: JobReport): string | undefined {
    return report.exists ? report.raw : undefined;
  }

  outputFileInfo(files: Iterable<FileInfoSpec>, checksumType = 'adler32'): string {
    return outputFileInfo(files, checksumType);
  }

  async jobMetrics(job: PluginJob, input: JobMetricsInput = {}): Promise<string> {
    const rucio = await readRucioTraceError(job.workdir);
    return buildJobMetrics({
      actualCoreCount: job.actualcorecount,
      nEvents: job.nevents,
      nEventsW: job.neventsw,
      state: job.state,
      rucioTraceError: rucio,
      eventnumber: await readEventNumber(job.workdir),
      ...input,
    });
  }

  getEndSetupTime(workdir: string): Promise<number | undefined> {
    return getEndSetupTime(join(workdir, 'payload.stdout'));
  }
}

/** The shared generic plugin instance. */
export const generic = new GenericPlugin();
