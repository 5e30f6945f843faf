// ATLAS drop-in fidelity: our pilot with --pilot-user atlas, on the simulated CVMFS, runs the four
// ATLAS jobs (production with a bare Reco_tf.py, analysis with a downloaded runGen, a platform
// job in its ALRB container, a production job running until a heartbeat carried the memory
// monitor's figures, actualCoreCount and cpuConsumptionTime) and does what Pilot 3 3.11.5.1 did in the same scenarios (recorded by
// `npm run compat -- --pilot3 DIR --scenario atlas-production,atlas-analysis,atlas-container,atlas-heartbeat --record`):
// the ALRB/asetup/transform calls, the payload's environment, the worker-node map, the order of
// the start-up requests (the map and getResourceTypes before getJob) and every field of every
// update including the final one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureRun } from '../../bench/compat/capture.js';
import { ATLAS_COMMON_DELIBERATE, ATLAS_DELIBERATE, ATLAS_OPEN } from '../../bench/compat/deliberate.js';
import { diffTranscripts, formatDifference, type Difference } from '../../bench/compat/diff.js';
import { loadFixtures } from '../../bench/compat/fixtures.js';
import { normalise } from '../../bench/compat/normalise.js';
import { ATLAS_SCENARIOS } from '../../bench/compat/scenarios.js';

test('ATLAS jobs: our pilot calls ALRB, asetup and the transforms, sets the payload environment and sends every update as Pilot 3 did', async () => {
  const fixtures = loadFixtures();
  for (const sc of ATLAS_SCENARIOS) {
    const fx = fixtures.get(sc.name);
    assert.ok(fx, `no recording for ${sc.name}`);
    assert.deepEqual(fx.normalised.jobs.map((j) => j.end), sc.expect, `${sc.name}: Pilot 3's end states`);
    assert.ok(fx.run.commands?.some((c) => c.startsWith('trf ')) && fx.run.payloadEnv, `${sc.name}: the recording has the transform's call and environment`);
  }
  const runs = await Promise.all(ATLAS_SCENARIOS.map((sc) => captureRun(sc, 'ours', { timeoutMs: 240_000 })));
  const report: string[] = [];
  const used = new Set<string>();
  const open = new Set<string>();
  let real: Difference[] = [];
  for (const run of runs) {
    const ours = normalise(run);
    assert.deepEqual(ours.jobs.map((j) => j.end), ATLAS_SCENARIOS.find((s) => s.name === run.scenario)!.expect, `${run.scenario}: our end states (${run.jobs.map((j) => String(j.reported.pilotErrorDiag ?? '')).join('; ')})\n${run.stdoutTail.slice(-3000)}`);
    const diffs = diffTranscripts(normalise(fixtures.get(run.scenario)!.run), ours, [...ATLAS_COMMON_DELIBERATE, ...ATLAS_DELIBERATE, ...ATLAS_OPEN]);
    for (const d of diffs) {
      if (!d.deliberate) continue;
      if (ATLAS_OPEN.some((o) => o.field === d.field)) open.add(`${run.scenario}: ${d.field}`);
      else used.add(d.field);
    }
    const bad = diffs.filter((d) => !d.deliberate);
    real = real.concat(bad);
    report.push(`${run.scenario}: ${bad.length} difference(s)${bad.map((d) => `\n  ${formatDifference(d)}`).join('')}`);
  }
  console.log(`atlas compat: ${runs.length - new Set(real.map((d) => d.where)).size}/${runs.length} scenarios without differences; deliberate: ${[...used].sort().join(', ')}; open (README): ${[...open].join(', ') || 'none'}`);
  assert.equal(real.length, 0, report.join('\n'));
  for (const d of ATLAS_DELIBERATE) assert.ok(used.has(d.field), `deliberate difference ${d.field} no longer occurs: drop it`);
});
