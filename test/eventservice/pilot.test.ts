/**
 * The event service through the real pilot: an ES job's ranges processed by the reference payload
 * over yampl's local channel, outputs in S3 (s3rver), ranges reported to the emulator, then the
 * merge job the emulator creates, run by a second pilot, reading the outputs back from S3.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPilot } from '../../src/demo/scenario.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { startXrootd } from '../support/xrootd.js';
import { createEsSite, esJob, OS_ID, S3_ENV, type EsSite } from './support.js';

describe('event service end to end', () => {
  let site: EsSite;
  before(async () => {
    site = await createEsSite([esJob(200, { cores: 2, jobPars: '--output-bytes=100' })], { es_output_mode: 'range' });
  });
  after(() => site?.close());

  it('200 ranges over 2 cores: all finished, outputs in S3, merge job created and finished', async () => {
    const { scn } = site;
    const res = await startPilot(scn, [], S3_ENV).done;
    assert.equal(res.code, 0, res.stdout.slice(-4000));
    const [es] = scn.emulator.jobs();
    assert.equal(es.jobStatus, 'finished', `ES job ${es.jobStatus} ${String(es.reported.pilotErrorCode)} ${String(es.reported.pilotErrorDiag)}`);
    assert.equal(es.eventRanges.length, 200);
    assert.deepEqual([...new Set(es.eventRanges.map((r) => r.status))], ['finished']);
    assert.equal(Number(es.reported.nEvents), 200);
    // every range reported once, with its object-store fields, in fewer requests than ranges
    for (const r of es.eventRanges) {
      assert.equal(r.updates.length, 1, r.eventRangeID);
      assert.equal(r.updates[0].objstoreID, 42);
      assert.equal(r.updates[0].fsize, 100);
    }
    const calls = scn.emulator.requests.filter((q) => q.method === 'updateEventRanges').length;
    assert.ok(calls >= 1 && calls < 200, `updateEventRanges calls: ${calls}`);
    const objects = site.objects();
    assert.equal(objects.length, 200);
    // the objectstore copytool names them as Pilot 3's does for an OS_ES endpoint: path + LFN
    assert.ok(objects.every((k) => /^77-\d+-\d+-\d+-\d+\.out$/.test(k)), objects[0]);

    const merge = scn.emulator.jobs().find((j) => j.esMergeOf);
    assert.ok(merge, 'merge job created');
    assert.equal(merge.jobStatus, 'activated');
    assert.equal(merge.files.filter((f) => f.type === 'input').length, 200);
    const res2 = await startPilot(scn, [], S3_ENV).done;
    assert.equal(res2.code, 0, res2.stdout.slice(-4000));
    const done = scn.emulator.job(merge.PandaID)!;
    assert.equal(done.jobStatus, 'finished', `merge ${String(done.reported.pilotErrorCode)} ${String(done.reported.pilotErrorDiag)}`);
    const merged = readFileSync(path.join(scn.launchDir, 'merged.out'));
    assert.equal(merged.length, 200 * 100);
  });

  it('zip mode: outputs tarred every zip_time_gap, reported as version-1 zip groups; the merge untars them', async () => {
    const zipSite = await createEsSite([esJob(20, { cores: 2, jobPars: '--output-bytes=10 --work-ms=20' })], {}, { zip_time_gap: 1 });
    try {
      const { scn } = zipSite;
      const res = await startPilot(scn, [], S3_ENV).done;
      assert.equal(res.code, 0, res.stdout.slice(-4000));
      const [es] = scn.emulator.jobs();
      assert.equal(es.jobStatus, 'finished', String(es.reported.pilotErrorDiag));
      assert.deepEqual([...new Set(es.eventRanges.map((r) => r.status))], ['finished']);
      const zips = new Set(es.eventRanges.map((r) => (r.updates[0].zipFile as { lfn: string }).lfn));
      assert.ok([...zips].every((z) => /^EventService_premerge_77-\d+-\d+-\d+-1\.tar$/.test(z)), [...zips].join());
      assert.ok(es.eventRanges.every((r) => r.updates[0].version === 1));
      assert.deepEqual(zipSite.objects().sort(), [...zips].sort());
      const merge = scn.emulator.jobs().find((j) => j.esMergeOf)!;
      assert.ok(merge.files.some((f) => f.lfn.startsWith('zip://')));
      const res2 = await startPilot(scn, [], S3_ENV).done;
      assert.equal(res2.code, 0, res2.stdout.slice(-4000));
      assert.equal(scn.emulator.job(merge.PandaID)!.jobStatus, 'finished', String(scn.emulator.job(merge.PandaID)!.reported.pilotErrorDiag));
      assert.equal(readFileSync(path.join(scn.launchDir, 'merged.out')).length, 20 * 10);
    } finally {
      await zipSite.close();
    }
  });

  it('root:// object store (XRootD, xrdcp): outputs written and read back by the merge job', async () => {
    const xrd = await startXrootd();
    const proto = { endpoint: xrd.url, path: '//es', id: OS_ID, flavour: 'XROOTD' };
    const os = { name: 'OS_ES', id: OS_ID, type: 'OS_ES', is_deterministic: true, state: 'ACTIVE', arprotocols: { write_lan: [proto], write_wan: [proto], read_lan: [proto] }, resource: {} };
    const mv = ['mv'];
    const rootSite = await createEsSite([esJob(8, { cores: 2, jobPars: '--output-bytes=10' })], { es_output_mode: 'range' }, { acopytools: { pr: mv, pw: mv, pl: mv, read_lan: mv, write_lan: mv, es_events: ['xrdcp'] } }, os);
    try {
      const { scn } = rootSite;
      const res = await startPilot(scn, [], xrd.env).done;
      assert.equal(res.code, 0, res.stdout.slice(-4000));
      const [es] = scn.emulator.jobs();
      assert.equal(es.jobStatus, 'finished', String(es.reported.pilotErrorDiag));
      for (const r of es.eventRanges) assert.equal(readFileSync(path.join(xrd.root, 'es', rucioPath('transient', String(r.updates[0].lfn)))).length, 10);
      const merge = scn.emulator.jobs().find((j) => j.esMergeOf)!;
      const res2 = await startPilot(scn, [], xrd.env).done;
      assert.equal(res2.code, 0, res2.stdout.slice(-4000));
      assert.equal(scn.emulator.job(merge.PandaID)!.jobStatus, 'finished', String(scn.emulator.job(merge.PandaID)!.reported.pilotErrorDiag));
      assert.equal(readFileSync(path.join(scn.launchDir, 'merged.out')).length, 8 * 10);
    } finally {
      await Promise.all([rootSite.close(), xrd.stop()]);
    }
  });
});
