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
export declare const DEFAULT_MESSENGER_FILES: MessengerFiles;
/** Python's json.dumps with its default separators (', ' and ': '), as Harvester writes. */
export declare function pyJsonDumps(v: unknown): string;
/** One worker's access point, seen from Harvester. */
export declare class SharedFileMessenger {
    readonly accessPoint: string;
    readonly files: MessengerFiles;
    constructor(accessPoint: string, files?: MessengerFiles);
    private path;
    /** feed_jobs: the job spec (JSON `{PandaID: params}`), a pool file catalog, the PandaID list; the request is removed. */
    feedJobs(jobs: Record<string, unknown>[]): void;
    /** job_requested: the number of jobs the pilot asks for (1 when the file is unreadable), or false. */
    jobRequested(): number | false;
    /** get_work_attributes: worker_attributes.json, with the job report as metaData. */
    workAttributes(): Record<string, unknown>;
    /** get_files_to_stage_out: the declaration, renamed to .read so the pilot cannot overwrite it. */
    filesToStageOut(): Record<string, Array<Record<string, unknown>>> | undefined;
    /** After the stage-out: the taken declaration is done with (the next job's can come). */
    ackStageOut(): void;
    /** kill_requested. */
    killRequested(): boolean;
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
export declare class HarvesterWorker {
    readonly opts: HarvesterWorkerOptions;
    readonly messenger: SharedFileMessenger;
    /** PandaIDs fed to the worker, in order. */
    readonly fed: number[];
    /** Final states relayed to PanDA, by PandaID. */
    readonly finals: Map<number, string>;
    /** The stage-out declarations the pilot made, by PandaID. */
    readonly declared: Map<number, Record<string, unknown>[]>;
    private current?;
    private lastAttrs;
    constructor(opts: HarvesterWorkerOptions);
    /** Get a job from PanDA and put it in the access point; false when PanDA has none. */
    feed(): Promise<boolean>;
    /** One pass of Harvester's monitor/propagator: relay reports, feed a requested job. True when the worker is done. */
    poll(): Promise<boolean>;
}
