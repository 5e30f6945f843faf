/**
 * Native `https`/`davs` copytool (no CLI tool): undici streams with Adler-32/MD5 computed while
 * the bytes pass, size checked against Content-Length and the catalog, partial files removed.
 * Uploads go through node:https (./httpput.ts: the header spelling XrdHttp needs).
 *
 * TLS verification is always on: system CAs plus, when given, a CA bundle (`caFile`,
 * `PANDA_PILOT_CA_FILE`) or the PEM files of `X509_CERT_DIR`. Credentials: the X.509 proxy
 * (`X509_USER_PROXY`) as client certificate, and a WLCG bearer token (`BEARER_TOKEN`,
 * `BEARER_TOKEN_FILE`) as Authorization header — neither is ever logged.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Transform, Writable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import { undici } from '../common/undici.js';
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import type { TransferFile } from '../data/types.js';
import { StreamChecksum } from './checksum.js';
import { discoverBearerToken } from '../credentials/bearer.js';
import { loadCaDirectory } from '../server/auth.js';
import { HashingFileSink } from './filesink.js';
import { downloadRanges } from './ranges.js';
import { ThreadedChecksum } from './hashworker.js';
import { transferTimeout, redactUrl } from './paths.js';
import type { CopyContext, Copytool } from './types.js';
import { inputDestination, outputSource, transferEach, verifyDownload } from './perfile.js';
import { putStream } from './httpput.js';

const logger = log('copytool.https');
const agents = new Map<string, Agent>();

/** The grid CA directory's certificates (`<hash>.0` files as well as `*.pem`). */
function readCaDir(dir: string): string[] {
  try {
    return loadCaDirectory(dir);
  } catch {
    return [];
  }
}

/** TLS options (serialisable, so range workers can build the same agent); verification stays on. */
export function connectOptions(ctx: CopyContext): { key: string; opts: { rejectUnauthorized: true; ca?: string[]; cert?: string; key?: string } } {
  const env = ctx.env ?? process.env;
  const caFile = ctx.caFile ?? env.PANDA_PILOT_CA_FILE;
  const proxy = env.X509_USER_PROXY && existsSync(env.X509_USER_PROXY) ? env.X509_USER_PROXY : undefined;
  const id = `${caFile ?? ''}|${env.X509_CERT_DIR ?? ''}|${proxy ?? ''}`;
  const extra = [...(caFile ? [readFileSync(caFile, 'utf8')] : []), ...(env.X509_CERT_DIR ? readCaDir(env.X509_CERT_DIR) : [])];
  const pem = proxy ? readFileSync(proxy, 'utf8') : undefined;
  return {
    key: id,
    opts: {
      rejectUnauthorized: true,
      ...(extra.length ? { ca: [...rootCertificates, ...extra] } : {}),
      ...(pem ? { cert: pem, key: pem } : {}),
    },
  };
}

/** One keep-alive agent per (CA, proxy) setting. */
function agentFor(ctx: CopyContext): Agent {
  const env = ctx.env ?? process.env;
  const id = `${ctx.caFile ?? env.PANDA_PILOT_CA_FILE ?? ''}|${env.X509_CERT_DIR ?? ''}|${env.X509_USER_PROXY ?? ''}`;
  let agent = agents.get(id);
  if (!agent) {
    agent = new (undici().Agent)({ connect: connectOptions(ctx).opts, keepAliveTimeout: 10_000 });
    agents.set(id, agent);
  }
  return agent;
}

/** The WLCG bearer token (BEARER_TOKEN, BEARER_TOKEN_FILE, XDG_RUNTIME_DIR/bt_u<uid>, /tmp/bt_u<uid>). */
function bearerToken(env: NodeJS.ProcessEnv): string | undefined {
  return discoverBearerToken(env)?.token;
}

/** davs:// → https://, dav:// → http:// (what the server actually speaks). */
export function httpUrl(url: string): string {
  if (url.startsWith('davs://')) return 'https://' + url.slice(7);
  if (url.startsWith('dav://')) return 'http://' + url.slice(6);
  return url;
}

