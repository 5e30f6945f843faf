/**
 * Job-cycle helpers: stage a job's inputs in, its outputs and log out, and describe the
 * transferred files for the final server update. Each throws a PilotError with the job-level
 * code when a file fails (the job runner records it once).
 */
import { newGuid } from '../common/guid.js';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { ProgressFn } from '../copytool/types.js';
import { createLogTarball } from './logtarball.js';
import type { RucioClient, RucioOptions } from './replicas.js';
import { StageInClient } from './stagein.js';
import { StageOutClient } from './stageout.js';
import { TraceReport } from './trace.js';
import type { InfoServiceLike, QueueDataLike, StorageDataLike, TransferFile } from './types.js';
import type { MiddlewareLabel, MiddlewareSettings } from './middleware.js';

const logger = log('data.job');

/** The job fields the data layer uses (JobData names). */
export interface DataJob {
  jobid: string | number;
  taskid?: string | number;
  workdir: string;
  indata: TransferFile[];
  outdata: TransferFile[];
  logdata: TransferFile[];
  transformation?: string;
  produserid?: string;
  jobdefinitionid?: string | number;
  nucleus?: string;
  /** Job's altStageOut setting (on/off → true/false). */
  altstageout?: boolean | null;
  is_analysis?: () => boolean;
  /** Cleared when an input is only linked (mv symlink): its size must not count in the workdir size. */
  checkinputsize?: boolean;
  infosys?: InfoServiceLike | null;
}

/** Where the job's data goes and how (InfoService or explicit queue/storage data). */
export interface DataContext {
  infoservice?: InfoServiceLike | null;
  queuedata?: QueueDataLike | null;
  storagedata?: Record<string, StorageDataLike>;
  /** Pilot launch directory (special files for the log, default parent of workdir). */
  pilotHome?: string;
  signal?: AbortSignal;
  /** Trace endpoint; traces are off when PILOT_USE_RUCIO_TRACES=False. */
  traceUrl?: string;
  rucio?: RucioClient | RucioOptions;
  env?: NodeJS.ProcessEnv;
  caFile?: string;
  /** mv stage-in source directory (default parent of workdir). */
  inputDir?: string;
  /** Local stage-out destination (Pilot 3's --output-dir). */
  outputDir?: string;
  /** Queue name for the log tarball's top directory. */
  queue?: string;
  /** The experiment lets mv move files to/from their final destination (as catchall mv_final_destination). */
  mvFinalDestination?: boolean;
  progress?: ProgressFn | boolean;
  /** Per-file transfer timeout override (s). */
  timeoutS?: number;
  /** Run the transfers in a separate process / the middleware container (queue's container_type; see middleware.ts). */
  middleware?: MiddlewareSettings;
}

function isAnalysis(job: DataJob): boolean {
  if (typeof job.is_analysis === 'function') return job.is_analysis();
  return /^https?:\/\//.test(job.transformation ?? '');
}

/** The queue's catchall, with mv_final_destination when the experiment asks for it. */
function catchallOf(qd: QueueDataLike | undefined, ctx: DataContext): string | undefined {
  const c = qd?.catchall ?? undefined;
  return ctx.mvFinalDestination ? `${c ?? ''} mv_final_destination`.trim() : c;
}

function queuedataOf(ctx: DataContext, job: DataJob): QueueDataLike | undefined {
  return (ctx.infoservice?.queuedata ?? ctx.queuedata ?? job.infosys?.queuedata) || undefined;
}

async function traceFor(job: DataJob, ctx: DataContext, label: 'stage-in' | 'stage-out', files: TransferFile[]): Promise<TraceReport> {
  const site = files[0]?.ddmendpoint || 'unknown';
  const trace = new TraceReport({
    url: ctx.traceUrl,
    env: ctx.env,
    fields: { eventType: (label === 'stage-in' ? 'get_sm' : 'put_sm') + (isAnalysis(job) ? '_a' : ''), localSite: site, remoteSite: site, dataset: '' },
  });
  return trace.init({ jobid: job.jobid, taskid: job.taskid, produserid: job.produserid, jobdefinitionid: job.jobdefinitionid });
}

function clientOptions(ctx: DataContext, trace: TraceReport) {
  return { queuedata: ctx.queuedata, storagedata: ctx.storagedata, traceReport: trace, rucio: ctx.rucio, env: ctx.env, caFile: ctx.caFile, progress: ctx.progress };
}

