/**
 * Remote-file open check before a direct-access ATLAS payload (Pilot 3's open_remote_files and
 * its open_remote_file.py script in pilot/user/atlas/common.py): every input left remote
 * (`remote_io`) must open, else the job fails before the payload starts.
 *
 * Pilot 3 sets up ROOT (`lsetup 'root pilot-default'`) and calls TFile.Open on each TURL (30 s
 * each, `nopenfiles=N` threads from the catchall, the whole script limited to 30 s per input +
 * 900 s). We open each TURL with our own protocol clients and read its first bytes: root:// with
 * xrdcp (the XRootD client the copytool uses), https/davs with the native HTTP stack (one-byte
 * range GET, TLS verified, proxy/token as for transfers), file:// with open(2). The outcome is
 * Pilot 3's: `remotefileverification_dictionary.json` ({turl: opened}), the log
 * `remotefileslog.txt`, one trace per remote file (FOUND_ROOT / FAILED_REMOTE_OPEN) from the base
 * trace stage-in wrote, and the codes REMOTEFILECOULDNOTBEOPENED (1361, "Remote file(s) could not
 * be opened: [...]"), REMOTEFILEOPENTIMEDOUT (1368) and REMOTEFILEDICTDOESNOTEXIST (1374).
 */
import { spawn } from 'node:child_process';
import { appendFile, open as openFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Agent } from 'undici';
import { undici } from '../../common/undici.js';
import { errors, type PilotError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { connectOptions, headers, httpUrl } from '../../copytool/https.js';
import { redactUrl } from '../../copytool/paths.js';
import { TraceReport } from '../../data/trace.js';

const logger = log('user.atlas.remoteopen');

/** The input fields read (FileSpec names). */
export interface RemoteInput {
  lfn: string;
  status?: string | null;
  turl?: string | null;
  surl?: string | null;
  ddmendpoint?: string | null;
  filesize?: number | null;
  guid?: string | null;
  scope?: string;
  dataset?: string | null;
}

/** Options of {@link checkRemoteFiles}. */
export interface RemoteOpenOptions {
  workdir: string;
  env: NodeJS.ProcessEnv;
  /** queuedata.catchall (`remoteio_test=false` turns the check off, `nopenfiles=N` sets the threads). */
  catchall?: string | null;
  /** [Pilot] remotefileverification_log; '' turns the check off (Pilot 3's switch). */
  logName?: string;
  /** [Pilot] remotefileverification_dictionary. */
  dictionaryName?: string;
  /** Where the per-file traces go (none sent without). */
  traceUrl?: string;
  /** Seconds one open may take (Pilot 3: ROOT's 30 s open timeout). */
  fileTimeoutS?: number;
  /** Seconds for all opens (Pilot 3: 30 s per input + 900 s). */
  totalTimeoutS?: number;
  signal?: AbortSignal;
}

/** What the check found. */
export interface RemoteOpenResult {
  /** TURL → opened, for the remote inputs. */
  opened: Record<string, boolean>;
  /** The error that fails the job, if any. */
  error?: PilotError;
}

/** Pilot 3's get_key_value on the catchall: `key=value` words, the last one of a key wins. */
function catchallValue(catchall: string, key: string): string | undefined {
  let value: string | undefined;
  for (const w of catchall.split(/\s+/)) if (w.startsWith(`${key}=`)) value = w.slice(key.length + 1);
  return value;
}

/**
 * Open threads (Pilot 3's get_nthreads on the lower-cased catchall: `nopenfiles=N`, else 1).
 * A value that is not a positive number gives 1 (Pilot 3 hands it to its script, which then
 * fails its argument parsing or, for 0, waits until the time-out).
 */
export function openThreads(catchall: string | null | undefined): number {
  const n = Math.trunc(Number(catchallValue((catchall ?? '').toLowerCase(), 'nopenfiles') || 1));
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

/** Seconds for all opens (Pilot 3's get_timeout_for_remoteio: 30 s per input, remote or not, + 900 s). */
export function openTimeoutS(indata: readonly unknown[]): number {
  return indata.length * 30 + 900;
}

/** The inputs whose TURLs are opened, in the job's order (Pilot 3's extract_turls: status remote_io). */
export function remoteInputs<T extends RemoteInput>(indata: readonly T[]): T[] {
  return indata.filter((f) => f.status === 'remote_io' && f.turl);
}

/**
 * What the open results mean for the job (Pilot 3's parse_remotefileverification_dictionary):
 * no dictionary → REMOTEFILEDICTDOESNOTEXIST; an empty one is logged and the job goes on; the
 * TURLs whose value is false, in the dictionary's order → REMOTEFILECOULDNOTBEOPENED.
 */
export function interpretOpenDictionary(dictionary: Record<string, unknown> | undefined, path: string): { error?: PilotError; notOpened: string[] } {
  if (dictionary === undefined) return { error: errors.REMOTEFILEDICTDOESNOTEXIST(`file ${path} does not exist`), notOpened: [] };
  const notOpened = Object.keys(dictionary).filter((t) => !dictionary[t]);
  if (!Object.keys(dictionary).length) logger.warn({ path }, 'could not read the remote file open dictionary');
  return notOpened.length
    ? { error: errors.REMOTEFILECOULDNOTBEOPENED(`Remote file(s) could not be opened: ${pyList(notOpened)}`), notOpened }
    : { notOpened };
}

/** `${VAR}` / `$VAR` in a TURL (the xcache proxy prefix) from the environment, as ROOT expands them. */
export function expandTurl(turl: string, env: NodeJS.ProcessEnv): string {
  return turl.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, b: string) => env[a ?? b] ?? '');
}

