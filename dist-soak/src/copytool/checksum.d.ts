import type { Checksums } from '../data/types.js';
/** Incremental Adler-32 (start value 1), as zlib defines it. */
export declare class Adler32 {
    private a;
    private b;
    /** Feed more bytes. */
    update(buf: Uint8Array): this;
    /** 8 lowercase hex digits, zero padded (Pilot 3's format). */
    hex(): string;
}
/** Both checksums over one stream of chunks. */
export declare class StreamChecksum {
    private readonly adler;
    private readonly md5;
    bytes: number;
    constructor(opts?: {
        md5?: boolean;
    });
    /** Feed a chunk. */
    update(chunk: Uint8Array): void;
    /** Final values (`md5` only when enabled). */
    digest(): Checksums;
}
/** Accepted algorithm names (Pilot 3: adler32|adler|ad|ad32 and md5|md5sum|md). */
export declare function normaliseChecksumType(name: string): 'adler32' | 'md5';
/**
 * Checksums of a local file in one read. A missing file is FILEHANDLINGFAILURE (1303) as in
 * Pilot 3; other read errors are CHECKSUMCALCFAILURE (1366).
 */
export declare function fileChecksums(path: string, opts?: {
    md5?: boolean;
    signal?: AbortSignal;
}): Promise<{
    adler32: string;
    md5?: string;
    bytes: number;
}>;
/** A catalog checksum's type by Pilot 3's rule (first key of the dict); undefined when empty. */
export declare function catalogChecksumType(checksum: Checksums | undefined): 'adler32' | 'md5' | undefined;
