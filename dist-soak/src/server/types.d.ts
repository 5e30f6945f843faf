/** Shared types of the server layer: options of a call and the interface both transports implement. */
/** A decoded server answer (values are strings after URL-encoded decoding, JSON types otherwise). */
export type ServerAnswer = Record<string, unknown>;
/** Per-call options. */
export interface RequestOptions {
    /** cancels the call (and any wait between attempts); the signal's reason is rethrown */
    signal?: AbortSignal;
    /** limit for one HTTP exchange in seconds (default `[Pilot] http_maxtime`, 120) */
    timeoutS?: number;
    /** attempts before giving up (defaults per method, as Pilot 3: 2 for updates, 1 otherwise) */
    attempts?: number;
    /** wait between attempts in seconds (default `[Pilot] update_sleep`, 120) */
    retrySleepS?: number;
    /**
     * first client: 'json' = gzip JSON body (Pilot 3's urllib client), 'form' = URL-encoded body
     * with `Accept: application/json` (Pilot 3's curl client)
     */
    encoding?: 'json' | 'form';
    /**
     * when a JSON call is retried with a form body inside the same attempt: 'empty' = only when the
     * answer decodes to nothing (Pilot 3's send_update), 'failure' = also on HTTP/transport errors
     * and undecodable answers (its getJob), 'never'
     */
    fallback?: 'empty' | 'failure' | 'never';
    /** send the OIDC bearer token on the JSON path (Pilot 3's `panda=True`); the form path always does */
    panda?: boolean;
    /** override the server base URL for this call */
    base?: string;
}
/** What a file-based transport needs to publish a job's final files (a structural JobData subset). */
export interface JobFilesInfo {
    jobid: string;
    workdir: string;
    logdata?: FileLike[];
    outdata?: FileLike[];
}
/** The FileSpec fields the Harvester stage-out declaration needs. */
export interface FileLike {
    lfn: string;
    type?: string;
    filetype?: string;
    surl?: string | null;
    guid?: string | null;
    filesize?: number | string | null;
    checksum?: Record<string, string | undefined> | string | null;
    status?: string | null;
}
/** Options of updateJob. */
export interface UpdateJobOptions extends RequestOptions {
    /** this is the job's final update (files transports then also write the stage-out declaration) */
    final?: boolean;
    /** the job's files and work dir (needed by the Harvester transport for final updates) */
    job?: JobFilesInfo;
}
/** The calls the job loop makes, implemented by PandaClient (HTTP) and HarvesterFileClient (files). */
export interface PilotServerClient {
    /** a job description (`{}` or a non-zero StatusCode when there is none) */
    getJob(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /** send a heartbeat / state change / final update; the answer may carry `command` */
    updateJob(data: Record<string, unknown>, opts?: UpdateJobOptions): Promise<ServerAnswer>;
    /** tell the server (Harvester) the pilot started or finished */
    updateWorkerPilotStatus(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
}