/** Python's repr of a list of strings (Pilot 3's diagnostics print the list). */
function pyList(items: string[]): string {
  return `[${items.map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
}

/** Read the first byte of a root:// URL with xrdcp (streamed to us, stopped once a byte arrived). */
function openRoot(url: string, env: NodeJS.ProcessEnv, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('xrdcp', ['--silent', '--force', url, '-'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let got = false;
    let stderr = '';
    const stop = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const onAbort = () => stop();
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', () => {
      if (!got) {
        got = true;
        stop();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      resolve(`xrdcp: ${e.message}`);
    });
    child.on('close', (code) => {
      signal.removeEventListener('abort', onAbort);
      if (got || code === 0) resolve(undefined);
      else resolve(signal.aborted ? 'open timed out' : (stderr.trim().split('\n').at(-1) || `xrdcp exit code ${code}`));
    });
  });
}

/** HTTP agents of one check (destroyed at its end, so no half-open handshake outlives it). */
type Agents = Map<string, Agent>;

/** Read the first byte over https/davs (redirects followed by a fresh request to the location). */
async function openHttp(url: string, env: NodeJS.ProcessEnv, signal: AbortSignal, timeoutS: number, agents: Agents): Promise<string | undefined> {
  const ctx = { workdir: '', env };
  const { key, opts } = connectOptions(ctx);
  const id = `${key}|${timeoutS}`;
  let agent = agents.get(id);
  // the connect (TLS handshake) has the open's limit too: undici does not abort a pending handshake
  if (!agent) agents.set(id, (agent = new (undici().Agent)({ connect: { ...opts, timeout: timeoutS * 1000 }, keepAliveTimeout: 5000 })));
  let target = httpUrl(url);
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  for (let i = 0; i < 5; i++) {
    const res = await Promise.race([undici().request(target, { method: 'GET', dispatcher: agent, signal, headers: headers(ctx, { range: 'bytes=0-0' }) }), aborted]);
    await res.body.dump();
    if (res.statusCode >= 300 && res.statusCode < 400 && res.headers.location) {
      target = new URL(String(res.headers.location), target).toString();
      continue;
    }
    return res.statusCode === 200 || res.statusCode === 206 ? undefined : `HTTP ${res.statusCode}`;
  }
  return 'too many redirects';
}

/** Read the first byte of a local file. */
async function openLocal(path: string): Promise<string | undefined> {
  const fh = await openFile(path, 'r');
  try {
    await fh.read(Buffer.alloc(1), 0, 1, 0);
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Open one TURL and read its first bytes: undefined when it opened, else why not. */
export async function openRemoteFile(turl: string, env: NodeJS.ProcessEnv, timeoutS: number, parent?: AbortSignal, agents?: Agents): Promise<string | undefined> {
  if (!agents) {
    const own: Agents = new Map();
    try {
      return await openRemoteFile(turl, env, timeoutS, parent, own);
    } finally {
      await closeAgents(own);
    }
  }
  const url = expandTurl(turl, env);
  const timeout = AbortSignal.timeout(timeoutS * 1000);
  const signal = parent ? AbortSignal.any([parent, timeout]) : timeout;
  const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase() ?? '';
  try {
    if (scheme === 'root' || scheme === 'xroot' || scheme === 'roots') return await openRoot(url, env, signal);
    if (['https', 'http', 'davs', 'dav'].includes(scheme)) return await openHttp(url, env, signal, timeoutS, agents);
    if (scheme === 'file' || scheme === '') return await openLocal(scheme ? fileURLToPath(url) : url);
  } catch (e) {
    return timeout.aborted ? 'open timed out' : (e as Error).message;
  }
  // dcap:// and the like: no client of ours speaks it; ROOT would, so the file is not failed for it
  logger.warn({ turl: redactUrl(turl) }, 'no client for this protocol: remote open not verified');
  return undefined;
}

async function closeAgents(agents: Agents): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.destroy().catch(() => undefined)));
}

/**
 * Open every remote (`remote_io`) input; write the dictionary and log; send the traces. The
 * returned error (if any) fails the job before its payload, as Pilot 3's PilotException does.
 */
export async function checkRemoteFiles(indata: readonly RemoteInput[], opts: RemoteOpenOptions): Promise<RemoteOpenResult> {
  const catchall = (opts.catchall ?? '').toLowerCase();
  const logName = opts.logName ?? 'remotefileslog.txt';
  if (!logName || catchall.includes('remoteio_test=false')) {
    logger.debug('no remote file open verification');
    return { opened: {} };
  }
  const remote = remoteInputs(indata);
  if (!remote.length) {
    logger.info('nothing to verify (for remote files)');
    return { opened: {} };
  }
  const logFile = join(opts.workdir, logName);
  const note = (msg: string) => appendFile(logFile, `${new Date().toISOString()} | ${msg}\n`).catch(() => undefined);
  const nthreads = openThreads(opts.catchall);
  const fileTimeoutS = opts.fileTimeoutS ?? 30;
  const totalTimeoutS = opts.totalTimeoutS ?? openTimeoutS(indata);
  const total = AbortSignal.timeout(totalTimeoutS * 1000);
  const signal = opts.signal ? AbortSignal.any([opts.signal, total]) : total;
  await note(`will attempt to open ${remote.length} file(s) using ${nthreads} thread(s)`);

  const results = new Map<string, boolean>();
  const agents: Agents = new Map();
  const queue = [...remote];
  const worker = async () => {
    for (let f = queue.shift(); f && !signal.aborted; f = queue.shift()) {
      const turl = f.turl!;
      await note(`opening ${turl}`);
      const why = await openRemoteFile(turl, opts.env, fileTimeoutS, signal, agents);
      results.set(turl, why === undefined);
      await note(why === undefined ? `closed ${turl}` : `could not open ${turl}: ${why}`);
      logger.info({ turl: redactUrl(turl), opened: why === undefined, reason: why }, 'remote file open');
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(nthreads, remote.length) }, worker));
  } finally {
    await closeAgents(agents);
  }
  opts.signal?.throwIfAborted();

  const opened: Record<string, boolean> = {};
  for (const t of [...results].filter(([, ok]) => ok).map(([t]) => t).sort()) opened[t] = true;
  for (const t of [...results].filter(([, ok]) => !ok).map(([t]) => t).sort()) opened[t] = false;
  let notOpened: string[] = [];
  let error: PilotError | undefined;
  if (total.aborted) {
    // Pilot 3 reports its script's output here (and then every file as found): we name the files
    const unopened = remote.map((f) => f.turl!).filter((t) => opened[t] !== true);
    notOpened = unopened;
    await note('reached time-out');
    error = errors.REMOTEFILEOPENTIMEDOUT(`remote file open command was timed-out after ${totalTimeoutS} s: ${pyList(unopened)}`);
  } else {
    const dictionary = join(opts.workdir, opts.dictionaryName ?? 'remotefileverification_dictionary.json');
    let written: Record<string, boolean> | undefined = opened;
    try {
      await writeFile(dictionary, JSON.stringify(opened));
    } catch (e) {
      logger.warn({ err: String(e) }, 'cannot write the remote file open dictionary');
      written = undefined;
    }
    ({ error, notOpened } = interpretOpenDictionary(written, dictionary));
  }
  await note('file remote open script has finished');
  // the traces tell what happened to each file, also where Pilot 3 has no list (time-out, no dictionary)
  await sendRemoteTraces(remote, opts, new Set(total.aborted ? notOpened : Object.keys(opened).filter((t) => !opened[t])));
  return { opened, error };
}

/** Pilot 3's process_remote_file_traces: one trace per remote input from base_trace_report.json. */
async function sendRemoteTraces(remote: readonly RemoteInput[], opts: RemoteOpenOptions, notOpened: Set<string>): Promise<void> {
  const path = join(opts.workdir, 'base_trace_report.json');
  let base: Record<string, unknown>;
  try {
    base = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch {
    logger.warn({ path }, 'base trace report does not exist - input file traces should already have been sent');
    return;
  }
  const eventType = String(base.eventType ?? '');
  const traces: TraceReport[] = [];
  for (const f of remote) {
    const t = new TraceReport({ url: opts.traceUrl, env: opts.env, fields: { ...base } });
    t.update({ url: f.turl, remoteSite: f.ddmendpoint, filesize: f.filesize, filename: f.lfn, guid: (f.guid ?? '').replace(/-/g, ''), scope: f.scope, dataset: f.dataset ?? '' });
    if (notOpened.has(f.turl!)) t.update({ clientState: 'FAILED_REMOTE_OPEN' });
    else {
      // the protocol is named for user-analysis reads only (eventType get_sm_a)
      const protocol = eventType === 'get_sm_a' ? /(\w+):\/\//.exec(f.surl ?? '')?.[1] : undefined;
      if (protocol) t.update({ protocol });
      t.update({ clientState: 'FOUND_ROOT' });
    }
    t.send();
    traces.push(t);
  }
  await Promise.all(traces.map((t) => t.flush()));
}
