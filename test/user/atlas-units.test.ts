// ATLAS plugin pieces without a pilot: the container decision when no image can be found, and
// the diagnosis of payload output and job reports.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getPlugin } from '../../src/user/index.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a job with a platform and no image, no ALRB and no grid image for it: IMAGENOTFOUND, never uncontained', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'no-images-'));
  dirs.push(root);
  mkdirSync(path.join(root, 'atlas.cern.ch/repo/containers/images/apptainer'), { recursive: true });
  const atlas = getPlugin('atlas');
  const job = { jobid: '1', transformation: 'Sim_tf.py', jobparams: '', workdir: root, platform: 'x86_64-el9-gcc13-opt' };
  const queue = { container_type: { pilot: 'apptainer' }, is_cvmfs: true };
  assert.throws(() => atlas.resolveContainer(job, queue as never, { env: { ATLAS_SW_BASE: root }, setupType: 'singularity' }), (e: { code?: number }) => e.code === 1360);
  // With ALRB installed (and setup_type ALRB) the payload command itself starts the container.
  assert.equal(atlas.resolveContainer(job, { container_type: {} } as never, { env: { ATLAS_SW_BASE: root } }), undefined, 'no container wanted without a pilot container type');
  assert.throws(() => atlas.resolveContainer({ ...job, imagename: '/no/such/image' }, { container_type: {} } as never, { env: { ATLAS_SW_BASE: root } }), (e: { code?: number }) => e.code === 1384);
});
