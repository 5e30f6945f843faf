/** Several jobs at once in one pilot (--multi-job-slots): own work dirs, heartbeats and final updates, cores split. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { waitFor } from '../support/wait.js';

const FAST = { heartbeat: 1, debug_heartbeat: 0.5, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 };

// Each payload records where it runs and its core share, then waits for the test's release file:
// the three are alive at the same time, and the test releases them once each has heartbeats.
const BARRIER = `#!/bin/bash
d="$1"
[ -d "$d" ] || exit 4
echo "$PWD $ATHENA_CORE_NUMBER $PANDA_PILOT_SLOT" > "$d/started.$$"
for i in $(seq 1 1200); do [ -e "$d/release" ] && exit 0; sleep 0.1; done
exit 3
`;

test('--multi-job-slots 3: three jobs at once in one pilot, each with its own work dir, heartbeats and final update', async () => {
  const barrier = mkdtempSync(path.join(os.tmpdir(), 'barrier-'));
  const scn = await createScenario({
    queueOverrides: { corecount: 6 },
    jobs: [1, 2, 3].map(() => ({ transformation: 'barrier.sh', jobPars: barrier, prodSourceLabel: 'ptest' })),
    trfs: { 'barrier.sh': BARRIER },
    config: FAST,
  });
  try {
    const run = startPilot(scn, ['--multi-job-slots', '3']);
    const jobs = scn.emulator.jobs();
    const started = () => readdirSync(barrier).filter((f) => f.startsWith('started.'));
    await waitFor(() => started().length === 3, 60_000, 'three payloads running at once');
    const beats = (id: unknown) => scn.emulator.updates(id as never).filter((u) => u.params.state === 'running').length;
    await waitFor(() => jobs.every((j) => beats(j.PandaID) >= 2), 60_000, 'heartbeats of every job');
    writeFileSync(path.join(barrier, 'release'), '');
    const res = await run.done;
    assert.equal(res.code, 0, res.stderr);
    for (const j of jobs) {
      const final = scn.emulator.updates(j.PandaID).find((u) => u.params.state === 'finished' || u.params.state === 'failed');
      assert.equal(final?.params.state, 'finished', `job ${j.PandaID}: ${String(final?.params.pilotErrorCode)} ${String(final?.params.pilotErrorDiag)} exe=${String(final?.params.transExitCode)}`);
    }
    const seen = started().map((f) => readFileSync(path.join(barrier, f), 'utf8').trim().split(' '));
    const dirs = new Set(seen.map(([dir]) => dir));
    assert.equal(dirs.size, 3, 'one work dir per job');
    for (const j of jobs) assert.ok([...dirs].some((d) => d.endsWith(`PanDA_Pilot-${j.PandaID}`)), `work dir of ${j.PandaID}`);
    assert.deepEqual(seen.map(([, cores]) => cores), ['2', '2', '2'], "the queue's 6 cores split in three");
    assert.deepEqual(seen.map(([, , slot]) => slot).sort(), ['0', '1', '2']);
    // three getJob requests, each asking for a third of the node's memory
    const getJobs = scn.emulator.requests.filter((r) => r.method === 'getJob');
    assert.ok(getJobs.length >= 3);
    const mem = new Set(getJobs.map((r) => Number(r.params?.mem)));
    assert.equal(mem.size, 1);
    const [m] = mem;
    assert.ok(m > 0 && m <= os.totalmem() / 2 ** 20 / 3 + 1, `mem ${m} MB is a third of the node's`);
    assert.ok([...dirs].every((d) => !existsSync(d)), 'finished work dirs removed');
  } finally {
    await scn.close();
    rmSync(barrier, { recursive: true, force: true });
  }
});
