/**
 * The https copytool's uploads, on `node:http`/`node:https` rather than undici: undici always
 * writes the header as `content-length`, and XrdHttp (5.5.3 at least) only reads `Content-Length`
 * spelled so. It then stores an empty file and answers 201/200, so every upload to an XRootD
 * HTTP door was lost. Node writes header names as given, and its HTTP stack is the pilot's own
 * already (src/server/http.ts), so nothing more is loaded. Downloads stay on undici (ranges).
 */
import http from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';

/** TLS material of an upload (verification is always on). */
export interface PutTls {
  rejectUnauthorized: true;
  ca?: string[];
  cert?: string;
  key?: string;
}

/** What one PUT needs: the body is streamed, its length is known beforehand. */
export interface PutRequest {
  url: string;
  body: Readable;
  size: number;
  headers: Record<string, string>;
  tls: PutTls;
  /** agent cache key (which files the TLS material came from) */
  agentKey: string;
  signal: AbortSignal;
}

/** Status and headers of the answer (its body is read and dropped). */
export interface PutAnswer {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
}

const httpsAgents = new Map<string, https.Agent>();
const httpAgent = new http.Agent({ keepAlive: true, timeout: 10_000 });

function agentFor(url: URL, key: string, tls: PutTls): http.Agent {
  if (url.protocol === 'http:') return httpAgent;
  let agent = httpsAgents.get(key);
  if (!agent) {
    agent = new https.Agent({ keepAlive: true, timeout: 10_000, ...tls });
    httpsAgents.set(key, agent);
  }
  return agent;
}

/** Header names as RFC 9110 spells them (`user-agent` → `User-Agent`), for servers that compare case. */
function canonical(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase())] = v;
  return out;
}

/** Send the body with `Content-Length` (that spelling: see above); resolve on the answer. */
export function putStream(req: PutRequest): Promise<PutAnswer> {
  const url = new URL(req.url);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const out = mod.request(url, {
      method: 'PUT',
      agent: agentFor(url, req.agentKey, req.tls),
      signal: req.signal,
      headers: { ...canonical(req.headers), 'Content-Length': String(req.size) },
    });
    out.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers }));
      res.once('error', reject);
    });
    out.once('error', reject);
    // A failed read destroys the request, whose 'error' rejects; a server that answers early
    // (401, 409, a redirect) and stops reading breaks the pipe, and its answer still counts.
    pipeline(req.body, out, () => undefined);
  });
}
