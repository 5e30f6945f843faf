/** updateJob processing and the job state machine (spec §6.6, §9). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postForm, postJson, sampleJob, xmlFor } from './helpers.js';
let emu;
afterEach(async () => {
    await emu?.close();
    emu = undefined;
});
async function dispatched(opts = {}, job = sampleJob()) {
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [job], ...opts });
    const a = await postJson(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'managed' });
    return [emu, Number(parseQs(a.text).PandaID)];
}
async function update(e, data) {
    const a = await postJson(e.url, 'updateJob', data);
    assert.equal(a.status, 200, a.text);
    return parseQs(a.text);
}
const OUTPUTS = ['AOD._000042.pool.root.1', 'log._000042.job.log.tgz.1'];
describe('updateJob state machine', () => {
    it('runs sent → starting → running → holding → finished, storing every field the pilot sent', async () => {
        const [e, id] = await dispatched();
        assert.deepEqual(await update(e, { jobId: String(id), state: 'starting', attemptNr: 1, node: 'wn1', siteName: 'TESTQ' }), { StatusCode: '0', command: 'NULL' });
        assert.equal(e.job(id).jobStatus, 'starting');
        const hb = { jobId: String(id), state: 'running', attemptNr: 1, cpuConsumptionTime: 42, maxRSS: 1200, avgRSS: '1000.7', totRCHAR: 4096, jobMetrics: 'coreCount=1 leak=12.5 chi2=0.3', batchID: 'slurm-77' };
        await update(e, hb);
        const rec = e.job(id);
        assert.equal(rec.jobStatus, 'running');
        assert.equal(rec.reported.avgRSS, 1000);
        assert.equal(rec.reported.totRCHAR, 4);
        assert.equal(rec.reported.memory_leak, 12);
        assert.equal(rec.reported.memory_leak_x2, 0.3);
        assert.ok(rec.lastHeartbeat !== null);
        const final = {
            jobId: String(id), state: 'finished', attemptNr: 1, xml: xmlFor(OUTPUTS), metaData: '{"exitCode": 0}', pilotErrorCode: 0, pilotErrorDiag: '', transExitCode: 0,
            pilotTiming: '3|45|3600|60|12|30', batchID: 'slurm-77',
        };
        assert.equal((await update(e, final)).command, 'NULL');
        assert.equal(rec.jobStatus, 'finished');
        assert.deepEqual(rec.history.map((h) => h.status), ['activated', 'sent', 'starting', 'running', 'holding', 'finished']);
        assert.equal(rec.updates.length, 3);
        assert.deepEqual(rec.updates[1].params, hb);
        assert.equal(rec.updates[2].params.pilotTiming, '3|45|3600|60|12|30');
        assert.equal(rec.metaData, '{"exitCode": 0}');
        assert.ok(rec.endTime !== null && rec.startTime !== null);
        // archived: any further update is answered tobekilled
        assert.equal((await update(e, { jobId: String(id), state: 'running' })).command, 'tobekilled');
    });
    it('keeps running when a late starting arrives, and ignores running after the final update', async () => {
        const [e, id] = await dispatched({ adderDelayS: 3600 });
        await update(e, { jobId: id, state: 'running' });
        await update(e, { jobId: id, state: 'starting' });
        assert.equal(e.job(id).jobStatus, 'running');
        await update(e, { jobId: id, state: 'failed', pilotErrorCode: 1137, pilotErrorDiag: 'Failed to stage-out file', xml: '' });
        assert.equal(e.job(id).jobStatus, 'holding');
        assert.equal((await update(e, { jobId: id, state: 'running' })).command, 'NULL');
        assert.equal(e.job(id).jobStatus, 'holding');
        // a duplicate final update while holding: alreadydone
        assert.equal((await update(e, { jobId: id, state: 'failed', pilotErrorCode: 1137 })).command, 'alreadydone');
        assert.equal(e.job(id).reported.pilotErrorCode, 1137);
    });
    it('answers tobekilled for unknown PandaIDs and attempt-number mismatches', async () => {
        const [e, id] = await dispatched();
        assert.equal((await update(e, { jobId: '999', state: 'running' })).command, 'tobekilled');
        assert.equal(e.store.orphanUpdates.at(-1)?.jobId, '999');
        assert.equal((await update(e, { jobId: id, state: 'running', attemptNr: 2 })).command, 'tobekilled');
        assert.equal(e.job(id).jobStatus, 'sent');
        assert.equal((await update(e, { jobId: id, state: 'running', attemptNr: '1' })).command, 'NULL');
        assert.equal(e.job(id).jobStatus, 'running');
    });
    it('jobId NULL and unknown states are acknowledged without effect; a non-integer jobId is a 500', async () => {
        const [e, id] = await dispatched();
        assert.deepEqual(await update(e, { jobId: 'NULL', state: 'running' }), { StatusCode: '0' });
        assert.deepEqual(await update(e, { jobId: id, state: 'dancing' }), { StatusCode: '0' });
        assert.equal(e.job(id).jobStatus, 'sent');
        const bad = await postJson(e.url, 'updateJob', { jobId: 'abc', state: 'running' });
        assert.equal(bad.status, 500);
        assert.match(bad.text, /invalid literal for int\(\)/);
        const diag = await postJson(e.url, 'updateJob', { jobId: id, state: 'running', pilotErrorDiag: 5 });
        assert.equal(diag.status, 500);
    });
    it('drops the minus of a string error code (curl) but keeps a JSON number negative', async () => {
        const [e, id] = await dispatched({ adderDelayS: 3600 });
        const a = await postForm(e.url, 'updateJob', { jobId: String(id), state: 'failed', pilotErrorCode: '-1137', xml: '' });
        assert.deepEqual(JSON.parse(a.text), { StatusCode: 0, command: 'NULL' });
        assert.equal(e.job(id).reported.pilotErrorCode, '1137');
        assert.equal(e.job(id).updates[0].encoding, 'form');
        await e.close();
        const [e2, id2] = await dispatched({ adderDelayS: 3600 });
        await update(e2, { jobId: id2, state: 'failed', pilotErrorCode: -1137 });
        assert.equal(e2.job(id2).reported.pilotErrorCode, -1137);
    });
    it('the Adder fails a finished job whose outputs are missing from xml (ddm error 200)', async () => {
        const [e, id] = await dispatched();
        await update(e, { jobId: id, state: 'finished', xml: xmlFor([OUTPUTS[1]]), pilotErrorCode: 0, transExitCode: 0 });
        const rec = e.job(id);
        assert.equal(rec.jobStatus, 'failed');
        assert.equal(rec.ddmErrorCode, 200);
        assert.equal(rec.ddmErrorDiag, 'Could not get GUID/LFN/MD5/FSIZE/SURL from pilot JSON');
    });
    it('holding/transferring from the pilot set the dispatcher diag, and a batch-ID change kills', async () => {
        const [e, id] = await dispatched();
        await update(e, { jobId: id, state: 'running', batchID: 'condor.A' });
        assert.equal((await update(e, { jobId: id, state: 'running', batchID: 'condor.B' })).command, 'tobekilled');
        await update(e, { jobId: id, state: 'transferring', batchID: 'condor.A' });
        const rec = e.job(id);
        assert.equal(rec.jobStatus, 'transferring');
        assert.match(rec.jobDispatcherErrorDiag, /^set to transferring by the pilot at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
        assert.equal((await update(e, { jobId: id, state: 'running' })).command, 'NULL');
        assert.equal(rec.jobStatus, 'transferring');
    });
    it('a failed job still in the active table answers alreadydone to late updates', async () => {
        const [e, id] = await dispatched({ archiveDelayS: 3600 });
        await update(e, { jobId: id, state: 'failed', pilotErrorCode: 1305, xml: '' });
        assert.equal(e.job(id).jobStatus, 'failed');
        assert.equal(e.job(id).active, true);
        for (const state of ['running', 'starting', 'holding', 'transferring'])
            assert.equal((await update(e, { jobId: id, state })).command, 'alreadydone', state);
    });
    it('defined (not yet activated) jobs are not in the active table: tobekilled', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ jobStatus: 'defined' })] });
        const id = emu.jobs()[0].PandaID;
        assert.equal((await update(emu, { jobId: id, state: 'running' })).command, 'tobekilled');
        assert.equal(emu.job(id).jobStatus, 'defined');
    });
    it('retries a failed job with a new PandaID and attemptNr + 1 up to maxAttempts; stale pilots get tobekilled', async () => {
        const [e, id] = await dispatched({}, sampleJob({ maxAttempts: 2, logFile: { lfn: 'log.tgz.1', scope: 'logs' } }));
        await update(e, { jobId: id, state: 'running', attemptNr: 1 });
        await update(e, { jobId: id, state: 'failed', attemptNr: 1, pilotErrorCode: 1137, xml: '' });
        const retry = e.jobs().find((j) => j.retryOf === id);
        assert.ok(retry && retry.PandaID !== id);
        assert.equal(retry.jobStatus, 'activated');
        const d = parseQs((await postJson(e.url, 'getJob', { siteName: 'TESTQ' })).text);
        assert.equal(d.PandaID, String(retry.PandaID));
        assert.equal(d.attemptNr, '2');
        assert.equal(d.logFile, 'log.tgz.2');
        assert.equal(d.inFiles, 'RAW._000042.data,RAW._000043.data');
        assert.equal((await update(e, { jobId: retry.PandaID, state: 'running', attemptNr: 1 })).command, 'tobekilled');
        await update(e, { jobId: retry.PandaID, state: 'failed', attemptNr: 2, xml: '' });
        assert.equal(e.jobs().length, 2, 'no attempt beyond maxAttempts');
    });
    it('getStatus answers statuses and attempts, notfound for unknown IDs', async () => {
        const [e, id] = await dispatched();
        const a = await postJson(e.url, 'getStatus', { ids: `${id} 42` });
        assert.equal(a.text, 'StatusCode=0&status=sent%2Bnotfound&attemptNr=1%2B0');
    });
});
//# sourceMappingURL=states.test.js.map