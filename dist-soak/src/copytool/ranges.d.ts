/** zlib's adler32_combine: checksum of A‖B from adler(A), adler(B) and len(B). */
export declare function adler32Combine(adler1: number, adler2: number, len2: number): number;
/** Failure of a slice (HTTP status / errno code kept for error mapping). */
export declare class RangeError2 extends Error {
    readonly status?: number | undefined;
    readonly code?: string | undefined;
    constructor(message: string, status?: number | undefined, code?: string | undefined);
}
/**
 * Download `url` (`size` bytes) into `dst` with `streams` parallel range requests. Resolves with
 * the whole file's Adler-32 (8 hex digits). Aborting `signal` stops every worker.
 */
export declare function downloadRanges(opts: {
    url: string;
    dst: string;
    size: number;
    streams: number;
    connect: Record<string, unknown>;
    headers: Record<string, string>;
    signal: AbortSignal;
    progress?: (bytes: number) => void;
}): Promise<string>;
