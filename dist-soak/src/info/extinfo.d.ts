import type { RawRecord } from './clean.js';
import type { InfoProvider } from './providers.js';
import { type FetchOptions } from './loader.js';
/** The part of the pilot configuration the info system reads (src/config's PilotConfig fits). */
export interface InfoConfig {
    get(section: string, key: string, fallback?: string): string;
}
/** Built-in [Information] defaults (same as config/default.cfg and Pilot 3's default.cfg). */
export declare const INFORMATION_DEFAULTS: Readonly<Record<string, string>>;
/** Source priorities of the user plug-ins (pilot/user/<name>/setup.py). */
export declare const SOURCE_PRIORITIES: {
    readonly schedconfig: readonly ["LOCAL", "CVMFS", "CRIC", "PANDA"];
    readonly queuedata: readonly ["LOCAL", "PANDA", "CVMFS", "CRIC"];
    readonly ddm: readonly ["USER", "LOCAL", "CVMFS", "CRIC", "PANDA"];
    /** rubin puts its LOCAL storage file first. */
    readonly ddmRubin: readonly ["LOCAL", "USER", "CVMFS", "CRIC", "PANDA"];
};
/** Options of the external provider. */
export interface ExtInfoOptions extends FetchOptions {
    /** Cache directory; default [Information] cache_dir, else env PILOT_HOME, else '.'. */
    cacheDir?: string;
    /** Environment (QUEUEDATA_SERVER_URL, STORAGEDATA_SERVER_URL, LOCAL_AGIS_SCHEDCONF, ATLAS_SW_BASE, PILOT_USER, PILOT_QUEUE, PILOT_HOME). */
    env?: NodeJS.ProcessEnv;
    /** Pilot configuration ([Information] section); built-in defaults when absent. */
    config?: InfoConfig | null;
    /** --queuedata-url: wins over env QUEUEDATA_SERVER_URL and the config. */
    queuedataUrl?: string;
    /** --storagedata-url: wins over env STORAGEDATA_SERVER_URL. */
    storagedataUrl?: string;
    /** Default cache lifetime for sources without their own (Pilot 3: InfoService.cache_time = 60 s). */
    cacheTimeS?: number;
    /** Pause between download attempts; Pilot 3 retries a failed download at once. */
    retrySleepMs?: number | (() => number);
    /** Override the plug-in priorities. */
    priorities?: {
        schedconfig?: string[];
        queuedata?: string[];
        ddm?: string[];
    };
}
/** Loads queue and storage data from external sources with file caching. */
export declare class ExtInfoProvider implements InfoProvider {
    readonly opts: ExtInfoOptions;
    constructor(opts?: ExtInfoOptions);
    private get env();
    /** An [Information] setting (config, else the built-in default). */
    setting(key: string): string;
    /** The cache directory (Pilot 3: config cache_dir, else PILOT_HOME, else '.'). */
    cacheDir(): string;
    private cvmfsPath;
    private load;
    /** The full CRIC description of queues (dict keyed by queue name), or null. */
    load_schedconfig_data(pandaqueues: string[], priority?: string[] | null): Promise<RawRecord | null>;
    /**
     * PanDA's queuedata for one queue, as `{pq: data}` (or null).
     * @throws PilotError QUEUEDATA (1116) for an empty queue name.
     */
    load_queuedata(pandaqueue: string, priority?: string[] | null): Promise<RawRecord | null>;
    /** DDM endpoint descriptions (dict keyed by endpoint name), or null. */
    load_storage_data(ddmendpoints?: string[], priority?: string[] | null): Promise<RawRecord | null>;
    /** PanDA queuedata merged over the CRIC schedconfig (PanDA wins), keyed by queue. */
    resolve_queuedata(pandaqueue: string, opts?: {
        schedconfPriority?: string[] | null;
    }): Promise<RawRecord>;
    /** Storage descriptions for the given endpoints (all when none given). */
    resolve_storage_data(ddmendpoints?: string[]): Promise<RawRecord>;
}
