/**
 * Harvester's side of the shared-file messenger for one worker (pandaharvester's
 * shared_file_messenger): the files it writes into a worker's access point (the job spec as
 * `{PandaID: params}` JSON, the pool file catalog, the PandaID list; the job request removed when
 * it feeds a job) and the files of the pilot it reads (job request, worker attributes with the job
 * report as `metaData`, the stage-out declaration renamed to `.read` once taken, the kill request).
 * `HarvesterWorker` drives a push-mode worker against a PanDA server (our emulator or a real one):
 * it fetches jobs with getJob, feeds them on request, and relays the pilot's reports as updateJob
 * calls, as Harvester's propagator does.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pyJsonDumps } from '../common/pyliteral.js';
import { UPDATE_OPTIONAL } from './handlers.js';

/** File names (Harvester's payload_interaction attributes; Pilot 3's [Harvester] defaults). */
export interface MessengerFiles {
  jobSpecFile: string;
  jobRequestFile: string;
  workerAttributesFile: string;
  jobReportFile: string;
  eventStatusDumpJsonFile: string;
  xmlPoolCatalogFile: string;
  pandaIDsFile: string;
  killWorkerFile: string;
}

export const DEFAULT_MESSENGER_FILES: MessengerFiles = {
  jobSpecFile: 'pandaJobData.out',
  jobRequestFile: 'worker_requestjob.json',
  workerAttributesFile: 'worker_attributes.json',
  jobReportFile: 'jobReport.json',
  eventStatusDumpJsonFile: 'event_status.dump.json',
  xmlPoolCatalogFile: 'PFC.xml',
  pandaIDsFile: 'worker_pandaids.json',
  killWorkerFile: 'kill_worker',
};

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** One worker's access point, seen from Harvester. */
export class SharedFileMessenger {
  constructor(
    readonly accessPoint: string,
    readonly files: MessengerFiles = DEFAULT_MESSENGER_FILES,
  ) {}

  private path(name: keyof MessengerFiles): string {
    return join(this.accessPoint, this.files[name]);
  }

  /** feed_jobs: the job spec (JSON `{PandaID: params}`), a pool file catalog, the PandaID list; the request is removed. */
  feedJobs(jobs: Record<string, unknown>[]): void {
    for (const job of jobs) writeFileSync(this.path('jobSpecFile'), pyJsonDumps({ [String(job.PandaID)]: job }));
    const lfns = jobs.flatMap((j) => String(j.inFiles ?? '').split(',').filter(Boolean));
    const guids = jobs.flatMap((j) => String(j.GUID ?? '').split(',').filter(Boolean));
    const entries = lfns.map((lfn, i) => `  <File ID="${guids[i] ?? ''}">\n    <physical>\n      <pfn filetype="ROOT_All" name="${lfn}"/>\n    </physical>\n    <logical/>\n  </File>\n`);
    writeFileSync(this.path('xmlPoolCatalogFile'), `<?xml version="1.0" ?>\n<!DOCTYPE POOLFILECATALOG SYSTEM "InMemory">\n<POOLFILECATALOG>\n${entries.join('')}</POOLFILECATALOG>\n`);
    writeFileSync(this.path('pandaIDsFile'), pyJsonDumps(jobs.map((j) => Number(j.PandaID))));
    rmSync(this.path('jobRequestFile'), { force: true });
  }

  /** job_requested: the number of jobs the pilot asks for (1 when the file is unreadable), or false. */
  jobRequested(): number | false {
    const p = this.path('jobRequestFile');
    if (!existsSync(p)) return false;
    const d = readJson(p) as { nJobs?: number } | undefined;
    return typeof d?.nJobs === 'number' ? d.nJobs : 1;
  }

  /** get_work_attributes: worker_attributes.json, with the job report as metaData. */
  workAttributes(): Record<string, unknown> {
    const attrs = (readJson(this.path('workerAttributesFile')) as Record<string, unknown> | undefined) ?? {};
    const report = readJson(this.path('jobReportFile'));
    if (report !== undefined) attrs.metaData = report;
    return attrs;
  }

