/**
 * Cached loading of JSON descriptions from prioritised sources (Pilot 3's DataLoader,
 * pilot/info/dataloader.py): a source is a URL (http/https/file://) or a local path, plus a
 * cache file in the pilot home with a lifetime.
 *
 * Deviation (quirk 1 of data-api.md §8): Pilot 3 opens the cache file for writing before it
 * knows whether the download worked, so a failed download truncates the last good copy and the
 * source then yields nothing. We write a temporary file and rename it over the cache only after a
 * non-empty download, and fall back to the last good cache (any age) when every attempt failed.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
import { loggedWait } from '../common/waiting.js';
import type { RawRecord } from './clean.js';

const logger = log('info');

/** One data source. */
export interface DataSource {
  /** http(s):// or file:// URL, or a local path (anything without `://`); null = cache only. */
  url?: string | null;
  /** Cache file (absolute path); the downloaded text is saved there. */
  fname?: string | null;
  /** Cache lifetime in seconds (0 = always download). */
  cacheTimeS?: number;
  /** Download attempts. */
  nretry?: number;
  /** Pause between attempts (ms) or a function giving it. */
  sleepMs?: number | (() => number);
  /** Turns the text into data; throws on bad content. */
  parser?: (text: string) => unknown;
}

/** Transport settings shared by all sources of one load. */
export interface FetchOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout (Pilot 3: 20 s). */
  timeoutMs?: number;
  /** User-Agent header. */
  userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * Host names that do not exist (ENOTFOUND), and until when that answer stands. Pilot 3 tries a
 * source three times in a row, so a node that cannot resolve CRIC's name made three DNS queries
 * (5-50 ms each here) and three TLS sockets before every getJob; the attempts after the first
 * fail at once, as the query would, within this window. A temporary failure (EAI_AGAIN) or any
 * other error is not remembered: those attempts go out as before.
 */
const unresolvedUntil = new Map<string, number>();
const UNRESOLVED_TTL_MS = 10_000;

/** True when the cache file is missing, cacheTimeS is 0, or the file is older than cacheTimeS. */
export async function isFileExpired(fname: string | null | undefined, cacheTimeS: number): Promise<boolean> {
  if (!cacheTimeS || !fname) return true;
  try {
    const st = await stat(fname);
    return Date.now() - st.mtimeMs >= cacheTimeS * 1000;
  } catch {
    return true;
  }
}

/** Fetch one URL or read one local file; '' on any failure (as Pilot 3's download_file). */
export async function fetchText(url: string, opts: FetchOptions = {}): Promise<string> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  let host: string | undefined;
  try {
    if (!url.includes('://') || url.startsWith('file://')) {
      const path = url.startsWith('file://') ? fileURLToPath(url) : url;
      return await readFile(path, { encoding: 'utf8', signal });
    }
    if (!/^https?:\/\//i.test(url)) {
      logger.warn({ url }, 'unsupported URL scheme for info data');
      return '';
    }
    host = new URL(url).hostname;
    if ((unresolvedUntil.get(host) ?? 0) > Date.now()) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (a moment ago; not asked again)`), { code: 'ENOTFOUND' });
    // The server client's HTTP stack (one HTTP library in the process, not two).
    const { httpRequest } = await import('../server/http.js');
    const limit = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // public data: the server is verified (system roots + the grid CA directory), no client certificate
    const { tlsOptionsFor } = await import('../credentials/tls.js');
    const tls = tlsOptionsFor(url, { env: process.env, clientCert: false });
    const t0 = Date.now();
    const res = await loggedWait(httpRequest({ url, method: 'GET', headers: { 'User-Agent': opts.userAgent ?? 'panda-pilot' }, timeoutMs: limit, connectTimeoutMs: limit, signal, tls }), logger, 'info data', { url, timeoutS: limit / 1000 });
    logger.debug({ url, status: res.status, ms: Date.now() - t0 }, 'info data answer');
    if (res.status < 200 || res.status >= 300) {
      logger.warn({ url, status: res.status }, 'info data download failed');
      return '';
    }
    return res.body.toString('utf8');
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    if (host && (err.code ?? err.cause?.code) === 'ENOTFOUND' && (unresolvedUntil.get(host) ?? 0) <= Date.now()) unresolvedUntil.set(host, Date.now() + UNRESOLVED_TTL_MS);
    logger.warn({ url, err: (e as Error).message, timeoutS: (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000 }, 'info data download failed');
    return '';
  }
}

/** Replace a file atomically (temp file in the same directory + rename). */
export async function writeFileAtomic(fname: string, text: string): Promise<void> {
  const tmp = `${fname}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, fname);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

