/** The pilot's node:http transport: TLS always verified, credentials kept off plain http, redirects. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { closeHttpAgents, HttpError, httpRequest, isLoopbackHost } from '../../src/server/http.js';
import { makePki, startServer, type TestPki, type TestServer } from './helpers.js';

let pki: TestPki;
let tlsSrv: TestServer;
let a: TestServer;
let b: TestServer;

before(async () => {
  pki = makePki();
  tlsSrv = await startServer(() => ({ body: 'secure' }), { key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert) });
  b = await startServer(() => ({ body: 'landed' }));
  // a: redirects /same to itself and /away to b (another origin)
  a = await startServer((r) =>
    r.url === '/same' ? { status: 302, headers: { Location: '/here' } }
      : r.url === '/away' ? { status: 301, headers: { Location: `${b.url}/there` } }
        : { body: 'here' });
});
after(async () => {
  await Promise.all([tlsSrv.close(), a.close(), b.close()]);
  await closeHttpAgents();
});

describe('node:http transport', () => {
  it('verifies server certificates even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const old = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      await assert.rejects(httpRequest({ url: tlsSrv.url, method: 'GET', headers: {}, timeoutMs: 10_000 }), (e: unknown) => e instanceof HttpError && /certificate/i.test(e.message));
      assert.equal(tlsSrv.received.length, 0, 'nothing reached the server');
      // with the test CA (standard `ca` option) the same server is accepted
      const res = await httpRequest({ url: tlsSrv.url, method: 'GET', headers: {}, timeoutMs: 10_000, tls: { ca: [...rootCertificates, readFileSync(pki.caCert, 'utf8')] } });
      assert.equal(res.body.toString(), 'secure');
    } finally {
      if (old === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = old;
    }
  });

  it('never sends credentials over plain http beyond the loopback', async () => {
    const sets: Array<Record<string, string>> = [{ Authorization: 'Bearer x' }, { 'X-Rucio-Auth-Token': 't' }, { 'x-rucio-password': 'p' }];
    for (const headers of sets) {
      // 192.0.2.1 is TEST-NET: the request is refused before any connection is tried
      await assert.rejects(httpRequest({ url: 'http://192.0.2.1/x', method: 'GET', headers, timeoutMs: 10_000 }), /refusing to send credentials over plain http/);
    }
    await assert.rejects(httpRequest({ url: 'http://192.0.2.1/x', method: 'GET', headers: {}, timeoutMs: 10_000, tls: { cert: 'c', key: 'k' } }), /refusing/);
    assert.ok(isLoopbackHost('127.0.0.1') && isLoopbackHost('[::1]') && isLoopbackHost('localhost'));
    assert.ok(!isLoopbackHost('128.0.0.1') && !isLoopbackHost('example.org'));
    const res = await httpRequest({ url: `${a.url}/x`, method: 'GET', headers: { Authorization: 'Bearer local' }, timeoutMs: 10_000 });
    assert.equal(res.status, 200, 'loopback is fine (emulators, tests)');
  });

  it('follows redirects only when asked, dropping credentials when the origin changes', async () => {
    const no = await httpRequest({ url: `${a.url}/same`, method: 'GET', headers: {}, timeoutMs: 10_000 });
    assert.equal(no.status, 302);
    const same = await httpRequest({ url: `${a.url}/same`, method: 'GET', headers: { Authorization: 'Bearer t' }, timeoutMs: 10_000, maxRedirects: 3 });
    assert.equal(same.body.toString(), 'here');
    assert.equal(a.received.at(-1)!.headers.authorization, 'Bearer t', 'same origin keeps the token');
    const away = await httpRequest({ url: `${a.url}/away`, method: 'POST', body: 'x', headers: { Authorization: 'Bearer t' }, timeoutMs: 10_000, maxRedirects: 3 });
    assert.equal(away.body.toString(), 'landed');
    assert.equal(away.url, `${b.url}/there`);
    const last = b.received.at(-1)!;
    assert.equal(last.headers.authorization, undefined, 'token not forwarded to another origin');
    assert.equal(last.method, 'GET');
  });

  it('an answer cut mid-body fails at once', async () => {
    const { createServer } = await import('node:http');
    const cut = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only part');
      setImmediate(() => res.socket?.destroy());
    });
    await new Promise<void>((r) => cut.listen(0, '127.0.0.1', r));
    try {
      const port = (cut.address() as { port: number }).port;
      await assert.rejects(httpRequest({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, timeoutMs: 60_000 }), (e: unknown) => e instanceof HttpError && !e.timedOut);
    } finally {
      cut.closeAllConnections();
      await new Promise<void>((r) => cut.close(() => r()));
    }
  });

  it('reports refused connections and timeouts as HttpError', async () => {
    const { freePort } = await import('./helpers.js');
    const port = await freePort();
    await assert.rejects(httpRequest({ url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, timeoutMs: 10_000 }), (e: unknown) => e instanceof HttpError && /ECONNREFUSED/.test(e.message));
    const slow = await startServer(() => ({ body: 'late', delayMs: 60_000 }));
    try {
      await assert.rejects(httpRequest({ url: slow.url, method: 'GET', headers: {}, timeoutMs: 200 }), (e: unknown) => e instanceof HttpError && e.timedOut);
    } finally {
      await slow.close();
    }
  });
});
