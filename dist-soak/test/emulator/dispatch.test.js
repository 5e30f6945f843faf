/** getJob: description building (appendJob, §4) and dispatch rules (§5.2). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { JobDefinitionError, startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postForm, postJson, sampleJob } from './helpers.js';
let emu;
afterEach(async () => {
    await emu?.close();
    emu = undefined;
});
async function getJobJson(e, data) {
    const a = await postForm(e.url, 'getJob', data);
    assert.equal(a.status, 200, a.text);
    return JSON.parse(a.text);
}
describe('job description', () => {
    it('builds aligned comma lists like appendJob (inputs deduplicated, log last, scopeOut without log)', async () => {
        const job = sampleJob();
        job.inFiles.push({ lfn: 'RAW._000042.data', scope: 'data23', size: 1, checksum: 'ad:ffffffff' });
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [job], firstPandaID: 6543210987 });
        const d = await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        assert.equal(d.StatusCode, 0);
        assert.equal(d.PandaID, 6543210987);
        assert.equal(d.inFiles, 'RAW._000042.data,RAW._000043.data');
        assert.equal(d.GUID, 'G1,G2');
        assert.equal(d.fsize, '2147483648,2046820352');
        assert.equal(d.checksum, 'ad:1a2b3c4d,ad:5e6f7a8b');
        assert.equal(d.scopeIn, 'data23,data23');
        assert.equal(d.ddmEndPointIn, 'TESTQ_LOCAL,OTHER_DISK');
        assert.equal(d.outFiles, 'AOD._000042.pool.root.1,log._000042.job.log.tgz.1');
        assert.equal(d.scopeOut, 'mc23');
        assert.equal(d.scopeLog, 'logs');
        assert.equal(d.logFile, 'log._000042.job.log.tgz.1');
        assert.equal(d.logGUID, 'LOGGUID');
        assert.equal(d.ddmEndPointOut, 'TESTQ_LOCAL,TESTQ_LOCAL');
        assert.equal(d.destinationDBlockToken, 'dst:TESTQ_LOCAL,dst:TESTQ_LOCAL');
        assert.equal(d.transformation, `${emu.url}/trf/run.sh`);
        assert.equal(d.jobPars, '--events 10');
        assert.equal(d.attemptNr, 1);
        assert.equal(d.taskID, 37000099);
        assert.equal(d.coreCount, 1);
        assert.equal(d.ioIntensity, null);
        for (const k of ['dispatchDblock', 'dispatchDBlockToken', 'prodDBlocks', 'prodDBlockToken', 'realDatasetsIn']) {
            assert.equal(String(d[k]).split(',').length, 2, k);
        }
        for (const k of ['destinationDblock', 'realDatasets', 'fileDestinationSE', 'dispatchDBlockTokenForOut']) {
            assert.equal(String(d[k]).split(',').length, 2, k);
        }
        const keys = Object.keys(d);
        assert.deepEqual(keys.slice(0, 4), ['StatusCode', 'PandaID', 'prodSourceLabel', 'swRelease']);
        assert.equal(keys.at(-1), 'nSent');
    });
    it('urlencoded answer decodes to strings, and field overrides / flags apply', async () => {
        emu = await startPandaEmulator({
            queues: { TESTQ: {} },
            jobs: [sampleJob({ inFiles: [], specialHandling: 'lc', debug: true, fields: { cmtConfig: 'x86_64-el9-gcc13-opt', maxWalltime: 600 } })],
        });
        const a = await postJson(emu.url, 'getJob', { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        const d = parseQs(a.text);
        assert.equal(d.StatusCode, '0');
        assert.ok(!('inFiles' in d));
        assert.equal(d.loopingCheck, 'False');
        assert.equal(d.debug, 'True');
        assert.equal(d.cmtConfig, 'x86_64-el9-gcc13-opt');
        assert.equal(d.maxWalltime, '600');
        assert.equal(d.homepackage, 'NULL');
    });
    it('raw descriptions are handed out verbatim (malformed on purpose)', async () => {
        const raw = { PandaID: 'not-a-number', inFiles: 'a,b', fsize: 'x', GUID: 'only-one' };
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [{ queue: 'TESTQ', raw }] });
        const d = await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        assert.deepEqual(d, { StatusCode: 0, ...raw });
        assert.equal(emu.jobs()[0].jobStatus, 'sent');
    });
    it('rejects invalid definitions with a clear message', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} } });
        assert.throws(() => emu.addJobs({ queue: 'NOPE' }), (e) => e instanceof JobDefinitionError && /unknown queue 'NOPE'/.test(e.message));
        assert.throws(() => emu.addJobs({ queue: 'TESTQ', inFiles: [{ scope: 'x' }] }), /inFiles\.0\.lfn/);
        const res = await fetch(`${emu.url}/admin/jobs`, { method: 'POST', body: JSON.stringify({ queue: 'TESTQ', typo: 1 }) });
        assert.equal(res.status, 400);
        assert.match((await res.json()).error, /typo/);
    });
});
describe('dispatch rules', () => {
    it('hands a job out once, marks it sent with node and time', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob()] });
        const d = await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed', node: 'wn042' });
        const rec = emu.job(Number(d.PandaID));
        assert.equal(rec.jobStatus, 'sent');
        assert.equal(rec.modificationHost, 'wn042');
        assert.deepEqual(rec.history.map((h) => h.status), ['activated', 'sent']);
        const again = await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        assert.equal(again.StatusCode, 20);
    });
    it('matches site, label mapping, memory and disk, and orders by priority then PandaID', async () => {
        emu = await startPandaEmulator({
            queues: { TESTQ: {}, OTHER: {} },
            jobs: [
                { queue: 'TESTQ', prodSourceLabel: 'ptest' },
                { queue: 'TESTQ', prodSourceLabel: 'user' },
                { queue: 'TESTQ', minRamCount: 8000 },
                { queue: 'TESTQ', maxDiskCount: 50000 },
                { queue: 'TESTQ', currentPriority: 10 },
                { queue: 'TESTQ', currentPriority: 900 },
                { queue: 'OTHER' },
            ],
        });
        const ids = emu.jobs().map((j) => j.PandaID);
        // default pilot label ptest only matches ptest jobs
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'ptest' })).PandaID, ids[0]);
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'ptest' })).StatusCode, 20);
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'user' })).PandaID, ids[1]);
        // mem 4000 excludes the 8000 MB job, disk 1000 excludes the 50 GB job; priority 900 first
        const small = { siteName: 'TESTQ', prodSourceLabel: 'managed', mem: '4000.0', diskSpace: '1000' };
        assert.equal((await getJobJson(emu, small)).PandaID, ids[5]);
        assert.equal((await getJobJson(emu, small)).PandaID, ids[4]);
        assert.equal((await getJobJson(emu, small)).StatusCode, 20);
        // garbage mem means no memory filter
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ', mem: 'lots' })).PandaID, ids[2]);
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ' })).PandaID, ids[3]);
        assert.equal((await getJobJson(emu, { siteName: 'OTHER', prodSourceLabel: 'managed' })).PandaID, ids[6]);
    });
    it('a queue in test status turns managed requests into test', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: { status: 'test' } }, jobs: [{ queue: 'TESTQ' }, { queue: 'TESTQ', prodSourceLabel: 'prod_test' }] });
        const d = await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed' });
        assert.equal(d.prodSourceLabel, 'prod_test');
        assert.equal((await getJobJson(emu, { siteName: 'TESTQ', prodSourceLabel: 'managed' })).StatusCode, 20);
    });
    it('defined jobs are not dispatched; nJobs answers a jobs list', async () => {
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [{ queue: 'TESTQ', jobStatus: 'defined' }, { queue: 'TESTQ', count: 2 }] });
        const d = await getJobJson(emu, { siteName: 'TESTQ', nJobs: '5' });
        const jobs = d.jobs;
        assert.equal(jobs.length, 2);
        assert.equal(emu.jobs().filter((j) => j.jobStatus === 'defined').length, 1);
        const a = await postJson(emu.url, 'getJob', { siteName: 'TESTQ', nJobs: 1 });
        assert.equal(a.text, 'StatusCode=20');
    });
});
//# sourceMappingURL=dispatch.test.js.map