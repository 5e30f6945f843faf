/**
 * Checksums on a worker thread, so hashing a large download runs beside TLS and the disk writes
 * instead of on the main thread (Node does both on one thread otherwise). Used for big files
 * only; small files are hashed inline.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { StreamChecksum } from './checksum.js';
// Only a worker started by ThreadedChecksum (marked through workerData) serves hashing requests.
if (!isMainThread && parentPort && workerData?.pandaHashWorker === true) {
    let sum = new StreamChecksum();
    parentPort.on('message', (m) => {
        if (m.type === 'init')
            sum = new StreamChecksum({ md5: m.md5 });
        else if (m.type === 'data')
            sum.update(new Uint8Array(m.buf));
        else
            parentPort.postMessage({ digest: sum.digest(), bytes: sum.bytes });
    });
}
/** A checksum running on its own thread; feed whole buffers (they are transferred, not copied). */
export class ThreadedChecksum {
    worker;
    bytes = 0;
    constructor(opts = {}) {
        this.worker = new Worker(new URL(import.meta.url), { workerData: { pandaHashWorker: true } });
        this.worker.unref();
        this.worker.postMessage({ type: 'init', md5: opts.md5 !== false });
    }
    /** Hand over a buffer that owns its whole ArrayBuffer (it becomes unusable here). */
    updateOwned(buf) {
        this.bytes += buf.length;
        if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) {
            this.worker.postMessage({ type: 'data', buf: buf.buffer }, [buf.buffer]);
        }
        else {
            const copy = new Uint8Array(buf).buffer;
            this.worker.postMessage({ type: 'data', buf: copy }, [copy]);
        }
    }
    /** Final checksums; the worker ends. */
    async digest() {
        const reply = new Promise((resolve, reject) => {
            this.worker.once('message', resolve);
            this.worker.once('error', reject);
        });
        this.worker.postMessage({ type: 'digest' });
        const r = await reply;
        await this.worker.terminate();
        return r.digest;
    }
    /** Stop the worker without a result. */
    async close() {
        await this.worker.terminate();
    }
}
//# sourceMappingURL=hashworker.js.map