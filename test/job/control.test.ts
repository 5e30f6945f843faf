// Server commands, server faults, malformed jobs, signals and exit codes: the real pilot process
// against the real PanDA emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { waitFor, alive } from '../support/wait.js';
import { SLEEPER, startUntilPayload } from '../support/payloads.js';

const FAST = { heartbeat: 1, debug_heartbeat: 0.5, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2, kill_grace: 2 };
test('tobekilled: payload tree killed (daemon too), job failed with PANDAKILL 1144, log staged out', async () => {
  // the payload would sleep an hour: only the kill can end the job
  const scn = await createScenario({ jobs: [{ transformation: 'sleeper.sh', jobPars: '3600', prodSourceLabel: 'ptest' }], trfs: { 'sleeper.sh': SLEEPER }, config: { ...FAST, heartbeat: 0.5 } });
  try {
    const { run, pids, job } = await startUntilPayload(scn);
    scn.emulator.command(job.PandaID, 'tobekilled');
    const res = await run.done;
    assert.equal(res.code, 0);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1144);
    assert.ok(Object.keys(JSON.parse(String(fin.xml))).some((l) => l.includes('job.log.tgz')), 'log file in final update');
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} survived`);
  } finally {
    await scn.close();
  }
});

test('server answering 500, garbage and reset during heartbeats: payload unaffected, final update retried until accepted', async () => {
  // The payload ends when the test says, so the heartbeats meet their faults first and the final
  // update meets its own: every step waits for what the pilot did, none for a period to pass.
  const scn = await createScenario({ jobs: [{ transformation: 'wait.sh', jobPars: '', prodSourceLabel: 'ptest' }], trfs: { 'wait.sh': '#!/bin/bash\nwhile [ ! -e go ]; do sleep 0.1; done\necho done\n' }, config: { ...FAST, heartbeat: 0.5 } });
  try {
    const run = startPilot(scn);
    const [job] = scn.emulator.jobs();
    const id = job.PandaID;
    const emu = scn.emulator;
    const updateRequests = () => emu.requests.filter((r) => r.method === 'updateJob');
    await emu.waitForJob(id, ['running'], 60_000);

    // 1. Heartbeats: three updates answered 500, three garbage, three with a reset connection.
    emu.injectFault({ method: 'updateJob', mode: 'http500', count: 3 });
    emu.injectFault({ method: 'updateJob', mode: 'garbage', count: 3 });
    emu.injectFault({ method: 'updateJob', mode: 'reset', count: 3 });
    const before = updateRequests().length;
    await waitFor(() => updateRequests().filter((r) => r.fault).length >= 9, 60_000, 'nine heartbeat attempts failed');
    assert.deepEqual(updateRequests().slice(before).filter((r) => r.fault).map((r) => r.fault), [...Array(3).fill('http500'), ...Array(3).fill('garbage'), ...Array(3).fill('reset')]);
    // the server is back: a heartbeat gets through, the job still running (its payload waits)
    const accepted = emu.updates(id).length;
    const rec = await emu.waitForJob(id, (r) => r.updates.length > accepted, 60_000);
    assert.equal(rec.jobStatus, 'running');
    assert.equal(rec.updates.at(-1)!.params.state, 'running');

    // 2. The final update: every update fails (500) until the pilot says its final update was
    // refused; then one garbage answer and one reset, then the server takes it.
    emu.injectFault({ method: 'updateJob', mode: 'http500', count: 1_000_000 });
    let out = '';
    let swapped = false;
    run.child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (swapped || !/final update not accepted, retrying/.test(out)) return;
      swapped = true;
      // one step of the emulator's event loop: a request sees either the 500s or the new faults
      emu.clearFaults();
      emu.injectFault({ method: 'updateJob', mode: 'garbage', count: 1 });
      emu.injectFault({ method: 'updateJob', mode: 'reset', count: 1 });
    });
    writeFileSync(path.join(scn.launchDir, `PanDA_Pilot-${id}`, 'go'), '');
    const res = await run.done;
    assert.equal(res.code, 0, res.stdout.slice(-2000));
    assert.ok(swapped, 'the pilot logged its refused final update');
    const fin = emu.job(id)!;
    assert.equal(fin.jobStatus, 'finished', `payload ran to completion and final update accepted: ${String(fin.reported.pilotErrorCode)} ${String(fin.reported.pilotErrorDiag)}`);
    assert.equal(Number(fin.reported.transExitCode), 0);
    // the final update's last requests: a 500, the garbage, the reset, then the accepted one
    const tail = updateRequests().slice(-4);
    assert.deepEqual(tail.map((r) => r.fault ?? r.params?.state), ['http500', 'garbage', 'reset', 'finished']);
    // (a garbage answer is retried at once as a form request, which meets the reset: 2 refusals)
    assert.equal((res.stdout.match(/final update not accepted, retrying/g) ?? []).length >= 2, true, 'the final update was retried after each refusal');
  } finally {
    await scn.close();
  }
});

test('server refusing connections at the end: final update retried until the server is back', async () => {
  // the payload ends when the test says, once the server is gone
  const scn = await createScenario({ jobs: [{ transformation: 'wait.sh', jobPars: '', prodSourceLabel: 'ptest' }], trfs: { 'wait.sh': '#!/bin/bash\ntouch started\nwhile [ ! -e go ]; do sleep 0.1; done\n' }, config: FAST });
  try {
    const run = startPilot(scn);
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const [job] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`);
    // the payload itself, not the job's 'running' state: that comes while the transformation may
    // still be downloading from this server
    await waitFor(() => existsSync(path.join(workdir, 'started')), 60_000, 'payload running');
    const port = scn.emulator.port;
    await scn.emulator.close(); // connection refused from now on
    writeFileSync(path.join(workdir, 'go'), '');
    // the server comes back once the pilot has seen its final update refused
    await waitFor(() => /final update not accepted, retrying/.test(out), 60_000, 'final update refused').catch((e: Error) => {
      throw new Error(`${e.message}; the pilot's last lines:\n${out.split('\n').slice(-25).join('\n')}`);
    });
    const again = await startPandaEmulator({ port, stateFile: path.join(scn.dir, 'emulator-state.json'), queues: { DEMO: {} }, trfDir: path.join(scn.dir, 'trf') });
    try {
      const res = await run.done;
      assert.equal(res.code, 0);
      assert.equal(again.job(job.PandaID)!.jobStatus, 'finished');
    } finally {
      await again.close();
    }
  } finally {
    await scn.close().catch(() => {});
  }
});

