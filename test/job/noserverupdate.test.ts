// -z without Harvester (Pilot 3's Nordugrid mode): the job comes from pandaJobData.out and every
// update goes to heartbeat.json in the launch dir, written as Pilot 3's write_json writes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { pyJsonDumps } from '../../src/common/pyliteral.js';

test('-z without Harvester: job from pandaJobData.out, the final update in heartbeat.json with sorted keys and a 4-space indent', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'work.sh', jobPars: 'é', prodSourceLabel: 'ptest' }],
    trfs: { 'work.sh': '#!/bin/bash\necho "job $1"\n' },
  });
  try {
    // the job as a CE would stage it: the getJob answer, URL-encoded
    const res = await fetch(`${scn.emulator.url}/server/panda/getJob`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `siteName=${scn.queue}&prodSourceLabel=ptest&node=wn` });
    writeFileSync(path.join(scn.launchDir, 'pandaJobData.out'), await res.text());
    const run = startPilot(scn, ['-z'], { PILOT_WORK_DIR: scn.launchDir });
    const done = await run.done;
    assert.equal(done.code, 0, done.stdout.slice(-3000));
    const text = readFileSync(path.join(scn.launchDir, 'heartbeat.json'), 'utf8');
    const body = JSON.parse(text) as Record<string, unknown>;
    assert.equal(body.state, 'finished', text);
    assert.equal(text, pyJsonDumps(body, { indent: 4, sortKeys: true }), 'Pilot 3 format (sorted keys, indent 4, non-ASCII escaped)');
    assert.equal(scn.emulator.updates(scn.emulator.jobs()[0]!.PandaID).length, 0, 'no update reached the server');
  } finally {
    await scn.close();
  }
});
