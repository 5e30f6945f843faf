/** TLS verification, X509 client certificates and OIDC bearer tokens against real local servers. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotError } from '../../src/common/errors.js';
import { initLogging } from '../../src/common/log.js';
import { bearerFor } from '../../src/server/auth.js';
import { parseTokenAnswer } from '../../src/server/token.js';
import { closeHttpAgents, locateToken, oidcTokenInfo, PandaClient, refreshOidcToken } from '../../src/server/index.js';
import { makePki, startServer, type TestPki, type TestServer } from './helpers.js';

let pki: TestPki;
let srv: TestServer;
const JSON_OK = { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 0, "command": "NULL"}' };

before(async () => {
  pki = makePki();
  srv = await startServer(() => JSON_OK, {
    key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert), ca: readFileSync(pki.caCert),
    requestCert: true, rejectUnauthorized: false,
  });
});
after(async () => {
  await srv.close();
  await closeHttpAgents();
});

const mk = (env: NodeJS.ProcessEnv, extra: Partial<ConstructorParameters<typeof PandaClient>[0]> = {}) =>
  new PandaClient({ url: srv.url, env, updateSleepS: 0, timeoutS: 60, ...extra });

describe('https', () => {
  it('refuses a server whose certificate does not verify (no CA given)', async () => {
    const n = srv.received.length;
    await assert.rejects(mk({}, { capath: null }).updateJob({ jobId: '1' }, { attempts: 1 }), (e: unknown) =>
      e instanceof PilotError && e.code === 1318 && /certificate/i.test(e.diag));
    assert.equal(srv.received.length, n, 'nothing must reach the server');
  });

  it('accepts the server with the CA directory from X509_CERT_DIR and presents the proxy as client cert', async () => {
    const res = await mk({ X509_CERT_DIR: pki.caDir, X509_USER_PROXY: pki.proxyFile }).updateJob({ jobId: '1', state: 'running' });
    assert.deepEqual(res, { StatusCode: 0, command: 'NULL' });
    assert.equal(srv.received.at(-1)!.clientCertSubject, 'pilot-proxy');
  });

  it('--capath and --cacert options work like the environment variables', async () => {
    await mk({}, { capath: pki.caDir, cacert: pki.proxyFile }).getJob({ siteName: 'S' });
    assert.equal(srv.received.at(-1)!.clientCertSubject, 'pilot-proxy');
  });

  it('with a bearer token the JSON client sends no client certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tok-'));
    writeFileSync(join(dir, 'token'), 'eyJ.TLS.token\n');
    await mk({ X509_CERT_DIR: pki.caDir, X509_USER_PROXY: pki.proxyFile, PANDA_AUTH_TOKEN: 'token', PANDA_AUTH_ORIGIN: 'atlas.pilot', PANDA_AUTH_DIR: dir })
      .updateJob({ jobId: '1' });
    const r = srv.received.at(-1)!;
    assert.equal(r.headers.authorization, 'Bearer eyJ.TLS.token');
    assert.equal(r.clientCertSubject, undefined);
  });
});

describe('OIDC bearer token', () => {
  it('is sent as Authorization/Origin on panda calls and in form calls, never on getProxy, and never logged', async () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig-VERY-SECRET';
    const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
    writeFileSync(join(dir, 'panda_token'), `${secret}\n`);
    const logFile = join(dir, 'pilotlog.txt');
    initLogging({ file: logFile, level: 'debug' });
    const plain = await startServer((r) => (r.headers['content-type'] === 'application/json' && r.url.endsWith('updateJob')
      ? { body: '' } // force the form fallback
      : { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 0, "userProxy": "PROXY-PEM-CONTENT"}' }));
    try {
      const env = { OIDC_AUTH_TOKEN: 'panda_token', OIDC_AUTH_ORIGIN: 'atlas.pilot', PILOT_WORK_DIR: dir };
      const c = new PandaClient({ url: plain.url, env, updateSleepS: 0 });
      await c.getJob({ siteName: 'S' });
      await c.updateJob({ jobId: '1', state: 'running' });
      await c.getProxy({ role: 'atlas' });
      const [getJob, updJson, updForm, getProxy] = plain.received;
      assert.equal(getJob.headers.authorization, `Bearer ${secret}`);
      assert.equal(getJob.headers.origin, 'atlas.pilot');
      assert.equal(updJson.headers.authorization, `Bearer ${secret}`);
      assert.equal(updForm.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(updForm.headers.authorization, `Bearer ${secret}`);
      assert.equal(updForm.headers['user-agent'], undefined, 'the curl-style token request carries no pilot User-Agent');
      assert.equal(getProxy.headers.authorization, undefined);
      const logText = readFileSync(logFile, 'utf8');
      assert.match(logText, /server answered/);
      assert.ok(!logText.includes(secret), 'token must not be logged');
      assert.ok(!logText.includes('sig-VERY-SECRET'));
      assert.ok(!logText.includes('PROXY-PEM-CONTENT'), 'proxy must not be logged');
    } finally {
      initLogging({});
      await plain.close();
    }
  });

  it('a configured but missing token file fails the call with a clear error', async () => {
    const c = new PandaClient({ url: srv.url, env: { PANDA_AUTH_TOKEN: 'nope', PANDA_AUTH_ORIGIN: 'o', HOME: '/nonexistent' }, updateSleepS: 0 });
    await assert.rejects(c.getJob({}), (e: unknown) => e instanceof PilotError && e.code === 1318 && /OIDC token file "nope" configured but not readable/.test(e.diag));
  });

  it('a token value put where its file name belongs is never shown', async () => {
    const value = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwaWxvdCJ9.SECRET-SIGNATURE';
    const c = new PandaClient({ url: srv.url, env: { OIDC_AUTH_TOKEN: value, OIDC_AUTH_ORIGIN: 'o', HOME: '/nonexistent' }, updateSleepS: 0 });
    const err = await c.getJob({}).catch((e: unknown) => e);
    assert.ok(err instanceof PilotError && err.code === 1318);
    assert.ok(!err.diag.includes('SECRET') && !err.diag.includes('eyJ'), err.diag);
    assert.match(err.diag, /named by OIDC_AUTH_TOKEN \(a value of \d+ characters/);
  });

  it('over plain http the token goes to a loopback address only (with a warning), never to another host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-http-'));
    writeFileSync(join(dir, 'tok'), 'TOKEN');
    const env = { OIDC_AUTH_TOKEN: 'tok', OIDC_AUTH_ORIGIN: 'o', PILOT_WORK_DIR: dir };
    assert.equal(bearerFor('https://pandaserver.example.org:25443/server/panda/getJob', env)?.token, 'TOKEN');
    assert.equal(bearerFor('http://127.0.0.1:8080/server/panda/getJob', env)?.token, 'TOKEN');
    assert.equal(bearerFor('http://pandaserver.example.org:25080/server/panda/getJob', env), undefined);
  });

  it('finds the token as Pilot 3 does (refreshed token first, origin needed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loc-'));
    writeFileSync(join(dir, 'tok'), 'x');
    writeFileSync(join(dir, 'refreshed'), 'y');
    assert.equal(oidcTokenInfo({ PANDA_AUTH_TOKEN: 'tok' }), undefined);
    assert.deepEqual(oidcTokenInfo({ PANDA_AUTH_TOKEN: 'tok', PANDA_AUTH_ORIGIN: 'o' }), { token: 'tok', origin: 'o' });
    assert.deepEqual(oidcTokenInfo({ PANDA_AUTH_TOKEN: 'tok', OIDC_AUTH_ORIGIN: 'o', OIDC_REFRESHED_AUTH_TOKEN: join(dir, 'refreshed') }),
      { token: join(dir, 'refreshed'), origin: 'o' });
    assert.equal(locateToken('tok', { HOME: dir }), join(dir, 'tok'));
    assert.equal(locateToken('tok', { X509_USER_PROXY: join(dir, 'x509up_u1') }), join(dir, 'tok'));
    assert.equal(locateToken('tok', { HOME: '/nonexistent' }), '');
  });

  it('refreshes the token through get_access_token and uses the new one afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refresh-'));
    const home = join(dir, 'home');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(home);
    writeFileSync(join(dir, 'tok'), 'OLD-TOKEN');
    writeFileSync(join(dir, 'tok.key'), 'THE-KEY\n');
    let refuse = false;
    const s = await startServer((r) => (r.url.startsWith('/server/panda/get_access_token')
      ? { body: refuse ? "{'StatusCode': 50, 'errorDialog': 'invalid token key'}" : "{'StatusCode': 0, 'errorDialog': '', 'userProxy': 'NEW-TOKEN'}" }
      : { body: 'StatusCode=20' }));
    try {
      const env: NodeJS.ProcessEnv = { PANDA_AUTH_TOKEN: 'tok', PANDA_AUTH_ORIGIN: 'atlas.pilot', PANDA_AUTH_TOKEN_KEY: 'tok.key', PILOT_SOURCE_DIR: dir };
      const c = new PandaClient({ url: s.url, env, updateSleepS: 0 });
      assert.equal(await refreshOidcToken(c, env, home), true);
      const get = s.received[0];
      assert.equal(get.method, 'GET');
      assert.equal(get.url, '/server/panda/get_access_token?client_name=pilot_server&token_key=THE-KEY');
      assert.equal(get.headers.authorization, 'Bearer OLD-TOKEN');
      assert.equal(env.OIDC_REFRESHED_AUTH_TOKEN, join(home, 'tok'));
      assert.equal(readFileSync(join(home, 'tok'), 'utf8'), 'NEW-TOKEN');
      await c.getJob({});
      assert.equal(s.received[1].headers.authorization, 'Bearer NEW-TOKEN');
      refuse = true;
      assert.equal(await refreshOidcToken(c, env, home), false);
      assert.equal(readFileSync(join(home, 'tok'), 'utf8'), 'NEW-TOKEN', 'a refused refresh keeps the token');
      assert.equal(await refreshOidcToken(c, { PANDA_AUTH_TOKEN: 'tok', PANDA_AUTH_ORIGIN: 'o' }, home), false, 'no key configured');
    } finally {
      await s.close();
    }
  });
});

describe('get_access_token answer', () => {
  it("is read as ast.literal_eval reads Pilot 3's answer, quotes and escapes included (the old quote swap broke on them)", () => {
    assert.deepEqual(parseTokenAnswer(`{'StatusCode': 0, 'userProxy': 'eyJ.a"b', 'ErrorDialog': "it's", 'x': None}`), { StatusCode: 0, userProxy: 'eyJ.a"b', ErrorDialog: "it's", x: null });
    assert.deepEqual(parseTokenAnswer('{"StatusCode": 0, "userProxy": "t"}'), { StatusCode: 0, userProxy: 't' });
    assert.throws(() => parseTokenAnswer("['not', 'a dict']"));
  });
});
