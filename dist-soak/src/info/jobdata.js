/**
 * JobData: a job description from the server, typed and cleaned with Pilot 3's attribute names
 * (pilot/info/jobdata.py), plus its input/output/log FileSpecs. Build it with
 * {@link parseJobDescription}; the job runner then sets `workdir` and the runtime fields.
 *
 * Error decisions for malformed descriptions (Pilot 3 has none: a bad description crashes its
 * job thread or silently degrades), chosen so the server gets a code that names the problem:
 * - not an object, missing/non-numeric PandaID, a structured value where a scalar belongs, an
 *   unparsable dict field, a bad file size → CONVERSIONFAILURE (1302, "data conversion failed");
 * - per-file lists of different lengths → NOTSAMELENGTH (1312);
 * - an unknown checksum type or malformed checksum → UNKNOWNCHECKSUMTYPE (1314);
 * - an unsafe LFN or scope → STAGEINFAILED (1099) for inputs, BADOUTPUTFILENAME (1371) for outputs.
 * Scalar fields stay lenient as in Pilot 3 (a "None" or "NULL" number becomes its default).
 *
 * Server-protocol quirks (§11): both answer forms parse the same (JSON numbers or URL-decoded
 * strings, with "None" for nulls and empty values dropped: a dropped per-file list counts as not
 * given); the job id comes from PandaID only, never from Harvester's added `jobid` key (as in
 * Pilot 3); jobPars that the server base64-encoded (`ej` tasks) are passed on undecoded, as Pilot
 * 3.11.5.1 does.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { errors } from '../common/errors.js';
import { cleanBool, cleanDict, cleanInt, cleanStr } from './clean.js';
import { FileSpec as FileSpecClass } from './filespec.js';
import { isSafeRelativeName } from './safety.js';
import { cleanJobParams } from './jobparams.js';
import { prepareInfiles, prepareOutfiles } from './jobfiles.js';
import { writeToFileLists } from './writetofile.js';
/** Value of status.LOG_TRANSFER before the log transfer. */
export const LOG_TRANSFER_NOT_DONE = 'NOT_DONE';
const STR_FIELDS = {
    taskid: 'taskID',
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
    resourcetype: 'resource_type',
};
const INT_FIELDS = { attemptnr: 'attemptNr', maxcpucount: 'maxCpuCount', maxwalltime: 'maxWalltime', minramcount: 'minRamCount' };
const BOOL_FIELDS = { is_eventservice: 'eventService', is_eventservicemerge: 'eventServiceMerge', is_hpo: 'isHPO', debug: 'debug', use_vp: 'useVP' };
const DICT_FIELDS = { preprocess: 'preprocess', postprocess: 'postprocess', coprocess: 'coprocess', containeroptions: 'containerOptions', pilotsecrets: 'pilotSecrets' };
/** Keys whose values must be scalars (zod check at the boundary). */
const SCALAR_KEYS = [
    ...Object.values(STR_FIELDS), ...Object.values(INT_FIELDS), ...Object.values(BOOL_FIELDS),
    'PandaID', 'jobPars', 'cmtConfig', 'coreCount', 'reqID', 'altStageOut', 'noExecStrCnv', 'loopingCheck',
    'inFiles', 'outFiles', 'logFile', 'logGUID', 'scopeLog', 'fsize', 'checksum', 'scopeIn', 'scopeOut', 'ddmEndPointIn', 'ddmEndPointOut',
    'realDatasets', 'prodDBlockToken', 'prodSourceLabel', 'maxDiskCount', 'jobName', 'currentPriority', 'cloneJob',
];
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null(), z.undefined()]);
const descriptionSchema = z.record(z.string(), z.unknown());
const pandaIdSchema = z.union([z.number().int().nonnegative(), z.string().trim().regex(/^\d+$/)]);
/** A parsed job (Pilot 3's JobData attribute names). */
export class JobData {
    // ---- from the job description
    /** PandaID as a string. */
    jobid = '';
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
    requestid = null;
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
    /** `direct`/`copy` from jobPars (--accessmode=..., --useLocalIO), '' when not given. */
    accessmode = '';
    datasetin = '';
    infilesguids = '';
    allownooutput = '';
    pandasecrets = '';
    pilotsecrets = {};
    debug = false;
    debug_command = '';
    dask_scheduler_ip = '';
    jupyter_session_ip = '';
    /** altStageOut on → true, off → false, else null. */
    altstageout = null;
    nucleus = '';
    resourcetype = '';
    is_eventservice = false;
    is_eventservicemerge = false;
    is_hpo = false;
    use_vp = false;
    noexecstrcnv = null;
    looping_check = true;
    preprocess = {};
    postprocess = {};
    coprocess = {};
    containeroptions = {};
    overwrite_queuedata = {};
    overwrite_storagedata = {};
    zipmap = '';
    indata = [];
    outdata = [];
    logdata = [];
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
    status = { LOG_TRANSFER: LOG_TRANSFER_NOT_DONE };
    usecontainer = false;
    checkinputsize = true;
    starttime = null;
    /** The job's InfoService, when it has one. */
    infosys = null;
    /** The description as received. */
    raw;
    constructor(raw) {
        this.raw = raw;
    }
    /** Pilot 3 spelling used by the job runner contract. */
    get attempt_nr() {
        return this.attemptnr;
    }
    /** A raw description value (Pilot 3's job.get(key)). */
    get(key, def) {
        return key in this.raw ? this.raw[key] : def;
    }
    /** Analysis (user) job: the transformation is a URL. */
    is_analysis() {
        return this.transformation.startsWith('https://') || this.transformation.startsWith('http://');
    }
    /** Build job: an output is a lib archive. */
    is_build_job() {
        return this.outdata.some((f) => f.lfn.includes('.lib.') && !f.lfn.includes('.log.'));
    }
    /** Inputs are to be read locally (storage token `local`). */
    is_local() {
        return this.indata.some((f) => f.storage_token === 'local' && !f.lfn.includes('.lib.'));
    }
    /** At least one input is read remotely. */
    has_remoteio() {
        return this.indata.some((f) => f.status === 'remote_io');
    }
    /** No input is read remotely. */
    only_copy_to_scratch() {
        return !this.has_remoteio();
    }
    /** Alternative stage-out: the queue's preference wins over the job's. */
    allow_altstageout() {
        const q = this.infosys?.queuedata?.altstageout;
        if (q !== undefined && q !== null)
            return q;
        return Boolean(this.altstageout);
    }
    /** Input LFNs and GUIDs in order. */
    get_lfns_and_guids() {
        return [this.indata.map((f) => f.lfn), this.indata.map((f) => f.guid)];
    }
    /** A status value (LOG_TRANSFER defaults to NOT_DONE). */
    get_status(key) {
        const v = this.status[key];
        return v || (key === 'LOG_TRANSFER' ? LOG_TRANSFER_NOT_DONE : undefined);
    }
    /** The job option that takes `@<input_name>` (e.g. --inputHitsFile), or null. */
    get_job_option_for_input_name(inputName) {
        for (const opt of this.jobparams.split(' '))
            if (opt.includes(`=@${inputName}`))
                return opt.split('=')[0];
        return null;
    }
    /** Write the writeToFile input lists into the work directory and adapt jobparams (Pilot 3's process_writetofile). */
    process_writetofile() {
        this.jobparams = writeToFileLists(this);
    }
    /** Plain-object form (FileSpecs included, infosys and raw left out). */
    toJSON() {
        const { infosys: _i, raw: _r, ...rest } = this;
        return rest;
    }
}
/** The PandaID of a description if it has a valid one (so a malformed job can still be failed on the server). */
export function peekJobId(desc) {
    if (!desc || typeof desc !== 'object')
        return undefined;
    const r = pandaIdSchema.safeParse(desc.PandaID);
    return r.success ? String(r.data).trim() : undefined;
}
/**
 * The job of a malformed description, when it has a PandaID: no inputs or outputs, but its log
 * file when the description names a safe one (so even a job we cannot run leaves a log).
 */
