/**
 * File-based transport (Harvester shared-file messenger, and Nordugrid/ARC "no server update" mode),
 * behind the same interface as PandaClient. Files and formats as Pilot 3 (pilot/util/harvester.py,
 * control/job.py): the job comes from pandaJobData.out / HPCJobs.json; updates go to
 * worker_attributes.json (+ event_status.dump.json and a trimmed jobReport.json on the final
 * update) in Harvester mode, or to heartbeat.json otherwise. JSON is written like Pilot 3's
 * write_json (json.dump with keys sorted, 4-space indent, non-ASCII escaped, Python floats).
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { errors } from '../common/errors.js';
import { pyJsonDumps } from '../common/pyliteral.js';
import { log } from '../common/log.js';
import type { PilotConfig } from '../config/index.js';
import { parseQsl } from './codec.js';
import type { FileLike, JobFilesInfo, PilotServerClient, RequestOptions, ServerAnswer, UpdateJobOptions } from './types.js';

/** Where the pilot and Harvester meet. */
export interface HarvesterFileOptions {
  /** main work dir (PILOT_HOME) */
  pilotHome: string;
  /** launch dir (Pilot 3's args.sourcedir) */
  sourceDir?: string;
  /** `--workdir` (PILOT_WORK_DIR) */
  pilotWorkDir?: string;
  /** `--harvester-workdir` (the access point; default pilotHome) */
  harvesterWorkdir?: string;
  /** `--harvester-datadir` */
  harvesterDatadir?: string;
  /** Harvester mode (see isHarvesterMode); false = write heartbeat.json only (Nordugrid mode) */
  harvester: boolean;
  /** `--pod` */
  pod?: boolean;
  /** file names ([Pilot] pandajobdata, heartbeat_message; [Harvester] ...); defaults as default.cfg */
  config?: PilotConfig;
  env?: NodeJS.ProcessEnv;
}

/** Pilot 3's is_harvester_mode for parsed args and an environment. */
export function isHarvesterMode(args: {
  harvester_workdir: string; harvester_datadir: string; harvester_eventstatusdump: string;
  harvester_workerattributes: string; harvester_submitmode: string; update_server: boolean;
}, env: NodeJS.ProcessEnv = process.env): boolean {
  if ((args.harvester_workdir || args.harvester_datadir) && !args.update_server) return true;
  if ((args.harvester_eventstatusdump || args.harvester_workerattributes) && !args.update_server) return true;
  return ('HARVESTER_ID' in env || 'HARVESTER_WORKER_ID' in env) && args.harvester_submitmode.toLowerCase() === 'push';
}

/** Write JSON as Pilot 3's write_json (sorted keys, indent 4), atomically (temp file + rename). */
export function writeJsonFile(path: string, data: unknown): void {
  const tmp = `${path}.tmp${process.pid}`;
  try {
    writeFileSync(tmp, pyJsonDumps(data, { indent: 4, sortKeys: true }));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw errors.FILEHANDLINGFAILURE(`cannot write ${path}: ${(e as Error).message}`, e);
  }
}

