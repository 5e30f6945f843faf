/**
 * Rucio authentication as the Rucio client Pilot 3 uses chooses it: RUCIO_AUTH_TYPE, else
 * `auth_type` in [client] of rucio.cfg ($RUCIO_CONFIG, else $RUCIO_HOME/etc/rucio.cfg), else
 * what is available (a ready token, the X509 proxy, userpass, a WLCG bearer token).
 * - `x509_proxy` / `x509`: GET `<auth_host>/auth/x509` with the proxy (or client_cert/client_key)
 *   as TLS client certificate;
 * - `userpass`: GET `/auth/userpass` with X-Rucio-Username/-Password;
 * - `oidc`: the WLCG bearer token (BEARER_TOKEN, ...) is itself the X-Rucio-Auth-Token;
 * - `token`: RUCIO_AUTH_TOKEN as given (cannot be renewed).
 * A token Rucio refuses (401) is dropped and obtained again once, as the Rucio client does, so a
 * pilot outliving its Rucio token keeps working. Tokens and passwords are never logged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { parseIni } from '../config/ini.js';
import { discoverBearerToken } from '../credentials/bearer.js';
import { tlsOptionsFor } from '../credentials/tls.js';
import { x509ProxyPath } from '../server/auth.js';
import { httpRequest, type HttpResponse } from '../server/http.js';

/** The auth types we speak. */
export type RucioAuthType = 'x509' | 'x509_proxy' | 'userpass' | 'oidc' | 'token';

/** Rucio's [client] settings (rucio.cfg), with the environment's overrides applied. */
export interface RucioClientConfig {
  rucioHost?: string;
  authHost?: string;
  authType?: string;
  account?: string;
  username?: string;
  password?: string;
  clientCert?: string;
  clientKey?: string;
  clientProxy?: string;
  caCert?: string;
}

/** Read [client] of rucio.cfg and the RUCIO_* environment (environment wins). */
export function rucioClientConfig(env: NodeJS.ProcessEnv): RucioClientConfig {
  const file = env.RUCIO_CONFIG ?? (env.RUCIO_HOME ? join(env.RUCIO_HOME, 'etc', 'rucio.cfg') : undefined);
  let c = new Map<string, string>();
  if (file) {
    try {
      c = parseIni(readFileSync(file, 'utf8'), file).get('client') ?? c;
    } catch {
      // no readable rucio.cfg: the environment alone decides
    }
  }
  return {
    rucioHost: env.RUCIO_HOST ?? c.get('rucio_host'),
    authHost: env.RUCIO_AUTH_HOST ?? c.get('auth_host'),
    authType: env.RUCIO_AUTH_TYPE ?? c.get('auth_type'),
    account: env.RUCIO_ACCOUNT ?? c.get('account'),
    username: env.RUCIO_USERNAME ?? c.get('username'),
    password: env.RUCIO_PASSWORD ?? c.get('password'),
    clientCert: c.get('client_cert'),
    clientKey: c.get('client_key'),
    clientProxy: c.get('client_x509_proxy'),
    caCert: env.RUCIO_CA_CERT ?? c.get('ca_cert'),
  };
}

/** Which auth type applies (see the module comment). */
export function chooseRucioAuth(cfg: RucioClientConfig, env: NodeJS.ProcessEnv, token?: string): RucioAuthType | undefined {
  if (token) return 'token';
  const t = cfg.authType?.toLowerCase();
  if (t === 'x509' || t === 'x509_proxy' || t === 'userpass' || t === 'oidc') return t;
  if (x509ProxyPath({ env })) return 'x509_proxy';
  if (cfg.username && cfg.password) return 'userpass';
  if (discoverBearerToken(env)) return 'oidc';
  return undefined;
}

/** Options of {@link RucioAuth}. */
export interface RucioAuthOptions {
  env: NodeJS.ProcessEnv;
  /** Rucio server (auth defaults to it). */
  url: string;
  authUrl?: string;
  /** A ready token (RUCIO_AUTH_TOKEN). */
  token?: string;
  /** CA bundle besides the CA directory. */
  caFile?: string;
  timeoutMs?: number;
}

