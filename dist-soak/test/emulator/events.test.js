/** Event-service calls (§8): range hand-out and the version-dependent update answers. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postForm, postJson, sampleJob } from './helpers.js';
describe('event ranges', () => {
    let emu;
    let id;
    before(async () => {
        const eventRanges = [1, 2, 3].map((i) => ({ startEvent: i * 10 - 9, lastEvent: i * 10, LFN: 'RAW._000042.data' }));
        emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ eventRanges })] });
        const d = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
        assert.equal(d.eventService, 'True');
        id = Number(d.PandaID);
    });
    after(() => emu.close());
    it('hands out ready ranges in order, nRanges at a time, then an empty list', async () => {
        const a = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0', nRanges: '2' })).text);
        assert.equal(a.StatusCode, 0);
        assert.deepEqual(a.eventRanges.map((r) => r.startEvent), [1, 11]);
        assert.equal(a.eventRanges[0].eventRangeID, `37000099-${id}-1-1-1`);
        assert.equal(a.eventRanges[0].GUID, 'G1');
        const b = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0', nRanges: '5' })).text);
        assert.equal(b.eventRanges.length, 1);
        const c = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0' })).text);
        assert.deepEqual(c.eventRanges, []);
    });
    it('version 0 answers JSON strings; version 1 real lists; bad IDs give false', async () => {
        const r1 = `37000099-${id}-1-1-1`;
        const r2 = `37000099-${id}-2-2-1`;
        const v0 = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify([{ eventRangeID: r1, eventStatus: 'failed', errorCode: 1220 }, { eventRangeID: 'x-1-2-3-4', eventStatus: 'finished' }]), version: '0' })).text);
        assert.equal(v0.Returns, '[true,false]');
        assert.equal(typeof v0.Command, 'string');
        assert.equal(JSON.parse(String(v0.Command))[String(id)], null);
        const zip = [{ zipFile: { numEvents: 10, lfn: 'premerge.tar', fsize: 1, adler32: '0a1b2c3d' }, eventRanges: [{ eventRangeID: r2, eventStatus: 'finished' }, { eventRangeID: r2, eventStatus: 'running' }] }];
        const v1 = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify(zip), version: '1' })).text);
        assert.deepEqual(v1.Returns, [true, null]);
        const rec = emu.job(id);
        assert.deepEqual(rec.eventRanges.map((r) => r.status), ['failed', 'finished', 'sent']);
        const broken = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: '{not json' })).text);
        assert.deepEqual(broken, { StatusCode: 0, Returns: '"', Command: 'E' });
    });
    it('a job being killed gets no more ranges', async () => {
        emu.command(id, 'tobekilled');
        const a = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0' })).text);
        assert.deepEqual(a.eventRanges, []);
    });
});
//# sourceMappingURL=events.test.js.map