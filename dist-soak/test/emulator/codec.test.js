/** Request decoding and answer encoding as panda-server does them (spec §1.2–§1.4, §3.6). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { startPandaEmulator, pyRepr, pyUrlencode, quotePlus } from '../../src/emulator/index.js';
import { signatureError } from '../../src/emulator/pycodec.js';
import { parseQs, postForm, postJson } from './helpers.js';
describe('python encodings', () => {
    it('quote_plus keeps ~ and escapes * and /', () => {
        assert.equal(quotePlus('a b/c*~é'), 'a+b%2Fc%2A~%C3%A9');
    });
    it('urlencode writes values through str()', () => {
        assert.equal(pyUrlencode({ StatusCode: 0, x: null, t: true, s: 'AtlasOffline/24.0' }), 'StatusCode=0&x=None&t=True&s=AtlasOffline%2F24.0');
    });
    it('repr of dicts and lists matches Python', () => {
        assert.equal(pyRepr([{ a: null, b: "it's", c: [1, 'x'] }]), `[{'a': None, 'b': "it's", 'c': [1, 'x']}]`);
    });
    it('signature errors read like Python TypeErrors', () => {
        assert.equal(signatureError('f', ['a'], ['b'], ['a', 'zz']), "f() got an unexpected keyword argument 'zz'");
        assert.equal(signatureError('f', ['a', 'b'], [], []), "f() missing 2 required positional arguments: 'a' and 'b'");
        assert.equal(signatureError('f', ['a'], ['b'], ['a', 'b']), undefined);
    });
});
describe('request decoding and answers over HTTP', () => {
    let emu;
    before(async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [{ queue: 'TESTQ', transformation: 'run.sh' }], credentials: { accessToken: 'tok-123', keyPairs: { pub: 'P', priv: 'S' } } });
    });
    after(() => emu.close());
    it('gzip JSON (request2) gets a urlencoded answer; booleans become "True"/"False"', async () => {
        const a = await postJson(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'managed', node: 'n1', allowOtherCountry: false, mem: 2000.0 });
        assert.equal(a.status, 200);
        assert.match(a.type, /text\/plain/);
        const d = parseQs(a.text);
        assert.equal(d.StatusCode, '0');
        assert.equal(d.ioIntensity, 'None');
        assert.ok(!('inFiles' in d), 'empty values vanish after parse_qs');
        assert.equal(emu.jobs()[0].dispatchRequest?.allowOtherCountry, 'False');
        assert.equal(emu.jobs()[0].dispatchRequest?.mem, 2000);
    });
    it('a form (curl) with Accept json gets JSON; the no-job answer carries errorDialog', async () => {
        const a = await postForm(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        assert.match(a.type, /application\/json/);
        assert.deepEqual(JSON.parse(a.text), { StatusCode: 20, errorDialog: 'no jobs in PanDA' });
        const b = await postForm(emu.url, 'getJob', { siteName: 'TESTQ' }, '');
        assert.equal(b.text, 'StatusCode=20');
    });
    it('JSON content type without gzip bytes is a 500 like the real server', async () => {
        const res = await fetch(`${emu.url}/server/panda/getJob`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"siteName":"TESTQ"}' });
        assert.equal(res.status, 500);
        assert.match(await res.text(), /Not a gzipped file/);
    });
    it('unknown and missing keywords are HTTP 500 with the TypeError text', async () => {
        const a = await postJson(emu.url, 'getJob', { siteName: 'TESTQ', bogus: 1 });
        assert.equal(a.status, 500);
        assert.equal(a.text, "getJob() got an unexpected keyword argument 'bogus'");
        const b = await postForm(emu.url, 'updateJob', { jobId: '1' });
        assert.equal(b.status, 500);
        assert.equal(b.text, "updateJob() missing 1 required positional argument: 'state'");
    });
    it('unknown methods and malformed paths are 403 forbidden', async () => {
        const a = await postForm(emu.url, 'noSuchMethod', {});
        assert.equal(a.status, 403);
        assert.equal(a.text, 'ERROR : method noSuchMethod is forbidden');
        const res = await fetch(`${emu.url}/server/panda/getJob/extra`, { method: 'POST' });
        assert.equal(res.status, 403);
    });
    it('getResourceTypes answers the Python repr the pilot parses', async () => {
        const a = await postJson(emu.url, 'getResourceTypes', {});
        const d = parseQs(a.text);
        assert.equal(d.StatusCode, '0');
        assert.equal(d.Returns, '0');
        assert.match(String(d.ResourceTypes), /^\[\{'resource_name': 'SCORE', 'mincore': 1, 'maxcore': 1, 'minrampercore': None, 'maxrampercore': 2000\}/);
        const parsed = JSON.parse(String(d.ResourceTypes).replace(/None/g, 'null').replace(/'/g, '"'));
        assert.deepEqual(parsed.map((r) => r.resource_name), ['SCORE', 'SCORE_HIMEM', 'MCORE', 'MCORE_HIMEM']);
    });
    it('api/v1 update_worker_node honours Content-Encoding gzip and answers JSON', async () => {
        const body = { site: 'TESTQ', panda_queue: 'TESTQ', host_name: 'wn1', cpu_model: 'EPYC', n_logical_cpus: 8 };
        const res = await fetch(`${emu.url}/api/v1/pilot/update_worker_node`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', Accept: 'application/json' },
            body: gzipSync(Buffer.from(JSON.stringify(body))),
        });
        assert.equal(res.status, 200);
        const d = (await res.json());
        assert.equal(d.success, true);
        assert.equal(d.data, null);
        assert.deepEqual(emu.store.workerReports.at(-1)?.params, body);
    });
    it('updateWorkerPilotStatus validates the state with the server sentence', async () => {
        const bad = await postJson(emu.url, 'updateWorkerPilotStatus', { site: 'TESTQ', workerID: '1', harvesterID: 'h', status: 'running', node_id: 'n' });
        assert.equal(bad.text, "Invalid worker state. The worker state has to be in ('started', 'finished')");
        const ok = await postJson(emu.url, 'updateWorkerPilotStatus', { site: 'TESTQ', workerID: '1', harvesterID: 'h', status: 'started', node_id: 'n' });
        assert.equal(ok.text, 'StatusCode=0');
    });
    it('get_access_token is a GET with a query string and answers JSON', async () => {
        const res = await fetch(`${emu.url}/server/panda/get_access_token?client_name=pilot_server&token_key=k`);
        assert.deepEqual(await res.json(), { StatusCode: 0, errorDialog: '', userProxy: 'tok-123' });
    });
    it('getKeyPair answers the pair, or StatusCode 80 for a missing key', async () => {
        const ok = JSON.parse((await postForm(emu.url, 'getKeyPair', { publicKeyName: 'pub', privateKeyName: 'priv' })).text);
        assert.deepEqual(ok, { StatusCode: 0, publicKey: 'P', privateKey: 'S' });
        const missing = JSON.parse((await postForm(emu.url, 'getKeyPair', { publicKeyName: 'pub', privateKeyName: 'nope' })).text);
        assert.equal(missing.StatusCode, 80);
        assert.match(String(missing.errorDialog), /nope is missing/);
    });
    it('getProxy always answers JSON; a missing proxy is StatusCode 90', async () => {
        const a = await postJson(emu.url, 'getProxy', { role: 'atlas', dn: 'atlpilo2' });
        assert.match(a.type, /application\/json/);
        const d = JSON.parse(a.text);
        assert.equal(d.StatusCode, 90);
        assert.match(d.errorDialog, /proxy not found for atlpilo2/);
    });
});
describe('callers without production role', () => {
    it('getJob and updateJob answer StatusCode 60; event and worker calls a plain sentence', async () => {
        const emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [{ queue: 'TESTQ' }, { queue: 'TESTQ', prodSourceLabel: 'user' }], noProductionRole: true });
        try {
            assert.equal((await postJson(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'managed' })).text, 'StatusCode=60');
            assert.deepEqual(JSON.parse((await postForm(emu.url, 'updateJob', { jobId: '1', state: 'running' })).text), {
                StatusCode: 60,
                errorDialog: 'no production/pilot role in VOMS FQANs or non pilot owner',
            });
            assert.equal(parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'user' })).text).prodSourceLabel, 'user');
            assert.equal((await postForm(emu.url, 'getEventRanges', { pandaID: '1', jobsetID: '0' })).text, 'production or pilot role is required');
        }
        finally {
            await emu.close();
        }
    });
});
//# sourceMappingURL=codec.test.js.map