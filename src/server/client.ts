/**
 * PandaClient: the PanDA server calls the pilot makes, with Pilot 3's wire behaviour (bodies,
 * headers, answer decoding, per-call fallback from the JSON client to the form client, attempts and
 * the wait between them) and our own error handling: a call that gets no usable answer throws
 * PilotError COMMUNICATIONFAILURE (1318); an abort rethrows the signal's reason.
 */
import { arch, platform } from 'node:os';
import { errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
import { loggedWait } from '../common/waiting.js';
import { bearerFor, readBearer, tlsMaterial, type AuthSource, type BearerAuth } from './auth.js';
import { bodyText, decodeAnswer, decodeJsonAnswer, formEncode, gzipJson } from './codec.js';
import { httpRequest, type HttpResponse } from './http.js';
import type { PilotServerClient, RequestOptions, ServerAnswer, UpdateJobOptions } from './types.js';
import { commandUrl, randomizePandaServer } from './url.js';

import { PILOT_VERSION } from '../common/version.js';
/** The Pilot 3 release we announce (one definition: common/version.ts). */
export { PILOT_VERSION };

/** Construction options of {@link PandaClient}. */
export interface PandaClientOptions {
  /** server base URL for getJob/updateJob/... (see resolvePandaServer) */
  url: string;
  /** base URL for the calls Pilot 3 sends to $PANDA_SERVER_URL (event ranges, getKeyPair, getProxy); default `url` */
  esUrl?: string;
  /** environment for credentials (default process.env) */
  env?: NodeJS.ProcessEnv;
  /** `--cacert` / `--capath` */
  cacert?: string | null;
  capath?: string | null;
  /** http_maxtime (s, default 120), http_connect_timeout (s, default 100), update_sleep (s, default 120) */
  timeoutS?: number;
  connectTimeoutS?: number;
  updateSleepS?: number;
  /** replace pandaserver.cern.ch by a random server behind the alias, as Pilot 3 (default true) */
  randomizeAlias?: boolean;
  /** version for the User-Agent (default env PILOT_VERSION or {@link PILOT_VERSION}) */
  version?: string;
}

type Outcome = { ok: true; value: ServerAnswer } | { ok: false; reason: string; fallback: 'empty' | 'failure' };

const SECRET_KEYS = ['pilotSecrets', 'userProxy', 'privateKey', 'publicKey', 'secrets'];

/** A copy of an answer that is safe to log (secrets masked, long values cut). */
function loggable(answer: ServerAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(answer)) {
    if (SECRET_KEYS.includes(k)) out[k] = '********';
    else out[k] = typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}...` : v;
  }
  return out;
}

function short(text: string, n = 200): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}...` : t;
}

/** HTTP client of the PanDA server (legacy `/server/panda/<method>` and `api/v1` paths). */
export class PandaClient implements PilotServerClient {
  readonly url: string;
  readonly esUrl: string;
  readonly userAgent: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly auth: AuthSource;
  /** http_maxtime, http_connect_timeout and update_sleep in effect (seconds) */
  readonly timeoutS: number;
  readonly connectTimeoutS: number;
  readonly updateSleepS: number;
  private readonly randomize: boolean;
  private readonly baseCache = new Map<string, Promise<string>>();
  private readonly logger = log('server');
  private systemRoots?: readonly string[];

  constructor(opts: PandaClientOptions) {
    this.url = opts.url.replace(/\/+$/, '');
    this.esUrl = (opts.esUrl ?? opts.url).replace(/\/+$/, '');
    this.env = opts.env ?? process.env;
    this.auth = { cacert: opts.cacert, capath: opts.capath, env: this.env };
    this.timeoutS = opts.timeoutS ?? 120;
    this.connectTimeoutS = opts.connectTimeoutS ?? 100;
    this.updateSleepS = opts.updateSleepS ?? 120;
    this.randomize = opts.randomizeAlias ?? true;
    const version = opts.version ?? this.env.PILOT_VERSION ?? PILOT_VERSION;
    const os = platform() === 'linux' ? 'Linux' : platform();
    const machine = arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch();
    this.userAgent = `pilot/${version} (Node.js ${process.versions.node}; ${os} ${machine})`;
  }

