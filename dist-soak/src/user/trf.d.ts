/** Options of {@link getAnalysisTrf}. */
export interface TrfDownloadOptions {
    /** Base URLs from `-g` (comma lists already split); empty → `defaults`. */
    baseUrls?: string[];
    /** The plugin's default base URLs. */
    defaults?: string[];
    /** Attempts per base URL (Pilot 3: 3). */
    attempts?: number;
    /** Pause between failed attempts (Pilot 3: 60 s). */
    retryDelayMs?: number;
    /** Timeout of one HTTP request (default 120 s). */
    requestTimeoutMs?: number;
    signal?: AbortSignal;
    env?: NodeJS.ProcessEnv;
}
/** Pilot 3's get_valid_base_urls: bare hosts become http:// and https://; `first` moved to the front. */
export declare function validBaseUrls(baseUrls: string[] | undefined, defaults: string[], first?: string): string[];
/** Split `-g` values ("a,b" or repeated options) into a list. */
export declare function splitBaseUrls(value: string | string[] | undefined): string[];
/** The file name a transformation is saved under; rejects names that could leave the work dir. */
export declare function trfName(transformation: string): string;
/**
 * Make the transformation available in `workdir` as an executable file and return its name.
 * Throws TRFDOWNLOADFAILURE (1149) or CHMODTRF (1143); an abort of `opts.signal` rejects with its reason.
 */
export declare function getAnalysisTrf(transformation: string, workdir: string, opts?: TrfDownloadOptions): Promise<string>;