/** Request headers: user agent and, when a WLCG token is available, its bearer header. */
export function headers(ctx: CopyContext, extra: Record<string, string> = {}): Record<string, string> {
  const token = bearerToken(ctx.env ?? process.env);
  return { 'user-agent': 'panda-pilot', ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

/** Map an HTTP status / network error of one transfer to a Pilot 3 code. */
function httpFailure(isStagein: boolean, status: number | undefined, diag: string, cause?: unknown): PilotError {
  const E = ErrorCodes;
  let code: number = isStagein ? E.STAGEINFAILED : E.STAGEOUTFAILED;
  if (status === 404) code = isStagein ? E.MISSINGINPUTFILE : E.STAGEOUTFAILED;
  else if (status === 401 || status === 403) code = isStagein ? E.STAGEINAUTHENTICATIONFAILURE : E.STAGEOUTAUTHENTICATIONFAILURE;
  else if (status === 507) code = isStagein ? code : E.NOREMOTESPACE;
  return new PilotError(code, diag, { cause });
}

function withTimeout(ctx: CopyContext, seconds: number): { signal: AbortSignal; timeout: AbortSignal } {
  const timeout = AbortSignal.timeout(seconds * 1000);
  return { signal: ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout, timeout };
}

/** A Transform that hashes and reports progress as bytes pass. */
function meter(sum: StreamChecksum, f: TransferFile, total: number, ctx: CopyContext): Transform {
  let last = 0;
  return new Transform({
    highWaterMark: 1 << 20,
    transform(chunk: Buffer, _enc, cb) {
      sum.update(chunk);
      if (ctx.progress && sum.bytes - last >= 8 << 20) {
        last = sum.bytes;
        ctx.progress({ lfn: f.lfn, bytes: sum.bytes, total, done: false });
      }
      cb(null, chunk);
    },
  });
}

const MAX_REDIRECTS = 5;

/** Files at least this big are hashed on a worker thread. */
const THREADED_HASH_MIN = 64 << 20;

/** Parallel range streams for a file (env PANDA_PILOT_HTTPS_STREAMS, default min(4, cores)); 1 = single stream. */
function rangeStreams(f: TransferFile, ctx: CopyContext, needMd5: boolean): number {
  const env = ctx.env ?? process.env;
  const minBytes = Number(env.PANDA_PILOT_HTTPS_RANGE_MIN_MB ?? 256) * (1 << 20);
  if (needMd5 || !f.filesize || f.filesize < minBytes) return 1;
  const n = Number(env.PANDA_PILOT_HTTPS_STREAMS ?? Math.min(4, availableParallelism()));
  return Number.isFinite(n) && n > 1 ? Math.floor(n) : 1;
}

/** HEAD (following redirects): the final URL, its size and whether it serves byte ranges. */
async function probe(url: string, ctx: CopyContext, signal: AbortSignal): Promise<{ url: string; size: number; ranges: boolean }> {
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    const res = await undici().request(url, { method: 'HEAD', dispatcher: agentFor(ctx), signal, headers: headers(ctx) });
    await res.body.dump();
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      url = new URL(String(res.headers.location), url).toString();
      continue;
    }
    return { url, size: Number(res.headers['content-length'] ?? -1), ranges: res.statusCode === 200 && String(res.headers['accept-ranges'] ?? '') === 'bytes' };
  }
  return { url, size: -1, ranges: false };
}

/** The parallel path; false when the server cannot do ranges (the caller streams instead). */
async function downloadParallel(f: TransferFile, dst: string, ctx: CopyContext, streams: number, signal: AbortSignal): Promise<string | false> {
  const p = await probe(httpUrl(f.turl!), ctx, signal);
  if (!p.ranges || p.size !== f.filesize) return false;
  logger.info({ lfn: f.lfn, streams }, 'parallel ranged download');
  const adler = await downloadRanges({
    url: p.url, dst, size: p.size, streams, connect: connectOptions(ctx).opts, headers: headers(ctx), signal,
    progress: ctx.progress ? (bytes) => ctx.progress!({ lfn: f.lfn, bytes, total: p.size, done: false }) : undefined,
  });
  return adler;
}

