/** Event-service calls (§8): range hand-out and the version-dependent update answers. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import type { PandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postForm, postJson, sampleJob } from './helpers.js';

describe('event ranges', () => {
  let emu: PandaEmulator;
  let id: number;
  before(async () => {
    const eventRanges = [1, 2, 3].map((i) => ({ startEvent: i * 10 - 9, lastEvent: i * 10, LFN: 'RAW._000042.data' }));
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ eventRanges })] });
    const d = parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text);
    assert.equal(d.eventService, 'True');
    id = Number(d.PandaID);
  });
  after(() => emu.close());

  it('hands out ready ranges in order, nRanges at a time, then an empty list', async () => {
    const a = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0', nRanges: '2' })).text) as { StatusCode: number; eventRanges: Record<string, unknown>[] };
    assert.equal(a.StatusCode, 0);
    assert.deepEqual(a.eventRanges.map((r) => r.startEvent), [1, 11]);
    assert.equal(a.eventRanges[0].eventRangeID, `37000099-${id}-1-1-1`);
    assert.equal(a.eventRanges[0].GUID, 'G1');
    const b = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0', nRanges: '5' })).text) as { eventRanges: unknown[] };
    assert.equal(b.eventRanges.length, 1);
    const c = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0' })).text) as { eventRanges: unknown[] };
    assert.deepEqual(c.eventRanges, []);
  });

  it('version 0 answers JSON strings; version 1 real lists; bad IDs give false', async () => {
    const r1 = `37000099-${id}-1-1-1`;
    const r2 = `37000099-${id}-2-2-1`;
    const v0 = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify([{ eventRangeID: r1, eventStatus: 'failed', errorCode: 1220 }, { eventRangeID: 'x-1-2-3-4', eventStatus: 'finished' }]), version: '0' })).text) as Record<string, unknown>;
    assert.equal(v0.Returns, '[true,false]');
    assert.equal(typeof v0.Command, 'string');
    assert.equal((JSON.parse(String(v0.Command)) as Record<string, unknown>)[String(id)], null);
    const zip = [{ zipFile: { numEvents: 10, lfn: 'premerge.tar', fsize: 1, adler32: '0a1b2c3d' }, eventRanges: [{ eventRangeID: r2, eventStatus: 'finished' }, { eventRangeID: r2, eventStatus: 'running' }] }];
    const v1 = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify(zip), version: '1' })).text) as Record<string, unknown>;
    assert.deepEqual(v1.Returns, [true, null]);
    const rec = emu.job(id)!;
    assert.deepEqual(rec.eventRanges.map((r) => r.status), ['failed', 'finished', 'sent']);
    const broken = JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: '{not json' })).text) as Record<string, unknown>;
    assert.deepEqual(broken, { StatusCode: 0, Returns: '"', Command: 'E' });
  });

  it('a job being killed gets no more ranges', async () => {
    emu.command(id, 'tobekilled');
    const a = JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '0' })).text) as { eventRanges: unknown[] };
    assert.deepEqual(a.eventRanges, []);
  });
});

describe('killing an event-service job (panda-server killJob: killEventServiceConsumers, killUnusedEventRanges)', () => {
  const ranges = (lfn: string) => [1, 2, 3].map((i) => ({ startEvent: i * 10 - 9, lastEvent: i * 10, LFN: lfn }));
  const get = async (emu: PandaEmulator, id: number, n: number) =>
    (JSON.parse((await postForm(emu.url, 'getEventRanges', { pandaID: String(id), jobsetID: '5', nRanges: String(n) })).text) as { eventRanges: { eventRangeID: string }[] }).eventRanges;
  const update = async (emu: PandaEmulator, eventRangeID: string, eventStatus: string) =>
    JSON.parse((await postForm(emu.url, 'updateEventRanges', { eventRanges: JSON.stringify([{ eventRangeID, eventStatus }]), version: '1' })).text) as { Returns: unknown[]; Command: Record<string, unknown> };

  async function jobset(specialHandling = ''): Promise<{ emu: PandaEmulator; a: number; b: number }> {
    const emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ jobsetID: 5, specialHandling, eventRanges: ranges('RAW._000042.data') }), sampleJob({ jobsetID: 5, specialHandling, eventRanges: ranges('RAW._000042.data') })] });
    const ids = [];
    for (let i = 0; i < 2; i++) ids.push(Number(parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ' })).text).PandaID));
    return { emu, a: ids[0]!, b: ids[1]! };
  }

  it('the job is cancelled at once, its unsent ranges cancelled; the jobset\'s other consumer is killed with it (es_killed, 120), its finished ranges discarded; no retry, no merge', async () => {
    const { emu, a, b } = await jobset();
    try {
      const [held] = await get(emu, a, 1);
      const [done, open] = await get(emu, b, 2);
      assert.deepEqual((await update(emu, done!.eventRangeID, 'finished')).Returns, [true]);
      const before = emu.jobs().length;
      assert.ok(emu.command(a, 'tobekilled').ok);
      const ja = emu.job(a)!;
      assert.equal(ja.jobStatus, 'cancelled');
      assert.equal(ja.active, false, 'out of the active table at once, not when its pilot reports');
      assert.deepEqual(ja.eventRanges.map((r) => r.status), ['sent', 'cancelled', 'cancelled'], 'held range left as it is, unsent ones cancelled');
      const jb = emu.job(b)!;
      assert.equal(jb.jobStatus, 'cancelled');
      assert.equal(jb.jobSubStatus, 'es_killed');
      assert.equal(jb.taskBufferErrorCode, 120);
      assert.equal(jb.taskBufferErrorDiag, `killed since an associated consumer PandaID=${a} was killed`);
      assert.deepEqual(jb.eventRanges.map((r) => r.status), ['discarded', 'cancelled', 'cancelled']);
      assert.equal(emu.jobs().length, before, 'no retry consumer and no merge job');
      // the pilots: range reports refused with tobekilled, no more ranges, the heartbeat told tobekilled
      const late = await update(emu, held!.eventRangeID, 'failed');
      assert.deepEqual(late.Returns, [false]);
      assert.equal(late.Command[String(a)], 'tobekilled');
      assert.deepEqual((await update(emu, open!.eventRangeID, 'running')).Returns, [null]);
      assert.deepEqual(await get(emu, b, 5), []);
      assert.equal(parseQs((await postJson(emu.url, 'updateJob', { jobId: String(b), state: 'running' })).text).command, 'tobekilled');
      assert.equal(emu.job(a)!.eventRanges[0]!.status, 'sent');
    } finally {
      await emu.close();
    }
  });

  it('notDiscardEvents (special handling "de"): finished ranges of the killed consumers are kept, unsent ones of the killed job too', async () => {
    const { emu, a, b } = await jobset('de');
    try {
      const [done] = await get(emu, b, 1);
      await update(emu, done!.eventRangeID, 'finished');
      emu.command(a, 'kill');
      assert.deepEqual(emu.job(a)!.eventRanges.map((r) => r.status), ['ready', 'ready', 'ready']);
      assert.deepEqual(emu.job(b)!.eventRanges.map((r) => r.status), ['finished', 'cancelled', 'cancelled']);
    } finally {
      await emu.close();
    }
  });
});
