import { type RawRecord } from './clean.js';
import { FileSpec } from './filespec.js';
import type { QueueData } from './queuedata.js';
/** FileSpec attribute → job description key for inputs (Pilot 3's get_kmap). */
export declare const INPUT_KMAP: {
    readonly lfn: "inFiles";
    readonly dataset: "realDatasetsIn";
    readonly guid: "GUID";
    readonly filesize: "fsize";
    readonly checksum: "checksum";
    readonly scope: "scopeIn";
    readonly storage_token: "prodDBlockToken";
    readonly ddmendpoint: "ddmEndPointIn";
};
/** FileSpec attribute → job description key for outputs and the log. */
export declare const OUTPUT_KMAP: {
    readonly lfn: "outFiles";
    readonly dataset: "realDatasets";
    readonly scope: "scopeOut";
    readonly ddmendpoint: "ddmEndPointOut";
};
/** What prepareInfiles needs from the job. */
export interface InputJobContext {
    /** Analysis job (transformation is a URL) or transferType=direct → direct access by default. */
    directByDefault: boolean;
    /** `direct`/`copy` from jobPars (--accessmode, --useLocalIO), '' if not set. */
    accessmode: string;
    queuedata?: QueueData | null;
}
/** Input FileSpecs: one per distinct non-NULL LFN of inFiles, other lists aligned by position. */
export declare function prepareInfiles(data: RawRecord, ctx: InputJobContext): FileSpec[];
/**
 * Output and log FileSpecs from outFiles (the log is the entry equal to logFile). With env
 * PILOT_LOGFILE set, the log is renamed (Pilot 3: raythena and aborted pilots).
 */
export declare function prepareOutfiles(data: RawRecord, env?: NodeJS.ProcessEnv): {
    outdata: FileSpec[];
    logdata: FileSpec[];
};
