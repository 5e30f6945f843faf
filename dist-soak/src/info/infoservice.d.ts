import { ExtInfoProvider, type ExtInfoOptions, type InfoConfig } from './extinfo.js';
import { type InfoProvider, type JobOverrides } from './providers.js';
import { QueueData } from './queuedata.js';
import { StorageData } from './storagedata.js';
/** The queue and storage information for one PanDA queue. */
export declare class InfoService {
    /** Default cache time of the external provider (s). */
    static readonly cache_time = 60;
    pandaqueue: string | null;
    /** The queue's description; null until init() succeeded. */
    queuedata: QueueData | null;
    queues_info: Record<string, QueueData>;
    storages_info: Record<string, StorageData>;
    confinfo: InfoProvider | null;
    jobinfo: InfoProvider | null;
    extinfo: ExtInfoProvider;
    storage_id2ddmendpoint: Record<number, string>;
    ddmendpoint2storage_id: Record<string, number>;
    /**
     * Resolve the queue (and prefetch all storages).
     * @throws PilotError UNKNOWNEXCEPTION (1301) for an empty queue name; QUEUEDATA (1116) when the
     * queue cannot be found; provider errors as they are.
     */
    init(pandaqueue: string, confinfo?: InfoProvider | null, extinfo?: ExtInfoProvider | null, jobinfo?: InfoProvider | null): Promise<void>;
    private requireInit;
    private providers;
    /** Merge every provider's answer, the first provider winning (Pilot 3's _resolve_data, merge=True). */
    private merged;
    /** Source priority for the CRIC schedconfig (config, then job, then the default list). */
    resolve_schedconf_sources(): string[];
    /** The QueueData of a queue (cached), or null when no source knows it. */
    resolve_queuedata(pandaqueue: string): Promise<QueueData | null>;
    /**
     * Storage descriptions (cached); loads when nothing is asked for or something is missing.
     * Returns the whole cache (name → StorageData), as Pilot 3 does.
     * @throws PilotError UNKNOWNEXCEPTION (1301) when a requested endpoint cannot be found.
     */
    resolve_storage_data(ddmendpoints?: string | string[] | null): Promise<Record<string, StorageData>>;
    /** Fill the endpoint ↔ storage id maps (bucket ids included). */
    resolve_ddmendpoint_storageid(ddmendpoint?: string): Promise<void>;
    /** @throws PilotError NOTDEFINED (1311) when the endpoint has no storage id. */
    get_storage_id(ddmendpoint: string): Promise<number>;
    /** @throws PilotError NOTDEFINED (1311) when no endpoint has this storage (or bucket) id. */
    get_ddmendpoint(storageId: number | string): Promise<string>;
}
/** The process-wide InfoService (Pilot 3's `pilot.info.infosys`); call init() before use. */
export declare const infosys: InfoService;
/** Options of {@link loadQueuedata}. */
export interface LoadQueuedataOptions extends ExtInfoOptions {
    queue: string;
    /** Pilot configuration (for [Information] settings and the acopytools override). */
    config?: InfoConfig | null;
}
/**
 * A fully initialised InfoService for the pilot's queue (queue data and all storages), built from
 * the pilot configuration, environment and --queuedata-url/--storagedata-url.
 * @throws PilotError QUEUEDATA (1116) when the queue cannot be resolved.
 */
export declare function createInfoService(opts: LoadQueuedataOptions): Promise<InfoService>;
/**
 * Resolve one queue's QueueData from config and external sources (what the pilot does at start;
 * like Pilot 3's init it also prefetches the storage descriptions into the cache).
 * @throws PilotError QUEUEDATA (1116) when the queue cannot be resolved.
 */
export declare function loadQueuedata(opts: LoadQueuedataOptions): Promise<QueueData>;
/**
 * The InfoService of one job (Pilot 3's create_job): the pilot's providers plus the job's
 * overrides (platform, --overwriteQueueData, --overwriteStorageData).
 */
export declare function createJobInfoService(job: JobOverrides, base?: InfoService): Promise<InfoService>;
/**
 * The start-up queue check of pilot.py: CRIC state must be ACTIVE, PanDA status must not be offline.
 * @throws PilotError PANDAQUEUENOTACTIVE (1359) / PANDAQUEUENOTONLINE (1386).
 */
export declare function checkQueueActive(queuedata: Pick<QueueData, 'state' | 'status' | 'name'>): void;