async function readCache(fname: string | null | undefined): Promise<string | null> {
  if (!fname) return null;
  try {
    return await readFile(fname, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Pilot 3's load_url_data: download when the cache is expired (or there is none), save to the
 * cache, else read the cache. Returns null when nothing is available.
 */
export async function loadUrlData(src: DataSource, opts: FetchOptions = {}): Promise<string | null> {
  const { url, fname } = src;
  if (url && (await isFileExpired(fname, src.cacheTimeS ?? 0))) {
    const n = Math.max(1, src.nretry ?? 3);
    for (let attempt = 1; attempt <= n; attempt++) {
      const text = await fetchText(url, opts);
      if (text) {
        if (fname) {
          try {
            await writeFileAtomic(fname, text);
          } catch (e) {
            logger.warn({ fname, err: (e as Error).message }, 'could not write info cache file');
          }
        }
        return text;
      }
      if (attempt < n) {
        const ms = typeof src.sleepMs === 'function' ? src.sleepMs() : (src.sleepMs ?? 0);
        if (ms > 0) {
          logger.info({ url, attempt, attempts: n, waitS: ms / 1000 }, `retrying the info data download in ${(ms / 1000).toFixed(1)} s`);
          await sleep(ms, opts.signal);
        }
      }
    }
    logger.warn({ url, fname }, 'no data downloaded: using the cached copy if there is one');
  }
  return readCache(fname);
}

/** The default parser: JSON, rejecting a top-level object with an `error` key. */
export function jsonParser(text: string): unknown {
  const dat = JSON.parse(text) as unknown;
  if (dat && typeof dat === 'object' && !Array.isArray(dat) && 'error' in dat) {
    throw new Error(`response contains error: ${JSON.stringify(dat).slice(0, 200)}`);
  }
  return dat;
}

/**
 * Pilot 3's load_data: try the sources in priority order and return the first non-empty parsed
 * result (null if none). Each source uses its own parser, else `parser`, else {@link jsonParser}
 * (Pilot 3 lets one source's parser leak into the following sources: not reproduced).
 */
export async function loadData(
  sources: Record<string, DataSource | null | undefined>,
  priority: string[] | null | undefined,
  opts: FetchOptions & { cacheTimeS?: number; parser?: (text: string) => unknown } = {},
): Promise<unknown> {
  const order = priority && priority.length ? priority : Object.keys(sources);
  for (const key of order) {
    const src = sources[key];
    if (!src) continue;
    const content = await loadUrlData({ ...src, cacheTimeS: src.cacheTimeS ?? opts.cacheTimeS ?? 60 }, opts);
    if (!content) continue;
    const parser = src.parser ?? opts.parser ?? jsonParser;
    let data: unknown;
    try {
      data = parser(content);
    } catch (e) {
      logger.error({ source: key, url: src.url, cache: src.fname, err: (e as Error).message }, 'could not parse info data: source skipped');
      continue;
    }
    if (isTruthy(data)) {
      logger.debug({ source: key }, 'info data loaded');
      return data;
    }
  }
  return null;
}

/** Python truthiness for parsed JSON. */
function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/**
 * Pilot 3's merge_dict_data: copy of d1 with d2 merged in; nested dicts merge key-wise, any other
 * value from d2 replaces d1's; when either side is not a dict the result is d2.
 */
export function mergeDictData(d1: unknown, d2: unknown): unknown {
  const isDict = (v: unknown): v is RawRecord => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isDict(d1) || !isDict(d2)) return d2;
  const out: RawRecord = { ...d1 };
  for (const [k, v] of Object.entries(d2)) out[k] = k in d1 ? mergeDictData(d1[k], v) : v;
  return out;
}
