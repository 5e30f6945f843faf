/**
 * Test helper: a real XRootD server (Debian xrootd-server) on a free loopback port, exporting a
 * temp directory, running as the unprivileged `xrootd` user (xrootd refuses root without -R).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCerts } from './webdav.js';

/** A running XRootD server. */
export interface XrootdServer {
  port: number;
  /** `root://127.0.0.1:<port>` */
  url: string;
  /** Local directory that `/` on the server maps to. */
  root: string;
  /** Environment for clients: fast failure against a dead server. */
  env: NodeJS.ProcessEnv;
  /** With `https`: `https://127.0.0.1:<port>` of its XrdHttp door, and the CA that signed it. */
  httpsUrl?: string;
  caFile?: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolve once something accepts TCP connections on the port (the limit, at least 60 s, guards against a hang). */
export async function waitForPort(port: number, timeoutMs = 60_000, proc?: ChildProcess): Promise<void> {
  timeoutMs = Math.max(timeoutMs, 60_000);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && (proc.exitCode !== null || proc.signalCode !== null)) throw new Error(`server exited with ${proc.exitCode} before listening`);
    const ok = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${port} after ${timeoutMs} ms`);
}

/** Environment that makes xrdcp give up quickly (XRD_CONNECTIONRETRY etc.). */
export const FAST_XRD_ENV = {
  XRD_CONNECTIONRETRY: '1',
  XRD_CONNECTIONWINDOW: '2',
  XRD_REQUESTTIMEOUT: '10',
  XRD_STREAMTIMEOUT: '10',
  XRD_TIMEOUTRESOLUTION: '1',
};

function ensureUser(): string {
  const user = 'xrootd';
  if (spawnSync('id', [user]).status !== 0) {
    spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  }
  return user;
}

/** Kill a server started detached (its whole process group) and remove its directory. */
export async function stopServer(proc: ChildProcess, base: string): Promise<void> {
  if (proc.exitCode === null && proc.signalCode === null) {
    const done = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await done;
  }
  rmSync(base, { recursive: true, force: true });
}

/** Start xrootd exporting a fresh temp dir. */
/**
 * GSI options: the grid CA directory and host certificate; with `gridmap` (DN → user name) only
 * the mapped users get in, with full rights (everyone else: nothing).
 */
export interface XrootdGsi {
  certDir: string;
  hostCert: string;
  hostKey: string;
  gridmap?: Record<string, string>;
}

/** `https`: also serve HTTPS through XrdHttp (libXrdHttp, xrootd-server) with a certificate of its own CA. */
export async function startXrootd(opts: { gsi?: XrootdGsi; https?: boolean } = {}): Promise<XrootdServer> {
  const user = ensureUser();
  const base = mkdtempSync(join(tmpdir(), 'xrootd-'));
  const root = join(base, 'data');
  for (const d of [root, join(base, 'admin'), join(base, 'run')]) mkdirSync(d, { recursive: true });
  const port = await freePort();
  const httpsPort = opts.https ? await freePort() : 0;
  const tls = opts.https ? makeCerts(base) : undefined;
  if (tls) {
    mkdirSync(join(base, 'cadir'));
    const hash = spawnSync('openssl', ['x509', '-hash', '-noout', '-in', tls.ca], { encoding: 'utf8' }).stdout.trim();
    copyFileSync(tls.ca, join(base, 'cadir', `${hash}.0`));
  }
  const cfg = join(base, 'xrootd.cfg');
  if (opts.gsi?.gridmap) {
    const map = Object.entries(opts.gsi.gridmap);
    writeFileSync(join(base, 'grid-mapfile'), map.map(([dn, user]) => `"${dn}" ${user}`).join('\n') + '\n');
    writeFileSync(join(base, 'auth.db'), map.map(([, user]) => `u ${user} / a`).join('\n') + '\n');
  }
  writeFileSync(cfg, [
    `all.export /`,
    `oss.localroot ${root}`,
    `xrootd.chksum adler32`,
    `all.adminpath ${join(base, 'admin')}`,
    `all.pidpath ${join(base, 'run')}`,
    `xrd.trace off`,
    // GSI: only clients with a proxy from the grid CA get in (xrdcp reads X509_USER_PROXY/X509_CERT_DIR)
    ...(opts.gsi ? [
      'xrootd.seclib libXrdSec.so',
      `sec.protocol gsi -certdir:${opts.gsi.certDir} -cert:${join(base, 'hostcert.pem')} -key:${join(base, 'hostkey.pem')} -crl:0 -vomsat:0 ` +
        (opts.gsi.gridmap ? `-gridmap:${join(base, 'grid-mapfile')} -gmapopt:2` : '-gmapopt:10'),
      'sec.protbind * only gsi',
      ...(opts.gsi.gridmap ? ['ofs.authorize 1', `acc.authdb ${join(base, 'auth.db')}`] : []),
    ] : []),
    ...(tls ? [`xrd.tls ${tls.cert} ${tls.key}`, `xrd.tlsca certdir ${join(base, 'cadir')}`, `xrd.protocol XrdHttp:${httpsPort} libXrdHttp.so`] : []),
    '',
  ].join('\n'));
  if (opts.gsi) {
    copyFileSync(opts.gsi.hostCert, join(base, 'hostcert.pem'));
    copyFileSync(opts.gsi.hostKey, join(base, 'hostkey.pem'));
    chmodSync(join(base, 'hostkey.pem'), 0o400);
  }
  const uid = Number(spawnSync('id', ['-u', user]).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', user]).stdout.toString().trim());
  for (const d of [base, root, join(base, 'admin'), join(base, 'run')]) chownSync(d, uid, gid);
  if (tls) for (const f of [tls.cert, tls.key, join(base, 'cadir')]) chownSync(f, uid, gid);
  if (opts.gsi) for (const f of ['hostcert.pem', 'hostkey.pem', ...(opts.gsi.gridmap ? ['grid-mapfile', 'auth.db'] : [])]) chownSync(join(base, f), uid, gid);
  const proc = spawn('xrootd', ['-c', cfg, '-p', String(port), '-R', user, '-l', join(base, 'xrootd.log'), '-n', `t${port}`], { stdio: 'ignore', detached: true });
  await waitForPort(port, 10_000, proc);
  if (httpsPort) await waitForPort(httpsPort, 10_000, proc);
  const stop = () => stopServer(proc, base);
  // GSI checks the host name against the host certificate: clients use localhost then
  const https = tls ? { httpsUrl: `https://127.0.0.1:${httpsPort}`, caFile: tls.ca } : {};
  return { port, url: `root://${opts.gsi ? 'localhost' : '127.0.0.1'}:${port}`, root, env: { ...process.env, ...FAST_XRD_ENV }, ...https, stop };
}

/** Put a file on the server's disk (owned by the server user so it can read/replace it). */
export function putServerFile(server: XrootdServer, relPath: string, data: Buffer | string): string {
  const full = join(server.root, relPath);
  const parts = relPath.split('/').slice(0, -1);
  let dir = server.root;
  const uid = Number(spawnSync('id', ['-u', 'xrootd']).stdout.toString().trim());
  const gid = Number(spawnSync('id', ['-g', 'xrootd']).stdout.toString().trim());
  for (const p of parts) {
    dir = join(dir, p);
    mkdirSync(dir, { recursive: true });
    chownSync(dir, uid, gid);
  }
  writeFileSync(full, data);
  chownSync(full, uid, gid);
  return full;
}
