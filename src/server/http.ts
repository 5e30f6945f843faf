/**
 * The pilot's one HTTP(S) stack, on `node:http`/`node:https`: every call the pilot itself makes
 * (PanDA server, queue and storage data, transform download, Rucio, traces) goes through
 * {@link httpRequest}. Node's parser is built in, so no WebAssembly parser is compiled at start-up
 * (undici's, which `fetch()` compiles once more: ~40 MB and ~0.3 s of CPU, measured in issue 14).
 *
 * Rules that hold for every request:
 * - server certificates are always verified (`rejectUnauthorized: true` is passed explicitly, so
 *   `NODE_TLS_REJECT_UNAUTHORIZED=0` cannot switch it off);
 * - credentials (a client certificate, `Authorization`, Rucio's token/password headers) never go
 *   over plain http except to a loopback address (the emulators and tests on this machine);
 * - redirects are followed only on request, and credential headers are dropped when a redirect
 *   leaves the origin.
 * Keep-alive agents are cached per TLS material, so heartbeats reuse their connection; idle sockets
 * are unref'd by Node's agent and never delay the pilot's exit.
 */
import http from 'node:http';
import type https from 'node:https';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * TLS options of a request: the standard `node:tls` names, so any credential module (CA
 * directories, X509 proxies) can hand its material over as is.
 */
export interface HttpTls {
  /** CA certificates to trust (replaces Node's roots: include `tls.rootCertificates` to keep them). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** client certificate chain and key (PEM), e.g. from an X509 proxy */
  cert?: string | Buffer | Array<string | Buffer>;
  key?: string | Buffer | Array<string | Buffer>;
  /** agent cache key (which files the material came from); hashed from the material when absent */
  id?: string;
}

/** What a request needs. */
export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'DELETE';
  headers: Record<string, string>;
  body?: Buffer | string;
  /** whole-exchange limit (Pilot 3: http_maxtime) */
  timeoutMs: number;
  /** TCP+TLS connect limit (Pilot 3: http_connect_timeout; default `timeoutMs`) */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  tls?: HttpTls;
  /** follow up to this many redirects (default 0: a 3xx is returned as is) */
  maxRedirects?: number;
  /** refuse answers larger than this (default 1 GiB) */
  maxBytes?: number;
}

/** Status, headers and the raw (not decompressed) body. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** the URL that answered (differs from the request's after redirects) */
  url: string;
}

/** A transport failure (connection refused, TLS, timeout...) with a short reason. */
export class HttpError extends Error {
  constructor(message: string, readonly timedOut = false, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpError';
  }
}

/** Headers that carry credentials (lower case). */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-rucio-auth-token', 'x-rucio-password', 'cookie', 'proxy-authorization']);

/** True for 127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
}

function hasCredentials(req: Pick<HttpRequest, 'headers' | 'tls'>): boolean {
  if (req.tls?.cert || req.tls?.key) return true;
  return Object.keys(req.headers).some((k) => CREDENTIAL_HEADERS.has(k.toLowerCase()));
}

/** Kept for callers that warmed the old lazily loaded client: node:http is always there. */
export function preloadHttp(): Promise<void> {
  return Promise.resolve();
}

// node:https (with tls and crypto) loads on the first https request: a pilot talking plain http to
// a local server or a Harvester-fed pilot never pays for it
let httpsMod: typeof https | undefined;

const agents = new Map<string, http.Agent>();
let plainAgent: http.Agent | undefined;

function materialId(tls: HttpTls | undefined): string {
  if (!tls || (!tls.ca && !tls.cert && !tls.key)) return '';
  if (tls.id) return tls.id;
  const h = createHash('sha1');
  for (const part of [tls.ca, tls.cert, tls.key]) {
    for (const x of Array.isArray(part) ? part : part ? [part] : []) h.update(x);
    h.update('\0');
  }
  return h.digest('hex');
}

