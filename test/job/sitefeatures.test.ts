// Machine/job features and node load as Pilot 3 reads them: the machine's shutdown time ends the
// pilot (and its job, with REACHEDMAXTIME) ten minutes before it; a loaded node holds back getJob.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { delayToGetJob, loadRule, readFeatures, shutdownTimeReached, MACHINE_FEATURES, JOB_FEATURES } from '../../src/job/sitefeatures.js';
import { SLEEPER, startUntilPayload } from '../support/payloads.js';
import { alive } from '../support/wait.js';

test('features are read one file per value; the shutdown time counts only when set after the pilot started', () => {
  const mjf = mkdtempSync(path.join(tmpdir(), 'mjf-'));
  const jf = mkdtempSync(path.join(tmpdir(), 'jf-'));
  writeFileSync(path.join(mjf, 'hs06'), '123.4\n');
  writeFileSync(path.join(jf, 'wall_limit_secs'), '86400\n');
  assert.deepEqual(readFeatures(mjf, MACHINE_FEATURES), { hs06: '123.4' });
  assert.deepEqual(readFeatures(jf, JOB_FEATURES), { wall_limit_secs: '86400' });
  assert.deepEqual(readFeatures(path.join(mjf, 'missing'), MACHINE_FEATURES), {});
  const env = { MACHINEFEATURES: mjf };
  const start = 1_800_000_000;
  assert.equal(shutdownTimeReached(env, start, start + 10), false, 'no shutdowntime file');
  writeFileSync(path.join(mjf, 'shutdowntime'), `${start + 3600}\n`);
  assert.equal(shutdownTimeReached(env, start, start + 10), false, 'an hour away');
  assert.equal(shutdownTimeReached(env, start, start + 3001), true, 'within the 10 min grace');
  writeFileSync(path.join(mjf, 'shutdowntime'), `${start - 5}\n`);
  assert.equal(shutdownTimeReached(env, start, start + 10), false, 'set before the pilot started: stale');
  writeFileSync(path.join(mjf, 'shutdowntime'), 'soon\n');
  assert.equal(shutdownTimeReached(env, start, start + 10), false, 'not a number');
});

test('delay_to_get_job: load1 above cores x factor, only when enabled; environment before config', () => {
  assert.equal(delayToGetJob({ enabled: true, loadFactor: 1.2, load1: 5, cores: 4 }).delay, true);
  assert.equal(delayToGetJob({ enabled: true, loadFactor: 1.2, load1: 4.8, cores: 4 }).delay, false);
  assert.equal(delayToGetJob({ enabled: false, loadFactor: 1.2, load1: 50, cores: 4 }).delay, false);
  const cfg = { get: (_s: string, k: string) => ({ enable_delay_to_get_job: 'False', load_factor: '2.5' })[k] };
  assert.deepEqual(loadRule({}, cfg), { enabled: false, loadFactor: 2.5 });
  assert.deepEqual(loadRule({ PILOT_ENABLE_DELAY_TO_GET_JOB: 'TRUE', PILOT_LOAD_FACTOR: '0.5' }, cfg), { enabled: true, loadFactor: 0.5 });
  assert.deepEqual(loadRule({ PILOT_LOAD_FACTOR: '0' }, cfg), { enabled: false, loadFactor: 2.5 }, 'a zero factor counts as unset, as in Pilot 3');
});

test('a shutdown time appearing in MACHINEFEATURES while the payload runs ends the job with REACHEDMAXTIME and its log', async () => {
  const mjf = mkdtempSync(path.join(tmpdir(), 'mjf-'));
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3, shutdowntime_check_period: 0.2 },
  });
  try {
    const { run, job, pids } = await startUntilPayload(scn, { MACHINEFEATURES: mjf });
    writeFileSync(path.join(mjf, 'shutdowntime'), `${Math.trunc(Date.now() / 1000) + 120}\n`);
    const res = await run.done;
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1213, String(fin.pilotErrorDiag));
    assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.includes('job.log.tgz')), 'log reported');
    for (const pid of pids) assert.equal(alive(pid), false);
    assert.notEqual(res.code, null);
  } finally {
    await scn.close();
  }
});

test('a node loaded beyond cores x load_factor gets no getJob request sent; the job stays in PanDA', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '1', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, getjob_empty_sleep: 0.1 },
  });
  try {
    // a negative factor: any load is too much, whatever this machine is doing
    const res = await startPilot(scn, [], { PILOT_ENABLE_DELAY_TO_GET_JOB: 'true', PILOT_LOAD_FACTOR: '-1' }).done;
    assert.match(res.stdout, /delay_to_get_job/);
    assert.equal(scn.emulator.requests.filter((r) => r.method === 'getJob').length, 0);
    assert.equal(scn.emulator.jobs()[0].jobStatus, 'activated');
  } finally {
    await scn.close();
  }
});
