/**
 * Writing a download to disk while it is hashed: batches written at their offsets, a few in
 * flight, short writes completed (a full disk then surfaces as ENOSPC instead of a silently
 * truncated file).
 */
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { StreamChecksum } from './checksum.js';
import { ThreadedChecksum } from './hashworker.js';
/** Write all of `buf` (a single write may be short, e.g. when the disk fills up; the next one then fails with ENOSPC). */
export declare function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void>;
/** writev of `pieces` at `position`; a short write is completed with plain writes. */
export declare function writeAllv(fh: FileHandle, pieces: Buffer[], size: number, position: number): Promise<void>;
/**
 * A sink that hashes each piece as it arrives and writes the file in 4 MiB batches at their
 * offsets (TLS hands over ~16 KiB records; a syscall per record made the first version slow),
 * a few writes in flight so the socket keeps flowing while the disk catches up.
 */
export declare class HashingFileSink extends Writable {
    private readonly fh;
    private readonly sum;
    private readonly report?;
    private batch;
    private batchBytes;
    /** Positional writes in flight (order does not matter: each knows its offset). */
    private readonly inflight;
    private failure;
    private position;
    private last;
    /** Bytes received. */
    bytes: number;
    constructor(fh: FileHandle, sum: StreamChecksum | ThreadedChecksum, report?: ((bytes: number) => void) | undefined);
    _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void;
    /** Start writing the current batch; resolves when another batch may be started. */
    private flushBatch;
    _final(cb: (e?: Error | null) => void): void;
}
