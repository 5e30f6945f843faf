// Every --pilot-user value Pilot 3 accepts (its pilot/user/<name> modules) runs a job through the
// real pilot against the emulator, and each experiment's differences show in what the server gets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { PILOT_USERS, alrbUserPlatform, getPlugin } from '../../src/user/index.js';

const TRF = '#!/bin/bash\necho "hello from $1" > "$2"\n';

test('each pilot user runs a job to the end', async () => {
  assert.deepEqual([...PILOT_USERS].sort(), ['atlas', 'darkside', 'eic', 'generic', 'rubin', 'ska', 'sphenix']);
  const scn = await createScenario({
    jobs: PILOT_USERS.map((u) => ({ transformation: 'hello.sh', prodSourceLabel: 'ptest', jobPars: `${u} out.${u}.txt`, outFiles: [{ lfn: `out.${u}.txt`, scope: 'test' }] })),
    trfs: { 'hello.sh': TRF },
  });
  try {
    const byUser = new Map<string, Record<string, unknown>>();
    for (const user of PILOT_USERS) {
      const args = scn.pilotArgs();
      args[args.indexOf('--pilot-user') + 1] = user;
      const res = await startPilot({ ...scn, pilotArgs: () => args }).done;
      assert.equal(res.code, 0, `${user}: ${res.stdout.slice(-2000)}`);
      // the one job this pilot took: no longer activated and not seen before
      const job = scn.emulator.jobs().find((j) => j.jobStatus !== 'activated' && ![...byUser.values()].some((b) => (b as { PandaID: number }).PandaID === j.PandaID))!;
      byUser.set(user, job as never);
      assert.equal(job.jobStatus, 'finished', `${user}: ${String(job.reported?.pilotErrorCode)} ${String(job.reported?.pilotErrorDiag)}\n${res.stdout.slice(-2000)}`);
    }
    const final = (user: string) => scn.emulator.updates((byUser.get(user) as { PandaID: number }).PandaID).at(-1)!.params;
    for (const user of PILOT_USERS) assert.ok((JSON.parse(String(final(user).xml)) as Record<string, unknown>)[`out.${user}.txt`], `${user}: output staged out`);
    // rubin and darkside send no jobMetrics; ATLAS asked for the server's memory limits
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'getResourceTypes').length, 1);
    assert.equal(final('darkside').jobMetrics ?? '', '');
    assert.equal(final('rubin').jobMetrics ?? '', '');
    assert.ok(readdirSync(scn.launchDir).includes('out.ska.txt'));
  } finally {
    await scn.close();
  }
});

test('experiment differences without a pilot: eic platform from ALRB_USER_PLATFORM, rubin/sphenix never contained, base URLs', () => {
  const job = { jobid: '1', transformation: 'x', jobparams: '', workdir: '/tmp', imagename: '/cvmfs/unpacked.cern.ch/img' };
  const queue = { container_type: 'singularity:pilot' };
  assert.equal(alrbUserPlatform('el9#x86_64'), 'el9');
  const eicJob: { jobid: string; transformation: string; jobparams: string; workdir: string; platform?: string } = { jobid: '1', transformation: 'x', jobparams: '', workdir: '/tmp' };
  getPlugin('eic').resolveContainer(eicJob, {} as never, { env: { ALRB_USER_PLATFORM: 'EL9#x86_64' } });
  assert.equal(eicJob.platform, 'el9');
  assert.equal(getPlugin('rubin').resolveContainer(job, queue as never), undefined);
  assert.equal(getPlugin('sphenix').resolveContainer(job, queue as never), undefined);
  assert.equal(getPlugin('sphenix').mvFinalDestination, true);
  assert.equal(getPlugin('generic').mvFinalDestination, false);
  assert.deepEqual(getPlugin('darkside').defaultTrfBaseUrls, ['pandaserver.cern.ch', 'pandaserver-doma.cern.ch', 'pandaserver-tb.cern.ch']);
  assert.ok(getPlugin('rubin').defaultTrfBaseUrls.includes('storage.googleapis.com/drp-us-central1-containers'));
  assert.throws(() => getPlugin('lsst'), /unknown pilot user/);
});
