/** Rucio authentication against the Rucio emulator over https with the grid CA: x509 (proxy as client certificate), userpass, oidc, token; renewal when Rucio's token expires. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotError } from '../../src/common/errors.js';
import { RucioClient } from '../../src/data/replicas.js';
import { chooseRucioAuth, rucioClientConfig } from '../../src/data/rucio-auth.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/index.js';
import { closeHttpAgents } from '../../src/server/http.js';
import { makeGridCa, type GridCa } from '../support/gridca.js';

let ca: GridCa;
let rucio: RucioEmulator;
let proxy: string;
const JWT = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJwaWxvdCJ9.oidc-marker';
const file = { scope: 'mc', name: 'f1', bytes: 3, adler32: '00000001', replicas: [{ rse: 'SITE_DATADISK', pfn: 'root://se.example.org//rucio/mc/f1' }] };

before(async () => {
  ca = makeGridCa();
  proxy = ca.proxy({ validS: 3 * 3600 });
  rucio = await startRucioEmulator({
    tls: { cert: readFileSync(ca.hostCert, 'utf8'), key: readFileSync(ca.hostKey, 'utf8'), ca: readFileSync(ca.caPem, 'utf8') },
    x509: { [ca.userDn]: 'pilot' },
    userpass: { account: 'pilot', username: 'u', password: 'p' },
    oidcTokens: [JWT],
    files: [file],
  });
});
after(async () => {
  await rucio.close();
  await closeHttpAgents();
  ca.remove();
});

const list = (env: NodeJS.ProcessEnv) => new RucioClient({ url: rucio.url, env: { X509_CERT_DIR: ca.certDir, ...env }, timeoutMs: 10_000 }).listReplicas([{ scope: 'mc', name: 'f1' }]);

describe('Rucio auth', () => {
  it('x509: the proxy is the client certificate of /auth/x509, the server is verified with X509_CERT_DIR', async () => {
    const n = rucio.logins.length;
    const [rec] = await list({ X509_USER_PROXY: proxy, RUCIO_AUTH_TYPE: 'x509_proxy', RUCIO_ACCOUNT: 'pilot' });
    assert.deepEqual(Object.keys(rec.pfns), ['root://se.example.org//rucio/mc/f1']);
    assert.deepEqual(rucio.logins.slice(n), [{ type: 'x509', account: 'pilot', identity: ca.userDn }]);
  });

  it('a token Rucio no longer accepts is renewed once, transparently', async () => {
    const client = new RucioClient({ url: rucio.url, env: { X509_CERT_DIR: ca.certDir, X509_USER_PROXY: proxy, RUCIO_AUTH_TYPE: 'x509_proxy' } });
    await client.listReplicas([{ scope: 'mc', name: 'f1' }]);
    const n = rucio.logins.length;
    rucio.expireTokens();
    const [rec] = await client.listReplicas([{ scope: 'mc', name: 'f1' }]);
    assert.equal(rec.name, 'f1');
    assert.equal(rucio.logins.length, n + 1, 'one new login');
  });

  it('x509 without a proxy from the grid CA is refused (RUCIOLISTREPLICASFAILED)', async () => {
    const other = makeGridCa();
    try {
      await assert.rejects(list({ X509_USER_PROXY: other.proxy({ validS: 3600 }), RUCIO_AUTH_TYPE: 'x509_proxy' }), (e: unknown) =>
        e instanceof PilotError && /authentication \(x509_proxy\) failed: HTTP 401/.test(e.diag));
    } finally {
      other.remove();
    }
  });

  it('the server certificate is verified: without the CA directory nothing is sent', async () => {
    const n = rucio.requests.length;
    await assert.rejects(new RucioClient({ url: rucio.url, env: { X509_USER_PROXY: proxy, RUCIO_AUTH_TYPE: 'x509_proxy', X509_CERT_DIR: '/nonexistent' } }).listReplicas([{ scope: 'mc', name: 'f1' }]),
      (e: unknown) => e instanceof PilotError && /certificate/i.test(e.diag));
    assert.equal(rucio.requests.length, n);
  });

  it('userpass, oidc (WLCG bearer token) and a ready token', async () => {
    const n = rucio.logins.length;
    await list({ RUCIO_AUTH_TYPE: 'userpass', RUCIO_ACCOUNT: 'pilot', RUCIO_USERNAME: 'u', RUCIO_PASSWORD: 'p' });
    assert.equal(rucio.logins[n].type, 'userpass');
    const dir = mkdtempSync(join(tmpdir(), 'bt-'));
    writeFileSync(join(dir, 'tok'), `${JWT}\n`);
    await list({ RUCIO_AUTH_TYPE: 'oidc', BEARER_TOKEN_FILE: join(dir, 'tok') });
    await list({ RUCIO_AUTH_TOKEN: JWT });
    assert.equal(rucio.logins.length, n + 1, 'oidc and token need no login');
    await assert.rejects(list({ RUCIO_AUTH_TOKEN: 'not-a-token' }), /HTTP 401/);
  });

  it('the auth type comes from RUCIO_AUTH_TYPE, else rucio.cfg, else what is available', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcfg-'));
    const cfg = join(dir, 'rucio.cfg');
    writeFileSync(cfg, '[client]\nrucio_host = https://rucio.example.org\nauth_type = userpass\nusername = u\npassword = p\naccount = pilot\n');
    assert.equal(chooseRucioAuth(rucioClientConfig({ RUCIO_CONFIG: cfg }), { RUCIO_CONFIG: cfg }), 'userpass');
    assert.equal(rucioClientConfig({ RUCIO_CONFIG: cfg }).rucioHost, 'https://rucio.example.org');
    assert.equal(chooseRucioAuth(rucioClientConfig({ RUCIO_CONFIG: cfg, RUCIO_AUTH_TYPE: 'x509_proxy' }), {}), 'x509_proxy');
    assert.equal(chooseRucioAuth(rucioClientConfig({}), { X509_USER_PROXY: proxy }), 'x509_proxy');
    assert.equal(chooseRucioAuth(rucioClientConfig({}), { BEARER_TOKEN: JWT }, undefined), process.getuid && readable(`/tmp/x509up_u${process.getuid()}`) ? 'x509_proxy' : 'oidc');
    assert.equal(chooseRucioAuth(rucioClientConfig({}), {}, 'tok'), 'token');
  });
});

function readable(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}
