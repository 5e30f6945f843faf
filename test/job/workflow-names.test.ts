// Every -w name Pilot 3 accepts ends our pilot as it ends Pilot 3 (recorded from Pilot 3 itself by
// scripts/record-pilot3-workflows.mjs): production, analysis and the *_hpc names are stubs in
// Pilot 3 (1008, exit 65, no getJob); payload_stageout has no module (exit 1, no getJob).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/pilot3-workflows.json');
const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { workflows: Record<string, { exitCode: number; getJobCalls: number; jobStates: string[] }> };

test('workflow names Pilot 3 cannot run end our pilot with Pilot 3\'s exit code and no getJob', async () => {
  const names = Object.keys(recorded.workflows);
  assert.ok(names.length >= 6);
  await Promise.all(names.map(async (w) => {
    const want = recorded.workflows[w];
    const scn = await createScenario({ jobs: [{ transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest' }], trfs: { 'run.sh': '#!/bin/bash\necho hi\n' } });
    try {
      const res = await startPilot(scn, ['-w', w]).done;
      assert.equal(res.code, want.exitCode, `${w}: ${res.stdout.slice(-1500)}`);
      assert.equal(scn.emulator.requests.filter((r) => r.method === 'getJob').length, want.getJobCalls, w);
      assert.deepEqual(scn.emulator.jobs().map((j) => j.jobStatus), want.jobStates, w);
      assert.match(res.stdout + res.stderr, new RegExp(`workflow '${w}'`), `${w}: says why`);
    } finally {
      await scn.close();
    }
  }));
});