  /** get_files_to_stage_out: the declaration, renamed to .read so the pilot cannot overwrite it. */
  filesToStageOut(): Record<string, Array<Record<string, unknown>>> | undefined {
    const p = this.path('eventStatusDumpJsonFile');
    const read = `${p}.read`;
    if (!existsSync(read)) {
      if (!existsSync(p)) return undefined;
      renameSync(p, read);
    }
    return readJson(read) as Record<string, Array<Record<string, unknown>>> | undefined;
  }

  /** After the stage-out: the taken declaration is done with (the next job's can come). */
  ackStageOut(): void {
    rmSync(`${this.path('eventStatusDumpJsonFile')}.read`, { force: true });
  }

  /** kill_requested. */
  killRequested(): boolean {
    return existsSync(this.path('killWorkerFile'));
  }
}

/** A PanDA call (form-encoded POST answered with JSON). */
async function panda(url: string, method: string, form: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/server/panda/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Options of {@link HarvesterWorker}. */
export interface HarvesterWorkerOptions {
  /** PanDA server base URL. */
  pandaUrl: string;
  /** PanDA queue the worker serves. */
  siteName: string;
  accessPoint: string;
  prodSourceLabel?: string;
  files?: MessengerFiles;
}

/**
 * A push-mode worker as Harvester runs it: one job fed before the pilot starts, another whenever
 * the pilot asks, the pilot's worker attributes relayed to PanDA (final state once the stage-out
 * declaration is there), until the pilot writes its kill request.
 */
export class HarvesterWorker {
  readonly messenger: SharedFileMessenger;
  /** PandaIDs fed to the worker, in order. */
  readonly fed: number[] = [];
  /** Final states relayed to PanDA, by PandaID. */
  readonly finals = new Map<number, string>();
  /** The stage-out declarations the pilot made, by PandaID. */
  readonly declared = new Map<number, Array<Record<string, unknown>>>();
  private current?: number;
  private lastAttrs = '';

  constructor(readonly opts: HarvesterWorkerOptions) {
    this.messenger = new SharedFileMessenger(opts.accessPoint, opts.files);
  }

  /** Get a job from PanDA and put it in the access point; false when PanDA has none. */
  async feed(): Promise<boolean> {
    const ans = await panda(this.opts.pandaUrl, 'getJob', { siteName: this.opts.siteName, prodSourceLabel: this.opts.prodSourceLabel ?? 'managed', node: 'harvester' });
    if (String(ans.StatusCode) !== '0') return false;
    delete ans.StatusCode;
    this.messenger.feedJobs([ans]);
    this.current = Number(ans.PandaID);
    this.fed.push(this.current);
    return true;
  }

  /** One pass of Harvester's monitor/propagator: relay reports, feed a requested job. True when the worker is done. */
  async poll(): Promise<boolean> {
    const attrs = this.messenger.workAttributes();
    const text = JSON.stringify(attrs);
    const id = Number(attrs.jobId ?? this.current);
    if (attrs.jobStatus && text !== this.lastAttrs && Number.isFinite(id)) {
      this.lastAttrs = text;
      const state = String(attrs.jobStatus);
      const final = state === 'finished' || state === 'failed';
      const declared = final ? this.messenger.filesToStageOut() : undefined;
      if (!final || declared) {
        if (declared) {
          this.declared.set(id, declared[String(id)] ?? []);
          this.messenger.ackStageOut();
        }
        const form: Record<string, string> = {};
        // only what updateJob takes (Harvester sends the job's columns, not the whole report)
        for (const [k, v] of Object.entries(attrs)) {
          if (v === null || v === undefined || !UPDATE_OPTIONAL.includes(k)) continue;
          form[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
        }
        form.jobId = String(id);
        form.state = state;
        if (declared) {
          // Harvester reports the files it will stage out as the job's xml
          const xml: Record<string, unknown> = {};
          for (const f of declared[String(id)] ?? []) xml[String(f.path).split('/').pop()!] = { guid: f.guid, fsize: f.fsize, adler32: f.chksum, surl: f.path };
          form.xml = JSON.stringify(xml);
          this.finals.set(id, state);
        }
        await panda(this.opts.pandaUrl, 'updateJob', form);
      } else this.lastAttrs = ''; // the declaration comes with the next look
    }
    // a request PanDA cannot fill stays where it is, as with Harvester
    if (this.messenger.jobRequested() !== false) await this.feed();
    return this.messenger.killRequested();
  }
}