/** One Rucio request (headers already carrying the token). */
export interface RucioRequest {
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export class RucioAuth {
  readonly type: RucioAuthType | undefined;
  private readonly cfg: RucioClientConfig;
  private token?: string;
  private readonly logger = log('rucio');

  constructor(private readonly o: RucioAuthOptions) {
    this.cfg = rucioClientConfig(o.env);
    const given = o.token ?? o.env.RUCIO_AUTH_TOKEN;
    this.type = chooseRucioAuth(this.cfg, o.env, given);
    this.token = given;
  }

  /** TLS for a Rucio URL: CA dir/file, and the client certificate for x509 auth only. */
  tls(url: string, clientCert: boolean): ReturnType<typeof tlsOptionsFor> {
    const proxy = this.type === 'x509' && this.cfg.clientCert ? undefined : this.cfg.clientProxy;
    const env = proxy ? { ...this.o.env, X509_USER_PROXY: proxy } : this.o.env;
    const out = tlsOptionsFor(url, { env, caFile: this.o.caFile ?? this.cfg.caCert, clientCert });
    if (out && clientCert && this.type === 'x509' && this.cfg.clientCert && this.cfg.clientKey) {
      out.cert = readFileSync(this.cfg.clientCert, 'utf8');
      out.key = readFileSync(this.cfg.clientKey, 'utf8');
      out.id += `cert=${this.cfg.clientCert};`;
    }
    return out;
  }

  private async send(r: RucioRequest, clientCert: boolean): Promise<HttpResponse> {
    const timeoutMs = this.o.timeoutMs ?? 60_000;
    return httpRequest({
      url: r.url,
      method: r.method,
      headers: r.headers ?? {},
      body: r.body,
      timeoutMs,
      connectTimeoutMs: Math.min(timeoutMs, 30_000),
      signal: r.signal,
      tls: this.tls(r.url, clientCert),
    });
  }

  /** Get a token (cached until Rucio refuses it). */
  async authToken(signal?: AbortSignal): Promise<string | undefined> {
    if (this.token) return this.token;
    const auth = (this.o.authUrl ?? this.cfg.authHost ?? this.o.url).replace(/\/+$/, '');
    const account: Record<string, string> = this.cfg.account ? { 'X-Rucio-Account': this.cfg.account } : {};
    let res: HttpResponse;
    switch (this.type) {
      case 'x509':
      case 'x509_proxy':
        res = await this.send({ url: `${auth}/auth/x509`, method: 'GET', headers: { ...account }, signal }, true);
        break;
      case 'userpass':
        res = await this.send({ url: `${auth}/auth/userpass`, method: 'GET', headers: { ...account, 'X-Rucio-Username': this.cfg.username ?? '', 'X-Rucio-Password': this.cfg.password ?? '' }, signal }, false);
        break;
      case 'oidc': {
        const bt = discoverBearerToken(this.o.env);
        if (!bt) throw errors.RUCIOLISTREPLICASFAILED('Rucio auth type oidc but no bearer token found (BEARER_TOKEN, BEARER_TOKEN_FILE, XDG_RUNTIME_DIR/bt_u<uid>)');
        this.logger.info({ source: bt.source }, 'Rucio: using the WLCG bearer token');
        return (this.token = bt.token);
      }
      default:
        return undefined;
    }
    const tok = res.headers['x-rucio-auth-token'];
    if (res.status !== 200 || !tok) {
      const why = res.headers.exceptionmessage ?? res.body.toString('utf8').slice(0, 200);
      throw errors.RUCIOLISTREPLICASFAILED(`Rucio authentication (${this.type}) failed: HTTP ${res.status}: ${String(why)}`);
    }
    this.logger.info({ type: this.type, expires: res.headers['x-rucio-auth-token-expires'] }, 'Rucio: authenticated');
    this.token = String(tok);
    return this.token;
  }

  /** Send a request with the token; a refused token (401) is renewed once, unless it was given as is. */
  async request(r: RucioRequest): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.authToken(r.signal);
      const res = await this.send({ ...r, headers: { ...r.headers, ...(token ? { 'X-Rucio-Auth-Token': token } : {}) } }, false);
      if (res.status !== 401 || attempt > 0 || this.type === 'token' || !token) return res;
      this.logger.info({ type: this.type }, 'Rucio refused the token (expired?): authenticating again');
      this.token = undefined;
    }
  }
}