test('malformed job descriptions fail with the right code and a final update; pilot goes on', async () => {
  const scn = await createScenario({
    queueOverrides: { timefloor: 10 },
    jobs: [
      // a dict field Pilot 3 cannot decode (its parser raises: UNKNOWNEXCEPTION)
      { raw: { PandaID: 7000001, StatusCode: 0, jobsetID: 1, taskID: 1, transformation: 'x', jobPars: '', preprocess: '{not a literal', inFiles: '', outFiles: '', logFile: 'log.7000001.tgz', prodSourceLabel: 'ptest', attemptNr: 1 } },
      // no PandaID at all: nothing to report, the pilot just goes on
      { raw: { StatusCode: 0, transformation: 'x', prodSourceLabel: 'ptest' } },
      // a good job after them
      { transformation: 'ok.sh', jobPars: '', prodSourceLabel: 'ptest' },
    ],
    trfs: { 'ok.sh': '#!/bin/bash\necho ok\n' },
    config: FAST,
  });
  try {
    const res = await startPilot(scn, ['-x', '5']).done;
    assert.equal(res.code, 0, res.stdout.slice(-2000));
    const bad = scn.emulator.updates(7000001).at(-1)?.params;
    assert.ok(bad, 'final update for the malformed job');
    assert.equal(bad.state, 'failed');
    assert.equal(Number(bad.pilotErrorCode), 1301, 'UNKNOWNEXCEPTION');
    assert.ok(Object.keys(JSON.parse(String(bad.xml))).includes('log.7000001.tgz'), `the malformed job's log was staged out: ${bad.xml}`);
    const good = scn.emulator.jobs().find((j) => j.trfName === 'ok.sh')!;
    assert.equal(good.jobStatus, 'finished');
  } finally {
    await scn.close();
  }
});

test('exit codes: inactive queue 78, offline queue 83, unknown option 2', async () => {
  for (const [overrides, code] of [[{ state: 'INACTIVE' }, 78], [{ status: 'offline' }, 83]] as const) {
    const scn = await createScenario({ queueOverrides: overrides, config: FAST });
    try {
      const res = await startPilot(scn).done;
      assert.equal(res.code, code);
    } finally {
      await scn.close();
    }
  }
  const scn = await createScenario({ config: FAST });
  try {
    const res = await startPilot(scn, ['--no-such-option']).done;
    assert.equal(res.code, 2);
    assert.match(res.stderr, /unrecognized arguments: --no-such-option/);
  } finally {
    await scn.close();
  }
});

// The job is stopped `walltime_grace` (Pilot 3: 180 s) before the pilot's lifetime ends: here 8 s
// after start. The lifetime counts from the pilot's start by design, so how far the job got by
// then depends on the machine's pace: the test waits for the pilot's end, not for the payload, and
// what it asserts holds whether the payload ran for seconds, was stopped as it started or never
// started (the payload leaves its pids next to the job directory, which goes with the job).
const SLEEPER_PIDS_OUTSIDE = SLEEPER.replace('echo $$ > payload.pid', 'echo $$ > ../payload.pid').replace('echo $$ > daemon.pid', 'echo $$ > ../daemon.pid');

