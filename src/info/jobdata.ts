/**
 * JobData: a job description from the server, typed and cleaned with Pilot 3's attribute names
 * (pilot/info/jobdata.py), plus its input/output/log FileSpecs. Build it with
 * {@link parseJobDescription}; the job runner then sets `workdir` and the runtime fields.
 *
 * Every value is read as Pilot 3's parser reads it (pybase.ts: BaseData's clean_* rules and the
 * Python built-ins behind them), so any description gives the attributes Pilot 3 gives: proven
 * against recordings of Pilot 3 itself over a corpus of 1334 descriptions
 * (test/info/pilot3corpus.test.ts). Lists of unexpected lengths, stray NULLs, wrong types are
 * read as Pilot 3 reads them, not rejected.
 *
 * Where Pilot 3's parser raises (an undecodable dict field, scopeOut running out, no PandaID, ...),
 * Pilot 3's job retrieval thread dies on the uncaught exception, and nothing tells the server.
 * We throw UNKNOWNEXCEPTION (1301, the code Pilot 3 gives an exception it did not anticipate)
 * with the Python exception's type and message, and the pilot fails the job with a final update
 * and its log (salvageJob).
 *
 * Deliberate differences (README): LFNs, scopes and the job id that would escape the work
 * directory are rejected (FileSpec, {@link unsafeJobId}); NULL/None checksums mean none
 * (checksum.ts); jobPars keep the server's quoting (jobparams.ts).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { errors } from '../common/errors.js';
import { type RawRecord } from './clean.js';
import { FileSpec as FileSpecClass, type FileSpec } from './filespec.js';
import { cleanBoolean, cleanDictdata, cleanNumeric, cleanString, PyRaise } from './pybase.js';
import { isSafeRelativeName, unsafePathReason } from './safety.js';
import { cleanJobParams } from './jobparams.js';
import { prepareInfiles, prepareOutfiles } from './jobfiles.js';
import type { QueueData } from './queuedata.js';
import { writeToFileLists } from './writetofile.js';

/** Value of status.LOG_TRANSFER before the log transfer. */
export const LOG_TRANSFER_NOT_DONE = 'NOT_DONE';

/** JobData attribute → description key, by Pilot 3 type (JobData._keys with its kmap; string fields default to ''). */
const STR_FIELDS = {
  transformation: 'transformation',
  destinationdblock: 'destinationDblock',
  produserid: 'prodUserID',
  jobdefinitionid: 'jobDefinitionID',
  writetofile: 'writeToFile',
  homepackage: 'homepackage',
  jobsetid: 'jobsetID',
  processingtype: 'processingType',
  swrelease: 'swRelease',
  imagename_jobdef: 'container_name',
  transfertype: 'transferType',
  datasetin: 'realDatasetsIn',
  infilesguids: 'GUID',
  allownooutput: 'allowNoOutput',
  pandasecrets: 'secrets',
  debug_command: 'debug_command',
  dask_scheduler_ip: 'scheduler_ip',
  jupyter_session_ip: 'session_ip',
  nucleus: 'nucleus',
} as const;
const INT_FIELDS = { attemptnr: 'attemptNr', maxcpucount: 'maxCpuCount', maxwalltime: 'maxWalltime', minramcount: 'minRamCount' } as const;
const BOOL_FIELDS = { is_eventservice: 'eventService', is_eventservicemerge: 'eventServiceMerge', is_hpo: 'isHPO', debug: 'debug', use_vp: 'useVP' } as const;
const DICT_FIELDS = { preprocess: 'preprocess', postprocess: 'postprocess', coprocess: 'coprocess', containeroptions: 'containerOptions', pilotsecrets: 'pilotSecrets' } as const;

