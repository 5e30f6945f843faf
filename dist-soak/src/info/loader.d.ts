/** One data source. */
export interface DataSource {
    /** http(s):// or file:// URL, or a local path (anything without `://`); null = cache only. */
    url?: string | null;
    /** Cache file (absolute path); the downloaded text is saved there. */
    fname?: string | null;
    /** Cache lifetime in seconds (0 = always download). */
    cacheTimeS?: number;
    /** Download attempts. */
    nretry?: number;
    /** Pause between attempts (ms) or a function giving it. */
    sleepMs?: number | (() => number);
    /** Turns the text into data; throws on bad content. */
    parser?: (text: string) => unknown;
}
/** Transport settings shared by all sources of one load. */
export interface FetchOptions {
    signal?: AbortSignal;
    /** Per-attempt timeout (Pilot 3: 20 s). */
    timeoutMs?: number;
    /** User-Agent header. */
    userAgent?: string;
}
/** True when the cache file is missing, cacheTimeS is 0, or the file is older than cacheTimeS. */
export declare function isFileExpired(fname: string | null | undefined, cacheTimeS: number): Promise<boolean>;
/** Fetch one URL or read one local file; '' on any failure (as Pilot 3's download_file). */
export declare function fetchText(url: string, opts?: FetchOptions): Promise<string>;
/** Replace a file atomically (temp file in the same directory + rename). */
export declare function writeFileAtomic(fname: string, text: string): Promise<void>;
/**
 * Pilot 3's load_url_data: download when the cache is expired (or there is none), save to the
 * cache, else read the cache. Returns null when nothing is available.
 */
export declare function loadUrlData(src: DataSource, opts?: FetchOptions): Promise<string | null>;
/** The default parser: JSON, rejecting a top-level object with an `error` key. */
export declare function jsonParser(text: string): unknown;
/**
 * Pilot 3's load_data: try the sources in priority order and return the first non-empty parsed
 * result (null if none). Each source uses its own parser, else `parser`, else {@link jsonParser}
 * (Pilot 3 lets one source's parser leak into the following sources: not reproduced).
 */
export declare function loadData(sources: Record<string, DataSource | null | undefined>, priority: string[] | null | undefined, opts?: FetchOptions & {
    cacheTimeS?: number;
    parser?: (text: string) => unknown;
}): Promise<unknown>;
/**
 * Pilot 3's merge_dict_data: copy of d1 with d2 merged in; nested dicts merge key-wise, any other
 * value from d2 replaces d1's; when either side is not a dict the result is d2.
 */
export declare function mergeDictData(d1: unknown, d2: unknown): unknown;
