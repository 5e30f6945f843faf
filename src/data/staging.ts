/**
 * Common part of the stage-in and stage-out clients (Pilot 3's StagingClient): copytool
 * settings per activity, the copytool fallback loop and Pilot 3's choice of the final error code.
 */
import { ErrorCodes, PilotError, asPilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { getCopytool } from '../copytool/registry.js';
import type { CopyContext, Copytool, ProgressFn } from '../copytool/types.js';
import { progressReporter } from './progress.js';
import { RucioClient, type RucioOptions } from './replicas.js';
import { TraceReport } from './trace.js';
import type { InfoServiceLike, QueueDataLike, StorageDataLike, TransferFile } from './types.js';

const logger = log('data');

/** Options of a staging client (Pilot 3's constructor arguments, plus explicit data sources). */
export interface StagingOptions {
  /** acopytools override: a name, a list (→ default), or a per-activity map. */
  acopytools?: string | string[] | Record<string, string[]>;
  /** Copytools used when nothing else is configured (Pilot 3: 'rucio'). */
  defaultCopytools?: string | string[];
  /** Queue data when no InfoService is given. */
  queuedata?: QueueDataLike | null;
  /** Storage endpoints by name when no InfoService is given. */
  storagedata?: Record<string, StorageDataLike>;
  /** Trace report shared by the transfers of this client. */
  traceReport?: TraceReport;
  /** Rucio replica service (client or its options). */
  rucio?: RucioClient | RucioOptions;
  /** Environment for copytools and lookups. */
  env?: NodeJS.ProcessEnv;
  /** CA bundle for https/davs. */
  caFile?: string;
  /** Progress output: a callback, `true` for the default (bar on a TTY, a log line per file otherwise). */
  progress?: ProgressFn | boolean;
}

/** Per-call options of transfer() (Pilot 3's kwargs). */
export interface TransferOptions {
  /** Activity or ordered activities for copytool/storage lookup; `default` is tried last. */
  activity?: string | string[];
  signal?: AbortSignal;
  /** Throw a PilotError when files remain untransferred (default true). */
  raiseException?: boolean;
  /** Stage-in destination / stage-out source directory (default: each file's workdir, else cwd). */
  workdir?: string;
  /** Job directory for mv stage-in. */
  jobworkdir?: string;
  /** Stage-in input directory (mv source / input protocols). */
  inputDir?: string;
  /** Stage-out local destination directory (Pilot 3's --output-dir). */
  outputDir?: string;
  /** mv copy type. */
  copyType?: 'symlink' | 'cp' | 'mv';
  /** queuedata catchall (mv_final_destination). */
  catchall?: string;
  /** Overrides the size-based transfer timeout (seconds). */
  timeoutS?: number;
  /** Direct access allowed (mv refuses direct-access files). */
  allowDirectAccess?: boolean;
}

function normaliseAcopytools(v: StagingOptions['acopytools']): Record<string, string[]> {
  if (v === undefined || v === null) return {};
  if (typeof v === 'string') return v ? { default: [v] } : {};
  if (Array.isArray(v)) return { default: [...v] };
  return { ...v };
}

/** Activity list with `default` appended (a copy: the caller's list is left alone). */
export function activityList(activity: string | string[] | undefined): string[] {
  const list = activity === undefined ? [] : typeof activity === 'string' ? [activity] : [...activity];
  if (!list.includes('default')) list.push('default');
  return list;
}

/** Base class: copytool resolution and the fallback loop. */
export abstract class StagingClient {
  protected readonly info?: InfoServiceLike;
  protected readonly opts: StagingOptions;
  readonly acopytools: Record<string, string[]>;
  readonly trace: TraceReport;
  protected readonly progress?: ProgressFn;
  private rucioClient?: RucioClient;
  protected abstract readonly isStagein: boolean;

  constructor(infosys?: InfoServiceLike | null, opts: StagingOptions = {}) {
    this.info = infosys ?? undefined;
    this.opts = opts;
    let ac = normaliseAcopytools(opts.acopytools);
    const qd = this.queuedata;
    if (qd) {
      if (!Object.keys(ac).length && qd.acopytools) ac = { ...qd.acopytools };
      if (!Object.keys(ac).length && qd.copytools) ac = { default: Object.keys(qd.copytools) };
    }
    if (!ac.default) {
      const d = opts.defaultCopytools ?? 'rucio';
      ac.default = typeof d === 'string' ? [d] : [...d];
    }
    this.acopytools = ac;
    this.trace = opts.traceReport ?? new TraceReport({ env: opts.env });
    if (!Object.values(ac).some((l) => l.length)) {
      this.trace.update({ clientState: 'BAD_COPYTOOL' });
      this.trace.send();
      throw errors.UNKNOWNCOPYTOOL('failed to resolve acopytools settings');
    }
    this.progress = opts.progress === true ? progressReporter() : typeof opts.progress === 'function' ? opts.progress : undefined;
  }

  /** Queue data from the InfoService or the options (may be undefined: no InfoSys). */
  get queuedata(): QueueDataLike | undefined {
    return (this.info?.queuedata ?? this.opts.queuedata) || undefined;
  }

  /** Storage endpoints by name (InfoService storage cache or options). */
  async ddmconf(): Promise<Record<string, StorageDataLike>> {
    if (this.opts.storagedata) return this.opts.storagedata;
    const info = this.info;
    if (!info) return {};
    // InfoService.init prefetches every storage; asking again would reload them all
    const cached = info.storages_info ?? info.storagesInfo;
    if (cached && Object.keys(cached).length) return cached;
    const fn = info.resolveStorageData ?? info.resolve_storage_data;
    if (typeof fn === 'function') {
      const r = await fn.call(info);
      if (r && typeof r === 'object') return (r instanceof Map ? Object.fromEntries(r) : r) as Record<string, StorageDataLike>;
    }
    return {};
  }

  /** The Rucio client (created on first use). */
  protected rucio(): RucioClient {
    if (!this.rucioClient) {
      const r = this.opts.rucio;
      this.rucioClient = r instanceof RucioClient ? r : new RucioClient({ env: this.opts.env, caFile: this.opts.caFile, ...(r ?? {}) });
    }
    return this.rucioClient;
  }

  /** Copytool names for the first activity with a non-empty acopytools entry. */
  copytoolsFor(activities: string[]): string[] {
    for (const a of activities) {
      const l = this.acopytools[a];
      if (l?.length) return l;
    }
    throw errors.UNKNOWNCOPYTOOL(`failed to resolve copytool by preferred activities=${JSON.stringify(activities)}, acopytools=${JSON.stringify(this.acopytools)}`);
  }

  /** Base copy context for a call. */
  protected context(opts: TransferOptions, workdir: string): CopyContext {
    const catchall = opts.catchall ?? this.queuedata?.catchall ?? '';
    return {
      workdir,
      jobworkdir: opts.jobworkdir,
      signal: opts.signal,
      trace: this.trace,
      copytools: (this.queuedata?.copytools ?? undefined) as Record<string, unknown> | undefined,
      mvfinaldest: catchall.includes('mv_final_destination'),
      copyType: opts.copyType,
      inputDir: opts.inputDir,
      outputDir: opts.outputDir,
      allowDirectAccess: opts.allowDirectAccess,
      env: this.opts.env,
      caFile: this.opts.caFile,
      progress: this.progress,
      timeoutS: opts.timeoutS,
    };
  }

  /** Copy one batch with one copytool (stage-in or stage-out specifics). */
  protected abstract transferFiles(tool: Copytool, files: TransferFile[], activities: string[], opts: TransferOptions): Promise<void>;

  /** Prepare files before the copytool loop (inputddms, ddm_activity). */
  protected abstract prepare(files: TransferFile[], activities: string[]): void;

  /**
   * Transfer files with the copytools configured for the activity, falling back to the next
   * copytool when one fails. Files end with status `transferred`, `remote_io`, `no_transfer` or
   * `failed` and a status_code. Returns the same list.
   */
  async transfer<T extends TransferFile>(files: T[], opts: TransferOptions = {}): Promise<T[]> {
    const activities = activityList(opts.activity);
    if (!files.length) return files;
    const start = Date.now() / 1000;
    this.trace.update({ relativeStart: start, transferStart: start });
    const copytools = this.copytoolsFor(activities);
    this.prepare(files, activities);
    const caught: PilotError[] = [];
    try {
      for (const name of copytools) {
        opts.signal?.throwIfAborted();
        const remain = files.filter((f) => !['remote_io', 'transferred', 'no_transfer'].includes(f.status ?? ''));
        if (!remain.length) break;
        let tool: Copytool;
        try {
          tool = await getCopytool(name);
        } catch (e) {
          caught.push(asPilotError(e));
          continue;
        }
        logger.info({ copytool: name, files: remain.length, activities }, 'trying copytool');
        try {
          await this.transferFiles(tool, remain, activities, opts);
          break;
        } catch (e) {
          if (opts.signal?.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : e;
          const err = asPilotError(e, this.isStagein ? ErrorCodes.STAGEINFAILED : ErrorCodes.STAGEOUTFAILED);
          logger.warn({ copytool: name, code: err.code, diag: err.diag }, 'copytool failed');
          caught.push(err);
          if (err.code === ErrorCodes.MISSINGOUTPUTFILE) throw err;
        }
      }
    } finally {
      await this.trace.flush(2000);
    }
    const remain = files.filter((f) => !['remote_io', 'transferred', 'no_transfer'].includes(f.status ?? ''));
    if (remain.length) {
      const err = this.finalError(caught, copytools);
      for (const f of remain) {
        if (!f.status) f.status = 'failed';
        if (!f.status_code) f.status_code = err.code;
      }
      if (opts.raiseException !== false) throw err;
    }
    return files;
  }

  /** Pilot 3's rules for the code when files remain (authentication, bad queue config, first error). */
  private finalError(caught: PilotError[], copytools: string[]): PilotError {
    const text = caught.map((e) => e.diag).join('; ');
    const suffix = `:failed to transfer files using copytools=${JSON.stringify(copytools)}`;
    let code: number;
    if (text.includes('Cannot authenticate')) code = this.isStagein ? ErrorCodes.STAGEINAUTHENTICATIONFAILURE : ErrorCodes.STAGEOUTAUTHENTICATIONFAILURE;
    else if (text.includes('bad queue configuration')) code = ErrorCodes.BADQUEUECONFIGURATION;
    else if (caught.length) code = caught[0].code;
    else code = this.isStagein ? ErrorCodes.STAGEINFAILED : ErrorCodes.STAGEOUTFAILED;
    const diag = caught.length ? `${caught.map((e) => `[${e.code}] ${e.diag}`).join('; ')}${suffix}` : `no copytool could transfer the files${suffix}`;
    return new PilotError(code, diag, { cause: caught[0] });
  }
}
