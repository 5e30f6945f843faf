/** PandaClient against a real local HTTP server: bodies, headers, decoding, fallbacks, retries, timeouts. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { PilotError } from '../../src/common/errors.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { closeHttpAgents, HarvesterFileClient, PandaClient, pandaClientFromArgs, serverClientFromArgs } from '../../src/server/index.js';
import { parsePilotArgs } from '../../src/cli/args.js';
import { freePort, startServer, type Received } from './helpers.js';
import { waitFor } from '../support/wait.js';

after(() => closeHttpAgents());

const isJsonRequest = (r: Received) => r.headers['content-type'] === 'application/json';
const jsonBody = (r: Received) => JSON.parse(gunzipSync(r.body).toString('utf8')) as Record<string, unknown>;
const formBody = (r: Received) => Object.fromEntries(new URLSearchParams(r.body.toString('utf8')));
const client = (url: string, extra: Partial<ConstructorParameters<typeof PandaClient>[0]> = {}) =>
  new PandaClient({ url, env: {}, updateSleepS: 0.05, timeoutS: 60, ...extra });

describe('PandaClient wire format', () => {
  it('getJob sends gzip JSON without Content-Encoding/Accept and decodes a URL-encoded answer', async () => {
    const srv = await startServer(() => ({ body: 'StatusCode=0&PandaID=6543210987&inFiles=&jobPars=-a+b%3Dc&ioIntensity=None' }));
    try {
      const data = { siteName: 'SITE', computingElement: 'Q', allowOtherCountry: false, diskSpace: 1200, node: 'n1' };
      const res = await client(srv.url).getJob(data);
      assert.deepEqual(res, { StatusCode: '0', PandaID: '6543210987', jobPars: '-a b=c', ioIntensity: 'None' });
      assert.equal(srv.received.length, 1);
      const r = srv.received[0];
      assert.equal(r.method, 'POST');
      assert.equal(r.url, '/server/panda/getJob');
      assert.equal(r.headers['content-type'], 'application/json');
      assert.equal(r.headers['content-encoding'], undefined);
      assert.equal(r.headers.accept, undefined);
      assert.match(String(r.headers['user-agent']), /^pilot\/3\.11\.5\.1 \(Node\.js /);
      assert.equal(r.headers.authorization, undefined);
      assert.deepEqual(jsonBody(r), data);
    } finally {
      await srv.close();
    }
  });

  it('decodes JSON answers, and "Succeeded" as StatusCode "0"', async () => {
    let answer = '{"StatusCode": 0, "command": "NULL", "n": [1, 2]}';
    const srv = await startServer(() => ({ headers: { 'Content-Type': 'application/json' }, body: answer }));
    try {
      const c = client(srv.url);
      assert.deepEqual(await c.updateJob({ jobId: '1', state: 'running' }), { StatusCode: 0, command: 'NULL', n: [1, 2] });
      answer = 'Succeeded';
      assert.deepEqual(await c.setDebugMode(1), { StatusCode: '0' });
      assert.deepEqual(jsonBody(srv.received[1]), { pandaID: 1, modeOn: true });
    } finally {
      await srv.close();
    }
  });

  it('new-API paths get Content-Encoding gzip and Accept application/json', async () => {
    const srv = await startServer(() => ({ headers: { 'Content-Type': 'application/json' }, body: '{"success": true, "message": "", "data": null}' }));
    try {
      const res = await client(srv.url).updateWorkerNode({ site: 'S', host_name: 'h' });
      assert.equal(res.success, true);
      const r = srv.received[0];
      assert.equal(r.url, '/api/v1/pilot/update_worker_node');
      assert.equal(r.headers['content-encoding'], 'gzip');
      assert.equal(r.headers.accept, 'application/json');
      assert.deepEqual(jsonBody(r), { site: 'S', host_name: 'h' });
    } finally {
      await srv.close();
    }
  });

  it('updateJob falls back to a form body when the JSON answer is empty', async () => {
    const srv = await startServer((r) => (isJsonRequest(r) ? { body: '' } : { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 0, "command": "tobekilled"}' }));
    try {
      const res = await client(srv.url).updateJob({ jobId: '42', state: 'failed', ok: true, none: null, n: 3, diag: 'a b&c' });
      assert.deepEqual(res, { StatusCode: 0, command: 'tobekilled' });
      assert.equal(srv.received.length, 2);
      const form = srv.received[1];
      assert.equal(form.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal(form.headers.accept, 'application/json');
      assert.match(String(form.headers['user-agent']), /^pilot\//);
      assert.equal(form.body.toString(), 'jobId=42&state=failed&ok=True&none=None&n=3&diag=a+b%26c');
      assert.deepEqual(formBody(form), { jobId: '42', state: 'failed', ok: 'True', none: 'None', n: '3', diag: 'a b&c' });
    } finally {
      await srv.close();
    }
  });

  it('updateJob: HTTP 500 is not retried as form within an attempt, 2 attempts, then COMMUNICATIONFAILURE', async () => {
    const srv = await startServer(() => ({ status: 500, body: 'TypeError: unexpected keyword' }));
    try {
      await assert.rejects(client(srv.url).updateJob({ jobId: '1', state: 'running' }), (e: unknown) => {
        assert.ok(e instanceof PilotError);
        assert.equal(e.code, 1318);
        assert.match(e.diag, /updateJob .*2 attempt\(s\).*HTTP 500/);
        return true;
      });
      assert.equal(srv.received.length, 2);
      assert.ok(srv.received.every(isJsonRequest));
    } finally {
      await srv.close();
    }
  });

  it('getJob: an HTTP error on the JSON request falls back to the form request', async () => {
    const srv = await startServer((r) => (isJsonRequest(r) ? { status: 500, body: 'boom' } : { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 20, "errorDialog": "no jobs in PanDA"}' }));
    try {
      const res = await client(srv.url).getJob({ siteName: 'S' });
      assert.deepEqual(res, { StatusCode: 20, errorDialog: 'no jobs in PanDA' });
      assert.equal(srv.received.length, 2);
      assert.deepEqual(formBody(srv.received[1]), { siteName: 'S' });
      // the curlgetjob catchall: form client only
      await client(srv.url).getJob({ siteName: 'S' }, { curl: true });
      assert.equal(srv.received.length, 3);
      assert.equal(srv.received[2].headers['content-type'], 'application/x-www-form-urlencoded');
    } finally {
      await srv.close();
    }
  });

  it('garbage answers to both clients: all attempts used, then COMMUNICATIONFAILURE', async () => {
    const srv = await startServer(() => ({ body: '<html>proxy error</html>' }));
    try {
      await assert.rejects(client(srv.url).updateWorkerPilotStatus({ workerID: '1', status: 'started' }), (e: unknown) =>
        e instanceof PilotError && e.code === 1318 && /not JSON/.test(e.diag));
      // each attempt: JSON (decodes to nothing) then form (not JSON)
      assert.equal(srv.received.length, 4);
      assert.deepEqual(srv.received.map(isJsonRequest), [true, false, true, false]);
    } finally {
      await srv.close();
    }
  });

  it('an undecodable JSON-looking answer does not trigger the form fallback for updates', async () => {
    const srv = await startServer(() => ({ body: '{not json}' }));
    try {
      await assert.rejects(client(srv.url).updateJob({ jobId: '1' }, { attempts: 1 }), (e: unknown) => e instanceof PilotError && /undecodable/.test(e.diag));
      assert.equal(srv.received.length, 1);
    } finally {
      await srv.close();
    }
  });

  it('connection refused → COMMUNICATIONFAILURE naming the cause', async () => {
    const port = await freePort();
    await assert.rejects(client(`http://127.0.0.1:${port}`).getJob({}), (e: unknown) =>
      e instanceof PilotError && e.code === 1318 && /ECONNREFUSED/.test(e.diag));
  });

  it('a slow server hits the per-request timeout', async () => {
    // the answer would come after 10 min: only the client's own 0.2 s limit ends the call
    const srv = await startServer(() => ({ body: 'StatusCode=0', delayMs: 600_000 }));
    try {
      await assert.rejects(client(srv.url).updateJob({ jobId: '1' }, { timeoutS: 0.2, attempts: 1 }), (e: unknown) =>
        e instanceof PilotError && e.code === 1318 && /timed out after 0.2s/.test(e.diag));
    } finally {
      await srv.close();
    }
  });

  it('idle keep-alive connections do not hold the process open after the answer', async () => {
    const srv = await startServer(() => ({ body: 'StatusCode=20' }));
    try {
      const mod = new URL('../../src/server/index.js', import.meta.url).href;
      const code = `import(${JSON.stringify(mod)}).then(async (m) => { const c = new m.PandaClient({ url: ${JSON.stringify(srv.url)}, env: {} });`
        + ` const a = await c.getJob({}); console.log(JSON.stringify(a));`
        // what keeps the event loop alive once the answer is in (after the socket went back to the pool)
        + ` setImmediate(() => console.log(JSON.stringify(process.getActiveResourcesInfo()))); })`;
      const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const [answer, alive] = out.trim().split('\n');
      assert.equal(status, 0);
      assert.deepEqual(JSON.parse(answer), { StatusCode: '20' });
      // the agent keeps idle sockets for 4 s: none of them may keep the process alive
      assert.deepEqual((JSON.parse(alive) as string[]).filter((r) => /TCP|Socket|Timeout/.test(r)), [], alive);
    } finally {
      await srv.close();
    }
  });

  it('an abort during the wait between attempts rejects with the abort reason', async () => {
    const srv = await startServer(() => ({ status: 503, body: 'busy' }));
    try {
      const ac = new AbortController();
      const reason = new Error('pilot is stopping');
      const call = client(srv.url).updateJob({ jobId: '1' }, { signal: ac.signal, retrySleepS: 30 });
      // once the first attempt has been answered 503 the client sleeps 30 s: abort then
      await waitFor(() => srv.answered === 1, 10_000, 'first attempt answered', 10);
      ac.abort(reason);
      await assert.rejects(call, (e: unknown) => e === reason);
      assert.equal(srv.received.length, 1);
    } finally {
      await srv.close();
    }
  });
});

describe('event service, key pair and proxy calls', () => {
  it('getEventRanges/updateEventRanges use the form client against the ES URL', async () => {
    const ranges = [{ eventRangeID: '1-2-3-4-5', startEvent: 1, lastEvent: 10, LFN: 'f', GUID: 'g', scope: 's' }];
    const srv = await startServer((r) => {
      if (r.url.endsWith('getEventRanges')) {
        const f = formBody(r);
        return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(f.pandaID === '7' ? { StatusCode: 0, eventRanges: ranges } : { StatusCode: 30 }) };
      }
      return { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 0, "Returns": "[true]", "Command": "{}"}' };
    });
    try {
      const c = new PandaClient({ url: 'http://127.0.0.1:1', esUrl: srv.url, env: {}, updateSleepS: 0 });
      assert.deepEqual(await c.getEventRanges({ pandaID: 7, jobsetID: 1, taskID: 2, nRanges: 2 }), ranges);
      await assert.rejects(c.getEventRanges({ pandaID: 8, jobsetID: 1, taskID: 2, nRanges: 2 }), (e: unknown) =>
        e instanceof PilotError && e.code === 1318 && /non-zero value: 30/.test(e.diag));
      const upd = await c.updateEventRanges({ eventRanges: [{ eventRangeID: '1-2-3-4-5', eventStatus: 'failed', errorCode: 1220 }], version: 0 });
      assert.equal(upd.Returns, '[true]');
      const sent = formBody(srv.received[2]);
      assert.deepEqual(JSON.parse(sent.eventRanges), [{ eventRangeID: '1-2-3-4-5', eventStatus: 'failed', errorCode: 1220 }]);
      assert.equal(sent.version, '0');
      assert.ok(srv.received.every((r) => r.headers['content-type'] === 'application/x-www-form-urlencoded' && r.headers.accept === 'application/json'));
    } finally {
      await srv.close();
    }
  });

  it('getKeyPair and getProxy check StatusCode', async () => {
    const srv = await startServer((r) => {
      if (r.url.endsWith('getKeyPair')) return { headers: { 'Content-Type': 'application/json' }, body: '{"StatusCode": 0, "publicKey": "pub", "privateKey": "priv"}' };
      const role = jsonBody(r).role;
      return { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(role === 'atlas' ? { StatusCode: 0, errorDialog: '', userProxy: 'PEM' } : { StatusCode: 90, errorDialog: 'proxy not found for DN' }) };
    });
    try {
      const c = client(srv.url);
      assert.deepEqual(await c.getKeyPair({ privateKeyName: 'a', publicKeyName: 'b' }), { publicKey: 'pub', privateKey: 'priv' });
      assert.equal(await c.getProxy({ role: 'atlas', dn: 'atlpilo2' }), 'PEM');
      await assert.rejects(c.getProxy({ role: 'production' }), (e: unknown) => e instanceof PilotError && /proxy not found for DN/.test(e.diag));
    } finally {
      await srv.close();
    }
  });

  it('getResourceTypes parses the Python-repr list of the URL-encoded answer', async () => {
    const repr = "[{'resource_name': 'SCORE', 'mincore': 1, 'maxcore': 1, 'minrampercore': None, 'maxrampercore': 2000}]";
    const srv = await startServer(() => ({ body: `StatusCode=0&Returns=0&ResourceTypes=${encodeURIComponent(repr)}` }));
    try {
      assert.deepEqual(await client(srv.url).getResourceTypes(), { SCORE: { mincore: 1, maxcore: 1, minrampercore: null, maxrampercore: 2000 } });
    } finally {
      await srv.close();
    }
  });
});

describe('pandaClientFromArgs', () => {
  it('builds the URL from --url/-p and sends getJob there', async () => {
    const srv = await startServer(() => ({ body: 'StatusCode=20' }));
    try {
      const args = parsePilotArgs(['--pilot-user', 'generic', '-q', 'Q', '--url', 'http://127.0.0.1', '-p', String(srv.port)]);
      const c = pandaClientFromArgs(args, { PANDA_SERVER_URL: 'http://127.0.0.1:9/es' });
      assert.equal(c.url, `http://127.0.0.1:${srv.port}`);
      assert.equal(c.esUrl, 'http://127.0.0.1:9/es');
      assert.deepEqual(await c.getJob({ siteName: 'Q' }), { StatusCode: '20' });
      const d = pandaClientFromArgs(parsePilotArgs(['--pilot-user', 'generic', '-q', 'Q']), {});
      assert.equal(d.url, 'https://pandaserver.cern.ch:25443');
      assert.equal(d.esUrl, d.url);
    } finally {
      await srv.close();
    }
  });

  it('takes timeouts from the config and picks the file transport with -z', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfgc-'));
    writeFileSync(join(dir, 'p.cfg'), '[Pilot]\npandaserver: http://127.0.0.1:1\nhttp_maxtime: 7\nhttp_connect_timeout: 3\nupdate_sleep: 2\n');
    const config = loadConfig({ path: join(dir, 'p.cfg') });
    const c = pandaClientFromArgs(parsePilotArgs(['--pilot-user', 'generic', '-q', 'Q']), {}, { config });
    assert.deepEqual([c.url, c.timeoutS, c.connectTimeoutS, c.updateSleepS], ['http://127.0.0.1:1', 7, 3, 2]);
    const files = serverClientFromArgs(parsePilotArgs(['--pilot-user', 'generic', '-q', 'Q', '-z']), {}, { config, pilotHome: dir });
    assert.ok(files instanceof HarvesterFileClient);
    assert.ok(serverClientFromArgs(parsePilotArgs(['--pilot-user', 'generic', '-q', 'Q']), {}, { config, pilotHome: dir }) instanceof PandaClient);
  });
});
