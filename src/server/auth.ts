/**
 * Credentials for server calls, found the way Pilot 3 finds them (pilot/util/https.py):
 * - X509: the proxy file = first existing of `--cacert`, X509_USER_PROXY, /tmp/x509up_u<uid>;
 *   it is both client certificate and key. CA directory = first existing of `--capath`,
 *   X509_CERT_DIR, /etc/grid-security/certificates (we verify the server with it, Pilot 3's urllib
 *   client does not).
 * - OIDC: token file name from OIDC_REFRESHED_AUTH_TOKEN (if that file exists), OIDC_AUTH_TOKEN or
 *   PANDA_AUTH_TOKEN, origin from OIDC_AUTH_ORIGIN or PANDA_AUTH_ORIGIN; both needed.
 * Everything is looked up again for every request, since the proxy or token may be replaced while
 * the pilot runs. Contents of these files are never logged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { tmpdir } from 'node:os';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';

/** Where credentials come from: CLI `--cacert`/`--capath` and the environment. */
export interface AuthSource {
  cacert?: string | null;
  capath?: string | null;
  env: NodeJS.ProcessEnv;
}

function isFile(p: string | null | undefined): p is string {
  try {
    return !!p && statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string | null | undefined): p is string {
  try {
    return !!p && statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The X509 proxy file (client certificate + key), or undefined when none exists. */
export function x509ProxyPath(src: AuthSource): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const conventional = uid === undefined ? undefined : join(tmpdir(), `x509up_u${uid}`);
  return [src.cacert, src.env.X509_USER_PROXY, conventional].find(isFile);
}

/** The CA certificates directory, or undefined when none exists. */
export function caDirectory(src: AuthSource): string | undefined {
  return [src.capath, src.env.X509_CERT_DIR, '/etc/grid-security/certificates'].find(isDir);
}

/** Token file name (or path) and origin when OIDC is configured in the environment. */
export function oidcTokenInfo(env: NodeJS.ProcessEnv): { token: string; origin: string } | undefined {
  const refreshed = env.OIDC_REFRESHED_AUTH_TOKEN;
  const token = refreshed && existsSync(refreshed) ? refreshed : (env.OIDC_AUTH_TOKEN ?? env.PANDA_AUTH_TOKEN);
  const origin = env.OIDC_AUTH_ORIGIN ?? env.PANDA_AUTH_ORIGIN;
  return token && origin ? { token, origin } : undefined;
}

/**
 * Find the token file: the refreshed token first (unless `key`), then the name under the
 * OIDC_AUTH_DIR / PANDA_AUTH_DIR / X509_USER_PROXY directory, PILOT_SOURCE_DIR, PILOT_WORK_DIR, HOME.
 * Returns "" when none exists.
 */
export function locateToken(name: string, env: NodeJS.ProcessEnv, key = false): string {
  if (isAbsolute(name)) return isFile(name) ? name : '';
  const authDir = env.OIDC_AUTH_DIR ?? env.PANDA_AUTH_DIR;
  const candidates: string[] = [];
  const refreshed = env.OIDC_REFRESHED_AUTH_TOKEN;
  if (!key && refreshed) candidates.push(refreshed);
  // Pilot 3 takes dirname() of the variable; we also try the directory itself
  if (authDir) candidates.push(join(authDir, name), join(dirname(authDir), name));
  if (env.X509_USER_PROXY) candidates.push(join(dirname(env.X509_USER_PROXY), name));
  for (const v of [env.PILOT_SOURCE_DIR, env.PILOT_WORK_DIR, env.HOME]) if (v) candidates.push(join(v, name));
  return candidates.find(isFile) ?? '';
}

/** Bearer token and origin for a request, or undefined when OIDC is not configured. */
export interface BearerAuth {
  token: string;
  origin: string;
}

/** Read the OIDC bearer token; throws COMMUNICATIONFAILURE when configured but unreadable. */
export function readBearer(env: NodeJS.ProcessEnv): BearerAuth | undefined {
  const info = oidcTokenInfo(env);
  if (!info) return undefined;
  const path = locateToken(info.token, env);
  let token = '';
  try {
    token = path ? readFileSync(path, 'utf8').trim() : '';
  } catch {
    token = '';
  }
  // The file name is fine to report, its content never is; and a variable that holds the token
  // itself instead of a file name must not have its value logged either.
  if (!token) throw errors.COMMUNICATIONFAILURE(`OIDC token file ${describeName(info.token, tokenVariable(env))} configured but not readable (looked for it under the auth/work/home dirs)`);
  return { token, origin: info.origin };
}

/** Which variable named the token file (for messages). */
function tokenVariable(env: NodeJS.ProcessEnv): string {
  if (env.OIDC_REFRESHED_AUTH_TOKEN && existsSync(env.OIDC_REFRESHED_AUTH_TOKEN)) return 'OIDC_REFRESHED_AUTH_TOKEN';
  return env.OIDC_AUTH_TOKEN !== undefined ? 'OIDC_AUTH_TOKEN' : 'PANDA_AUTH_TOKEN';
}

/**
 * A credential file name as it may be logged: the name itself when it looks like one (short, path
 * characters only, not a JWT), else only which variable held it and how long it is.
 */
export function describeName(value: string, variable: string): string {
  const jwtLike = /^[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/.test(value) || value.startsWith('eyJ');
  if (value.length <= 128 && /^[A-Za-z0-9._\/+-]+$/.test(value) && !jwtLike) return JSON.stringify(value);
  return `named by ${variable} (a value of ${value.length} characters that does not look like a file name; not shown)`;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const warnedHosts = new Set<string>();

/**
 * The bearer token for a request to `url`, if it may go there. Over plain http the token would
 * travel in clear: Pilot 3 sends it anyway; we send it (with a warning, once per host) only to a
 * loopback address (local emulators, tunnels) and refuse it for any other host (logged, the
 * request goes without it and the server's refusal says the rest).
 */
export function bearerFor(url: string, env: NodeJS.ProcessEnv): BearerAuth | undefined {
  const bearer = readBearer(env);
  if (!bearer || !url.startsWith('http:')) return bearer;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  const loopback = LOOPBACK.has(host) || host.startsWith('127.');
  if (!warnedHosts.has(host)) {
    warnedHosts.add(host);
    const logger = log('server.auth');
    if (loopback) logger.warn({ host }, 'sending the OIDC token over plain http (loopback address only)');
    else logger.error({ host }, 'refusing to send the OIDC token over plain http: use an https:// server URL');
  }
  return loopback ? bearer : undefined;
}

/** PEM material for the TLS client: our client cert/key (from the proxy) and the CA list. */
export interface TlsMaterial {
  cert?: string;
  key?: string;
  ca?: string[];
  /** cache key: which files these came from */
  id: string;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** Split a proxy PEM into its certificate chain and its private key. */
export function splitPem(pem: string): { cert: string; key: string } {
  const certs: string[] = [];
  const keys: string[] = [];
  for (const m of pem.matchAll(PEM_BLOCK)) {
    if (m[1] === 'CERTIFICATE') certs.push(m[0]);
    else if (m[1].endsWith('PRIVATE KEY')) keys.push(m[0]);
  }
  return { cert: certs.join('\n'), key: keys.join('\n') };
}

const caCache = new Map<string, { mtimeMs: number; certs: string[] }>();

/** CA certificates from a grid-style directory (`*.pem`, `*.crt`, `<hash>.N`), cached per directory. */
export function loadCaDirectory(dir: string): string[] {
  const mtimeMs = statSync(dir).mtimeMs;
  const hit = caCache.get(dir);
  if (hit && hit.mtimeMs === mtimeMs) return hit.certs;
  const certs: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!/\.(pem|crt|\d+)$/.test(name)) continue;
    try {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const m of text.matchAll(PEM_BLOCK)) if (m[1] === 'CERTIFICATE') certs.push(m[0]);
    } catch {
      // unreadable entries (dangling links, sub-directories) are skipped
    }
  }
  caCache.set(dir, { mtimeMs, certs });
  return certs;
}

/**
 * TLS material for one request: client cert/key from the proxy unless a bearer token is used,
 * and the CA directory's certificates added to the system roots.
 */
export function tlsMaterial(src: AuthSource, withClientCert: boolean, systemRoots: readonly string[]): TlsMaterial {
  const out: TlsMaterial = { id: '' };
  const proxy = withClientCert ? x509ProxyPath(src) : undefined;
  if (proxy) {
    const { cert, key } = splitPem(readFileSync(proxy, 'utf8'));
    if (cert && key) {
      out.cert = cert;
      out.key = key;
      out.id += `proxy=${proxy}@${statSync(proxy).mtimeMs};`;
    }
  }
  const dir = caDirectory(src);
  if (dir) {
    out.ca = [...systemRoots, ...loadCaDirectory(dir)];
    out.id += `ca=${dir}@${statSync(dir).mtimeMs};`;
  }
  return out;
}
