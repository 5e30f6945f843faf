/**
 * Parallel ranged download for big files over https/davs: N worker threads, each with its own
 * TLS connection, fetch `Range: bytes=a-b` slices, write them at their offsets and compute the
 * slice's Adler-32; the slices' checksums are combined (zlib's adler32_combine). One Node thread
 * decrypts TLS at well below what the network and storage deliver; threads scale it with cores.
 *
 * Used only when the server advertises byte ranges and no MD5 is needed (MD5 cannot be combined).
 */
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { undici } from '../common/undici.js';
import { Adler32 } from './checksum.js';
import { writeAllv } from './filesink.js';
import { workerEntry } from '../common/bundle.js';

const MOD = 65521;

/** zlib's adler32_combine: checksum of A‖B from adler(A), adler(B) and len(B). */
export function adler32Combine(adler1: number, adler2: number, len2: number): number {
  const rem = len2 % MOD;
  let sum1 = adler1 & 0xffff;
  let sum2 = (rem * sum1) % MOD;
  sum1 += (adler2 & 0xffff) + MOD - 1;
  sum2 += ((adler1 >>> 16) & 0xffff) + ((adler2 >>> 16) & 0xffff) + MOD - rem;
  if (sum1 >= MOD) sum1 -= MOD;
  if (sum1 >= MOD) sum1 -= MOD;
  if (sum2 >= MOD * 2) sum2 -= MOD * 2;
  if (sum2 >= MOD) sum2 -= MOD;
  return ((sum2 << 16) | sum1) >>> 0;
}

interface Job {
  pandaRangeWorker: true;
  url: string;
  dst: string;
  start: number;
  end: number;
  connect: Record<string, unknown>;
  headers: Record<string, string>;
}

type Reply = { progress: number } | { done: true; adler: number; bytes: number } | { error: string; status?: number; code?: string };

const BATCH = 4 << 20;

async function runSlice(job: Job): Promise<void> {
  const { Agent, stream } = undici();
  const agent = new Agent({ connect: job.connect });
  const fh = await open(job.dst, 'r+');
  const adler = new Adler32();
  let pos = job.start;
  let bytes = 0;
  let reported = 0;
  let status = 0;
  try {
    await stream(job.url, { method: 'GET', dispatcher: agent, headers: { ...job.headers, range: `bytes=${job.start}-${job.end}` } }, ({ statusCode, headers }) => {
      status = statusCode;
      const cr = String(headers['content-range'] ?? '');
      if (statusCode !== 206 || !cr.startsWith(`bytes ${job.start}-`)) return new Writable({ write: (_c, _e, cb) => cb() });
      let batch: Buffer[] = [];
      let size = 0;
      let pending: Promise<void> = Promise.resolve();
      const flush = (cb: (e?: Error | null) => void) => {
        const pieces = batch;
        const n = size;
        const at = pos;
        batch = [];
        size = 0;
        pos += n;
        pending.then(() => {
          pending = writeAllv(fh, pieces, n, at);
          pending.catch(() => undefined);
          cb();
        }, cb);
      };
      return new Writable({
        highWaterMark: 1 << 20,
        write(chunk: Buffer, _e, cb) {
          adler.update(chunk);
          bytes += chunk.length;
          batch.push(chunk);
          size += chunk.length;
          if (bytes - reported >= 8 << 20) {
            reported = bytes;
            parentPort!.postMessage({ progress: bytes } satisfies Reply);
          }
          if (size < BATCH) return cb();
          flush(cb);
        },
        final(cb) {
          const done = () => pending.then(() => cb(), cb);
          if (size) flush((e) => (e ? cb(e) : done()));
          else done();
        },
      });
    });
    if (status !== 206) throw Object.assign(new Error(`range request answered with HTTP ${status}`), { status });
    if (bytes !== job.end - job.start + 1) throw new Error(`slice ${job.start}-${job.end}: received ${bytes} bytes`);
    const hex = adler.hex();
    parentPort!.postMessage({ done: true, adler: Number.parseInt(hex, 16), bytes } satisfies Reply);
  } finally {
    await fh.close();
    await agent.close();
  }
}

if (!isMainThread && parentPort && (workerData as Partial<Job> | null)?.pandaRangeWorker === true) {
  runSlice(workerData as Job).catch((e: NodeJS.ErrnoException & { status?: number }) => {
    parentPort!.postMessage({ error: e.message, status: e.status, code: e.code } satisfies Reply);
  });
}

/** Failure of a slice (HTTP status / errno code kept for error mapping). */
export class RangeError2 extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) {
    super(message);
  }
}

/**
 * Download `url` (`size` bytes) into `dst` with `streams` parallel range requests. Resolves with
 * the whole file's Adler-32 (8 hex digits). Aborting `signal` stops every worker.
 */
export async function downloadRanges(opts: {
  url: string;
  dst: string;
  size: number;
  streams: number;
  connect: Record<string, unknown>;
  headers: Record<string, string>;
  signal: AbortSignal;
  progress?: (bytes: number) => void;
}): Promise<string> {
  const fh = await open(opts.dst, 'w');
  await fh.truncate(opts.size);
  await fh.close();
  const per = Math.ceil(opts.size / opts.streams);
  const slices = Array.from({ length: opts.streams }, (_, i) => ({ start: i * per, end: Math.min(opts.size, (i + 1) * per) - 1 })).filter((s) => s.end >= s.start);
  const got = new Array<number>(slices.length).fill(0);
  const workers: Worker[] = [];
  const stopAll = () => Promise.all(workers.map((w) => w.terminate()));
  const onAbort = () => void stopAll();
  opts.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const results = await Promise.all(
      slices.map(
        (s, i) =>
          new Promise<number>((resolve, reject) => {
            const job: Job = { pandaRangeWorker: true, url: opts.url, dst: opts.dst, start: s.start, end: s.end, connect: opts.connect, headers: opts.headers };
            const entry = workerEntry('ranges', new URL(import.meta.url));
            const w = new Worker(entry.filename, { ...entry.options, workerData: job });
            workers.push(w);
            w.on('message', (m: Reply) => {
              if ('progress' in m) {
                got[i] = m.progress;
                opts.progress?.(got.reduce((a, b) => a + b, 0));
              } else if ('done' in m) resolve(m.adler);
              else reject(new RangeError2(m.error, m.status, m.code));
            });
            w.on('error', reject);
            w.on('exit', (code) => reject(opts.signal.aborted ? opts.signal.reason : new RangeError2(`range worker exited with ${code}`)));
          }),
      ),
    );
    let adler = results[0];
    for (let i = 1; i < results.length; i++) adler = adler32Combine(adler, results[i], slices[i].end - slices[i].start + 1);
    return adler.toString(16).padStart(8, '0');
  } catch (e) {
    await stopAll();
    throw e;
  } finally {
    opts.signal.removeEventListener('abort', onAbort);
  }
}
