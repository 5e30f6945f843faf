import { type BearerAuth } from './auth.js';
import type { PilotServerClient, RequestOptions, ServerAnswer, UpdateJobOptions } from './types.js';
/** The version we announce (Pilot 3's, since servers and monitors key on it). */
export declare const PILOT_VERSION = "3.11.5.1";
/** Construction options of {@link PandaClient}. */
export interface PandaClientOptions {
    /** server base URL for getJob/updateJob/... (see resolvePandaServer) */
    url: string;
    /** base URL for the calls Pilot 3 sends to $PANDA_SERVER_URL (event ranges, getKeyPair, getProxy); default `url` */
    esUrl?: string;
    /** environment for credentials (default process.env) */
    env?: NodeJS.ProcessEnv;
    /** `--cacert` / `--capath` */
    cacert?: string | null;
    capath?: string | null;
    /** http_maxtime (s, default 120), http_connect_timeout (s, default 100), update_sleep (s, default 120) */
    timeoutS?: number;
    connectTimeoutS?: number;
    updateSleepS?: number;
    /** replace pandaserver.cern.ch by a random server behind the alias, as Pilot 3 (default true) */
    randomizeAlias?: boolean;
    /** version for the User-Agent (default env PILOT_VERSION or {@link PILOT_VERSION}) */
    version?: string;
}
/** HTTP client of the PanDA server (legacy `/server/panda/<method>` and `api/v1` paths). */
export declare class PandaClient implements PilotServerClient {
    readonly url: string;
    readonly esUrl: string;
    readonly userAgent: string;
    private readonly env;
    private readonly auth;
    /** http_maxtime, http_connect_timeout and update_sleep in effect (seconds) */
    readonly timeoutS: number;
    readonly connectTimeoutS: number;
    readonly updateSleepS: number;
    private readonly randomize;
    private readonly baseCache;
    private readonly logger;
    private systemRoots?;
    constructor(opts: PandaClientOptions);
    /**
     * Call a server method and return the decoded answer. Each attempt sends the JSON body first
     * and, per `opts.fallback`, the form body second; attempts are separated by `retrySleepS`.
     * @throws PilotError COMMUNICATIONFAILURE when no attempt gave a usable answer
     */
    request(cmd: string, data?: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /** One attempt: JSON client, then (per the fallback rule) the form client. */
    private attempt;
    /** Pilot 3's urllib client: gzip JSON body, token only with `panda`, else the proxy as client cert. */
    private jsonCall;
    /** Pilot 3's curl client: form body, `Accept: application/json`, token whenever configured. */
    private formCall;
    /**
     * A GET of a server method with bearer/origin/User-Agent headers (get_access_token); the raw text.
     * @throws COMMUNICATIONFAILURE on transport errors or a non-2xx status
     */
    getText(cmd: string, query: Record<string, string>, bearer: BearerAuth, opts?: RequestOptions): Promise<string>;
    private tokenHeaders;
    private send;
    private base;
    /**
     * getJob: JSON first, form on any failure (`curl: true` = form only, for the `curlgetjob` catchall).
     * Returns the answer as is: a job (StatusCode 0), or a StatusCode 20/… / `{}` that the caller counts.
     */
    getJob(data: Record<string, unknown>, opts?: RequestOptions & {
        curl?: boolean;
    }): Promise<ServerAnswer>;
    /** updateJob (heartbeat, state change, final update): 2 attempts; StatusCode is not checked (as Pilot 3). */
    updateJob(data: Record<string, unknown>, opts?: UpdateJobOptions): Promise<ServerAnswer>;
    /** updateWorkerPilotStatus `{workerID, harvesterID, status: started|finished, site, node_id}`: 2 attempts. */
    updateWorkerPilotStatus(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /** setDebugMode for a job (the server answers `Succeeded`). */
    setDebugMode(pandaID: string | number, opts?: RequestOptions): Promise<ServerAnswer>;
    /** api/v1/pilot/update_worker_node (worker node map), one attempt. */
    updateWorkerNode(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /** api/v1/pilot/update_worker_node_gpu (GPU map), one attempt. */
    updateWorkerNodeGpu(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /**
     * getEventRanges `{pandaID, jobsetID, taskID, nRanges}` (form client, $PANDA_SERVER_URL).
     * @returns the event ranges ([] = no more events)
     * @throws COMMUNICATIONFAILURE on a non-zero StatusCode, as Pilot 3's communicator
     */
    getEventRanges(data: Record<string, unknown>, opts?: RequestOptions): Promise<Record<string, unknown>[]>;
    /** updateEventRanges `{eventRanges: <JSON string or list>, version}` (form client); the raw answer. */
    updateEventRanges(data: Record<string, unknown>, opts?: RequestOptions): Promise<ServerAnswer>;
    /**
     * getKeyPair `{privateKeyName, publicKeyName}` (form client) → the key pair.
     * @throws COMMUNICATIONFAILURE unless StatusCode is 0
     */
    getKeyPair(data: {
        privateKeyName: string;
        publicKeyName: string;
    }, opts?: RequestOptions): Promise<{
        publicKey: string;
        privateKey: string;
    }>;
    /**
     * getProxy `{role, dn?}` (JSON client with the X509 proxy, no token) → the proxy PEM text.
     * @throws COMMUNICATIONFAILURE unless StatusCode is 0
     */
    getProxy(data: {
        role: string;
        dn?: string;
    }, opts?: RequestOptions): Promise<string>;
    /**
     * getResourceTypes → memory limits per resource type
     * (`{SCORE: {mincore, maxcore, minrampercore, maxrampercore}, ...}`).
     */
    getResourceTypes(opts?: RequestOptions): Promise<Record<string, Record<string, unknown>>>;
}