/** Options of {@link parseJobDescription}. */
export interface ParseJobOptions {
  /** The pilot home (reserved: the job runner derives the work directory from it). */
  pilotHome?: string;
  /** Queue settings copied into inputs (allow_lan/wan, direct_access_lan/wan) and IMAGE_BASE. */
  queuedata?: QueueData | null;
  /** The job's InfoService (Pilot 3's job.infosys); its queuedata is used when `queuedata` is not given. */
  infosys?: { queuedata: QueueData | null } | null;
  /** Environment: ATHENA_PROC_NUMBER, PILOT_LOGFILE, IMAGE_BASE, PILOT_USER (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A parsed job (Pilot 3's JobData attribute names). */
export class JobData {
  // ---- from the job description
  /** PandaID as Pilot 3's str() gives it. */
  jobid = '';
  /** taskID ('' when the description has none, where Pilot 3 has None). */
  taskid = '';
  /** Payload arguments after the pilot's own options were removed. */
  jobparams = '';
  transformation = '';
  corecount = 1;
  /** cmtConfig ('' for NULL/None); an `@<platform>` suffix goes to alrbuserplatform. */
  platform = '';
  alrbuserplatform = '';
  attemptnr = 0;
  maxcpucount = 0;
  /** Seconds. */
  maxwalltime = 0;
  /** MB. */
  minramcount = 0;
  requestid: number | null = null;
  destinationdblock = '';
  produserid = '';
  jobdefinitionid = '';
  writetofile = '';
  homepackage = '';
  jobsetid = '';
  processingtype = '';
  swrelease = '';
  /** Image from jobPars --containerImage, else container_name. */
  imagename = '';
  imagename_jobdef = '';
  transfertype = '';
  /** `direct`/`copy` from jobPars (--accessmode=..., --useLocalIO), null when not given. */
  accessmode: string | null = null;
  datasetin = '';
  infilesguids = '';
  allownooutput = '';
  pandasecrets = '';
  pilotsecrets: RawRecord = {};
  debug = false;
  debug_command = '';
  dask_scheduler_ip = '';
  jupyter_session_ip = '';
  /** altStageOut on → true, off → false, else null. */
  altstageout: boolean | null = null;
  nucleus = '';
  /** resource_type (null when not given, as in Pilot 3). */
  resourcetype: string | null = null;
  is_eventservice = false;
  is_eventservicemerge = false;
  is_hpo = false;
  use_vp = false;
  noexecstrcnv: boolean | null = null;
  looping_check = true;
  preprocess: RawRecord = {};
  postprocess: RawRecord = {};
  coprocess: RawRecord = {};
  containeroptions: RawRecord = {};
  /** From jobPars --overwriteQueueData: Pilot 3 keeps the literal's value, a dict or not. */
  overwrite_queuedata: unknown = {};
  overwrite_storagedata: unknown = {};
  zipmap = '';
  indata: FileSpec[] = [];
  outdata: FileSpec[] = [];
  logdata: FileSpec[] = [];
  // ---- read raw by Pilot 3 (job['key']); typed here for convenience
  /** prodSourceLabel (managed, user, test, ...). */
  prodsourcelabel = '';
  /** maxDiskCount (MB). */
  maxdiskcount = 0;
  jobname = '';
  currentpriority = 0;
  /** cloneJob (runonce / storeonce / ''). */
  clonejob = '';
  /** IMAGE_BASE used to resolve imagename ('' if none); the runner exports it as ALRB_CONT_UNPACKEDDIR. */
  imagebase = '';
  // ---- set by the pilot while running the job
  workdir = '';
  state = '';
  serverstate = '';
  stageout = '';
  status: Record<string, string> = { LOG_TRANSFER: LOG_TRANSFER_NOT_DONE };
  usecontainer = false;
  checkinputsize = true;
  starttime: number | null = null;
  /** The job's InfoService, when it has one. */
  infosys: { queuedata: QueueData | null } | null = null;
  /** The description as received. */
  readonly raw: RawRecord;

  constructor(raw: RawRecord) {
    this.raw = raw;
  }

