/**
 * Rucio emulator: the REST calls the pilot makes, in Rucio's formats.
 *
 * - `GET /auth/userpass` (X-Rucio-Account/-Username/-Password) → `X-Rucio-Auth-Token` header
 * - `GET /auth/x509` (and `/auth/x509_proxy`) over https with a verified client certificate
 *   (proxies included) → a token; OIDC/WLCG JWTs from `oidcTokens` are accepted as tokens
 * - `POST /replicas/list` (`{dids, schemes, ...}`) and `GET /replicas/{scope}/{name}` →
 *   `application/x-json-stream` (one JSON replica record per line)
 * - `POST /traces/` → 201, collected in `traces`
 * Errors carry Rucio's `ExceptionClass`/`ExceptionMessage` headers and JSON body.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { clientIdentity, createEmulatorServer, type EmulatorTls } from './tls.js';
import type { AddressInfo } from 'node:net';

/** One replica of a file as the emulator stores it. */
export interface EmulatedReplica {
  rse: string;
  pfn: string;
  type?: 'DISK' | 'TAPE';
  priority?: number;
  domain?: 'lan' | 'wan';
}

/** One file (DID) with its replicas. */
export interface EmulatedFile {
  scope: string;
  name: string;
  bytes: number;
  adler32?: string;
  md5?: string;
  replicas: EmulatedReplica[];
}

/** Options of the emulator. */
export interface RucioEmulatorOptions {
  port?: number;
  host?: string;
  /** When set, every call except auth and traces needs this token. */
  token?: string;
  /** Accepted userpass credentials (account/username/password) → token. */
  userpass?: { account: string; username: string; password: string };
  files?: EmulatedFile[];
  /** Serve https with this host certificate; `tls.ca` verifies client certificates for /auth/x509. */
  tls?: EmulatorTls;
  /** Accept /auth/x509: client DN → account (`*` any verified DN), or true for any verified DN. */
  x509?: Record<string, string> | true;
  /** OIDC access tokens accepted directly as X-Rucio-Auth-Token. */
  oidcTokens?: string[];
  /** Lifetime of the tokens the emulator issues (s, default 3600). */
  tokenLifetimeS?: number;
}

/** A running Rucio emulator. */
export interface RucioEmulator {
  url: string;
  port: number;
  files: Map<string, EmulatedFile>;
  /** Trace reports received, in order. */
  traces: Record<string, unknown>[];
  /** Requests received (method + path), for assertions. */
  requests: string[];
  addFile(f: EmulatedFile): void;
  /** The next `n` requests to non-trace endpoints answer with `status`. */
  failNext(n: number, status?: number): void;
  /** Expire every token issued so far (a pilot outliving its Rucio token). */
  expireTokens(): void;
  /** Accounts and auth types of the tokens issued, in order. */
  logins: Array<{ type: 'userpass' | 'x509'; account: string; identity?: string }>;
  close(): Promise<void>;
}

function rucioError(res: ServerResponse, status: number, cls: string, msg: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ExceptionClass: cls, ExceptionMessage: msg });
  res.end(JSON.stringify({ ExceptionClass: cls, ExceptionMessage: msg }));
}

async function readBody(req: IncomingMessage, max = 10 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > max) throw new Error('request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function record(f: EmulatedFile, schemes?: string[]): Record<string, unknown> {
  const pfns: Record<string, unknown> = {};
  const rses: Record<string, string[]> = {};
  for (const r of f.replicas) {
    const scheme = /^([a-z0-9+.-]+):\/\//i.exec(r.pfn)?.[1];
    if (schemes?.length && (!scheme || !schemes.includes(scheme))) continue;
    pfns[r.pfn] = { rse: r.rse, rse_id: r.rse.toLowerCase(), type: r.type ?? 'DISK', domain: r.domain ?? 'wan', priority: r.priority ?? 1, volatile: false, client_extract: false };
    (rses[r.rse] ??= []).push(r.pfn);
  }
  return { scope: f.scope, name: f.name, bytes: f.bytes, adler32: f.adler32 ?? null, md5: f.md5 ?? null, pfns, rses, states: Object.fromEntries(Object.keys(rses).map((r) => [r, 'AVAILABLE'])) };
}

