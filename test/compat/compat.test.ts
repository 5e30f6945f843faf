// Drop-in fidelity: our pilot, run through each standard scenario against the emulator, sends what
// Pilot 3 sent in the same scenario (recorded by `npm run compat -- --pilot3 DIR --record`):
// every field in every state, the same value wherever it is deterministic, the same shape where not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureRun } from '../../bench/compat/capture.js';
import { DELIBERATE } from '../../bench/compat/deliberate.js';
import { diffTranscripts, formatDifference, type Difference } from '../../bench/compat/diff.js';
import { loadFixtures } from '../../bench/compat/fixtures.js';
import { machineFacts } from '../../bench/compat/machine.js';
import { normalise } from '../../bench/compat/normalise.js';
import { SCENARIOS } from '../../bench/compat/scenarios.js';
import { cpuConsumptionUnit, cpuConsumptionUnitFrom, cpuFacts } from '../../src/job/workernode.js';

const fixtures = loadFixtures();

test('every standard scenario has a Pilot 3 recording, and Pilot 3 ended its jobs against our emulator as against PanDA', () => {
  for (const sc of SCENARIOS) {
    const fx = fixtures.get(sc.name);
    assert.ok(fx, `no recording for ${sc.name}: run npm run compat -- --pilot3 DIR --record`);
    const ends = fx.normalised.jobs.map((j) => j.end);
    assert.deepEqual(ends, sc.expect, `${sc.name}: Pilot 3's end states against the emulator`);
  }
});

test('cpuConsumptionUnit: our rules give Pilot 3 its value from the facts of the machine it was recorded on', () => {
  for (const fx of fixtures.values()) {
    const sent = fx.run.requests.filter((r) => r.method === 'updateJob').map((r) => String(r.params.cpuConsumptionUnit));
    assert.ok(sent.length > 0, fx.scenario);
    for (const v of new Set(sent)) assert.equal(cpuConsumptionUnitFrom(fx.run.machine.cpu), v, `${fx.scenario}: facts ${JSON.stringify(fx.run.machine.cpu)}`);
  }
  // and our reader of this machine agrees with the /proc/cpuinfo + lscpu facts Pilot 3 reads
  assert.equal(cpuConsumptionUnit(), cpuConsumptionUnitFrom(machineFacts().cpu), JSON.stringify(cpuFacts()));
});

test('our pilot sends Pilot 3\'s fields and deterministic values in every state of every scenario', async () => {
  const runs = await Promise.all(SCENARIOS.map((sc) => captureRun(sc, 'ours', { timeoutMs: 240_000 })));
  const report: string[] = [];
  const used = new Set<string>();
  let real: Difference[] = [];
  for (const run of runs) {
    const fx = fixtures.get(run.scenario)!;
    const diffs = diffTranscripts(normalise(fx.run), normalise(run), DELIBERATE);
    for (const d of diffs) if (d.deliberate) used.add(d.field);
    const bad = diffs.filter((d) => !d.deliberate);
    real = real.concat(bad);
    report.push(`${run.scenario}: ${bad.length} difference(s)${bad.map((d) => `\n  ${formatDifference(d)}`).join('')}`);
  }
  console.log(`compat: ${runs.length - new Set(real.map((d) => d.where)).size}/${runs.length} scenarios without differences on deterministic fields`);
  assert.equal(real.length, 0, report.join('\n'));
  // every deliberate difference still occurs (otherwise it is stale and the README is wrong)
  for (const d of DELIBERATE) assert.ok(used.has(d.field), `deliberate difference ${d.field} no longer occurs: drop it`);
});

test('the harness compares the order the server first saw each kind of request in (ATLAS: the worker-node map before getJob)', () => {
  const fx = fixtures.get('atlas-production')!;
  const ref = normalise(fx.run);
  assert.deepEqual(ref.order?.slice(0, 5), ['schedconfig', 'ddmendpoints', 'update_worker_node', 'getResourceTypes', 'getJob'], 'Pilot 3\'s start-up order');
  // the same requests with the map sent after getJob (our pilot's order before it waited for the map)
  const requests = [...fx.run.requests];
  const map = requests.findIndex((r) => r.method === 'update_worker_node');
  const [moved] = requests.splice(map, 1);
  requests.splice(requests.findIndex((r) => r.method === 'getJob') + 1, 0, moved);
  const diffs = diffTranscripts(ref, normalise({ ...fx.run, requests }));
  assert.deepEqual(diffs.map((d) => `${d.where}: ${d.field}`), ['requests: order'], diffs.map(formatDifference).join('\n'));
});
