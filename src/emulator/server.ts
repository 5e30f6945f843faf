/**
 * HTTP routing of the emulator: dispatcher methods, info-system caches, transformation downloads,
 * admin endpoints and the status page, with fault injection in front of the served routes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { API_CREDS_METHODS, API_PILOT_METHODS, callMethod, HandlerError, LEGACY_METHODS } from './handlers.js';
import type { HandlerContext, HandlerResult } from './handlers.js';
import type { FaultInjector, Fault } from './faults.js';
import { pyJsonDumps, pyRepr, pyUrlencode } from '../common/pyliteral.js';
import { schedconfigFor, storageData } from './queuedata.js';
import { acceptsJson, decodeParams, DecodeError, parseRoute, readBody } from './request.js';
import { renderJobPage, renderStatusPage } from './status.js';
import type { EmulatorStore } from './store.js';
import { adminRoute } from './admin.js';
import { refusal, type EmulatorTls } from './tls.js';

/** A request as logged for tests and the admin API. */
export interface RequestLogEntry {
  time: number;
  httpMethod: string;
  path: string;
  /** Dispatcher method (or cache/trf route name). */
  method: string;
  status: number;
  fault?: string;
  params?: Record<string, unknown>;
  /** SHA-256 (hex, first 16) of the bearer token sent, if any: which token, never the token. */
  bearer?: string;
}

/** Everything the router needs. */
export interface ServerDeps {
  /** TLS requirements (client certificate / bearer token) of the server API. */
  tls?: EmulatorTls;
  store: EmulatorStore;
  faults: FaultInjector;
  url: () => string;
  trfDir?: string;
  /** Root of the POSIX storage endpoints (absolute). */
  storageDir: string;
  storages: Record<string, Record<string, unknown>>;
  credentials: HandlerContext['credentials'];
  pilotSecrets?: string;
  noRole?: boolean;
  requests: RequestLogEntry[];
  /** Told of every request once answered (the CLI's console request log). */
  onRequest?: (e: RequestLogEntry) => void;
  /** Admin command implementation shared with the library API. */
  command: (pandaID: number, command: string) => { ok: boolean; message: string };
}

/** Plain reply helper. */
export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** JSON reply helper. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

function logRequest(deps: ServerDeps, e: RequestLogEntry): void {
  deps.requests.push(e);
  deps.onRequest?.(e);
  if (deps.requests.length > 5000) deps.requests.splice(0, deps.requests.length - 5000);
}

/** Answer with a fault instead of the real answer. Returns false for 'delay' (caller continues). */
async function applyFault(res: ServerResponse, fault: Fault): Promise<boolean> {
  switch (fault.mode) {
    case 'delay':
      await new Promise((r) => setTimeout(r, fault.delayMs));
      return false;
    case 'http500':
      send(res, 500, 'text/plain', 'injected failure');
      return true;
    case 'http403':
      send(res, 403, 'text/plain', 'forbidden');
      return true;
    case 'garbage':
      send(res, 200, 'text/html', '<html><body>502 Bad Gateway (injected garbage)</body></html>');
      return true;
    case 'empty':
      send(res, 200, 'text/plain', '');
      return true;
    case 'reset':
      res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
      return true;
  }
}

function routeName(path: string): string {
  const r = parseRoute(path);
  if (r.kind !== 'other') return r.method;
  if (path.startsWith('/cache/schedconfig/')) return 'schedconfig';
  if (path === '/cache/ddmendpoints.json') return 'ddmendpoints';
  if (path.startsWith('/trf/')) return 'trf';
  return path;
}

/** The request listener. */
export async function handleRequest(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const u = new URL(req.url ?? '/', 'http://x');
  const path = u.pathname;
  if (path.startsWith('/admin/') || path === '/admin') return adminRoute(deps, req, res, u);
  if (deps.store.runDaemonsThrottled()) deps.store.save();
  const name = routeName(path);
  const entry: RequestLogEntry = { time: deps.store.now(), httpMethod: req.method ?? 'GET', path, method: name, status: 200 };
  const auth = /^Bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
  if (auth) entry.bearer = createHash('sha256').update(auth[1].trim()).digest('hex').slice(0, 16);
  const fault = deps.faults.take(name);
  if (fault) entry.fault = fault.mode;
  try {
    if (fault && !fault.afterProcessing && (await applyFault(res, fault))) {
      entry.status = res.statusCode;
      return;
    }
    const body = await readBody(req);
    if (fault?.afterProcessing) {
      // do the work, throw the answer away
      const sink = { writeHead: () => sink, end: () => undefined, setHeader: () => undefined } as unknown as ServerResponse;
      await serve(deps, req, sink, u, body, entry);
      if (await applyFault(res, fault)) return;
    }
    await serve(deps, req, res, u, body, entry);
    entry.status = res.statusCode;
  } finally {
    logRequest(deps, entry);
  }
}