function agentFor(secure: boolean, tls: HttpTls | undefined): http.Agent {
  if (!secure) return (plainAgent ??= new http.Agent({ keepAlive: true, keepAliveMsecs: 4_000, maxFreeSockets: 4 }));
  const id = materialId(tls);
  let agent = agents.get(id);
  if (!agent) {
    agent = new httpsMod!.Agent({
      keepAlive: true,
      keepAliveMsecs: 4_000,
      maxFreeSockets: 4,
      rejectUnauthorized: true,
      ...(tls?.ca ? { ca: tls.ca } : {}),
      ...(tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
    });
    // a replaced proxy or CA set makes older agents useless: keep only a few recent ones
    if (agents.size >= 4) {
      const [oldest, old] = agents.entries().next().value as [string, http.Agent];
      agents.delete(oldest);
      old.destroy();
    }
    agents.set(id, agent);
  }
  return agent;
}

/** Close all cached connections (tests, pilot exit). */
export async function closeHttpAgents(): Promise<void> {
  for (const a of agents.values()) a.destroy();
  agents.clear();
  plainAgent?.destroy();
  plainAgent = undefined;
}

/** One exchange without redirects. */
function exchange(target: URL, req: HttpRequest, signal: AbortSignal, maxBytes: number): Promise<HttpResponse> {
  const secure = target.protocol === 'https:';
  const mod = secure ? httpsMod! : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
  return new Promise<HttpResponse>((resolve, reject) => {
    const r = mod.request(target, {
      method: req.method,
      headers,
      agent: agentFor(secure, req.tls),
      signal,
      // per-request TLS options as well: Node checks them against the agent's for socket reuse
      ...(secure ? { rejectUnauthorized: true } : {}),
    });
    const connectMs = req.connectTimeoutMs ?? req.timeoutMs;
    let connectTimer: NodeJS.Timeout | undefined;
    r.on('socket', (sock) => {
      // a reused keep-alive socket is connected already
      if (!sock.connecting) return;
      connectTimer = setTimeout(() => r.destroy(new HttpError(`connect timed out after ${connectMs / 1000}s`, true)), connectMs);
      connectTimer.unref();
      sock.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    r.on('error', (e) => {
      clearTimeout(connectTimer);
      reject(e);
    });
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) res.destroy(new HttpError(`answer larger than ${maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: target.href }));
      // a connection cut mid-answer is a failure now, not a wait for the overall timeout
      res.on('close', () => {
        if (!res.complete) reject(new HttpError('connection closed before the whole answer arrived'));
      });
    });
    r.end(req.body);
  });
}

function reasonOf(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code;
  const msg = err.cause?.message ?? err.message ?? String(e);
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

/**
 * Perform one exchange (following redirects when asked); rejects with HttpError on transport
 * failure or refused credentials, or with the caller's abort reason.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  let target: URL;
  try {
    target = new URL(req.url);
  } catch {
    throw new HttpError(`invalid URL: ${req.url}`);
  }
  let current: HttpRequest = req;
  for (let hop = 0; ; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new HttpError(`unsupported URL scheme ${target.protocol} (${target.href})`);
    if (target.protocol === 'http:' && hasCredentials(current) && !isLoopbackHost(target.hostname)) {
      throw new HttpError(`refusing to send credentials over plain http to ${target.host}: use https`);
    }
    if (target.protocol === 'https:') httpsMod ??= (await import('node:https')).default;
    let res: HttpResponse;
    try {
      res = await exchange(target, current, signal, req.maxBytes ?? 2 ** 30);
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.aborted) throw new HttpError(`timed out after ${req.timeoutMs / 1000}s`, true, { cause: e });
      if (e instanceof HttpError) throw e;
      throw new HttpError(reasonOf(e), false, { cause: e });
    }
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || typeof location !== 'string' || hop >= (req.maxRedirects ?? 0)) return res;
    const next = new URL(location, target);
    if (next.origin !== target.origin) {
      // credentials were meant for the first origin only
      const headers = Object.fromEntries(Object.entries(current.headers).filter(([k]) => !CREDENTIAL_HEADERS.has(k.toLowerCase())));
      current = { ...current, headers, tls: current.tls ? { ca: current.tls.ca } : undefined };
    }
    // 303, and 301/302 after a POST, become a GET as in browsers and curl -L
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST')) current = { ...current, method: 'GET', body: undefined };
    target = next;
  }
}
