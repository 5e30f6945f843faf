/**
 * An event-service payload in a container, through the real pilot: yampl's local channel is the
 * fixed socket /tmp/zmq_<name>, and the container has a /tmp of its own (bubblewrap: a tmpfs), so
 * the pilot binds the channel's socket into it. The reference payload proves it runs in the image
 * and then processes every range over the channel.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startPilot } from '../../src/demo/scenario.js';
import { makeTinyImage } from '../support/image.js';
import { createEsSite, esJob, REF_PAYLOAD, S3_ENV } from './support.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
let dir: string;
let hostOnly: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'es-container-'));
  hostOnly = `${dir}.host-only`;
  writeFileSync(hostOnly, '');
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(hostOnly, { force: true });
});

it('containerised ES payload (bubblewrap; Apptainer when installed): the channel reaches it, every range finished', async () => {
  const { image, binds } = makeTinyImage(path.join(dir, 'image'), 'es-image');
  const seen = path.join(dir, 'seen');
  mkdirSync(seen);
  // where it runs, and that /tmp is the container's own apart from the channel's socket
  const trf = [
    '#!/bin/bash',
    `{ cat /etc/image-release; ls /tmp; } > ${seen}/where.txt`,
    `exec "${process.execPath}" "${REF_PAYLOAD}" "$@"`,
    '',
  ].join('\n');
  const job = { ...esJob(12, { cores: 2, jobPars: '--output-bytes=10', merge: false }), transformation: 'es-in-image.sh', container_name: image };
  const site = await createEsSite([job], { es_output_mode: 'range' }, {
    container_type: 'singularity:pilot',
    // the host's /usr (node) and the compiled reference payload, read-only; a dir for the proof
    container_options: `-B ${[...binds, `${REPO}:${REPO}:ro`, `${seen}:${seen}`].join(',')}`,
  }, undefined, { 'es-in-image.sh': trf });
  try {
    const run = startPilot(site.scn, [], S3_ENV);
    const res = await run.done;
    assert.equal(res.code, 0, res.stdout.slice(-4000));
    assert.match(res.stdout, /payload command/);
    const [es] = site.scn.emulator.jobs();
    assert.equal(es.jobStatus, 'finished', `${String(es.reported.pilotErrorCode)} ${String(es.reported.pilotErrorDiag)}`);
    assert.deepEqual([...new Set(es.eventRanges.map((r) => r.status))], ['finished']);
    assert.equal(site.objects().length, 12);
    const [release, ...tmp] = readFileSync(path.join(seen, 'where.txt'), 'utf8').trim().split('\n');
    assert.equal(release, 'es-image', 'the payload ran in the image');
    assert.ok(tmp.includes(`zmq_EventService_EventRanges_${run.child.pid}`), `the channel's socket is in the container's /tmp: ${tmp.join(' ')}`);
    assert.ok(!tmp.includes(path.basename(hostOnly)), "the rest of the host's /tmp is not");
  } finally {
    await site.close();
  }
});
