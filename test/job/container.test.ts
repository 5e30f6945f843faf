// The payload in a container, through the whole pilot: the queue asks for one (container_type
// "singularity:pilot"), the job names its image, and with no Apptainer/Singularity installed the
// pilot uses bubblewrap with the same bind semantics. A missing image fails the job with 1360.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { makeTinyImage } from '../support/image.js';

let dir: string;
let image: string;
const binds: string[] = [];

/** A tiny root file system: the host's /usr (and friends) bound read-only, plus our own /etc file. */
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pilot-image-'));
  const tiny = makeTinyImage(path.join(dir, 'image'));
  image = tiny.image;
  binds.push(...tiny.binds);
});
after(() => rmSync(dir, { recursive: true, force: true }));

// The payload proves where it runs: /etc/image-release exists only in the image.
// Its output file goes out like any other (mv to the pilot home) for the test to read.
const TRF = '#!/bin/bash\nset -e\necho "in $(cat /etc/image-release) at $PWD" > container.out\n';

test('payload runs in the job image (bubblewrap), work dir bound', async () => {
  const scn = await createScenario({
    queueOverrides: { container_type: 'singularity:pilot', container_options: `-B ${binds.join(',')}` },
    jobs: [{ transformation: 'where.sh', jobPars: '', prodSourceLabel: 'ptest', container_name: image, outFiles: [{ lfn: 'container.out', scope: 'test' }] }],
    trfs: { 'where.sh': TRF },
    config: { heartbeat: 60 },
  });
  try {
    const res = await startPilot(scn).done;
    const [job] = scn.emulator.jobs();
    assert.equal(res.code, 0, res.stdout.slice(-3000));
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}`);
    const { readFileSync } = await import('node:fs');
    assert.match(readFileSync(path.join(scn.launchDir, 'container.out'), 'utf8'), /^in tiny-image at .*PanDA_Pilot-\d+/);
  } finally {
    await scn.close();
  }
});

test('a job whose image does not exist fails with IMAGENOTFOUND 1360 and a final update', async () => {
  const scn = await createScenario({
    queueOverrides: { container_type: 'singularity:pilot' },
    jobs: [{ transformation: 'where.sh', jobPars: '', prodSourceLabel: 'ptest', container_name: path.join(dir, 'no-such-image') }],
    trfs: { 'where.sh': TRF },
    config: { heartbeat: 60 },
  });
  try {
    const res = await startPilot(scn).done;
    assert.equal(res.code, 0);
    const [job] = scn.emulator.jobs();
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1360);
    assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.startsWith('log.')), 'log staged out');
  } finally {
    await scn.close();
  }
});
