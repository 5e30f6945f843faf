/**
 * Checksums on a worker thread, so hashing a large download runs beside TLS and the disk writes
 * instead of on the main thread (Node does both on one thread otherwise). Used for big files
 * only; small files are hashed inline.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { StreamChecksum } from './checksum.js';
import type { Checksums } from '../data/types.js';
import { workerEntry } from '../common/bundle.js';

type Msg = { type: 'init'; md5: boolean } | { type: 'data'; buf: ArrayBuffer } | { type: 'digest' };

// Only a worker started by ThreadedChecksum (marked through workerData) serves hashing requests.
if (!isMainThread && parentPort && (workerData as { pandaHashWorker?: boolean } | null)?.pandaHashWorker === true) {
  let sum = new StreamChecksum();
  parentPort.on('message', (m: Msg) => {
    if (m.type === 'init') sum = new StreamChecksum({ md5: m.md5 });
    else if (m.type === 'data') sum.update(new Uint8Array(m.buf));
    else parentPort!.postMessage({ digest: sum.digest(), bytes: sum.bytes });
  });
}

/** A checksum running on its own thread; feed whole buffers (they are transferred, not copied). */
export class ThreadedChecksum {
  private readonly worker: Worker;
  bytes = 0;

  constructor(opts: { md5?: boolean } = {}) {
    const entry = workerEntry('hashworker', new URL(import.meta.url));
    this.worker = new Worker(entry.filename, { ...entry.options, workerData: { pandaHashWorker: true } });
    this.worker.unref();
    this.worker.postMessage({ type: 'init', md5: opts.md5 !== false } satisfies Msg);
  }

  /** Hand over a buffer that owns its whole ArrayBuffer (it becomes unusable here). */
  updateOwned(buf: Buffer): void {
    this.bytes += buf.length;
    if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) {
      this.worker.postMessage({ type: 'data', buf: buf.buffer } satisfies Msg, [buf.buffer]);
    } else {
      const copy = new Uint8Array(buf).buffer;
      this.worker.postMessage({ type: 'data', buf: copy } satisfies Msg, [copy]);
    }
  }

  /** Final checksums; the worker ends. */
  async digest(): Promise<Checksums> {
    const reply = new Promise<{ digest: Checksums }>((resolve, reject) => {
      this.worker.once('message', resolve);
      this.worker.once('error', reject);
    });
    this.worker.postMessage({ type: 'digest' } satisfies Msg);
    const r = await reply;
    await this.worker.terminate();
    return r.digest;
  }

  /** Stop the worker without a result. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
