// Signals reaching the pilot while its payload runs: the payload tree is killed, the job fails
// with the signal's code, the log is staged out and reported, and the pilot exits with Pilot 3's
// shell code — all within seconds (Pilot 3 took 144 s and sent no log file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { waitFor, alive } from '../support/wait.js';

const SLEEPER = [
  '#!/bin/bash',
  'echo $$ > payload.pid',
  '( setsid bash -c \'echo $$ > daemon.pid; exec sleep 300\' & )',
  'sleep 120',
].join('\n');

const CASES: Array<[NodeJS.Signals, number, number]> = [
  ['SIGTERM', 1201, 143],
  ['SIGINT', 1208, 130],
  ['SIGQUIT', 1202, 131],
  ['SIGSEGV', 1203, 139],
  ['SIGXCPU', 1204, 152],
  ['SIGBUS', 1206, 135],
  ['SIGUSR1', 1207, 138],
];

async function signalDuringPayload(sig: NodeJS.Signals, code: number, exit: number): Promise<void> {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3 },
  });
  try {
    const run = startPilot(scn);
    const [job] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`);
    await waitFor(() => existsSync(path.join(workdir, 'daemon.pid')), 30_000, `${sig}: payload started`);
    const pids = ['payload.pid', 'daemon.pid'].map((f) => Number(readFileSync(path.join(workdir, f), 'utf8')));
    const t0 = Date.now();
    run.child.kill(sig);
    const res = await run.done;
    const took = Date.now() - t0;
    assert.ok(took < 15_000, `${sig}: pilot took ${took} ms`);
    assert.equal(res.code, exit, `${sig}: exit code`);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed', `${sig}: state`);
    assert.equal(Number(fin.pilotErrorCode), code, `${sig}: pilotErrorCode`);
    assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.includes('job.log.tgz')), `${sig}: log file reported`);
    for (const pid of pids) assert.equal(alive(pid), false, `${sig}: process ${pid} survived`);
  } finally {
    await scn.close();
  }
}

for (const [sig, code, exit] of CASES) {
  test(`${sig} during the payload → ${code}, exit ${exit}, tree gone, log staged out`, { concurrency: true }, () => signalDuringPayload(sig, code, exit));
}

test('a second signal does not break the wind-down', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 2 },
  });
  try {
    const run = startPilot(scn);
    const [job] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`);
    await waitFor(() => existsSync(path.join(workdir, 'daemon.pid')), 30_000, 'payload started');
    run.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    run.child.kill('SIGINT');
    const res = await run.done;
    assert.equal(res.code, 143, 'the first signal decides');
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(Number(fin.pilotErrorCode), 1201);
  } finally {
    await scn.close();
  }
});
