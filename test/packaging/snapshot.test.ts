/**
 * The start command's V8 startup snapshot (dist/bundle/pilot.blob, built by `npm test`'s bundle
 * step): a job runs from it, and bin/panda-pilot starts without it whenever node would refuse it
 * (built by another node binary, NODE_OPTIONS set) or it is missing or switched off.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScenario } from '../../src/demo/scenario.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const DEBUG = { PANDA_PILOT_CODE_CACHE_DEBUG: '1' };

/** `panda-pilot --help` from a tree: its exit, whether it printed the usage, what it said of the snapshot. */
function help(root: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(path.join(root, 'bin/panda-pilot'), ['--help'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...DEBUG, ...env } });
  return { status: r.status, usage: /^usage: panda-pilot /.test(r.stdout), snapshot: /startup snapshot: (\w+)/.exec(r.stderr)?.[1], stderr: r.stderr };
}

describe('startup snapshot', () => {
  let tmp: string;
  let tree: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
    // a copy of what bin/panda-pilot needs, to spoil its snapshot without touching the build
    tree = path.join(tmp, 'tree');
    mkdirSync(path.join(tree, 'dist'), { recursive: true });
    for (const f of ['bin', 'config']) cpSync(path.join(repo, f), path.join(tree, f), { recursive: true });
    cpSync(path.join(repo, 'dist/bundle'), path.join(tree, 'dist/bundle'), { recursive: true });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('is built for this node, and a job with an input runs from it to its final update without loading undici', async () => {
    assert.ok(existsSync(path.join(repo, 'dist/bundle/pilot.blob')), 'the bundle step made no snapshot');
    const body = 'input\n';
    const { adler32Hex } = await import('../../src/demo/jobs.js');
    const scn = await createScenario({
      jobs: [{ transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'in.dat', scope: 'snap', size: body.length, checksum: `ad:${adler32Hex(body)}` }] }],
      trfs: { 'run.sh': '#!/bin/sh\necho from the snapshot\n' },
      inputs: { 'in.dat': body },
    });
    try {
      const child = spawn(path.join(repo, 'bin/panda-pilot'), scn.pilotArgs(), { cwd: scn.launchDir, env: scn.pilotEnv({ NODE_OPTIONS: '', PANDA_PILOT_LOG_CONSOLE: '0', NODE_DEBUG: 'module', ...DEBUG }), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise((r) => child.on('exit', r));
      assert.equal(code, 0, stderr);
      assert.match(stderr, /code cache: used, startup snapshot: used/);
      // undici serves the https copytool and ATLAS's remote-open check only: a start that loads it
      // pays 110-200 ms and 5-13 MB (NODE_DEBUG=module logs every require of the CommonJS loader)
      assert.match(stderr, /Module\._load REQUEST/, 'NODE_DEBUG=module said nothing');
      assert.doesNotMatch(stderr, /undici\.cjs/);
      const [job] = scn.emulator.jobs();
      assert.ok(scn.emulator.updates(job.PandaID).some((u) => u.params.state === 'finished'), 'no final update finished');
    } finally {
      await scn.close();
    }
  });

  it('is not used when switched off or when NODE_OPTIONS is set (node would refuse other V8 flags)', () => {
    assert.deepEqual(help(tree), { status: 0, usage: true, snapshot: 'used', stderr: help(tree).stderr });
    for (const env of [{ PANDA_PILOT_SNAPSHOT: '0' }, { NODE_OPTIONS: '--max-old-space-size=512' }]) {
      const r = help(tree, env);
      assert.deepEqual([r.status, r.usage, r.snapshot], [0, true, 'none'], JSON.stringify(env) + r.stderr);
    }
  });

  it('made by another node binary, or missing, the pilot starts without it', () => {
    writeFileSync(path.join(tree, 'dist/bundle/pilot.blob.node'), '12345 1\n');
    let r = help(tree);
    assert.deepEqual([r.status, r.usage, r.snapshot], [0, true, 'none'], r.stderr);
    rmSync(path.join(tree, 'dist/bundle/pilot.blob.node'));
    r = help(tree);
    assert.deepEqual([r.status, r.usage, r.snapshot], [0, true, 'none'], r.stderr);
    rmSync(path.join(tree, 'dist/bundle/pilot.blob'));
    r = help(tree);
    assert.deepEqual([r.status, r.usage, r.snapshot], [0, true, 'none'], r.stderr);
  });
});
