import { Writable } from 'node:stream';
import { StreamChecksum } from './checksum.js';
import { ThreadedChecksum } from './hashworker.js';
const BATCH = 4 << 20;
/** Write all of `buf` (a single write may be short, e.g. when the disk fills up; the next one then fails with ENOSPC). */
export async function writeAll(fh, buf, position) {
    let off = 0;
    while (off < buf.length) {
        const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
        if (bytesWritten <= 0)
            throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
        off += bytesWritten;
    }
}
/** writev of `pieces` at `position`; a short write is completed with plain writes. */
export async function writeAllv(fh, pieces, size, position) {
    const { bytesWritten } = await fh.writev(pieces, position);
    if (bytesWritten >= size)
        return;
    const rest = Buffer.concat(pieces, size).subarray(bytesWritten);
    await writeAll(fh, rest, position + bytesWritten);
}
/**
 * A sink that hashes each piece as it arrives and writes the file in 4 MiB batches at their
 * offsets (TLS hands over ~16 KiB records; a syscall per record made the first version slow),
 * a few writes in flight so the socket keeps flowing while the disk catches up.
 */
export class HashingFileSink extends Writable {
    fh;
    sum;
    report;
    batch = [];
    batchBytes = 0;
    /** Positional writes in flight (order does not matter: each knows its offset). */
    inflight = new Set();
    failure;
    position = 0;
    last = 0;
    /** Bytes received. */
    bytes = 0;
    constructor(fh, sum, report) {
        super({ highWaterMark: 1 << 20 });
        this.fh = fh;
        this.sum = sum;
        this.report = report;
    }
    _write(chunk, _enc, cb) {
        if (this.sum instanceof StreamChecksum)
            this.sum.update(chunk);
        this.bytes += chunk.length;
        this.batch.push(chunk);
        this.batchBytes += chunk.length;
        if (this.batchBytes < BATCH)
            return cb();
        this.flushBatch().then(() => cb(), cb);
    }
    /** Start writing the current batch; resolves when another batch may be started. */
    async flushBatch() {
        if (this.failure)
            throw this.failure;
        const pieces = this.batch;
        const size = this.batchBytes;
        this.batch = [];
        this.batchBytes = 0;
        // the hashing thread gets one contiguous copy now (so batches reach it in order); the
        // pieces themselves go to disk with writev, without another copy
        if (this.sum instanceof ThreadedChecksum)
            this.sum.updateOwned(Buffer.concat(pieces, size));
        const at = this.position;
        this.position += size;
        const w = writeAllv(this.fh, pieces, size, at).then(() => void this.inflight.delete(w), (e) => {
            this.inflight.delete(w);
            this.failure ??= e;
        });
        this.inflight.add(w);
        if (this.report && this.bytes - this.last >= 8 << 20) {
            this.last = this.bytes;
            this.report(this.bytes);
        }
        if (this.inflight.size >= MAX_INFLIGHT_WRITES)
            await Promise.race(this.inflight);
        if (this.failure)
            throw this.failure;
    }
    _final(cb) {
        const rest = this.batchBytes ? this.flushBatch() : Promise.resolve();
        rest
            .then(() => Promise.all(this.inflight))
            .then(() => cb(this.failure ? this.failure : null), cb);
    }
}
/** Batches being written at once: keeps the socket flowing while the disk catches up. */
const MAX_INFLIGHT_WRITES = 4;
//# sourceMappingURL=filesink.js.map