/** Commands to the pilot through updateJob answers (§6.5, §9.6, §9.8) and setDebugMode (§3.4). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postJson, sampleJob } from './helpers.js';
let emu;
afterEach(async () => {
    await emu?.close();
    emu = undefined;
});
async function running() {
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob(), sampleJob()] });
    const id = Number(parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text).PandaID);
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    return [emu, id];
}
async function heartbeat(e, id) {
    return String(parseQs((await postJson(e.url, 'updateJob', { jobId: id, state: 'running' })).text).command);
}
describe('commands', () => {
    it('delivers tobekilled set through the admin endpoint in the next update answer', async () => {
        const [e, id] = await running();
        assert.equal(await heartbeat(e, id), 'NULL');
        const res = await fetch(`${e.url}/admin/command`, { method: 'POST', body: JSON.stringify({ pandaID: id, command: 'tobekilled' }) });
        assert.equal(res.status, 200);
        assert.equal((await res.json()).ok, true);
        assert.equal(await heartbeat(e, id), 'tobekilled');
        // the killed pilot's final failed update is still recorded
        await postJson(e.url, 'updateJob', { jobId: id, state: 'failed', pilotErrorCode: 1144, xml: '' });
        assert.equal(e.job(id).jobStatus, 'failed');
        assert.equal(e.job(id).reported.pilotErrorCode, 1144);
    });
    it('setDebugMode answers Succeeded, then every answer carries debug (debug,tobekilled with a kill)', async () => {
        const [e, id] = await running();
        const a = await postJson(e.url, 'setDebugMode', { pandaID: id, modeOn: true });
        assert.equal(a.text, 'Succeeded');
        assert.equal((await postJson(e.url, 'setDebugMode', { pandaID: id, modeOn: true })).text, 'Already set accordingly');
        assert.equal(await heartbeat(e, id), 'debug');
        e.command(id, 'tail -n 20 payload.stdout');
        assert.equal(await heartbeat(e, id), 'debug,tail -n 20 payload.stdout');
        e.command(id, 'tobekilled');
        assert.equal(await heartbeat(e, id), 'debug,tobekilled');
        assert.equal(e.command(id, 'debugoff').message, 'Succeeded');
        assert.equal(await heartbeat(e, id), 'tobekilled');
        assert.equal((await postJson(e.url, 'setDebugMode', { pandaID: 12345, modeOn: true })).text, 'PandaID=12345 not found in active DB');
    });
    it('sends pilot secrets with getJob and with debug answers only', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob()], pilotSecrets: "{'pilot_token': 'x'}" });
        const d = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
        assert.equal(d.pilotSecrets, "{'pilot_token': 'x'}");
        const id = Number(d.PandaID);
        assert.ok(!('pilotSecrets' in parseQs((await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' })).text)));
        emu.command(id, 'debug');
        assert.equal(parseQs((await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' })).text).pilotSecrets, "{'pilot_token': 'x'}");
    });
    it('kill cancels a job that was not dispatched yet', async () => {
        const [e] = await running();
        const waiting = e.jobs().find((j) => j.jobStatus === 'activated');
        assert.equal(e.command(waiting.PandaID, 'kill').ok, true);
        assert.equal(waiting.jobStatus, 'cancelled');
        assert.equal(parseQs((await postJson(e.url, 'getJob', { siteName: 'TESTQ' })).text).StatusCode, '20');
        assert.equal(e.command(424242, 'kill').ok, false);
    });
});
//# sourceMappingURL=commands.test.js.map