function downloadFailure(e: unknown, f: TransferFile, ctx: CopyContext, timeout: AbortSignal): unknown {
  if (e instanceof PilotError) return e;
  if (ctx.signal?.aborted) return ctx.signal.reason;
  if (timeout.aborted) return errors.STAGEINTIMEOUT(`copy command timed out: GET ${redactUrl(f.turl)} after ${ctx.timeoutS ?? transferTimeout(f.filesize)} s`, e);
  const err = e as NodeJS.ErrnoException & { status?: number };
  if (err.code === 'ENOSPC') return errors.NOLOCALSPACE(`No available space left on local disk: ${err.message}`, e);
  if (err.status) return httpFailure(true, err.status, `GET ${redactUrl(f.turl)} failed: HTTP ${err.status}`, e);
  return errors.STAGEINFAILED(`GET ${redactUrl(f.turl)} failed: ${err.message}${err.code ? ` (${err.code})` : ''}`, e);
}

async function download(f: TransferFile, dst: string, ctx: CopyContext): Promise<void> {
  const { signal, timeout } = withTimeout(ctx, ctx.timeoutS ?? transferTimeout(f.filesize));
  const dispatcher = agentFor(ctx);
  let url = httpUrl(f.turl!);
  const needMd5 = !f.checksum?.adler32 && !!f.checksum?.md5;
  const streams = rangeStreams(f, ctx, needMd5);
  if (streams > 1) {
    let adler: string | false;
    try {
      adler = await downloadParallel(f, dst, ctx, streams, signal);
    } catch (e) {
      throw downloadFailure(e, f, ctx, timeout);
    }
    if (adler) return verifyDownload(f, f.filesize!, { adler32: adler });
  }
  const threaded = (f.filesize ?? 0) >= THREADED_HASH_MIN;
  const sum = threaded ? new ThreadedChecksum({ md5: needMd5 }) : new StreamChecksum({ md5: needMd5 });
  const fh = await open(dst, 'w');
  let sink: HashingFileSink | undefined;
  let expected = -1;
  try {
    let status = 0;
    for (let i = 0; i <= MAX_REDIRECTS; i++) {
      let location: string | undefined;
      await undici().stream(url, { method: 'GET', dispatcher, signal, headers: headers(ctx) }, ({ statusCode, headers: h }) => {
        status = statusCode;
        if (statusCode !== 200) {
          location = h.location ? String(h.location) : undefined;
          return new Writable({ write: (_c, _e, cb) => cb() });
        }
        expected = Number(h['content-length'] ?? -1);
        sink = new HashingFileSink(fh, sum, ctx.progress ? (bytes) => ctx.progress!({ lfn: f.lfn, bytes, total: expected, done: false }) : undefined);
        return sink;
      });
      if (status >= 300 && status < 400 && location) {
        url = new URL(location, url).toString();
        continue;
      }
      break;
    }
    if (status !== 200) {
      throw httpFailure(true, status, `GET ${redactUrl(f.turl)} failed: HTTP ${status}${status === 404 ? ' (No such file or directory)' : ''}`);
    }
    if (expected >= 0 && sink!.bytes !== expected) throw errors.STAGEINFAILED(`truncated download of ${f.lfn}: ${sink!.bytes} of ${expected} bytes`);
  } catch (e) {
    if (sum instanceof ThreadedChecksum) await sum.close();
    throw downloadFailure(e, f, ctx, timeout);
  } finally {
    await fh.close();
  }
  const bytes = sink?.bytes ?? 0;
  const got = sum instanceof ThreadedChecksum ? await sum.digest() : sum.digest();
  verifyDownload(f, bytes, got);
}