export function salvageJob(desc) {
    const jobid = peekJobId(desc);
    if (!jobid)
        return undefined;
    const raw = desc;
    const first = (v) => (typeof v === 'string' ? v.split(',')[0].trim() : '');
    const lfn = first(raw.logFile);
    const scope = first(raw.scopeLog) || 'panda';
    const logdata = [];
    if (lfn && isSafeRelativeName(lfn) && !lfn.includes('/') && isSafeRelativeName(scope) && !scope.includes('/')) {
        // The log is one of outFiles; its endpoint is at the same position in ddmEndPointOut.
        const list = (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : []);
        const ddms = list(raw.ddmEndPointOut);
        const at = list(raw.outFiles).indexOf(lfn);
        const ddm = (at >= 0 ? ddms[at] : ddms.at(-1)) ?? '';
        logdata.push(new FileSpecClass({ type: 'log', lfn, scope, guid: first(raw.logGUID) || undefined, ddmendpoint: ddm || undefined }));
    }
    return { jobid, attempt_nr: cleanInt(raw.attemptNr, 0), indata: [], outdata: [], logdata, raw };
}
function dictField(raw, key) {
    try {
        return cleanDict(raw[key], {}) ?? {};
    }
    catch (e) {
        throw errors.CONVERSIONFAILURE(`job description field ${key} is not a valid dict: ${e.message}`);
    }
}
/** Pilot 3's get_key_value on catchall: value of `key=value` among space-separated words. */
function catchallValue(catchall, key) {
    for (const w of catchall.split(/\s+/))
        if (w.startsWith(`${key}=`))
            return w.slice(key.length + 1);
    return '';
}
/**
 * Parse a job description (getJob answer, JSON or URL-decoded form) into a JobData.
 * @throws PilotError for a malformed description (see the module comment for the codes).
 */