async function serve(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, u: URL, body: Buffer, entry: RequestLogEntry): Promise<void> {
  const path = u.pathname;
  if (path === '/' || path === '/index.html') return send(res, 200, 'text/html; charset=utf-8', renderStatusPage(deps.store, deps.url()));
  const jobPage = /^\/job\/(\d+)$/.exec(path);
  if (jobPage) {
    const page = renderJobPage(deps.store, Number(jobPage[1]));
    return page ? send(res, 200, 'text/html; charset=utf-8', page) : send(res, 404, 'text/plain', `no job ${jobPage[1]}`);
  }
  const sc = /^\/cache\/schedconfig\/([^/]+?)(\.all)?\.json$/.exec(path);
  if (sc) return schedconfig(deps, res, decodeURIComponent(sc[1]), Boolean(sc[2]));
  if (path === '/cache/ddmendpoints.json') return sendJson(res, 200, storageData(deps.store.queues, deps.storages, deps.storageDir));
  if (path.startsWith('/trf/')) return trf(deps, res, decodeURIComponent(path.slice(5)));
  const route = parseRoute(path);
  // the server API needs the credentials the site requires (X509 client certificate / token)
  const refused = route.kind === 'other' ? undefined : refusal(req, deps.tls);
  if (refused) return send(res, 403, 'text/plain', `ERROR : ${refused}`);
  if (route.kind === 'other') {
    if (path.startsWith('/server/') || path.startsWith('/api/')) return send(res, 403, 'text/plain', 'ERROR : method  is forbidden');
    return send(res, 404, 'text/plain', 'not found');
  }
  const table =
    route.kind === 'legacy' ? LEGACY_METHODS
    : route.module === 'pilot' && route.method in API_PILOT_METHODS ? API_PILOT_METHODS
    : route.module === 'creds' && route.method in API_CREDS_METHODS ? API_CREDS_METHODS
    : {};
  const def = Object.prototype.hasOwnProperty.call(table, route.method) ? table[route.method] : undefined;
  if (!def) return send(res, 403, 'text/plain', `ERROR : method ${route.method} is forbidden`);
  let result: HandlerResult;
  let jsonApp = false;
  try {
    const { params, json } = decodeParams(req, route, body, u.search.slice(1));
    entry.params = params;
    const ctx: HandlerContext = {
      store: deps.store,
      acceptJson: acceptsJson(req),
      encoding: json ? 'json' : 'form',
      baseUrl: deps.url(),
      credentials: deps.credentials,
      pilotSecrets: deps.pilotSecrets,
      noRole: deps.noRole,
    };
    jsonApp = route.kind === 'api' && (req.headers['content-type'] === 'application/json' || req.headers.accept === 'application/json');
    result = callMethod(def, route.method, params, ctx);
  } catch (e) {
    if (e instanceof HandlerError || e instanceof DecodeError) return send(res, 500, 'text/plain', e.message);
    throw e;
  }
  if (result.type === 'text') return send(res, 200, 'text/plain', result.body);
  if (route.kind === 'api') return jsonApp ? send(res, 200, 'application/json', pyJsonDumps(result.data)) : send(res, 200, 'text/plain', pyRepr(result.data));
  const asJson = result.encoding === 'json' || (result.encoding === undefined && acceptsJson(req));
  if (asJson) return send(res, 200, 'application/json', pyJsonDumps(result.data));
  return send(res, 200, 'text/plain', pyUrlencode(result.data));
}

function schedconfig(deps: ServerDeps, res: ServerResponse, name: string, all: boolean): void {
  const queues = deps.store.queues;
  if (name === 'pandaqueues') {
    const out: Record<string, unknown> = {};
    for (const [q, def] of Object.entries(queues)) out[q] = schedconfigFor(q, def);
    return sendJson(res, 200, out);
  }
  const def = Object.prototype.hasOwnProperty.call(queues, name) ? queues[name] : undefined;
  if (!def) return sendJson(res, 404, { error: `queue ${name} is not defined in the emulator` });
  const full = schedconfigFor(name, def);
  // PanDA's <q>.all.json is the bare entry; CRIC's <q>.json is keyed by the queue name
  return sendJson(res, 200, all ? full : { [name]: full });
}

async function trf(deps: ServerDeps, res: ServerResponse, name: string): Promise<void> {
  if (!deps.trfDir || !name || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.includes('\0')) {
    return send(res, 404, 'text/plain', 'not found');
  }
  try {
    const data = await readFile(join(deps.trfDir, name));
    return send(res, 200, 'application/octet-stream', data);
  } catch {
    return send(res, 404, 'text/plain', 'not found');
  }
}
