/**
 * Test helper: real grid credentials for one test run. A CA made with openssl, laid out as a grid
 * CA directory (`<hash>.0`), a user certificate, a VOMS server certificate with its `.lsc` file,
 * a localhost host certificate for our TLS servers, and VOMS proxies made by `voms-proxy-fake`
 * (Debian voms-clients) with `atlas` attributes and any validity left.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, chmodSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Files of a test grid PKI. */
export interface GridCa {
  dir: string;
  /** CA directory: `<subject hash>.0` and `.signing_policy`-free, as X509_CERT_DIR. */
  certDir: string;
  /** VOMS directory (X509_VOMS_DIR) with atlas/voms.test.org.lsc. */
  vomsDir: string;
  caPem: string;
  /** localhost/127.0.0.1 server certificate and key signed by the CA. */
  hostCert: string;
  hostKey: string;
  userDn: string;
  /** Make a VOMS proxy: seconds left for the proxy certificate and its VOMS AC. */
  proxy(opts?: ProxyOptions): string;
  /** Remove every file of this CA (and the proxies made under it). */
  remove(): void;
}

/** What the proxy should carry. */
export interface ProxyOptions {
  /** Seconds the proxy certificate stays valid (default 96 h). */
  validS?: number;
  /** Seconds the VOMS attributes stay valid (default: validS). */
  vomsS?: number;
  /** FQANs (default /atlas/Role=production, /atlas). */
  fqans?: string[];
  /** Output file (default a new file under dir). */
  out?: string;
  /** No VOMS extension at all (a plain RFC proxy). */
  noVoms?: boolean;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 2).join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Make a CA and its certificates under a new temp directory. */
export function makeGridCa(): GridCa {
  const dir = mkdtempSync(join(tmpdir(), 'gridca-'));
  const ssl = (...a: string[]) => run('openssl', a, dir);
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '10',
    '-subj', '/DC=org/DC=test/CN=Test Grid CA', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const sign = (name: string, subj: string, ext: string) => {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subj);
    writeFileSync(join(dir, `${name}.ext`), `basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,keyEncipherment\n${ext}`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '8', '-extfile', `${name}.ext`);
    chmodSync(join(dir, `${name}.key`), 0o600);
  };
  const userDn = '/DC=org/DC=test/OU=Users/CN=Pilot User';
  sign('user', userDn, 'extendedKeyUsage=clientAuth\n');
  sign('voms', '/DC=org/DC=test/OU=Hosts/CN=voms.test.org', 'subjectAltName=DNS:voms.test.org\n');
  sign('host', '/DC=org/DC=test/OU=Hosts/CN=localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  const certDir = join(dir, 'certificates');
  mkdirSync(certDir);
  // servers running as other users (xrootd -R) read the CA directory and the host certificate
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'host.pem'), 0o644);
  const hash = run('openssl', ['x509', '-hash', '-noout', '-in', 'ca.pem'], dir).trim();
  copyFileSync(join(dir, 'ca.pem'), join(certDir, `${hash}.0`));
  const vomsDir = join(dir, 'vomsdir');
  mkdirSync(join(vomsDir, 'atlas'), { recursive: true });
  writeFileSync(join(vomsDir, 'atlas', 'voms.test.org.lsc'), '/DC=org/DC=test/OU=Hosts/CN=voms.test.org\n/DC=org/DC=test/CN=Test Grid CA\n');
  let n = 0;
  return {
    dir,
    certDir,
    vomsDir,
    caPem: join(dir, 'ca.pem'),
    hostCert: join(dir, 'host.pem'),
    hostKey: join(dir, 'host.key'),
    userDn,
    proxy(o: ProxyOptions = {}) {
      const validS = o.validS ?? 96 * 3600;
      const vomsS = o.vomsS ?? validS;
      const out = o.out ?? join(dir, `proxy-${++n}.pem`);
      // voms-proxy-fake counts whole hours from a start it can move into the past
      const hours = Math.max(1, Math.ceil(validS / 3600));
      const vhours = Math.max(1, Math.ceil(vomsS / 3600));
      const args = ['-q', '-cert', 'user.pem', '-key', 'user.key', '-certdir', certDir, '-rfc', '-bits', '2048', '-out', out,
        '-hours', String(hours), '-pastproxy', String(hours * 3600 - validS)];
      if (!o.noVoms) {
        args.push('-hostcert', 'voms.pem', '-hostkey', 'voms.key', '-voms', 'atlas', '-uri', 'voms.test.org:15001',
          '-vomslife', String(vhours), '-pastac', String(vhours * 3600 - vomsS));
        for (const f of o.fqans ?? ['/atlas/Role=production', '/atlas']) args.push('-fqan', f);
      }
      run('voms-proxy-fake', args, dir);
      chmodSync(out, 0o600);
      return out;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `voms-proxy-info` run against the test CA (for cross-checks). */
export function vomsProxyInfo(ca: GridCa, proxy: string, ...opts: string[]): string {
  const r = spawnSync('voms-proxy-info', ['-file', proxy, ...opts], {
    encoding: 'utf8',
    env: { ...process.env, X509_CERT_DIR: ca.certDir, X509_VOMS_DIR: ca.vomsDir },
  });
  if (r.status !== 0) throw new Error(`voms-proxy-info failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** The proxy file's text (for emulators serving it). */
export function pemText(file: string): string {
  return readFileSync(file, 'utf8');
}
