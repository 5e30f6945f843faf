/**
 * Payloads that go wrong, through the real pilot: each ends with Pilot 3's code, every range the
 * payload held is reported, and the emulator hands the unfinished ones to a retry job (failed
 * ranges with the next attempt number).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPilot } from '../../src/demo/scenario.js';
import { createEsSite, esJob, S3_ENV } from './support.js';

const LOOPING = { looping_limit_default: 2, looping_limit_min_default: 2, looping_verification_time: 1 };

interface Case {
  name: string;
  jobPars: string;
  config?: Record<string, number>;
  state: 'finished' | 'failed';
  code: number;
  /** Range status by its position (1-based) in the job: f finished, x failed, F fatal, r released. */
  ranges: string;
  /** errorCode reported for the failed ranges. */
  rangeCode?: number;
}

const CASES: Case[] = [
  { name: 'failing ranges (ERR_ messages): job finishes, failed ranges retried with a new attempt', jobPars: '--fail-every=3', state: 'finished', code: 0, ranges: 'ffxffx', rangeCode: 1220 },
  { name: 'a fatal range: ESFATAL', jobPars: '--fatal-range=2', state: 'failed', code: 1228, ranges: 'fFffff', rangeCode: 1220 },
  { name: 'crashing payload (SIGSEGV): the exit analysis code, the held range failed', jobPars: '--crash-after=2', state: 'failed', code: 1305, ranges: 'ffxrrr', rangeCode: 1224 },
  { name: 'early exit (0 before No more events): ESRECOVERABLE', jobPars: '--exit-after=2', state: 'failed', code: 1224, ranges: 'ffxrrr', rangeCode: 1224 },
  { name: 'hanging payload: the looping watcher stops it (LOOPINGJOB)', jobPars: '--hang-after=2', config: LOOPING, state: 'failed', code: 1150, ranges: 'ffxrrr', rangeCode: 1150 },
  { name: 'an output outside the work directory: that range failed, nothing uploaded', jobPars: '--escape-range=3', state: 'finished', code: 0, ranges: 'ffxfff', rangeCode: 1220 },
  { name: 'payload lingering after No more events: stopped after the waiting time', jobPars: '--linger', config: { es_waiting_time: 1 }, state: 'failed', code: 1305, ranges: 'ffffff' },
];

const LETTER: Record<string, string> = { finished: 'f', failed: 'x', fatal: 'F', released: 'r' };