  /** Pilot 3 spelling used by the job runner contract. */
  get attempt_nr(): number {
    return this.attemptnr;
  }

  /** A raw description value (Pilot 3's job.get(key)). */
  get(key: string, def?: unknown): unknown {
    return key in this.raw ? this.raw[key] : def;
  }

  /** Analysis (user) job: the transformation is a URL. */
  is_analysis(): boolean {
    return this.transformation.startsWith('https://') || this.transformation.startsWith('http://');
  }

  /** Build job: an output is a lib archive. */
  is_build_job(): boolean {
    return this.outdata.some((f) => f.lfn.includes('.lib.') && !f.lfn.includes('.log.'));
  }

  /** Inputs are to be read locally (storage token `local`). */
  is_local(): boolean {
    return this.indata.some((f) => f.storage_token === 'local' && !f.lfn.includes('.lib.'));
  }

  /** At least one input is read remotely. */
  has_remoteio(): boolean {
    return this.indata.some((f) => f.status === 'remote_io');
  }

  /** No input is read remotely. */
  only_copy_to_scratch(): boolean {
    return !this.has_remoteio();
  }

  /** Alternative stage-out: the queue's preference wins over the job's. */
  allow_altstageout(): boolean {
    const q = this.infosys?.queuedata?.altstageout;
    if (q !== undefined && q !== null) return q;
    return Boolean(this.altstageout);
  }

  /** Input LFNs and GUIDs in order. */
  get_lfns_and_guids(): [string[], string[]] {
    return [this.indata.map((f) => f.lfn), this.indata.map((f) => f.guid)];
  }

  /** A status value (LOG_TRANSFER defaults to NOT_DONE). */
  get_status(key: string): string | undefined {
    const v = this.status[key];
    return v || (key === 'LOG_TRANSFER' ? LOG_TRANSFER_NOT_DONE : undefined);
  }

  /** The job option that takes `@<input_name>` (e.g. --inputHitsFile), or null. */
  get_job_option_for_input_name(inputName: string): string | null {
    for (const opt of this.jobparams.split(' ')) if (opt.includes(`=@${inputName}`)) return opt.split('=')[0]!;
    return null;
  }

  /** Write the writeToFile input lists into the work directory and adapt jobparams (Pilot 3's process_writetofile). */
  process_writetofile(): void {
    this.jobparams = writeToFileLists(this);
  }

  /** Plain-object form (FileSpecs included, infosys and raw left out). */
  toJSON(): Record<string, unknown> {
    const { infosys: _i, raw: _r, ...rest } = this as unknown as Record<string, unknown>;
    return rest;
  }
}

/**
 * Why a job id cannot name the job's directory and files, or undefined when it can: the path
 * policy of LFNs (safety.ts: no '/', '..', whitespace or shell characters; never empty).
 */
export function unsafeJobId(jobid: string): string | undefined {
  if (jobid === '') return 'PandaID "" cannot name a work directory';
  const why = unsafePathReason(jobid, 'PandaID', false);
  return why ? `${why}: it cannot name a work directory` : undefined;
}

const own = (d: RawRecord, k: string): unknown => (Object.prototype.hasOwnProperty.call(d, k) ? d[k] : undefined);

/** The job id Pilot 3 derives from a description (str(PandaID)) if the job can be run or failed under it. */
export function peekJobId(desc: unknown): string | undefined {
  if (!desc || typeof desc !== 'object' || Array.isArray(desc)) return undefined;
  const id = cleanString(own(desc as RawRecord, 'PandaID'), null);
  return id === null || unsafeJobId(id) ? undefined : id;
}

/** What is left of a description that failed to parse: enough to fail the job on the server and stage out its log. */
export interface SalvagedJob {
  jobid: string;
  attempt_nr: number;
  indata: FileSpec[];
  outdata: FileSpec[];
  logdata: FileSpec[];
  raw: RawRecord;
}

/**
 * The job of a malformed description, when it has a usable PandaID: no inputs or outputs, but its
 * log file when the description names a safe one (so even a job we cannot run leaves a log).
 */
export function salvageJob(desc: unknown): SalvagedJob | undefined {
  const jobid = peekJobId(desc);
  if (!jobid) return undefined;
  const raw = desc as RawRecord;
  const first = (v: unknown) => (typeof v === 'string' ? v.split(',')[0].trim() : '');
  const lfn = first(raw.logFile);
  const scope = first(raw.scopeLog) || 'panda';
  const logdata: FileSpec[] = [];
  if (lfn && isSafeRelativeName(lfn) && !lfn.includes('/') && isSafeRelativeName(scope)) {
    // The log is one of outFiles; its endpoint is at the same position in ddmEndPointOut.
    const list = (v: unknown) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : []);
    const ddms = list(raw.ddmEndPointOut);
    const at = list(raw.outFiles).indexOf(lfn);
    const ddm = (at >= 0 ? ddms[at] : ddms.at(-1)) ?? '';
    logdata.push(new FileSpecClass({ type: 'log', lfn, scope, guid: first(raw.logGUID) || undefined, ddmendpoint: ddm || undefined }));
  }
  return { jobid, attempt_nr: cleanNumeric(raw.attemptNr, 0), indata: [], outdata: [], logdata, raw };
}

