import type { CopyContext, Copytool, ProgressFn } from '../copytool/types.js';
import { RucioClient, type RucioOptions } from './replicas.js';
import { TraceReport } from './trace.js';
import type { InfoServiceLike, QueueDataLike, StorageDataLike, TransferFile } from './types.js';
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
/** Activity list with `default` appended (a copy: the caller's list is left alone). */
export declare function activityList(activity: string | string[] | undefined): string[];
/** Base class: copytool resolution and the fallback loop. */
export declare abstract class StagingClient {
    protected readonly info?: InfoServiceLike;
    protected readonly opts: StagingOptions;
    readonly acopytools: Record<string, string[]>;
    readonly trace: TraceReport;
    protected readonly progress?: ProgressFn;
    private rucioClient?;
    protected abstract readonly isStagein: boolean;
    constructor(infosys?: InfoServiceLike | null, opts?: StagingOptions);
    /** Queue data from the InfoService or the options (may be undefined: no InfoSys). */
    get queuedata(): QueueDataLike | undefined;
    /** Storage endpoints by name (InfoService storage cache or options). */
    ddmconf(): Promise<Record<string, StorageDataLike>>;
    /** The Rucio client (created on first use). */
    protected rucio(): RucioClient;
    /** Copytool names for the first activity with a non-empty acopytools entry. */
    copytoolsFor(activities: string[]): string[];
    /** Base copy context for a call. */
    protected context(opts: TransferOptions, workdir: string): CopyContext;
    /** Copy one batch with one copytool (stage-in or stage-out specifics). */
    protected abstract transferFiles(tool: Copytool, files: TransferFile[], activities: string[], opts: TransferOptions): Promise<void>;
    /** Prepare files before the copytool loop (inputddms, ddm_activity). */
    protected abstract prepare(files: TransferFile[], activities: string[]): void;
    /**
     * Transfer files with the copytools configured for the activity, falling back to the next
     * copytool when one fails. Files end with status `transferred`, `remote_io`, `no_transfer` or
     * `failed` and a status_code. Returns the same list.
     */
    transfer<T extends TransferFile>(files: T[], opts?: TransferOptions): Promise<T[]>;
    /** Pilot 3's rules for the code when files remain (authentication, bad queue config, first error). */
    private finalError;
}