async function mkcolParents(url: string, ctx: CopyContext, signal: AbortSignal): Promise<void> {
  const u = new URL(url);
  const parts = u.pathname.split('/').filter(Boolean).slice(0, -1);
  let path = '';
  for (const p of parts) {
    path += `/${p}`;
    const res = await undici().request(new URL(path + '/', u).toString(), { method: 'MKCOL', dispatcher: agentFor(ctx), signal, headers: headers(ctx) });
    await res.body.dump();
    if (res.statusCode >= 400 && res.statusCode !== 405) throw httpFailure(false, res.statusCode, `MKCOL ${path} failed: HTTP ${res.statusCode}`);
  }
}

async function upload(f: TransferFile, src: string, ctx: CopyContext): Promise<void> {
  const size = (await stat(src)).size;
  const { signal, timeout } = withTimeout(ctx, ctx.timeoutS ?? transferTimeout(size));
  let url = httpUrl(f.turl!);
  let sum = new StreamChecksum({ md5: false });
  const tls = connectOptions(ctx);
  const put = (target: string) => {
    sum = new StreamChecksum({ md5: false }); // a redirect or a MKCOL retry sends the file again
    const body = createReadStream(src, { highWaterMark: 1 << 20 }).pipe(meter(sum, f, size, ctx));
    return putStream({ url: target, body, size, headers: headers(ctx), tls: tls.opts, agentKey: tls.key, signal });
  };
  try {
    let res = await put(url);
    for (let i = 0; res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && i < MAX_REDIRECTS; i++) {
      url = new URL(String(res.headers.location), url).toString();
      res = await put(url);
    }
    if (res.statusCode === 409) {
      await mkcolParents(url, ctx, signal);
      res = await put(url);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) throw httpFailure(false, res.statusCode, `PUT ${redactUrl(f.turl)} failed: HTTP ${res.statusCode}`);
    // read back the size the server stored
    const head = await undici().request(url, { method: 'HEAD', dispatcher: agentFor(ctx), signal, headers: headers(ctx) });
    await head.body.dump();
    const stored = Number(head.headers['content-length'] ?? -1);
    if (head.statusCode !== 200 || stored !== size) throw errors.STAGEOUTFAILED(`stored size of ${f.lfn} is ${stored} (HTTP ${head.statusCode}), expected ${size}`);
  } catch (e) {
    if (e instanceof PilotError) throw e;
    if (ctx.signal?.aborted) throw ctx.signal.reason;
    if (timeout.aborted) throw errors.STAGEOUTTIMEOUT(`copy command timed out: PUT ${redactUrl(f.turl)}`, e);
    const err = e as NodeJS.ErrnoException;
    throw errors.STAGEOUTFAILED(`PUT ${redactUrl(f.turl)} failed: ${err.message}${err.code ? ` (${err.code})` : ''}`, e);
  }
  const got = sum.digest();
  const cat = (f.checksum ??= {});
  if (cat.adler32 && cat.adler32.toLowerCase().padStart(8, '0') !== got.adler32) {
    throw errors.PUTADMISMATCH(`adler32 of ${f.lfn} changed during upload: expected ${cat.adler32}, sent ${got.adler32}`);
  }
  if (!cat.adler32) cat.adler32 = got.adler32;
  f.filesize ||= size;
}

async function copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, true, (f) => {
    const { turl, dst } = inputDestination(f, ctx);
    return {
      url: turl,
      partial: dst,
      run: async () => {
        logger.info({ lfn: f.lfn, url: redactUrl(turl), dst }, 'download');
        await download(f, dst, ctx);
      },
    };
  });
}

async function copyOut(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]> {
  return transferEach(files, ctx, false, (f) => {
    const { turl, src } = outputSource(f, ctx);
    return {
      url: turl,
      run: async () => {
        logger.info({ lfn: f.lfn, url: redactUrl(turl), src }, 'upload');
        await upload(f, src, ctx);
      },
    };
  });
}

/** The native https/davs copytool. */
export const httpsCopytool: Copytool = {
  name: 'https',
  requireReplicas: true,
  requireInputProtocols: false,
  requireProtocols: true,
  checkAvailableSpace: true,
  allowedSchemas: ['davs', 'https', 'http'],
  copyIn,
  copyOut,
};
