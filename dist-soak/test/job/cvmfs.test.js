// The start-up CVMFS check: an experiment that declares CVMFS repositories (atlas) must find them
// alive, else the pilot stops with CVMFSISNOTALIVE (exit 64) before asking for a job; -b or
// NO_CVMFS_OK skip it; the generic user declares none, as in Pilot 3.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { checkCvmfs, getPlugin } from '../../src/user/index.js';
const roots = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));
/** A CVMFS tree with ATLAS's repositories; `alive` writes last-update files with a timestamp. */
function fakeCvmfs(alive) {
    const root = mkdtempSync(path.join(tmpdir(), 'cvmfs-'));
    roots.push(root);
    for (const p of getPlugin('atlas').cvmfs.mountPoints) {
        const full = p.replace('CVMFS_BASE', root);
        if (p.includes('lastUpdate')) {
            mkdirSync(path.dirname(full), { recursive: true });
            writeFileSync(full, alive ? '2026-11-25 10:00:00 | stratum0.example | 1795600000\n' : '');
        }
        else
            mkdirSync(full, { recursive: true });
    }
    return root;
}
/** Pilot 3's command line without -b (so the CVMFS check runs). */
function run(scn, user, env, extra = []) {
    const args = [...scn.pilotArgs().filter((a) => a !== '-b'), ...extra];
    args[args.indexOf('--pilot-user') + 1] = user;
    return startPilot({ ...scn, pilotArgs: () => args }, [], { NO_CVMFS_OK: '', ...env }).done;
}
test('unit: dead, missing and alive CVMFS; generic declares nothing', () => {
    const layout = getPlugin('atlas').cvmfs;
    assert.equal(checkCvmfs(layout, { ATLAS_SW_BASE: fakeCvmfs(true) })?.code, undefined);
    assert.equal(checkCvmfs(layout, { ATLAS_SW_BASE: fakeCvmfs(false) })?.code, 1377);
    assert.equal(checkCvmfs(layout, { ATLAS_SW_BASE: path.join(tmpdir(), 'no-cvmfs-here') })?.code, 1377);
    assert.equal(checkCvmfs(layout, { ATLAS_SW_BASE: path.join(tmpdir(), 'no-cvmfs-here'), NO_CVMFS_OK: '1' }), undefined);
    assert.equal(getPlugin('generic').cvmfs, undefined);
});
test('pilot: atlas without CVMFS exits 64 before getJob; -b skips the check; a live CVMFS passes', async () => {
    const scn = await createScenario({ config: { getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.1 } });
    try {
        const none = path.join(tmpdir(), 'no-cvmfs-here');
        const dead = await run(scn, 'atlas', { ATLAS_SW_BASE: none });
        assert.equal(dead.code, 64, dead.stdout.slice(-2000));
        assert.equal(scn.emulator.requests.filter((r) => r.method === 'getJob').length, 0, 'no job asked for');
        const skipped = await run(scn, 'atlas', { ATLAS_SW_BASE: none }, ['-b']);
        assert.equal(skipped.code, 0);
        const live = await run(scn, 'atlas', { ATLAS_SW_BASE: fakeCvmfs(true) });
        assert.equal(live.code, 0, live.stdout.slice(-2000));
        const generic = await run(scn, 'generic', { ATLAS_SW_BASE: none });
        assert.equal(generic.code, 0);
        assert.ok(scn.emulator.requests.filter((r) => r.method === 'getJob').length >= 3);
    }
    finally {
        await scn.close();
    }
});
//# sourceMappingURL=cvmfs.test.js.map