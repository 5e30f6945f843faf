import { type RawRecord } from './clean.js';
import { type FileSpec } from './filespec.js';
import type { QueueData } from './queuedata.js';
/** Value of status.LOG_TRANSFER before the log transfer. */
export declare const LOG_TRANSFER_NOT_DONE = "NOT_DONE";
/** Options of {@link parseJobDescription}. */
export interface ParseJobOptions {
    /** The pilot home (reserved: the job runner derives the work directory from it). */
    pilotHome?: string;
    /** Queue settings copied into inputs (allow_lan/wan, direct_access_lan/wan) and IMAGE_BASE. */
    queuedata?: QueueData | null;
    /** The job's InfoService (Pilot 3's job.infosys); its queuedata is used when `queuedata` is not given. */
    infosys?: {
        queuedata: QueueData | null;
    } | null;
    /** Environment: ATHENA_PROC_NUMBER, PILOT_LOGFILE, IMAGE_BASE (default process.env). */
    env?: NodeJS.ProcessEnv;
}
/** A parsed job (Pilot 3's JobData attribute names). */
export declare class JobData {
    /** PandaID as a string. */
    jobid: string;
    taskid: string;
    /** Payload arguments after the pilot's own options were removed. */
    jobparams: string;
    transformation: string;
    corecount: number;
    /** cmtConfig ('' for NULL/None); an `@<platform>` suffix goes to alrbuserplatform. */
    platform: string;
    alrbuserplatform: string;
    attemptnr: number;
    maxcpucount: number;
    /** Seconds. */
    maxwalltime: number;
    /** MB. */
    minramcount: number;
    requestid: number | null;
    destinationdblock: string;
    produserid: string;
    jobdefinitionid: string;
    writetofile: string;
    homepackage: string;
    jobsetid: string;
    processingtype: string;
    swrelease: string;
    /** Image from jobPars --containerImage, else container_name. */
    imagename: string;
    imagename_jobdef: string;
    transfertype: string;
    /** `direct`/`copy` from jobPars (--accessmode=..., --useLocalIO), '' when not given. */
    accessmode: string;
    datasetin: string;
    infilesguids: string;
    allownooutput: string;
    pandasecrets: string;
    pilotsecrets: RawRecord;
    debug: boolean;
    debug_command: string;
    dask_scheduler_ip: string;
    jupyter_session_ip: string;
    /** altStageOut on → true, off → false, else null. */
    altstageout: boolean | null;
    nucleus: string;
    resourcetype: string;
    is_eventservice: boolean;
    is_eventservicemerge: boolean;
    is_hpo: boolean;
    use_vp: boolean;
    noexecstrcnv: boolean | null;
    looping_check: boolean;
    preprocess: RawRecord;
    postprocess: RawRecord;
    coprocess: RawRecord;
    containeroptions: RawRecord;
    overwrite_queuedata: RawRecord;
    overwrite_storagedata: RawRecord;
    zipmap: string;
    indata: FileSpec[];
    outdata: FileSpec[];
    logdata: FileSpec[];
    /** prodSourceLabel (managed, user, test, ...). */
    prodsourcelabel: string;
    /** maxDiskCount (MB). */
    maxdiskcount: number;
    jobname: string;
    currentpriority: number;
    /** cloneJob (runonce / storeonce / ''). */
    clonejob: string;
    /** IMAGE_BASE used to resolve imagename ('' if none); the runner exports it as ALRB_CONT_UNPACKEDDIR. */
    imagebase: string;
    workdir: string;
    state: string;
    serverstate: string;
    stageout: string;
    status: Record<string, string>;
    usecontainer: boolean;
    checkinputsize: boolean;
    starttime: number | null;
    /** The job's InfoService, when it has one. */
    infosys: {
        queuedata: QueueData | null;
    } | null;
    /** The description as received. */
    readonly raw: RawRecord;
    constructor(raw: RawRecord);
    /** Pilot 3 spelling used by the job runner contract. */
    get attempt_nr(): number;
    /** A raw description value (Pilot 3's job.get(key)). */
    get(key: string, def?: unknown): unknown;
    /** Analysis (user) job: the transformation is a URL. */
    is_analysis(): boolean;
    /** Build job: an output is a lib archive. */
    is_build_job(): boolean;
    /** Inputs are to be read locally (storage token `local`). */
    is_local(): boolean;
    /** At least one input is read remotely. */
    has_remoteio(): boolean;
    /** No input is read remotely. */
    only_copy_to_scratch(): boolean;
    /** Alternative stage-out: the queue's preference wins over the job's. */
    allow_altstageout(): boolean;
    /** Input LFNs and GUIDs in order. */
    get_lfns_and_guids(): [string[], string[]];
    /** A status value (LOG_TRANSFER defaults to NOT_DONE). */
    get_status(key: string): string | undefined;
    /** The job option that takes `@<input_name>` (e.g. --inputHitsFile), or null. */
    get_job_option_for_input_name(inputName: string): string | null;
    /** Write the writeToFile input lists into the work directory and adapt jobparams (Pilot 3's process_writetofile). */
    process_writetofile(): void;
    /** Plain-object form (FileSpecs included, infosys and raw left out). */
    toJSON(): Record<string, unknown>;
}
/** The PandaID of a description if it has a valid one (so a malformed job can still be failed on the server). */
export declare function peekJobId(desc: unknown): string | undefined;
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
 * The job of a malformed description, when it has a PandaID: no inputs or outputs, but its log
 * file when the description names a safe one (so even a job we cannot run leaves a log).
 */
export declare function salvageJob(desc: unknown): SalvagedJob | undefined;
/**
 * Parse a job description (getJob answer, JSON or URL-decoded form) into a JobData.
 * @throws PilotError for a malformed description (see the module comment for the codes).
 */
export declare function parseJobDescription(desc: Record<string, unknown>, opts?: ParseJobOptions): JobData;
