/**
 * TLS for the emulators, as grid services run it: https with a host certificate, client
 * certificates requested and verified against the grid CA (proxies included, see
 * credentials/verify-chain.ts), and/or bearer tokens. What a caller must present is the site's
 * choice (`require`), so tests can stand up servers that accept only X509 or only tokens.
 */
import { X509Certificate } from 'node:crypto';
import { createServer as createHttp, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { peerChain, verifyClientChain } from '../credentials/verify-chain.js';

/** TLS settings of an emulator. */
export interface EmulatorTls {
  /** Host certificate and key (PEM text). */
  cert: string;
  key: string;
  /** Trusted CA certificates for client certificates (PEM text, one or more). */
  ca?: string;
  /** What a caller must present: a verified X509 chain, a bearer token, either, or nothing (default). */
  require?: 'x509' | 'token' | 'x509-or-token' | 'none';
  /** Accepted bearer tokens. */
  tokens?: string[];
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Create the http or https server. */
export function createEmulatorServer(listener: RequestListener, tls?: EmulatorTls): Server {
  if (!tls) return createHttp(listener);
  // client certificates are checked by us (proxies), so the TLS layer only requests them
  return createHttps({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: true, rejectUnauthorized: false }, listener) as unknown as Server;
}

const caCache = new WeakMap<EmulatorTls, X509Certificate[]>();

/** The caller's verified X509 identity (the end-entity DN), or undefined. */
export function clientIdentity(req: IncomingMessage, tls: EmulatorTls | undefined): string | undefined {
  if (!tls?.ca) return undefined;
  let cas = caCache.get(tls);
  if (!cas) {
    cas = [...tls.ca.matchAll(PEM_CERT)].map((m) => new X509Certificate(m[0]));
    caCache.set(tls, cas);
  }
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== 'function') return undefined;
  const verdict = verifyClientChain(peerChain(socket), cas);
  return verdict.ok ? verdict.identity : undefined;
}

/** The bearer token of a request: `Authorization: Bearer` or another header that carries it. */
export function bearerOf(req: IncomingMessage, header = 'authorization'): string | undefined {
  const v = req.headers[header];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  return header === 'authorization' ? /^Bearer\s+(.+)$/i.exec(s)?.[1]?.trim() : s.trim();
}

/** Why the request is refused (undefined: allowed) under `tls.require`. */
export function refusal(req: IncomingMessage, tls: EmulatorTls | undefined, tokenHeader = 'authorization'): string | undefined {
  const need = tls?.require ?? 'none';
  if (need === 'none') return undefined;
  const x509 = () => clientIdentity(req, tls) !== undefined;
  const token = () => {
    const t = bearerOf(req, tokenHeader);
    return t !== undefined && (tls!.tokens ?? []).includes(t);
  };
  if (need === 'x509') return x509() ? undefined : 'a valid X509 client certificate is required';
  if (need === 'token') return token() ? undefined : 'a valid bearer token is required';
  return x509() || token() ? undefined : 'a valid X509 client certificate or bearer token is required';
}
