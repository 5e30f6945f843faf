// Harvester push mode through the real pilot: Harvester's side (src/emulator/harvester.ts, the
// shared-file messenger) feeds a job from the PanDA emulator into the worker's access point, the
// pilot (-z, push mode) reads it, reports through worker_attributes.json, declares its files in
// event_status.dump.json, asks for another job with worker_requestjob.json and ends with
// kill_worker; Harvester relays every report to PanDA, where both jobs end finished.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { HarvesterWorker } from '../../src/emulator/harvester.js';

test('push mode: two jobs fed by Harvester files, reported through them, both finished in PanDA', async () => {
  const scn = await createScenario({
    queueOverrides: { timefloor: 60 },
    jobs: [1, 2].map((i) => ({ transformation: 'work.sh', jobPars: String(i), prodSourceLabel: 'ptest' })),
    trfs: { 'work.sh': '#!/bin/bash\necho "job $1"\n' },
    config: { heartbeat: 60, update_sleep: 0.3, getjob_harvester_sleep: 0.2 },
  });
  try {
    const worker = new HarvesterWorker({ pandaUrl: scn.emulator.url, siteName: scn.queue, accessPoint: scn.launchDir, prodSourceLabel: 'ptest' });
    assert.equal(await worker.feed(), true, 'Harvester got the first job from PanDA');
    const run = startPilot(scn, ['-z', '--harvester-submit-mode', 'PUSH'], { HARVESTER_ID: 'harvester-test', HARVESTER_WORKER_ID: '4242' });
    let exited = false;
    const done = run.done.finally(() => (exited = true));
    // Harvester's monitor cycle, until the pilot has gone and every report is relayed
    // (after the pilot's exit, one more pass relays its last report)
    for (let after = 0; !exited || (worker.finals.size < worker.fed.length && after++ < 3); ) {
      await worker.poll();
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await done;
    assert.equal(res.code, 0, res.stdout.slice(-3000));
    assert.equal(worker.fed.length, 2, 'the pilot asked for a second job and got it');
    for (const j of scn.emulator.jobs()) assert.equal(j.jobStatus, "finished", `${j.PandaID}: ${j.reported.pilotErrorCode} ${j.reported.pilotErrorDiag} ${j.ddmErrorDiag ?? ""} ${j.jobDispatcherErrorDiag ?? ""} xml=${j.xml} declared=${JSON.stringify([...worker.declared])} states=${j.updates.map((u) => u.params.state)}`);
    // Pilot 3's file formats: sorted keys, 4-space indent; the log declared with its path
    const attrs = readFileSync(path.join(scn.launchDir, 'worker_attributes.json'), 'utf8');
    const parsed = JSON.parse(attrs) as Record<string, unknown>;
    assert.equal(attrs, JSON.stringify(Object.fromEntries(Object.keys(parsed).sort().map((k) => [k, parsed[k]])), null, 4));
    assert.equal(parsed.jobStatus, 'finished');
    for (const id of worker.fed) {
      const files = worker.declared.get(id) ?? [];
      const log = files.find((f) => f.type === 'log');
      assert.ok(log && existsSync(String(log.path)), `job ${id} declared its log tarball: ${JSON.stringify(files)}`);
    }
    assert.ok(worker.messenger.killRequested(), 'kill_worker written at the end');
  } finally {
    await scn.close();
  }
});