test('lifetime: a job that would outlive the pilot is stopped with REACHEDMAXTIME 1213, exit 81', async (t) => {
  const scn = await createScenario({ queueOverrides: { maxtime: 0 }, jobs: [{ transformation: 'sleeper.sh', jobPars: '120', prodSourceLabel: 'ptest' }], trfs: { 'sleeper.sh': SLEEPER_PIDS_OUTSIDE }, config: { ...FAST, walltime_grace: 2 } });
  try {
    const [job] = scn.emulator.jobs();
    const res = await startPilot(scn, [], { PANDAPILOT_LIFETIME: '10' }).done;
    assert.equal(res.code, 81, res.stdout.slice(-1500));
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1213);
    const pids = ['payload.pid', 'daemon.pid'].map((f) => path.join(scn.launchDir, f)).filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8').trim()));
    t.diagnostic(`payload processes seen: ${pids.length} of 2`);
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} survived`);
    assert.equal(existsSync(path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`)), false, 'job directory removed after the job');
  } finally {
    await scn.close();
  }
});

test('the job directory is removed after the job, unless the server says nocleanup', async () => {
  const scn = await createScenario({
    queueOverrides: { timefloor: 10 },
    jobs: [
      { transformation: 'sleep.sh', jobPars: 'wait', prodSourceLabel: 'ptest' },
      { transformation: 'sleep.sh', jobPars: '', prodSourceLabel: 'ptest' },
    ],
    // the first payload ends when the test says (once its pilot has the command)
    trfs: { 'sleep.sh': '#!/bin/bash\nif [ "$1" = wait ]; then while [ ! -e go ]; do sleep 0.1; done; fi\necho slept\n' },
    config: { ...FAST, heartbeat: 0.5 },
  });
  try {
    const run = startPilot(scn);
    const [keep, drop] = scn.emulator.jobs();
    await waitFor(() => scn.emulator.job(keep.PandaID)!.jobStatus === 'running', 20_000, 'first job running');
    scn.emulator.command(keep.PandaID, 'nocleanup');
    await waitFor(() => scn.emulator.updates(keep.PandaID).some((u) => JSON.stringify(u.response).includes('nocleanup')), 30_000, 'nocleanup delivered');
    writeFileSync(path.join(scn.launchDir, `PanDA_Pilot-${keep.PandaID}`, 'go'), '');
    const res = await run.done;
    assert.equal(res.code, 0);
    assert.equal(scn.emulator.job(keep.PandaID)!.jobStatus, 'finished');
    assert.equal(scn.emulator.job(drop.PandaID)!.jobStatus, 'finished');
    assert.match(readFileSync(path.join(scn.launchDir, `PanDA_Pilot-${keep.PandaID}`, 'payload.stdout'), 'utf8'), /slept/);
    assert.equal(existsSync(path.join(scn.launchDir, `PanDA_Pilot-${drop.PandaID}`)), false);
  } finally {
    await scn.close();
  }
});

test('lost heartbeat: no update gets through for lost_heartbeat seconds → payload stopped, EXCEEDEDMAXWAITTIME', async () => {
  const scn = await createScenario({
    // the payload would sleep an hour: only the lost heartbeat can end the job
    jobs: [{ transformation: 'sleeper.sh', jobPars: '3600', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { ...FAST, heartbeat: 0.5, lost_heartbeat: 2, final_update_deadline: 1 },
  });
  try {
    const { run, pids } = await startUntilPayload(scn);
    // From now on every update fails: the server answers 500.
    scn.emulator.injectFault({ method: 'updateJob', mode: 'http500', count: 1000 });
    const res = await run.done;
    // EXCEEDEDMAXWAITTIME alone would exit 1 (no shell code of its own); the final update that
    // could not go out either stays in the journal, which the distinct exit 85 tells the wrapper.
    assert.equal(res.code, 85, 'final update journaled');
    assert.match(res.stdout, /lost heartbeat/);
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} survived`);
  } finally {
    await scn.close();
  }
});

test('a job directory that cannot be made fails the job with MKDIR 1199, still with a final update', async () => {
  const scn = await createScenario({ jobs: [{ transformation: 'ok.sh', jobPars: '', prodSourceLabel: 'ptest', PandaID: 7300000001 }], trfs: { 'ok.sh': '#!/bin/bash\necho ok\n' }, config: FAST });
  try {
    // a plain file where the job directory would go
    writeFileSync(path.join(scn.launchDir, 'PanDA_Pilot-7300000001'), 'in the way');
    const res = await startPilot(scn).done;
    assert.equal(res.code, 0);
    const fin = scn.emulator.updates(7300000001).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1199);
  } finally {
    await scn.close();
  }
});