/** Pilot 3's time_stamp(): local time ISO-8601 with the UTC offset, e.g. 2026-03-10T16:10:06+01:00. */
export function timeStamp(d = new Date()): string {
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    + `${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** First file called `name` under `dir` (top-down walk like os.walk), "" when none. */
export function findFile(dir: string, name: string): string {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return '';
  }
  if (entries.some((e) => e.name === name && !e.isDirectory())) return join(dir, name);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const hit = findFile(join(dir, e.name), name);
    if (hit) return hit;
  }
  return '';
}

function checksumValue(c: FileLike['checksum']): string {
  if (!c) return '';
  if (typeof c === 'string') return c;
  return c.adler32 ?? c.md5 ?? Object.values(c).find((v) => !!v) ?? '';
}

/** Harvester / Nordugrid file transport. */
export class HarvesterFileClient implements PilotServerClient {
  private readonly logger = log('harvester');
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly opts: HarvesterFileOptions) {
    this.env = opts.env ?? process.env;
  }

  private name(section: string, key: string, fallback: string): string {
    return this.opts.config?.get(section, key, fallback) ?? fallback;
  }

  /** The access point: `--harvester-workdir`, else PILOT_HOME. */
  get accessPoint(): string {
    return this.opts.harvesterWorkdir || this.opts.pilotHome;
  }

  /** Path of the job request file (in PILOT_HOME, as Pilot 3). */
  get jobRequestFile(): string {
    return join(this.opts.pilotHome, this.name('Harvester', 'job_request_file', 'worker_requestjob.json'));
  }

  /** Pilot 3's locate_job_definition: the first existing job definition file, or "". */
  locateJobDefinition(): string {
    const jobData = this.name('Pilot', 'pandajobdata', 'pandaJobData.out');
    const paths: string[] = [];
    if (this.opts.harvesterDatadir) paths.push(join(this.opts.harvesterDatadir, jobData));
    else {
      const src = this.opts.sourceDir ?? process.cwd();
      paths.push(join(src, '..', jobData), join(src, jobData));
      const workDir = this.opts.pilotWorkDir ?? this.env.PILOT_WORK_DIR;
      if (workDir) paths.push(join(workDir, jobData));
    }
    const hpcJobs = this.name('Harvester', 'pandajob_file', 'HPCJobs.json');
    if (this.opts.harvesterWorkdir) paths.push(join(this.opts.harvesterWorkdir, hpcJobs));
    if (this.env.HARVESTER_WORKDIR) paths.push(join(this.env.HARVESTER_WORKDIR, hpcJobs));
    const found = paths.find((p) => existsSync(p)) ?? '';
    // a stale copy in PILOT_HOME would be picked up later by mistake
    const secondary = join(this.opts.pilotHome, jobData);
    if (secondary !== found && existsSync(secondary)) rmSync(secondary, { force: true });
    return found;
  }

  /**
   * Pilot 3's get_job_definition_from_file: Harvester/pod JSON `{PandaID: {...}}` (first job, with
   * `jobid` added; the file is moved to PILOT_HOME/job_definition.json), else URL-encoded fields
   * (blank values kept; the file is removed). `{}` when a JSON file holds no job.
   * @throws FILEHANDLINGFAILURE for an empty or unreadable file (fatal in Pilot 3)
   */
  readJobDefinition(path: string): ServerAnswer {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw errors.FILEHANDLINGFAILURE(`cannot read job definition ${path}: ${(e as Error).message}`, e);
    }
    if (this.opts.harvester || this.opts.pod) {
      if (this.opts.harvester) rmSync(this.jobRequestFile, { force: true });
      if (text.slice(0, 4).trim().startsWith('{')) {
        let all: Record<string, Record<string, unknown>>;
        try {
          all = JSON.parse(text) as Record<string, Record<string, unknown>>;
        } catch (e) {
          throw errors.FILEHANDLINGFAILURE(`job definition ${path} is not valid JSON: ${(e as Error).message}`, e);
        }
        const ids = Object.keys(all ?? {});
        if (ids.length === 0) return {};
        copyFileSync(path, join(this.opts.pilotHome, 'job_definition.json'));
        rmSync(path, { force: true });
        return { jobid: ids[0], ...all[ids[0]] };
      }
    }
    if (text.length === 0) throw errors.FILEHANDLINGFAILURE(`encountered empty job definition file: ${path}`);
    const job: ServerAnswer = {};
    for (const [k, v] of parseQsl(text, true)) job[k] = v;
    rmSync(path, { force: true });
    return job;
  }

  /** A job from the pre-placed file, or `{}` when there is none (yet). */
  async getJob(_data: Record<string, unknown> = {}, _opts: RequestOptions = {}): Promise<ServerAnswer> {
    const path = this.locateJobDefinition();
    if (!path) return {};
    this.logger.info({ path }, 'reading job definition from file');
    return this.readJobDefinition(path);
  }

  /**
   * Publish an update: Harvester mode → worker_attributes.json (the update plus `jobStatus`, fresh
   * `timestamp`, without `xml`/`inputfiles`/`outputfiles`), and on the final update also
   * event_status.dump.json and the trimmed jobReport.json; otherwise heartbeat.json in PILOT_HOME.
   * @returns `{StatusCode: 0}` (there is no back channel in file mode)
   * @throws FILEHANDLINGFAILURE when a file cannot be written or a final update has nothing to declare
   */
  async updateJob(data: Record<string, unknown>, opts: UpdateJobOptions = {}): Promise<ServerAnswer> {
    if (!this.opts.harvester) {
      writeJsonFile(join(this.opts.pilotHome, this.name('Pilot', 'heartbeat_message', 'heartbeat.json')), data);
      return { StatusCode: 0 };
    }
    const report: Record<string, unknown> = { ...data, jobStatus: data.state, timestamp: timeStamp() };
    for (const k of ['outputfiles', 'inputfiles', 'xml']) delete report[k];
    writeJsonFile(join(this.accessPoint, this.name('Harvester', 'workerattributes_file', 'worker_attributes.json')), report);
    if (opts.final) {
      if (!opts.job) throw errors.FILEHANDLINGFAILURE('final Harvester update needs the job files (opts.job)');
      this.publishStageOutFiles(opts.job);
      this.publishJobReport(opts.job);
    }
    return { StatusCode: 0 };
  }

  /** event_status.dump.json: `{jobid: [{type, path, guid, fsize, chksum}]}`, log first, transferred outputs. */
  publishStageOutFiles(job: JobFilesInfo): string {
    const file = join(this.accessPoint, this.name('Harvester', 'stageoutn_file', 'event_status.dump.json'));
    const dir = dirname(file);
    const entries: Record<string, unknown>[] = [];
    const describe = (f: FileLike, path: string) => ({
      type: f.filetype ?? f.type ?? '', path, guid: f.guid ?? null,
      fsize: f.filesize === undefined || f.filesize === null || f.filesize === '' ? null : Number(f.filesize),
      chksum: checksumValue(f.checksum),
    });
    for (const f of job.logdata ?? []) entries.push(describe(f, findFile(dir, basename(f.surl || f.lfn))));
    for (const f of job.outdata ?? []) {
      if (f.status !== 'transferred') continue;
      const path = findFile(dir, basename(f.surl || f.lfn));
      if (path) entries.push(describe(f, path));
      else this.logger.warn({ lfn: f.lfn }, 'output file not found under the access point, not declared');
    }
    if (entries.length === 0) throw errors.FILEHANDLINGFAILURE(`no log or output file to declare in ${file}`);
    writeJsonFile(file, { [job.jobid]: entries });
    return file;
  }

  /** Copy the job's jobReport.json to the access point with every executor logfileReport emptied. */
  publishJobReport(job: JobFilesInfo): boolean {
    const name = this.name('Payload', 'jobreport', 'jobReport.json');
    const src = join(job.workdir, name);
    if (!existsSync(src)) return false;
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(readFileSync(src, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw errors.FILEHANDLINGFAILURE(`cannot read ${src}: ${(e as Error).message}`, e);
    }
    if (Array.isArray(report.executor)) {
      for (const ex of report.executor as Record<string, unknown>[]) if (ex && 'logfileReport' in ex) ex.logfileReport = {};
    }
    writeJsonFile(join(this.accessPoint, name), report);
    return true;
  }

  /** Ask Harvester for another job (`{"nJobs": n}`), unless a request is already pending. */
  requestNewJobs(njobs = 1): void {
    if (existsSync(this.jobRequestFile)) return;
    writeJsonFile(this.jobRequestFile, { nJobs: njobs });
  }

  /** Tell Harvester the pilot is done (empty kill_worker file in PILOT_HOME). */
  killWorker(): string {
    const path = join(this.opts.pilotHome, this.name('Harvester', 'kill_worker_file', 'kill_worker'));
    try {
      if (!existsSync(path) || statSync(path).isFile()) writeFileSync(path, '', { flag: 'a' });
    } catch (e) {
      throw errors.FILEHANDLINGFAILURE(`cannot create ${path}: ${(e as Error).message}`, e);
    }
    return path;
  }

  /** Nothing to send in file mode (Pilot 3 only sends it with server updates on). */
  async updateWorkerPilotStatus(_data: Record<string, unknown>, _opts: RequestOptions = {}): Promise<ServerAnswer> {
    return {};
  }
}
