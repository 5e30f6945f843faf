// No job field stops the pilot (2/2): fuzzed descriptions through the real pilot binary in a
// bubblewrap sandbox where only the site's directory is writable (and /tmp is an empty probe):
// no write outside the site, every job reported with a code, the pilot never stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PILOT_MAIN } from '../../src/demo/scenario.js';
import { fuzzedDescriptions } from '../support/fuzz.js';
import { betrayals, changed, checkFinal, SANDBOXED, SEED, site } from '../support/fuzz-site.js';

test(`${SANDBOXED} fuzzed descriptions through the real pilot in a read-only sandbox: no write outside the site, the pilot never stops`, async () => {
  const { scn, base } = await site();
  const probe = mkdtempSync(path.join(os.tmpdir(), 'fuzz-tmp-'));
  try {
    const cases = fuzzedDescriptions(base, SANDBOXED, SEED + 1, 7_200_000_001).filter((c) => c.id !== undefined);
    cases.unshift({ desc: { ...base, PandaID: 7_200_000_000, scopeLog: 'a/b' }, id: 7_200_000_000 });
    scn.emulator.addJobs(cases.map((c) => ({ queue: scn.queue, prodSourceLabel: 'ptest', raw: c.desc })));
    // Everything read-only but the site's directory; /tmp is an empty probe we inspect afterwards.
    // The checkout is bound back read-only: a clone under /tmp would otherwise vanish under the probe.
    const checkout = path.resolve(path.dirname(PILOT_MAIN), '../../..');
    const argv = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', probe, '/tmp', '--bind', scn.dir, scn.dir, '--ro-bind', checkout, checkout, '--chdir', scn.launchDir, '--', process.execPath, PILOT_MAIN, ...scn.pilotArgs(['-x', '1', '-v', '3'])];
    const child = spawn('bwrap', argv, { env: scn.pilotEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, out.slice(-3000));
    for (const c of cases) checkFinal(scn, c.id!, `sandboxed case ${c.id} ${changed(base, c.desc)}`);
    assert.match(checkFinal(scn, 7_200_000_000, 'scopeLog a/b'), /^failed:1371$/);
    assert.doesNotMatch(out, /EROFS|read-only file system/i, 'no attempt to write outside the site');
    // (the mount points of the site and of a checkout under /tmp show in the probe: bwrap made them)
    const mountPoints = [scn.dir, checkout].map((d) => path.relative(os.tmpdir(), d).split(path.sep)[0]);
    assert.deepEqual(readdirSync(probe).filter((f) => !mountPoints.includes(f)), [], 'nothing written to /tmp');
    assert.deepEqual(readdirSync(scn.dir).sort(), ['launch', 'pilot.cfg', 'trf'], 'nothing written next to the launch dir');
    assert.deepEqual(betrayals([scn.launchDir]), []);
  } finally {
    rmSync(probe, { recursive: true, force: true });
    await scn.close();
  }
});
