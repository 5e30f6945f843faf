/**
 * Writing a download to disk while it is hashed: batches written at their offsets, a few in
 * flight, short writes completed (a full disk then surfaces as ENOSPC instead of a silently
 * truncated file).
 */
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { StreamChecksum } from './checksum.js';
import { ThreadedChecksum } from './hashworker.js';

const BATCH = 4 << 20;

/** Write all of `buf` (a single write may be short, e.g. when the disk fills up; the next one then fails with ENOSPC). */
export async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
    if (bytesWritten <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    off += bytesWritten;
  }
}

/** writev of `pieces` at `position`; a short write is completed with plain writes. */
export async function writeAllv(fh: FileHandle, pieces: Buffer[], size: number, position: number): Promise<void> {
  const { bytesWritten } = await fh.writev(pieces, position);
  if (bytesWritten >= size) return;
  const rest = Buffer.concat(pieces, size).subarray(bytesWritten);
  await writeAll(fh, rest, position + bytesWritten);
}

/**
 * A sink that hashes each piece as it arrives and writes the file in 4 MiB batches at their
 * offsets (TLS hands over ~16 KiB records; a syscall per record made the first version slow),
 * a few writes in flight so the socket keeps flowing while the disk catches up.
 */
export class HashingFileSink extends Writable {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  /** Positional writes in flight (order does not matter: each knows its offset). */
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown;
  private position = 0;
  private last = 0;
  /** Bytes received. */
  bytes = 0;

  constructor(
    private readonly fh: FileHandle,
    private readonly sum: StreamChecksum | ThreadedChecksum,
    private readonly report?: (bytes: number) => void,
  ) {
    super({ highWaterMark: 1 << 20 });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.sum instanceof StreamChecksum) this.sum.update(chunk);
    this.bytes += chunk.length;
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes < BATCH) return cb();
    this.flushBatch().then(() => cb(), cb);
  }

  /** Start writing the current batch; resolves when another batch may be started. */
  private async flushBatch(): Promise<void> {
    if (this.failure) throw this.failure;
    const pieces = this.batch;
    const size = this.batchBytes;
    this.batch = [];
    this.batchBytes = 0;
    // the hashing thread gets one contiguous copy now (so batches reach it in order); the
    // pieces themselves go to disk with writev, without another copy
    if (this.sum instanceof ThreadedChecksum) this.sum.updateOwned(Buffer.concat(pieces, size));
    const at = this.position;
    this.position += size;
    const w: Promise<void> = writeAllv(this.fh, pieces, size, at).then(
      () => void this.inflight.delete(w),
      (e) => {
        this.inflight.delete(w);
        this.failure ??= e;
      },
    );
    this.inflight.add(w);
    if (this.report && this.bytes - this.last >= 8 << 20) {
      this.last = this.bytes;
      this.report(this.bytes);
    }
    if (this.inflight.size >= MAX_INFLIGHT_WRITES) await Promise.race(this.inflight);
    if (this.failure) throw this.failure;
  }

  override _final(cb: (e?: Error | null) => void): void {
    const rest = this.batchBytes ? this.flushBatch() : Promise.resolve();
    rest
      .then(() => Promise.all(this.inflight))
      .then(() => cb(this.failure ? (this.failure as Error) : null), cb);
  }
}

/** Batches being written at once: keeps the socket flowing while the disk catches up. */
const MAX_INFLIGHT_WRITES = 4;
