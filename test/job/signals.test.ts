// Signals reaching the pilot while its payload runs: the payload tree is killed, the job fails
// with the signal's code, the log is staged out and reported, and the pilot exits with Pilot 3's
// shell code (Pilot 3 took 144 s and sent no log file). The payload would sleep for an hour, so
// only the signal can end the job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScenario } from '../../src/demo/scenario.js';
import { alive, waitFor } from '../support/wait.js';
import { SIGNALS, SLEEPER, startUntilPayload } from '../support/payloads.js';

async function signalDuringPayload(sig: NodeJS.Signals, code: number, exit: number): Promise<void> {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '3600', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 3 },
  });
  try {
    const { run, pids, job } = await startUntilPayload(scn);
    run.child.kill(sig);
    const res = await run.done;
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

for (const [sig, code, exit] of SIGNALS) {
  test(`${sig} during the payload → ${code}, exit ${exit}, tree gone, log staged out`, { concurrency: true }, () => signalDuringPayload(sig, code, exit));
}

test('a second signal does not break the wind-down', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 2 },
  });
  try {
    const { run, job } = await startUntilPayload(scn);
    let out = '';
    run.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    run.child.kill('SIGTERM');
    // the second signal once the pilot has taken the first (its log says so)
    await waitFor(() => /signal received: aborting the job/.test(out), 60_000, 'SIGTERM taken');
    run.child.kill('SIGINT');
    const res = await run.done;
    assert.equal(res.code, 143, 'the first signal decides');
    assert.match(res.stdout, /signal received again; wind-down continues/);
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(Number(fin.pilotErrorCode), 1201);
  } finally {
    await scn.close();
  }
});