  /**
   * Call a server method and return the decoded answer. Each attempt sends the JSON body first
   * and, per `opts.fallback`, the form body second; attempts are separated by `retrySleepS`.
   * @throws PilotError COMMUNICATIONFAILURE when no attempt gave a usable answer
   */
  async request(cmd: string, data: Record<string, unknown> = {}, opts: RequestOptions = {}): Promise<ServerAnswer> {
    const attempts = Math.max(1, opts.attempts ?? 1);
    const base = await this.base(opts.base ?? this.url);
    const url = commandUrl(base, cmd);
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const t0 = Date.now();
      try {
        const out = await loggedWait(this.attempt(url, data, opts), this.logger, `the answer to ${cmd}`, { url, attempt });
        if (out.ok) {
          // credential calls (user secrets, keys, proxies) are logged without their answer
          const answer = /secret|creds\/|getKeyPair|getProxy|access_token/i.test(cmd) ? '[Redacted]' : loggable(out.value);
          this.logger.info({ cmd, attempt, ms: Date.now() - t0, answer }, 'server answered');
          return out.value;
        }
        last = out.reason;
      } catch (e) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        last = e instanceof PilotError ? e.diag : (e as Error).message;
      }
      this.logger.warn({ cmd, url, attempt, attempts, ms: Date.now() - t0, reason: last }, 'server call failed');
      if (attempt < attempts) {
        const waitS = opts.retrySleepS ?? this.updateSleepS;
        this.logger.info({ cmd, waitS, reason: last }, `retrying ${cmd} in ${waitS} s`);
        await sleep(waitS * 1000, opts.signal);
      }
    }
    throw errors.COMMUNICATIONFAILURE(`${cmd} to ${base}: no valid answer after ${attempts} attempt(s): ${last}`);
  }

  /** One attempt: JSON client, then (per the fallback rule) the form client. */
  private async attempt(url: string, data: Record<string, unknown>, opts: RequestOptions): Promise<Outcome> {
    if ((opts.encoding ?? 'json') === 'form') return this.formCall(url, data, opts);
    const first = await this.jsonCall(url, data, opts);
    if (first.ok) return first;
    const rule = opts.fallback ?? 'empty';
    if (rule === 'never' || (rule === 'empty' && first.fallback !== 'empty')) return first;
    this.logger.debug({ url, reason: first.reason }, 'JSON request gave no answer, trying the form request');
    const second = await this.formCall(url, data, opts);
    return second.ok ? second : { ok: false, reason: `${first.reason}; form request: ${second.reason}`, fallback: 'failure' };
  }

  /** Pilot 3's urllib client: gzip JSON body, token only with `panda`, else the proxy as client cert. */
  private async jsonCall(url: string, data: Record<string, unknown>, opts: RequestOptions): Promise<Outcome> {
    const bearer = opts.panda ? bearerFor(url, this.env) : undefined;
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, 'Content-Type': 'application/json' };
    if (bearer) Object.assign(headers, this.tokenHeaders(bearer));
    if (url.includes('api/v')) {
      // only the new API is told about the gzip encoding and asked for JSON (legacy server quirk)
      headers.Accept = 'application/json';
      headers['Content-Encoding'] = 'gzip';
    }
    let res: HttpResponse;
    try {
      res = await this.send(url, 'POST', headers, gzipJson(data), !bearer, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      return { ok: false, reason: `failed to send request: ${(e as Error).message}`, fallback: 'failure' };
    }
    const text = bodyText(res.body, String(res.headers['content-encoding'] ?? ''));
    if (res.status < 200 || res.status >= 300) return { ok: false, reason: `HTTP ${res.status}: ${short(text)}`, fallback: 'failure' };
    const answer = decodeAnswer(text);
    if (typeof answer === 'string') return { ok: false, reason: `undecodable answer: ${short(answer)}`, fallback: 'failure' };
    if (Object.keys(answer).length === 0) return { ok: false, reason: `empty answer: ${short(text) || '(no body)'}`, fallback: 'empty' };
    return { ok: true, value: answer };
  }

  /** Pilot 3's curl client: form body, `Accept: application/json`, token whenever configured. */
  private async formCall(url: string, data: Record<string, unknown>, opts: RequestOptions): Promise<Outcome> {
    const bearer = bearerFor(url, this.env);
    const headers: Record<string, string> = {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'Accept-Encoding': 'gzip, deflate',
    };
    if (bearer) Object.assign(headers, this.tokenHeaders(bearer));
    else headers['User-Agent'] = this.userAgent;
    let res: HttpResponse;
    try {
      res = await this.send(url, 'POST', headers, formEncode(data), !bearer, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      return { ok: false, reason: `failed to send request: ${(e as Error).message}`, fallback: 'failure' };
    }
    const text = bodyText(res.body, String(res.headers['content-encoding'] ?? ''));
    // curl without -f hands error pages back as output; we refuse them outright
    if (res.status < 200 || res.status >= 300) return { ok: false, reason: `HTTP ${res.status}: ${short(text)}`, fallback: 'failure' };
    const answer = decodeJsonAnswer(text);
    if (!answer) return { ok: false, reason: `answer is not JSON: ${short(text) || '(no body)'}`, fallback: 'failure' };
    return { ok: true, value: answer };
  }

  /**
   * A GET of a server method with bearer/origin/User-Agent headers (get_access_token); the raw text.
   * @throws COMMUNICATIONFAILURE on transport errors or a non-2xx status
   */
  async getText(cmd: string, query: Record<string, string>, bearer: BearerAuth, opts: RequestOptions = {}): Promise<string> {
    const base = await this.base(opts.base ?? this.url);
    const qs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    // The same rule as every request: no token in clear to a non-loopback host.
    if (!bearerFor(base, this.env)) throw errors.COMMUNICATIONFAILURE(`${cmd}: refusing to send the OIDC token over plain http to ${base}`);
    const headers = { ...this.tokenHeaders(bearer), 'User-Agent': this.userAgent };
    let res: HttpResponse;
    try {
      res = await this.send(`${commandUrl(base, cmd)}?${qs}`, 'GET', headers, undefined, false, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      throw errors.COMMUNICATIONFAILURE(`${cmd} to ${base}: ${(e as Error).message}`, e);
    }
    const text = bodyText(res.body, String(res.headers['content-encoding'] ?? ''));
    if (res.status < 200 || res.status >= 300) throw errors.COMMUNICATIONFAILURE(`${cmd} to ${base}: HTTP ${res.status}: ${short(text)}`);
    return text;
  }

  private tokenHeaders(b: BearerAuth): Record<string, string> {
    return { Authorization: `Bearer ${b.token}`, Origin: b.origin };
  }

  private async send(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body: Buffer | string | undefined,
    clientCert: boolean, opts: RequestOptions): Promise<HttpResponse> {
    let tls;
    if (url.startsWith('https:')) {
      this.systemRoots ??= (await import('node:tls')).rootCertificates;
      tls = tlsMaterial(this.auth, clientCert, this.systemRoots);
    }
    return httpRequest({
      url, method, headers, body, tls, signal: opts.signal,
      timeoutMs: (opts.timeoutS ?? this.timeoutS) * 1000,
      connectTimeoutMs: this.connectTimeoutS * 1000,
    });
  }

  private base(url: string): Promise<string> {
    if (!this.randomize) return Promise.resolve(url);
    let p = this.baseCache.get(url);
    if (!p) {
      p = randomizePandaServer(url);
      this.baseCache.set(url, p);
    }
    return p;
  }

  // ---- the methods Pilot 3 calls ----

  /**
   * getJob: JSON first, form on any failure (`curl: true` = form only, for the `curlgetjob` catchall).
   * Returns the answer as is: a job (StatusCode 0), or a StatusCode 20/… / `{}` that the caller counts.
   */
  getJob(data: Record<string, unknown>, opts: RequestOptions & { curl?: boolean } = {}): Promise<ServerAnswer> {
    return this.request('getJob', data, { attempts: 1, fallback: 'failure', panda: true, encoding: opts.curl ? 'form' : 'json', ...opts });
  }

  /** updateJob (heartbeat, state change, final update): 2 attempts; StatusCode is not checked (as Pilot 3). */
  updateJob(data: Record<string, unknown>, opts: UpdateJobOptions = {}): Promise<ServerAnswer> {
    const { final: _final, job: _job, ...rest } = opts;
    return this.request('updateJob', data, { attempts: 2, fallback: 'empty', panda: true, ...rest });
  }

  /** updateWorkerPilotStatus `{workerID, harvesterID, status: started|finished, site, node_id}`: 2 attempts. */
  updateWorkerPilotStatus(data: Record<string, unknown>, opts: RequestOptions = {}): Promise<ServerAnswer> {
    return this.request('updateWorkerPilotStatus', data, { attempts: 2, fallback: 'empty', panda: true, ...opts });
  }

  /** setDebugMode for a job (the server answers `Succeeded`). */
  setDebugMode(pandaID: string | number, opts: RequestOptions = {}): Promise<ServerAnswer> {
    return this.request('setDebugMode', { pandaID, modeOn: true }, { attempts: 2, fallback: 'empty', panda: true, ...opts });
  }

  /** api/v1/pilot/update_worker_node (worker node map), one attempt. */
  updateWorkerNode(data: Record<string, unknown>, opts: RequestOptions = {}): Promise<ServerAnswer> {
    return this.request('api/v1/pilot/update_worker_node', data, { attempts: 1, fallback: 'empty', panda: true, ...opts });
  }

  /** api/v1/pilot/update_worker_node_gpu (GPU map), one attempt. */
  updateWorkerNodeGpu(data: Record<string, unknown>, opts: RequestOptions = {}): Promise<ServerAnswer> {
    return this.request('api/v1/pilot/update_worker_node_gpu', data, { attempts: 1, fallback: 'empty', panda: true, ...opts });
  }

  /**
   * getEventRanges `{pandaID, jobsetID, taskID, nRanges}` (form client, $PANDA_SERVER_URL).
   * @returns the event ranges ([] = no more events)
   * @throws COMMUNICATIONFAILURE on a non-zero StatusCode, as Pilot 3's communicator
   */
  async getEventRanges(data: Record<string, unknown>, opts: RequestOptions = {}): Promise<Record<string, unknown>[]> {
    const res = await this.request('getEventRanges', data, { base: this.esUrl, encoding: 'form', attempts: 1, ...opts });
    if (String(res.StatusCode) !== '0') throw errors.COMMUNICATIONFAILURE(`Get events from panda returns non-zero value: ${String(res.StatusCode)}`);
    let ranges: unknown = res.eventRanges ?? [];
    if (typeof ranges === 'string') ranges = JSON.parse(ranges) as unknown;
    if (!Array.isArray(ranges)) throw errors.COMMUNICATIONFAILURE('getEventRanges answer has no eventRanges list');
    return ranges as Record<string, unknown>[];
  }

  /** updateEventRanges `{eventRanges: <JSON string or list>, version}` (form client); the raw answer. */
  updateEventRanges(data: Record<string, unknown>, opts: RequestOptions = {}): Promise<ServerAnswer> {
    const body = { ...data };
    if (typeof body.eventRanges !== 'string') body.eventRanges = JSON.stringify(body.eventRanges ?? []);
    return this.request('updateEventRanges', body, { base: this.esUrl, encoding: 'form', attempts: 1, ...opts });
  }

  /**
   * getKeyPair `{privateKeyName, publicKeyName}` (form client) → the key pair.
   * @throws COMMUNICATIONFAILURE unless StatusCode is 0
   */
  async getKeyPair(data: { privateKeyName: string; publicKeyName: string }, opts: RequestOptions = {}): Promise<{ publicKey: string; privateKey: string }> {
    const res = await this.request('getKeyPair', data, { base: this.esUrl, encoding: 'form', attempts: 1, ...opts });
    if (String(res.StatusCode) !== '0') throw errors.COMMUNICATIONFAILURE(`getKeyPair returned StatusCode ${String(res.StatusCode)} ${String(res.errorDialog ?? '')}`.trim());
    return { publicKey: String(res.publicKey ?? ''), privateKey: String(res.privateKey ?? '') };
  }

  /**
   * getProxy `{role, dn?}` (JSON client with the X509 proxy, no token) → the proxy PEM text.
   * @throws COMMUNICATIONFAILURE unless StatusCode is 0
   */
  async getProxy(data: { role: string; dn?: string }, opts: RequestOptions = {}): Promise<string> {
    const res = await this.request('getProxy', data, { base: this.esUrl, attempts: 1, fallback: 'never', panda: false, ...opts });
    if (String(res.StatusCode) !== '0' || typeof res.userProxy !== 'string') {
      throw errors.COMMUNICATIONFAILURE(`getProxy for role ${data.role}: ${String(res.errorDialog ?? `StatusCode ${String(res.StatusCode)}`)}`);
    }
    return res.userProxy;
  }

  /**
   * getResourceTypes → memory limits per resource type
   * (`{SCORE: {mincore, maxcore, minrampercore, maxrampercore}, ...}`).
   */
  async getResourceTypes(opts: RequestOptions = {}): Promise<Record<string, Record<string, unknown>>> {
    const res = await this.request('getResourceTypes', {}, { attempts: 1, fallback: 'never', panda: true, ...opts });
    let types: unknown = res.ResourceTypes;
    if (typeof types === 'string') types = JSON.parse(types.replace(/\bNone\b/g, 'null').replace(/'/g, '"'));
    if (types && typeof types === 'object' && !Array.isArray(types) && 'ResourceTypes' in types) types = (types as Record<string, unknown>).ResourceTypes;
    const out: Record<string, Record<string, unknown>> = {};
    if (Array.isArray(types)) {
      for (const t of types as Record<string, unknown>[]) {
        const { resource_name: name, ...limits } = t;
        if (typeof name === 'string') out[name] = limits;
      }
    }
    return out;
  }
}
