import { PandaClient, type PandaClientOptions, type RequestOptions, type ServerAnswer } from '../server/index.js';
export { PandaClient, HarvesterFileClient, pandaClientFromArgs, resolvePandaServer, PILOT_VERSION, type PandaClientOptions, type HarvesterFileOptions, type PilotServerClient, type RequestOptions, type UpdateJobOptions, type ServerAnswer, type JobFilesInfo, type FileLike, } from '../server/index.js';
export type { BearerAuth } from '../server/auth.js';
export type { PilotConfig, ConfigValue } from '../config/index.js';
export type { PilotArgs } from '../cli/args.js';
/** What the get-jobs request may carry (Pilot 3's request attributes → getJob fields). */
export interface JobRequestArgs {
    /** → computingElement */
    queue?: string;
    /** → siteName */
    site?: string;
    /** → prodSourceLabel */
    job_label?: string;
    /** → workingGroup */
    working_group?: string;
    /** → diskSpace (MB) */
    disk_space?: number | string;
    /** → node (worker node name) */
    node?: string;
    /** → mem (MB available to the job) */
    mem?: number | string;
    /** → cpu (CPU speed, MHz) */
    cpu?: number | string;
    /** "True"/"False" (default "False") */
    getProxyKey?: string;
}
/** The job keys an event-range request needs (Pilot 3's job dictionary names). */
export interface EventJobRef {
    /** The job's PandaID (sent as pandaID). */
    PandaID: string | number;
    /** Its jobset (sent as jobsetID). */
    jobsetID: string | number;
    /** Its task (sent as taskID). */
    taskID: string | number;
}
/** getJob fields from Pilot 3's request attributes. */
export declare function jobRequestData(args?: JobRequestArgs): Record<string, string>;
/** Pilot 3's communication-manager calls over a {@link PandaClient}. */
export declare class Communicator {
    /** The transport (exposed for the calls the manager does not wrap: getKeyPair, getProxy, ...). */
    readonly client: PandaClient;
    /** Use an existing client, or build one from {@link PandaClientOptions} (at least `url`). */
    constructor(client: PandaClient | PandaClientOptions);
    /**
     * Ask for up to `njobs` jobs (one getJob per job, as Pilot 3). Stops at the first answer
     * without a job; "no jobs" (StatusCode 20) just ends the list.
     * @returns the job descriptions received (possibly none)
     * @throws COMMUNICATIONFAILURE when the server gives no usable answer or another error status
     */
    getJobs(njobs?: number, args?: JobRequestArgs, opts?: RequestOptions): Promise<Record<string, unknown>[]>;
    /** Send one updateJob per job dictionary; the answers in order. */
    updateJobs(jobs: Record<string, unknown>[], opts?: RequestOptions): Promise<ServerAnswer[]>;
    /**
     * Ask for `numRanges` event ranges of a job.
     * @returns the event ranges ([] = no more events)
     * @throws COMMUNICATIONFAILURE on a non-zero StatusCode
     */
    getEventRanges(numRanges: number, job: EventJobRef, opts?: RequestOptions): Promise<Record<string, unknown>[]>;
    /** Report event range updates (`{eventRanges, version}` as Pilot 3 builds them); the server's answer. */
    updateEvents(update: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /** Pilot 3 spelling of {@link Communicator.getJobs}. */
    get_jobs(njobs?: number, args?: JobRequestArgs): Promise<Record<string, unknown>[]>;
    /** Pilot 3 spelling of {@link Communicator.updateJobs}. */
    update_jobs(jobs: Record<string, unknown>[]): Promise<ServerAnswer[]>;
    /** Pilot 3 spelling of {@link Communicator.getEventRanges} (`num_event_ranges`, `job`). */
    get_event_ranges(num_event_ranges?: number, job?: EventJobRef): Promise<Record<string, unknown>[]>;
    /** Pilot 3 spelling of {@link Communicator.updateEvents}. */
    update_events(update_events: Record<string, unknown>): Promise<ServerAnswer>;
}