describe('event service: payloads that fail', { concurrency: 3 }, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const site = await createEsSite([esJob(6, { jobPars: c.jobPars, merge: false })], { es_output_mode: 'range', ...c.config });
      try {
        const res = await startPilot(site.scn, [], S3_ENV).done;
        assert.equal(res.code, 0, res.stdout.slice(-3000));
        const [job, retry] = site.scn.emulator.jobs().sort((a, b) => a.PandaID - b.PandaID);
        assert.equal(job.jobStatus, c.state, String(job.reported.pilotErrorDiag));
        assert.equal(Number(job.reported.pilotErrorCode), c.code, String(job.reported.pilotErrorDiag));
        assert.equal(job.eventRanges.map((r) => LETTER[r.status] ?? r.status).join(''), c.ranges);
        // every range the pilot handed to the payload was reported once, with a final status
        for (const r of job.eventRanges.filter((x) => x.status !== 'released')) assert.equal(r.updates.length, 1, r.eventRangeID);
        for (const r of job.eventRanges.filter((x) => x.status === 'failed')) assert.equal(r.updates[0].errorCode, c.rangeCode);
        assert.equal(site.objects().length, c.ranges.replace(/[^f]/g, '').length, 'one object per finished range, nothing else');
        const again = c.ranges.replace(/[fF]/g, '');
        if (again) {
          assert.ok(retry, 'retry job created');
          assert.equal(retry.eventRanges.length, again.length);
          const failedIds = job.eventRanges.filter((r) => r.status === 'failed').map((r) => r.eventRangeID.split('-'));
          for (const [task, , file, proc, attempt] of failedIds) {
            assert.ok(retry.eventRanges.some((r) => r.eventRangeID === `${task}-${retry.PandaID}-${file}-${proc}-${Number(attempt) + 1}`), 'failed range retried with the next attempt');
          }
        } else assert.equal(retry, undefined);
      } finally {
        await site.close();
      }
    });
  }

  it('no ranges from the server: ESNOEVENTS', async () => {
    const site = await createEsSite([{ ...esJob(0, { merge: false }), specialHandling: 'eventservice' }], { es_output_mode: 'range' });
    try {
      const res = await startPilot(site.scn, [], S3_ENV).done;
      assert.equal(res.code, 0, res.stdout.slice(-3000));
      const [job] = site.scn.emulator.jobs();
      assert.equal(job.jobStatus, 'failed');
      assert.equal(Number(job.reported.pilotErrorCode), 1238);
    } finally {
      await site.close();
    }
  });

  it('object store down: ranges failed with the stage-out code, job ESRECOVERABLE', async () => {
    const site = await createEsSite([esJob(4, { merge: false })], { es_output_mode: 'range' });
    try {
      await site.s3.close();
      const res = await startPilot(site.scn, [], S3_ENV).done;
      assert.equal(res.code, 0, res.stdout.slice(-3000));
      const [job] = site.scn.emulator.jobs().sort((a, b) => a.PandaID - b.PandaID);
      assert.equal(Number(job.reported.pilotErrorCode), 1224, String(job.reported.pilotErrorDiag));
      assert.deepEqual(job.eventRanges.map((r) => r.status), ['failed', 'failed', 'failed', 'failed']);
      for (const r of job.eventRanges) assert.ok(Number(r.updates[0].errorCode) >= 1100 && Number(r.updates[0].errorCode) !== 1220, String(r.updates[0].errorCode));
    } finally {
      await site.close().catch(() => undefined);
    }
  });

  it('killed by the server while ranges are processed: PANDAKILL, held ranges reported failed 1144; the server has cancelled the job and its unsent ranges', async () => {
    const site = await createEsSite([esJob(50, { merge: false, jobPars: '--work-ms=300' })], { es_output_mode: 'range' });
    try {
      const run = startPilot(site.scn, [], S3_ENV);
      const [job] = site.scn.emulator.jobs();
      await site.scn.emulator.waitForJob(job.PandaID, (r) => r.eventRanges.some((x) => x.status === 'finished'), 30_000);
      site.scn.emulator.command(job.PandaID, 'tobekilled');
      // panda-server takes an ES job out of the active table at once: cancelled, and its ranges
      // never handed out with it; what the pilot holds stays as it was sent
      const atKill = site.scn.emulator.job(job.PandaID)!.eventRanges.map((r) => r.status);
      const res = await run.done;
      assert.equal(res.code, 0, res.stdout.slice(-3000));
      const rec = site.scn.emulator.job(job.PandaID)!;
      assert.equal(rec.jobStatus, 'cancelled');
      assert.deepEqual(rec.eventRanges.map((r) => r.status), atKill, 'nothing the pilot sent after the kill was taken');
      assert.ok(atKill.includes('cancelled') && !atKill.includes('ready'));
      const final = site.scn.emulator.updates(job.PandaID).at(-1)!.params;
      assert.equal(final.state, 'failed');
      assert.equal(Number(final.pilotErrorCode), 1144, String(final.pilotErrorDiag));
      // the ranges the payload held when killed were still reported (and refused) failed with 1144
      const held = rec.eventRanges.filter((r) => r.status === 'sent').map((r) => r.eventRangeID);
      const reported = new Map<string, Record<string, unknown>>();
      for (const q of site.scn.emulator.requests.filter((x) => x.method === 'updateEventRanges')) {
        for (const g of JSON.parse(String(q.params!.eventRanges)) as Record<string, unknown>[]) {
          for (const er of (g.eventRanges as Record<string, unknown>[] | undefined) ?? [g]) if (er.eventStatus !== 'running') reported.set(String(er.eventRangeID), er);
        }
      }
      const failed = held.filter((id) => reported.get(id)?.eventStatus === 'failed');
      assert.ok(failed.length >= 1, 'some held range failed by the kill');
      for (const id of failed) assert.equal(Number(reported.get(id)!.errorCode), 1144, id);
      // (a range prefetched but never handed to the payload is not reported: the server releases it)
      assert.equal(site.scn.emulator.jobs().length, 1, 'no retry consumer for a killed job');
    } finally {
      await site.close();
    }
  });

  it('getEventRanges failing: the payload is told No more events and the job ends with MESSAGEHANDLINGFAILURE', async () => {
    const site = await createEsSite([esJob(4, { merge: false })], { es_output_mode: 'range' });
    try {
      site.scn.emulator.injectFault({ method: 'getEventRanges', mode: 'http500', count: 50 });
      const res = await startPilot(site.scn, [], S3_ENV).done;
      assert.equal(res.code, 0, res.stdout.slice(-3000));
      const [job] = site.scn.emulator.jobs().sort((a, b) => a.PandaID - b.PandaID);
      assert.equal(job.jobStatus, 'failed');
      assert.equal(Number(job.reported.pilotErrorCode), 1240, String(job.reported.pilotErrorDiag));
      assert.deepEqual(job.eventRanges.map((r) => r.status), ['released', 'released', 'released', 'released']);
    } finally {
      await site.close();
    }
  });
});
