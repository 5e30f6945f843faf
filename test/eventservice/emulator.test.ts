/**
 * The emulator's event-service semantics (panda-server/JEDI): ranges handed out once, status
 * transitions, failed ranges retried with the next attempt in a new consumer job, unreported ones
 * released to it, fatal ones never retried, the merge job once no range is left, the status page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator, type PandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postForm, postJson, sampleJob, xmlFor } from '../emulator/helpers.js';

describe('emulator: event-service jobs end to end', () => {
  let emu: PandaEmulator;
  before(async () => {
    const eventRanges = [1, 2, 3, 4].map((i) => ({ startEvent: i * 10 - 9, lastEvent: i * 10, LFN: 'RAW._000042.data' }));
    emu = await startPandaEmulator({
      queues: { TESTQ: { astorages: { pw: ['TESTQ_LOCAL'], es_events: ['OS_ES'] } } },
      storages: { OS_ES: { name: 'OS_ES', id: 42, type: 'OS_ES' } },
      jobs: [sampleJob({ eventRanges, jobsetID: 9, esMaxRangeAttempts: 2, esMerge: { transformation: 'merge.sh', jobPars: '--inputFile=@inputFor_merge' } })],
    });
  });
  after(() => emu.close());

  const take = async (id: number, n: number) =>
    (JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '9', taskID: '37000099', nRanges: String(n) })).text) as { eventRanges: { eventRangeID: string }[] }).eventRanges.map((r) => r.eventRangeID);
  const update = (entries: Record<string, unknown>[]) => postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify(entries), version: '0' });
  const finish = async (id: number) => {
    const log = emu.job(id)!.files.find((f) => f.type === 'log')!.lfn;
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'finished', xml: xmlFor([log]), attemptNr: emu.job(id)!.attemptNr });
  };

  it('consumer → retry consumer → merge job, with the attempts panda-server gives', async () => {
    const d = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
    const id = Number(d.PandaID);
    assert.equal(d.eventService, 'True');
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    const [r1, r2] = await take(id, 2);
    const [r3] = await take(id, 1);
    assert.deepEqual(await take(id, 0), []);
    assert.equal(emu.job(id)!.eventRanges[3].status, 'ready');
    await update([
      { eventRangeID: r1, eventStatus: 'finished', objstoreID: 42, lfn: 'out1' },
      { eventRangeID: r2, eventStatus: 'failed', errorCode: 1220 },
      { eventRangeID: r3, eventStatus: 'fatal', errorCode: 1220 },
    ]);
    // a range is final once: a second report is refused
    const again = JSON.parse((await update([{ eventRangeID: r1, eventStatus: 'failed' }])).text) as { Returns: string };
    assert.equal(again.Returns, '[false]');
    await finish(id);
    const first = emu.job(id)!;
    assert.equal(first.jobStatus, 'finished');
    assert.deepEqual(first.eventRanges.map((r) => r.status), ['finished', 'failed', 'fatal', 'released']);

    const retry = emu.jobs().find((j) => j.retryOf === id)!;
    assert.ok(retry, 'retry consumer');
    assert.deepEqual(retry.eventRanges.map((r) => r.eventRangeID), [`37000099-${retry.PandaID}-2-2-2`, `37000099-${retry.PandaID}-4-4-1`]);
    assert.equal(retry.spec.jobsetID, 9);
    const d2 = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
    assert.equal(Number(d2.PandaID), retry.PandaID);
    await postJson(emu.url, 'updateJob', { jobId: retry.PandaID, state: 'running', attemptNr: retry.attemptNr });
    const [s2, s4] = await take(retry.PandaID, 5);
    await update([
      { eventRangeID: s2, eventStatus: 'failed', errorCode: 1220 },
      { eventRangeID: s4, eventStatus: 'finished', objstoreID: 42, lfn: 'out4' },
    ]);
    await finish(retry.PandaID);
    // range 2 used its 2 attempts: nothing left, so the merge job comes
    assert.equal(emu.jobs().filter((j) => j.retryOf === retry.PandaID).length, 0);
    const merge = emu.jobs().find((j) => j.esMergeOf)!;
    assert.deepEqual(merge.esMergeOf, [id, retry.PandaID]);
    const md = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
    assert.equal(md.eventServiceMerge, 'True');
    assert.equal(md.eventService, undefined);
    assert.equal(md.inFiles, 'out1,out4');
    assert.equal(md.ddmEndPointIn, 'OS_ES,OS_ES');
    assert.equal(md.writeToFile, 'inputFor_merge:out1,out4');

    const page = await (await fetch(`${emu.url}/`)).text();
    assert.match(page, /finished: 1, failed: 1, fatal: 1, released: 1/);
    assert.match(page, new RegExp(`ES merge of ${id}, ${retry.PandaID}`));
  });
});
