import type { ProgressFn } from '../copytool/types.js';
import type { RucioClient, RucioOptions } from './replicas.js';
import type { InfoServiceLike, QueueDataLike, StorageDataLike, TransferFile } from './types.js';
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
    progress?: ProgressFn | boolean;
    /** Per-file transfer timeout override (s). */
    timeoutS?: number;
}
/** Pilot 3's PoolFileCatalog.xml: guid → turl for direct-access files, lfn otherwise. */
export declare function poolFileCatalog(files: TransferFile[]): string;
/**
 * Stage in the job's inputs into its workdir (activity read_lan, Pilot 3's storage activities).
 * Direct-access files stay remote (`remote_io`) and are listed with their TURLs in
 * PoolFileCatalog.xml. Throws the job-level PilotError when a file fails.
 */
export declare function stageInJob(job: DataJob, ctx?: DataContext): Promise<TransferFile[]>;
/** Stage out the job's output files (write_lan/w activities, alternative endpoint when allowed). */
export declare function stageOutJob(job: DataJob, ctx?: DataContext): Promise<TransferFile[]>;
/**
 * Build the log tarball and stage it out (activities `pl` then the write activities). Input and
 * output files are left out of the archive.
 */
export declare function stageOutLog(job: DataJob, ctx?: DataContext): Promise<TransferFile | undefined>;
/**
 * The `xml`-field file info for the final update (Pilot 3's generate_fileinfo): for each
 * transferred output/log `{lfn: {guid, fsize, adler32|md5sum, surl, endpoint}}`.
 */
export declare function generateFileInfo(job: Pick<DataJob, 'outdata' | 'logdata'>): Record<string, Record<string, unknown>>;
