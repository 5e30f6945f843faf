/**
 * Transform download, as Pilot 3's get_analysis_trf (pilot/user/generic/setup.py): the
 * transformation URL must start with one of the valid base URLs (`-g`, else the plugin's
 * defaults); the matching base is tried first, then the others with the prefix substituted; up to
 * three attempts per base with a pause between them; empty content is a failure; the file is
 * made executable (0755). A transformation that is a bare name (no "/") is reused when present in
 * the work dir and otherwise fetched as `<base>/<name>` from each base in order (Pilot 3 rejected
 * it as "invalid base URL"). HARVESTER_WORKDIR: files are copied from there instead.
 */
import { chmod, copyFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';

const logger = log('user.trf');

/** Options of {@link getAnalysisTrf}. */
export interface TrfDownloadOptions {
  /** Base URLs from `-g` (comma lists already split); empty → `defaults`. */
  baseUrls?: string[];
  /** The plugin's default base URLs. */
  defaults?: string[];
  /** Attempts per base URL (Pilot 3: 3). */
  attempts?: number;
  /** Pause between failed attempts (Pilot 3: 60 s). */
  retryDelayMs?: number;
  /** Timeout of one HTTP request (default 120 s). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/** Pilot 3's get_valid_base_urls: bare hosts become http:// and https://; `first` moved to the front. */
export function validBaseUrls(baseUrls: string[] | undefined, defaults: string[], first?: string): string[] {
  const list: string[] = [];
  for (const b of baseUrls && baseUrls.length ? baseUrls : defaults) {
    if (!b) continue;
    if (b.startsWith('http://') || b.startsWith('https://')) list.push(b);
    else list.push(`http://${b}`, `https://${b}`);
  }
  return first ? [first, ...list.filter((u) => u !== first)] : list;
}

/** Split `-g` values ("a,b" or repeated options) into a list. */
export function splitBaseUrls(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : value ? [value] : [];
  return items.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

/** The file name a transformation is saved under; rejects names that could leave the work dir. */
export function trfName(transformation: string): string {
  const raw = transformation.includes('/') ? transformation.slice(transformation.lastIndexOf('/') + 1) : transformation;
  const name = raw.split(/[?#]/)[0]!;
  if (!name || name === '.' || name === '..' || name.includes('\0')) {
    throw errors.TRFDOWNLOADFAILURE(`invalid transformation name in ${transformation}`);
  }
  return name;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function fetchOnce(url: string, opts: TrfDownloadOptions): Promise<Buffer> {
  // the pilot's own HTTP stack, not fetch(): fetch compiles undici's WebAssembly parser once more
  const { httpRequest } = await import('../server/http.js');
  const res = await httpRequest({ url, method: 'GET', headers: {}, timeoutMs: opts.requestTimeoutMs ?? 120_000, signal: opts.signal, maxRedirects: 10 });
  if (res.status < 200 || res.status >= 300) {
    // A 4xx is the server's definite answer: retrying the same URL cannot help (Pilot 3 waited
    // 2 x 60 s on a 404); 5xx and network errors keep the retries.
    const err = new Error(`HTTP ${res.status} from ${url}${res.status === 404 ? ': no such transform' : ''}`);
    if (res.status >= 400 && res.status < 500) Object.assign(err, { permanent: true });
    throw err;
  }
  return res.body;
}

/**
 * Make the transformation available in `workdir` as an executable file and return its name.
 * Throws TRFDOWNLOADFAILURE (1149) or CHMODTRF (1143); an abort of `opts.signal` rejects with its reason.
 */
export async function getAnalysisTrf(transformation: string, workdir: string, opts: TrfDownloadOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const harvester = env.HARVESTER_WORKDIR;
  if (harvester) await copyJobOptions(harvester, workdir);
  const name = trfName(transformation);
  const path = join(workdir, name);
  if (await exists(path)) {
    logger.info({ name }, 'transformation already in the work dir');
    return name;
  }
  let candidates: string[];
  if (transformation.includes('://')) {
    const all = validBaseUrls(opts.baseUrls, opts.defaults ?? []);
    const original = all.find((b) => transformation.startsWith(b));
    if (!original) throw errors.TRFDOWNLOADFAILURE(`invalid base URL: ${transformation}`);
    candidates = validBaseUrls(opts.baseUrls, opts.defaults ?? [], original).map((b) => b + transformation.slice(original.length));
  } else if (!transformation.includes('/')) {
    candidates = validBaseUrls(opts.baseUrls, opts.defaults ?? []).map((b) => `${b.replace(/\/+$/, '')}/${encodeURIComponent(name)}`);
  } else {
    throw errors.TRFDOWNLOADFAILURE(`invalid base URL: ${transformation}`);
  }
  const attempts = opts.attempts ?? 3;
  let diag = `could not download transform ${name}`;
  let done = false;
  for (const url of candidates) {
    for (let trial = 1; trial <= attempts && !done; trial++) {
      opts.signal?.throwIfAborted();
      try {
        if (harvester) {
          await copyFile(join(harvester, name), path);
        } else {
          const body = await fetchOnce(url, opts);
          if (body.length === 0) throw new Error(`no data was downloaded from ${url}`);
          await writeFile(path, body, { mode: 0o644 });
        }
        done = true;
      } catch (e) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        // undici says only "fetch failed"; the reason (ECONNREFUSED, certificate...) is its cause.
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const msg = `${(e as Error).message || String(e)}${cause ? `: ${[cause.code, cause.message].filter(Boolean).join(' ')}` : ''}`;
        diag = msg.includes(url) ? msg : `${msg} (${url})`;
        const permanent = (e as { permanent?: boolean }).permanent === true;
        const waitS = (opts.retryDelayMs ?? 60_000) / 1000;
        const retry = !permanent && trial < attempts;
        logger.warn({ url, trial, attempts, err: diag, retry, waitS: retry ? waitS : undefined }, retry ? `transform download failed, retrying in ${waitS} s` : 'transform download failed');
        if (permanent) break;
        if (trial < attempts) await sleep(opts.retryDelayMs ?? 60_000, opts.signal);
      }
    }
    if (done) break;
  }
  if (!done) throw errors.TRFDOWNLOADFAILURE(diag);
  try {
    await chmod(path, 0o755);
  } catch (e) {
    throw errors.CHMODTRF(`failed to chmod ${name}: ${(e as Error).message}`, e);
  }
  logger.info({ name }, 'transform downloaded');
  return name;
}

/** Pilot 3 copies `jobO.*.tar.gz` from HARVESTER_WORKDIR into the work dir (failures only logged). */
async function copyJobOptions(from: string, workdir: string): Promise<void> {
  let names: string[] = [];
  try {
    names = await readdir(from);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^jobO\..*\.tar\.gz$/.test(n)) continue;
    await copyFile(join(from, n), join(workdir, n)).catch((e: unknown) => logger.warn({ n, err: String(e) }, 'could not copy job options'));
  }
}