/** Pilot 3's PoolFileCatalog.xml: guid → turl for direct-access files, lfn otherwise. */
export function poolFileCatalog(files: TransferFile[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = files.map((f) => `  <File ID="${esc(f.guid ?? '')}">\n    <physical>\n      <pfn filetype="ROOT_All" name="${esc(f.status === 'remote_io' ? f.turl ?? f.lfn : f.lfn)}"/>\n    </physical>\n    <logical/>\n  </File>\n`).join('');
  return `<?xml version="1.0" ?>\n<!DOCTYPE POOLFILECATALOG SYSTEM "InMemory">\n<POOLFILECATALOG>\n${body}</POOLFILECATALOG>\n`;
}

/**
 * Stage in the job's inputs into its workdir (activity read_lan, Pilot 3's storage activities).
 * Direct-access files stay remote (`remote_io`) and are listed with their TURLs in
 * PoolFileCatalog.xml. Throws the job-level PilotError when a file fails.
 */
export async function stageInJob(job: DataJob, ctx: DataContext = {}): Promise<TransferFile[]> {
  const files = job.indata.filter((f) => f.status !== 'no_transfer');
  if (!files.length) return job.indata;
  for (const f of files) f.workdir ||= job.workdir;
  if (ctx.middleware) {
    const r = await viaMiddleware('stage-in', job, job.indata, undefined, ctx);
    if (r.checkinputsize === false) job.checkinputsize = false;
    return job.indata;
  }
  const qd = queuedataOf(ctx, job);
  const trace = await traceFor(job, ctx, 'stage-in', files);
  const client = new StageInClient(ctx.infoservice ?? job.infosys ?? null, { ...clientOptions(ctx, trace), queuedata: ctx.queuedata ?? qd });
  const storageActivities = qd?.type === 'unified' && isAnalysis(job) ? ['read_lan_analysis', 'read_lan'] : ['read_lan'];
  client.prepareInputddms(files, storageActivities);
  await client.transfer(files, {
    activity: 'read_lan',
    workdir: job.workdir,
    jobworkdir: job.workdir,
    inputDir: ctx.inputDir,
    signal: ctx.signal,
    catchall: catchallOf(qd, ctx),
    // Pilot 3 never passes allow_direct_access here, so mv symlinks direct-access files too
    timeoutS: ctx.timeoutS,
  });
  if (files.some((f) => f.checkinputsize === false)) job.checkinputsize = false;
  if (files.some((f) => f.status === 'remote_io')) await writeFile(join(job.workdir, 'PoolFileCatalog.xml'), poolFileCatalog(job.indata));
  logger.info({ jobid: job.jobid, files: files.map((f) => [f.lfn, f.status, f.status_code]) }, 'stage-in finished');
  return job.indata;
}

function writeActivities(job: DataJob, qd: QueueDataLike | undefined): string[] {
  return qd?.type === 'unified' && isAnalysis(job) ? ['write_lan_analysis', 'write_lan', 'w'] : ['write_lan', 'w'];
}

function allowAltStageout(job: DataJob, qd: QueueDataLike | undefined): boolean {
  const q = qd?.altstageout ?? (qd?.params as Record<string, unknown> | null | undefined)?.allow_altstageout;
  if (q !== undefined && q !== null) return q === true || q === 'True' || q === 'true';
  return !!job.altstageout;
}

/** The same job-level transfer in the middleware process (the request carries no credentials). */
async function viaMiddleware(label: MiddlewareLabel, job: DataJob, files: TransferFile[], activities: string[] | undefined, ctx: DataContext) {
  const { runMiddleware } = await import('./middleware.js');
  const qd = queuedataOf(ctx, job);
  const info = ctx.infoservice ?? job.infosys ?? undefined;
  const storagedata = ctx.storagedata ?? info?.storages_info ?? info?.storagesInfo;
  const rucio = ctx.rucio as { url?: string; opts?: { url?: string } } | undefined;
  const jobFields = Object.fromEntries(
    (['jobid', 'taskid', 'transformation', 'produserid', 'jobdefinitionid', 'nucleus', 'altstageout', 'checkinputsize'] as const).map((k) => [k, job[k]]),
  );
  return runMiddleware(
    {
      label,
      job: { ...jobFields, workdir: job.workdir, analysis: isAnalysis(job) },
      files,
      activities,
      ctx: {
        queuedata: qd, storagedata, traceUrl: ctx.traceUrl, rucioUrl: rucio?.url ?? rucio?.opts?.url, caFile: ctx.caFile, inputDir: ctx.inputDir,
        outputDir: ctx.outputDir, pilotHome: ctx.pilotHome, queue: ctx.queue, mvFinalDestination: ctx.mvFinalDestination, timeoutS: ctx.timeoutS,
      },
    },
    files,
    ctx.middleware!,
    { env: ctx.env ?? process.env, signal: ctx.signal },
  );
}

async function doStageout(job: DataJob, files: TransferFile[], activities: string[], ctx: DataContext, label: MiddlewareLabel = 'stage-out'): Promise<void> {
  if (ctx.middleware) {
    await viaMiddleware(label, job, files, activities, ctx);
    return;
  }
  await stageOutFiles(job, files, activities, ctx);
}

/**
 * Stage out `files` with the activities (alternative endpoint when allowed), in this process.
 * @internal the middleware tool's entry (middleware-tool.ts).
 */
export async function stageOutFiles(job: DataJob, files: TransferFile[], activities: string[], ctx: DataContext): Promise<void> {
  const qd = queuedataOf(ctx, job);
  for (const f of files) {
    f.workdir ||= job.workdir;
    if (!f.guid) f.guid = newGuid();
  }
  const trace = await traceFor(job, ctx, 'stage-out', files);
  const client = new StageOutClient(ctx.infoservice ?? job.infosys ?? null, { ...clientOptions(ctx, trace), queuedata: ctx.queuedata ?? qd });
  client.prepareDestinations(files, activities, job.nucleus ? [job.nucleus] : []);
  const alt = allowAltStageout(job, qd);
  const opts = { activity: activities, workdir: job.workdir, outputDir: ctx.outputDir, signal: ctx.signal, catchall: catchallOf(qd, ctx), timeoutS: ctx.timeoutS };
  await client.transfer(files, { ...opts, raiseException: !alt });
  const remain = files.filter((f) => f.status !== 'transferred');
  if (alt && remain.length && remain.every((f) => f.ddmendpoint_alt && f.ddmendpoint_alt !== f.ddmendpoint)) {
    logger.warn({ lfns: remain.map((f) => f.lfn) }, 'alternative stage-out');
    for (const f of remain) {
      f.ddmendpoint = f.ddmendpoint_alt!;
      f.ddmendpoint_alt = null;
      f.is_altstaged = true;
      f.status = null;
      f.status_code = 0;
      f.turl = '';
    }
    await client.transfer(remain, opts);
  } else if (remain.length) {
    throw errors.STAGEOUTFAILED(`failed to stage out ${remain.map((f) => `${f.lfn} (${f.status_code})`).join(', ')}`);
  }
}

/** Stage out the job's output files (write_lan/w activities, alternative endpoint when allowed). */
export async function stageOutJob(job: DataJob, ctx: DataContext = {}): Promise<TransferFile[]> {
  const files = job.outdata.filter((f) => f.status !== 'transferred');
  if (files.length) await doStageout(job, files, writeActivities(job, queuedataOf(ctx, job)), ctx);
  return job.outdata;
}

/**
 * Build the log tarball and stage it out (activities `pl` then the write activities). Input and
 * output files are left out of the archive.
 */
export async function stageOutLog(job: DataJob, ctx: DataContext = {}): Promise<TransferFile | undefined> {
  const logfile = job.logdata[0];
  if (!logfile) return undefined;
  const pilotHome = ctx.pilotHome ?? dirname(job.workdir);
  const queue = ctx.queue ?? queuedataOf(ctx, job)?.name ?? '';
  const made = await createLogTarball(job.workdir, logfile.lfn, {
    tarballName: `tarball_PandaJob_${job.jobid}_${queue}`.replace(/[^A-Za-z0-9._-]/g, '_'),
    pilotHome,
    outDir: pilotHome,
    exclude: [...job.indata, ...job.outdata].map((f) => f.lfn),
    signal: ctx.signal,
  });
  if (!made) return undefined;
  logfile.surl = '';
  logfile.filesize = 0;
  logfile.checksum = {};
  const activities = ['pl', ...writeActivities(job, queuedataOf(ctx, job))];
  try {
    await doStageout(job, [logfile], activities, ctx, 'log');
  } catch (e) {
    const { MiddlewareFailure } = await import('./middleware.js');
    if (!(e instanceof MiddlewareFailure)) throw e;
    // The log is what explains the failure: when the middleware itself failed, stage it out here.
    logger.warn({ err: e.diag }, 'log stage-out in the middleware failed: staging the log out in the pilot process');
    Object.assign(logfile, { status: null, status_code: 0, turl: '' });
    await stageOutFiles(job, [logfile], activities, { ...ctx, middleware: undefined });
  }
  return logfile;
}

/**
 * The `xml`-field file info for the final update (Pilot 3's generate_fileinfo): for each
 * transferred output/log `{lfn: {guid, fsize, adler32|md5sum, surl, endpoint}}`.
 */
export function generateFileInfo(job: Pick<DataJob, 'outdata' | 'logdata'>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of [...job.outdata, ...job.logdata]) {
    if (f.status !== 'transferred') continue;
    const entry: Record<string, unknown> = { guid: f.guid ?? '', fsize: f.filesize ?? 0, surl: f.turl ?? '', endpoint: f.ddmendpoint ?? '' };
    if (f.checksum?.adler32) entry.adler32 = f.checksum.adler32;
    else if (f.checksum?.md5) entry.md5sum = f.checksum.md5;
    out[f.lfn] = entry;
  }
  return out;
}
