/** Fault injection: 500, garbage, empty, reset, delay, and "processed but answer lost". */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postJson, sampleJob } from './helpers.js';
describe('fault injection', () => {
    let emu;
    let id;
    before(async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob()] });
        id = Number(parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text).PandaID);
    });
    after(() => emu.close());
    const hb = () => postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    it('answers 500 for the next N calls of a method, then normally', async () => {
        emu.injectFault({ method: 'updateJob', mode: 'http500', count: 2 });
        assert.equal((await hb()).status, 500);
        assert.equal((await postJson(emu.url, 'getStatus', { ids: String(id) })).status, 200, 'other methods unaffected');
        assert.equal((await hb()).status, 500);
        const ok = await hb();
        assert.equal(ok.status, 200);
        assert.equal(parseQs(ok.text).command, 'NULL');
        assert.equal(emu.job(id).updates.length, 1, 'failed calls were not processed');
    });
    it('answers garbage or an empty body with HTTP 200', async () => {
        emu.injectFault({ method: 'updateJob', mode: 'garbage' });
        const g = await hb();
        assert.equal(g.status, 200);
        assert.throws(() => JSON.parse(g.text));
        assert.ok(!g.text.includes('='));
        emu.injectFault({ method: 'updateJob', mode: 'empty' });
        assert.equal((await hb()).text, '');
    });
    it('resets the connection', async () => {
        emu.injectFault({ method: 'updateJob', mode: 'reset' });
        await assert.rejects(hb(), /fetch failed/);
        assert.equal((await hb()).status, 200);
    });
    it('delays the answer', async () => {
        emu.injectFault({ method: 'updateJob', mode: 'delay', delayMs: 300 });
        const t0 = Date.now();
        assert.equal((await hb()).status, 200);
        assert.ok(Date.now() - t0 >= 290);
    });
    it('processes the request and loses the answer (afterProcessing), via the admin endpoint', async () => {
        const before = emu.job(id).updates.length;
        const res = await fetch(`${emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify({ method: 'updateJob', mode: 'http500', afterProcessing: true }) });
        assert.equal(res.status, 200);
        assert.equal((await hb()).status, 500);
        assert.equal(emu.job(id).updates.length, before + 1);
        const log = emu.requests.filter((r) => r.method === 'updateJob' && r.fault);
        assert.deepEqual(log.map((r) => r.fault), ['http500', 'http500', 'garbage', 'empty', 'reset', 'delay', 'http500']);
    });
    it('rejects an invalid fault rule and clears pending ones', async () => {
        const bad = await fetch(`${emu.url}/admin/fault`, { method: 'POST', body: JSON.stringify({ method: 'updateJob', mode: 'explode' }) });
        assert.equal(bad.status, 400);
        emu.injectFault({ method: '*', mode: 'http500', count: 5 });
        assert.equal((await (await fetch(`${emu.url}/admin/faults`)).json()).length, 1);
        await fetch(`${emu.url}/admin/faults`, { method: 'DELETE' });
        assert.equal((await hb()).status, 200);
    });
});
//# sourceMappingURL=faults.test.js.map