export function parseJobDescription(desc, opts = {}) {
    const parsed = descriptionSchema.safeParse(desc);
    if (!parsed.success || Array.isArray(desc))
        throw errors.CONVERSIONFAILURE('job description is not an object');
    const raw = desc; // keep the caller's object (zod returns a copy)
    const id = pandaIdSchema.safeParse(raw.PandaID);
    if (!id.success) {
        throw errors.CONVERSIONFAILURE(raw.PandaID === undefined || raw.PandaID === null || raw.PandaID === '' ? 'job description has no PandaID' : `job description has an invalid PandaID: ${JSON.stringify(raw.PandaID).slice(0, 60)}`);
    }
    for (const key of SCALAR_KEYS) {
        if (!scalar.safeParse(raw[key]).success)
            throw errors.CONVERSIONFAILURE(`job description field ${key} must be a string or number, got ${Array.isArray(raw[key]) ? 'an array' : typeof raw[key]}`);
    }
    const env = opts.env ?? process.env;
    const queuedata = opts.queuedata ?? opts.infosys?.queuedata ?? null;
    const job = new JobData(raw);
    const J = job;
    job.jobid = String(id.data).trim();
    for (const [attr, key] of Object.entries(STR_FIELDS))
        J[attr] = cleanStr(raw[key], J[attr]);
    for (const [attr, key] of Object.entries(INT_FIELDS))
        J[attr] = cleanInt(raw[key], J[attr]);
    for (const [attr, key] of Object.entries(BOOL_FIELDS))
        J[attr] = cleanBool(raw[key], J[attr]);
    for (const [attr, key] of Object.entries(DICT_FIELDS))
        J[attr] = dictField(raw, key);
    job.noexecstrcnv = cleanBool(raw.noExecStrCnv, null);
    job.looping_check = cleanBool(raw.loopingCheck, true);
    job.requestid = raw.reqID === undefined || raw.reqID === null ? null : cleanInt(raw.reqID, 0);
    // corecount: ATHENA_PROC_NUMBER overrides, 0 → 1 (Pilot 3's clean__corecount)
    let corecount = cleanInt(raw.coreCount, 1);
    if (env.ATHENA_PROC_NUMBER && /^\s*[+-]?\d+\s*$/.test(env.ATHENA_PROC_NUMBER))
        corecount = Number.parseInt(env.ATHENA_PROC_NUMBER, 10);
    job.corecount = corecount || 1;
    // platform: NULL/None → ''; "<cmtconfig>@<ALRB platform>"
    let platform = cleanStr(raw.cmtConfig, '');
    if (['null', 'none'].includes(platform.toLowerCase()))
        platform = '';
    if (platform.includes('@')) {
        job.alrbuserplatform = platform.split('@')[1];
        platform = platform.split('@')[0];
    }
    job.platform = platform;
    const alt = cleanStr(raw.altStageOut, '');
    job.altstageout = alt === 'on' ? true : alt === 'off' ? false : null;
    const cleaned = cleanJobParams(cleanStr(raw.jobPars, ''));
    job.jobparams = cleaned.jobparams;
    job.overwrite_queuedata = cleaned.overwrite_queuedata;
    job.overwrite_storagedata = cleaned.overwrite_storagedata;
    job.zipmap = cleaned.zipmap;
    if (cleaned.imagename)
        job.imagename = cleaned.imagename;
    // raw-only fields, typed
    job.prodsourcelabel = cleanStr(raw.prodSourceLabel, '');
    job.maxdiskcount = cleanInt(raw.maxDiskCount, 0);
    job.jobname = cleanStr(raw.jobName, '');
    job.currentpriority = cleanInt(raw.currentPriority, 0);
    job.clonejob = cleanStr(raw.cloneJob, '');
    // access mode from the job parameters (Pilot 3's set_accessmode; copy wins)
    job.accessmode = '';
    if (job.jobparams.includes('--accessmode=direct'))
        job.accessmode = 'direct';
    if (job.jobparams.includes('--accessmode=copy') || job.jobparams.includes('--useLocalIO'))
        job.accessmode = 'copy';
    job.infosys = opts.infosys ?? (queuedata ? { queuedata } : null);
    job.indata = prepareInfiles(raw, { directByDefault: job.is_analysis() || job.transfertype === 'direct', accessmode: job.accessmode, queuedata });
    const { outdata, logdata } = prepareOutfiles(raw, env);
    job.outdata = outdata;
    job.logdata = logdata;
    if (!job.imagename && job.imagename_jobdef)
        job.imagename = job.imagename_jobdef;
    if (job.imagename) {
        const imageBase = env.IMAGE_BASE || (queuedata?.catchall.includes('IMAGE_BASE') ? catchallValue(queuedata.catchall, 'IMAGE_BASE') : '');
        if (imageBase) {
            job.imagebase = imageBase;
            const local = [join(imageBase, basename(job.imagename)), join(imageBase, job.imagename)].find((p) => existsSync(p));
            if (local)
                job.imagename = local;
        }
    }
    return job;
}
//# sourceMappingURL=jobdata.js.map