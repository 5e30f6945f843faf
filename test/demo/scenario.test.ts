// A scenario's close() leaves no process of its own behind: a pilot still running when the test
// ends would otherwise ask whatever emulator next takes the port for a job (seen once in the suite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createScenario } from '../../src/demo/scenario.js';
import { SLEEPER, startUntilPayload } from '../support/payloads.js';
import { alive, waitFor } from '../support/wait.js';

test('scenario close() kills the pilot, its payload and the payload\'s daemon, and no process it did not start', async () => {
  const scn = await createScenario({ jobs: [{ transformation: 'sleeper.sh', jobPars: '300', prodSourceLabel: 'ptest' }], trfs: { 'sleeper.sh': SLEEPER } });
  // a process the scenario did not start, working in its very directory: close() must leave it alone
  const bystander = spawn('sleep', ['300'], { cwd: scn.dir, stdio: 'ignore' });
  try {
    const { run, pids } = await startUntilPayload(scn);
    await scn.close();
    const res = await run.done;
    assert.equal(res.signal, 'SIGKILL');
    await waitFor(() => pids.every((p) => !alive(p)), 60_000, 'the payload and its daemon gone');
    assert.equal(alive(bystander.pid!), true, 'a process the scenario did not start is untouched');
  } finally {
    bystander.kill('SIGKILL');
  }
});