/** Pilot 3's get_key_value on catchall: value of `key=value` among space-separated words. */
function catchallValue(catchall: string, key: string): string {
  for (const w of catchall.split(/\s+/)) if (w.startsWith(`${key}=`)) return w.slice(key.length + 1);
  return '';
}

/**
 * Parse a job description (getJob answer, JSON or URL-decoded form) into a JobData, as Pilot 3's
 * create_job() does (JobData(), job.init(), PANDAID).
 * @throws PilotError UNKNOWNEXCEPTION (1301) where Pilot 3 raises; STAGEINFAILED, BADOUTPUTFILENAME
 *   or CONVERSIONFAILURE for names that would escape the work directory (see the module comment).
 */
export function parseJobDescription(desc: Record<string, unknown>, opts: ParseJobOptions = {}): JobData {
  try {
    return parse(desc, opts);
  } catch (e) {
    if (e instanceof PyRaise) throw errors.UNKNOWNEXCEPTION(`Pilot 3 cannot run this job description (${e.pyType}: ${e.message})`);
    throw e;
  }
}

function parse(desc: Record<string, unknown>, opts: ParseJobOptions): JobData {
  if (!desc || typeof desc !== 'object' || Array.isArray(desc)) throw new PyRaise('AttributeError', `'${Array.isArray(desc) ? 'list' : typeof desc}' object has no attribute 'get'`);
  const raw = desc as RawRecord;
  const env = opts.env ?? process.env;
  const queuedata = opts.queuedata ?? opts.infosys?.queuedata ?? null;
  const job = new JobData(raw);
  const J = job as unknown as Record<string, unknown>;

  // JobData(data): BaseData._load_data over the kmap'ed keys
  const jobid = cleanString(own(raw, 'PandaID'), null);
  job.taskid = cleanString(own(raw, 'taskID'), '');
  job.resourcetype = cleanString(own(raw, 'resource_type'), null);
  for (const [attr, key] of Object.entries(STR_FIELDS)) J[attr] = cleanString(own(raw, key), '');
  for (const [attr, key] of Object.entries(INT_FIELDS)) J[attr] = cleanNumeric(own(raw, key), J[attr] as number);
  for (const [attr, key] of Object.entries(BOOL_FIELDS)) J[attr] = cleanBoolean(own(raw, key), J[attr] as boolean);
  for (const [attr, key] of Object.entries(DICT_FIELDS)) J[attr] = cleanDictdata(own(raw, key), {});
  job.noexecstrcnv = cleanBoolean(own(raw, 'noExecStrCnv'), null);
  job.looping_check = cleanBoolean(own(raw, 'loopingCheck'), true);
  job.requestid = cleanNumeric(own(raw, 'reqID'), null);

  // clean__corecount: ATHENA_PROC_NUMBER overrides, 0 → 1
  let corecount = cleanNumeric(own(raw, 'coreCount'), 1);
  const athena = env.ATHENA_PROC_NUMBER;
  if (athena) corecount = cleanNumeric(athena, corecount);
  job.corecount = corecount || 1;

  // clean__platform: NULL/None → ''; "<cmtconfig>@<ALRB platform>"
  let platform = cleanString(own(raw, 'cmtConfig'), '');
  if (['null', 'none'].includes(platform.toLowerCase())) platform = '';
  if (platform.includes('@')) {
    job.alrbuserplatform = platform.split('@')[1]!;
    platform = platform.split('@')[0]!;
  }
  job.platform = platform;

  // clean__altstageout: on → true, off → false, anything else → null
  const alt = cleanString(own(raw, 'altStageOut'), null);
  job.altstageout = alt === 'on' ? true : alt === 'off' ? false : null;

  const cleaned = cleanJobParams(cleanString(own(raw, 'jobPars'), ''), env.PILOT_USER || 'generic');
  job.jobparams = cleaned.jobparams;
  job.overwrite_queuedata = cleaned.overwrite_queuedata;
  job.overwrite_storagedata = cleaned.overwrite_storagedata;
  job.zipmap = cleaned.zipmap;
  if (cleaned.imagename) job.imagename = cleaned.imagename;

  // read raw by Pilot 3 (job['key']), typed here for convenience
  job.prodsourcelabel = cleanString(own(raw, 'prodSourceLabel'), '');
  job.maxdiskcount = cleanNumeric(own(raw, 'maxDiskCount'), 0);
  job.jobname = cleanString(own(raw, 'jobName'), '');
  job.currentpriority = cleanNumeric(own(raw, 'currentPriority'), 0);
  job.clonejob = cleanString(own(raw, 'cloneJob'), '');

  // job.init(infosys): set_accessmode (copy wins), the files, the image
  job.accessmode = null;
  if (job.jobparams.includes('--accessmode=direct')) job.accessmode = 'direct';
  if (job.jobparams.includes('--accessmode=copy') || job.jobparams.includes('--useLocalIO')) job.accessmode = 'copy';

  job.infosys = opts.infosys ?? (queuedata ? { queuedata } : null);
  job.indata = prepareInfiles(raw, { directByDefault: job.is_analysis() || job.transfertype === 'direct', accessmode: job.accessmode, queuedata });
  const { outdata, logdata } = prepareOutfiles(raw, env);
  job.outdata = outdata;
  job.logdata = logdata;

  if (!job.imagename && job.imagename_jobdef) job.imagename = job.imagename_jobdef;
  if (job.imagename) {
    const imageBase = env.IMAGE_BASE || (queuedata?.catchall.includes('IMAGE_BASE') ? catchallValue(queuedata.catchall, 'IMAGE_BASE') : '');
    if (imageBase) {
      job.imagebase = imageBase;
      const local = [join(imageBase, basename(job.imagename)), join(imageBase, job.imagename)].find((p) => existsSync(p));
      if (local) job.imagename = local;
    }
  }

  // create_job: os.environ['PANDAID'] = job.jobid (a TypeError for no PandaID, a ValueError for a NUL)
  if (jobid === null) throw new PyRaise('TypeError', 'str expected, not NoneType');
  if (jobid.includes('\0')) throw new PyRaise('ValueError', 'embedded null byte');
  const unsafe = unsafeJobId(jobid);
  if (unsafe) throw errors.CONVERSIONFAILURE(unsafe);
  job.jobid = jobid;
  return job;
}