/** Start the Rucio emulator on 127.0.0.1 (free port unless given). */
export async function startRucioEmulator(opts: RucioEmulatorOptions = {}): Promise<RucioEmulator> {
  const files = new Map<string, EmulatedFile>();
  for (const f of opts.files ?? []) files.set(`${f.scope}:${f.name}`, f);
  const traces: Record<string, unknown>[] = [];
  const requests: string[] = [];
  let failures = 0;
  let failStatus = 503;

  const issued = new Map<string, number>();
  const logins: RucioEmulator['logins'] = [];
  const lifetimeS = opts.tokenLifetimeS ?? 3600;
  const needsToken = Boolean(opts.token || opts.x509 || opts.oidcTokens?.length);
  const authorised = (req: IncomingMessage) => {
    if (!needsToken) return true;
    const t = String(req.headers['x-rucio-auth-token'] ?? '');
    if (!t) return false;
    if (t === opts.token || opts.oidcTokens?.includes(t)) return true;
    const exp = issued.get(t);
    return exp !== undefined && exp > Date.now();
  };
  const issue = (res: ServerResponse, login: RucioEmulator['logins'][number]) => {
    const token = opts.token && !opts.x509 ? opts.token : `${login.account}-${randomBytes(16).toString('hex')}`;
    const exp = Date.now() + lifetimeS * 1000;
    issued.set(token, exp);
    logins.push(login);
    res.writeHead(200, { 'X-Rucio-Auth-Token': token, 'X-Rucio-Auth-Token-Expires': new Date(exp).toUTCString() });
    res.end();
  };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    requests.push(`${req.method} ${path}`);
    if (req.method === 'POST' && path === '/traces') {
      try {
        traces.push(JSON.parse(await readBody(req, 1024 * 1024)) as Record<string, unknown>);
      } catch {
        return rucioError(res, 400, 'InvalidObject', 'cannot decode trace');
      }
      res.writeHead(201, { 'content-type': 'text/plain' });
      res.end('Created');
      return;
    }
    if (failures > 0) {
      failures--;
      return rucioError(res, failStatus, 'ServiceUnavailable', 'emulated failure');
    }
    if (req.method === 'GET' && path === '/auth/userpass') {
      const up = opts.userpass;
      if (!up || req.headers['x-rucio-account'] !== up.account || req.headers['x-rucio-username'] !== up.username || req.headers['x-rucio-password'] !== up.password) {
        return rucioError(res, 401, 'CannotAuthenticate', 'Cannot authenticate with given credentials');
      }
      if (!needsToken) {
        res.writeHead(200, { 'X-Rucio-Auth-Token': 'emulator-token', 'X-Rucio-Auth-Token-Expires': new Date(Date.now() + 3600e3).toUTCString() });
        res.end();
        return;
      }
      return issue(res, { type: 'userpass', account: up.account });
    }
    if (req.method === 'GET' && (path === '/auth/x509' || path === '/auth/x509_proxy')) {
      const dn = clientIdentity(req, opts.tls);
      if (!opts.x509 || !dn) return rucioError(res, 401, 'CannotAuthenticate', 'Cannot get DN from the client certificate');
      const map = opts.x509 === true ? { '*': String(req.headers['x-rucio-account'] ?? 'pilot') } : opts.x509;
      const account = map[dn] ?? map['*'];
      const wanted = req.headers['x-rucio-account'];
      if (!account || (wanted && wanted !== account && opts.x509 !== true)) return rucioError(res, 401, 'CannotAuthenticate', `Cannot authenticate to account ${String(wanted ?? '')} with given credentials`);
      return issue(res, { type: 'x509', account, identity: dn });
    }
    if (!authorised(req)) return rucioError(res, 401, 'CannotAuthenticate', 'Cannot authenticate to account with given token');
    if (req.method === 'POST' && path === '/replicas/list') {
      let body: { dids?: Array<{ scope?: string; name?: string }>; schemes?: string[] };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        return rucioError(res, 400, 'ValueError', 'cannot decode json parameter list');
      }
      if (!Array.isArray(body.dids)) return rucioError(res, 400, 'KeyError', "'dids' not defined");
      const found = body.dids.map((d) => files.get(`${d.scope}:${d.name}`)).filter((f): f is EmulatedFile => !!f);
      if (!found.length && body.dids.length) return rucioError(res, 404, 'DataIdentifierNotFound', 'Data identifier not found.');
      res.writeHead(200, { 'content-type': 'application/x-json-stream' });
      res.end(found.map((f) => JSON.stringify(record(f, body.schemes)) + '\n').join(''));
      return;
    }
    const m = /^\/replicas\/([^/]+)\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const f = files.get(`${decodeURIComponent(m[1])}:${decodeURIComponent(m[2])}`);
      if (!f) return rucioError(res, 404, 'DataIdentifierNotFound', 'Data identifier not found.');
      const schemes = url.searchParams.getAll('schemes');
      res.writeHead(200, { 'content-type': 'application/x-json-stream' });
      res.end(JSON.stringify(record(f, schemes.length ? schemes : undefined)) + '\n');
      return;
    }
    rucioError(res, 404, 'MethodNotAllowed', `no such endpoint: ${req.method} ${path}`);
  };

  const server: Server = createEmulatorServer((req, res) => {
    handler(req, res).catch((e) => {
      if (!res.headersSent) rucioError(res, 500, 'RucioException', String((e as Error).message));
      else res.destroy();
    });
  }, opts.tls);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`,
    logins,
    expireTokens: () => {
      for (const t of issued.keys()) issued.set(t, 0);
    },
    port,
    files,
    traces,
    requests,
    addFile: (f) => void files.set(`${f.scope}:${f.name}`, f),
    failNext: (n, status = 503) => {
      failures = n;
      failStatus = status;
    },
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}
