// Pilot 3's job monitor, when one of its checks finds a reason to stop the job (a looping payload,
// too much memory, disk, processes), first sends a preliminary update with the job still running
// (control/job.py preliminary_server_update), then the final one. Ours does the same: here for a
// looping payload, with heartbeats too far apart to come during the run, so the only running
// updates are the payload's start and the preliminary one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createScenario, startPilot } from '../../src/demo/scenario.js';

test('a looping payload: a preliminary running update, then the final update with 1150', async () => {
  const scn = await createScenario({
    // touches one file at its start, then nothing: looping once the limit has passed
    jobs: [{ transformation: 'idle.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'idle.sh': '#!/bin/bash\necho started > progress.txt\nsleep 300\n' },
    config: { heartbeat: 600, update_sleep: 0.3, looping_verification_time: 1, looping_limit_default: 2, looping_limit_min_default: 2 },
  });
  try {
    const res = await startPilot(scn).done;
    const [job] = scn.emulator.jobs();
    const updates = scn.emulator.updates(job.PandaID).map((u) => u.params);
    assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
    assert.equal(Number(updates.at(-1)!.pilotErrorCode), 1150, String(updates.at(-1)!.pilotErrorDiag));
    // starting, running (payload started), running (preliminary), failed
    assert.deepEqual(updates.map((u) => u.state), ['starting', 'running', 'running', 'failed']);
    // the preliminary update reports no error yet (Pilot 3 sends the error codes only in final updates)
    assert.equal(updates[2].pilotErrorCode, undefined);
  } finally {
    await scn.close();
  }
});
