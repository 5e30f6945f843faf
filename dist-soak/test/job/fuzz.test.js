// No job field stops the pilot. Seeded fuzzed descriptions (1,000 in-process through the job
// handler the pilot uses, against one emulator; a sample through the real pilot binary in a
// bubblewrap sandbox where only the site's directory is writable): every one ends in bounded time
// with a final update carrying a code, nothing is written outside the work dir, no exception
// escapes. The named probe of issue 13 (scopeLog = a/b) is among them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScenario, PILOT_MAIN } from '../../src/demo/scenario.js';
import { DEMO_INPUT, DEMO_INPUT_BODY, DEMO_TRFS, demoJobs } from '../../src/demo/jobs.js';
import { describeJob } from '../../src/emulator/index.js';
import { pilotSetup } from '../../src/cli/setup.js';
import { jobContext } from '../../src/job/pilot.js';
import { handleDescription } from '../../src/job/handle.js';
import { JobJournal } from '../../src/job/journal.js';
import { PilotTiming } from '../../src/job/timing.js';
import { fuzzedDescriptions } from '../support/fuzz.js';
const SEED = 13;
const IN_PROCESS = Number(process.env.FUZZ_CASES ?? 1000);
const SANDBOXED = 24;
/** Upper bound of one fuzzed job (a hang is a failure, not a slow test). */
const JOB_BOUND_MS = 60_000;
const CONFIG = { heartbeat: 600, update_sleep: 0.05, final_update_deadline: 5, kill_grace: 1, log_stageout_deadline: 30 };
async function site() {
    const scn = await createScenario({
        jobs: [demoJobs()[0].def],
        trfs: DEMO_TRFS,
        inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
        config: CONFIG,
        queueOverrides: { timefloor: 600 },
        // No state file: a thousand jobs would make every save slow.
        emulator: { stateFile: undefined },
    });
    const [rec] = scn.emulator.jobs();
    const base = describeJob(rec, { trfBaseUrl: `${scn.emulator.url}/trf`, nSent: 0 });
    scn.emulator.command(rec.PandaID, 'kill');
    return { scn, base };
}
/** The final updates of a job, checked: at least one, each with an integer code, failed ⇒ code > 0. */
function checkFinal(scn, id, what) {
    const finals = scn.emulator.updates(id).filter((u) => u.params.state === 'finished' || u.params.state === 'failed');
    assert.ok(finals.length >= 1, `${what}: no final update`);
    const p = finals.at(-1).params;
    const code = Number(p.pilotErrorCode);
    assert.ok(Number.isInteger(code), `${what}: pilotErrorCode ${p.pilotErrorCode}`);
    if (p.state === 'failed')
        assert.ok(code > 0 || Number(p.exeErrorCode) > 0 || Number(p.transExitCode) > 0, `${what}: failed without a code`);
    return `${p.state}:${code}`;
}
/** The fields a fuzzed description changed, for failure messages. */
function changed(base, d) {
    const keys = new Set([...Object.keys(base), ...Object.keys(d)]);
    return JSON.stringify(Object.fromEntries([...keys].filter((k) => k !== 'PandaID' && JSON.stringify(base[k]) !== JSON.stringify(d[k])).map((k) => [k, d[k] === undefined ? '<dropped>' : d[k]]))).slice(0, 600);
}
/** Files that would betray a fuzzed value reaching a shell or a path outside the work dir. */
function betrayals(dirs) {
    const out = [];
    for (const d of dirs)
        for (const f of ['fuzz-pwned', 'escape', 'x;touch fuzz-pwned'])
            if (existsSync(path.join(d, f)))
                out.push(path.join(d, f));
    return out;
}
test(`${IN_PROCESS} fuzzed descriptions through the pilot's job handler: each ends with a final update and a code`, async () => {
    const { scn, base } = await site();
    const cwd = process.cwd();
    try {
        const cases = fuzzedDescriptions(base, IN_PROCESS, SEED, 7_100_000_001);
        // The probe, verbatim.
        cases.unshift({ desc: { ...base, PandaID: 7_100_000_000, scopeLog: 'a/b' }, id: 7_100_000_000 });
        scn.emulator.addJobs(cases.map((c) => ({ queue: scn.queue, raw: c.desc })));
        const setup = await pilotSetup(scn.pilotArgs(), scn.pilotEnv());
        setup.env.PILOT_HOME = scn.launchDir;
        const queuedata = await setup.loadQueue(scn.launchDir);
        const ac = new AbortController();
        const ctx = jobContext(setup, {
            pilotHome: scn.launchDir,
            sourcedir: scn.launchDir,
            timing: new PilotTiming(),
            queuedata,
            signal: ac.signal,
            lifetimeS: 86_400,
            journal: new JobJournal(path.join(scn.launchDir, 'panda-pilot-journal')),
        });
        const uncaught = [];
        const onUncaught = (e) => uncaught.push(e);
        process.on('uncaughtException', onUncaught);
        process.on('unhandledRejection', onUncaught);
        const codes = new Map();
        try {
            // A few at a time: the machine is shared, the jobs are independent.
            let next = 0;
            const worker = async () => {
                while (next < cases.length) {
                    const c = cases[next++];
                    let timer;
                    const bound = new Promise((r) => (timer = setTimeout(() => r('timeout'), JOB_BOUND_MS)));
                    const res = await Promise.race([handleDescription(c.desc, { parseJob: setup.parseJob, salvageJob: setup.salvageJob, context: ctx }), bound]);
                    clearTimeout(timer);
                    const what = `case ${c.desc.PandaID} ${changed(base, c.desc)}`;
                    assert.notEqual(res, 'timeout', `${what}: not done in ${JOB_BOUND_MS} ms`);
                    if (c.id === undefined)
                        continue;
                    const key = checkFinal(scn, c.id, what);
                    codes.set(key, (codes.get(key) ?? 0) + 1);
                }
            };
            await Promise.all(Array.from({ length: 4 }, worker));
        }
        finally {
            process.off('uncaughtException', onUncaught);
            process.off('unhandledRejection', onUncaught);
        }
        assert.deepEqual(uncaught, [], 'no uncaught exception');
        assert.match(checkFinal(scn, 7_100_000_000, 'scopeLog a/b'), /^failed:1371$/);
        assert.deepEqual(betrayals([scn.launchDir, cwd, os.tmpdir(), path.dirname(scn.launchDir)]), []);
        assert.deepEqual(readdirSync(path.join(scn.launchDir, 'panda-pilot-journal')), [], 'every job fully reported');
        assert.ok(codes.size > 5, `the fuzz reaches many outcomes: ${[...codes]}`);
        console.log(`fuzz: ${cases.length} descriptions, outcomes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}`);
    }
    finally {
        await scn.close().catch(() => undefined);
    }
});
test(`${SANDBOXED} fuzzed descriptions through the real pilot in a read-only sandbox: no write outside the site, the pilot never stops`, async () => {
    const { scn, base } = await site();
    const probe = mkdtempSync(path.join(os.tmpdir(), 'fuzz-tmp-'));
    try {
        const cases = fuzzedDescriptions(base, SANDBOXED, SEED + 1, 7_200_000_001).filter((c) => c.id !== undefined);
        cases.unshift({ desc: { ...base, PandaID: 7_200_000_000, scopeLog: 'a/b' }, id: 7_200_000_000 });
        scn.emulator.addJobs(cases.map((c) => ({ queue: scn.queue, prodSourceLabel: 'ptest', raw: c.desc })));
        // Everything read-only but the site's directory; /tmp is an empty probe we inspect afterwards.
        const argv = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', probe, '/tmp', '--bind', scn.dir, scn.dir, '--chdir', scn.launchDir, '--', process.execPath, PILOT_MAIN, ...scn.pilotArgs(['-x', '1', '-v', '3'])];
        const child = spawn('bwrap', argv, { env: scn.pilotEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d.toString()));
        child.stderr.on('data', (d) => (out += d.toString()));
        const code = await new Promise((r) => child.on('close', r));
        assert.equal(code, 0, out.slice(-3000));
        for (const c of cases)
            checkFinal(scn, c.id, `sandboxed case ${c.id} ${changed(base, c.desc)}`);
        assert.match(checkFinal(scn, 7_200_000_000, 'scopeLog a/b'), /^failed:1371$/);
        assert.doesNotMatch(out, /EROFS|read-only file system/i, 'no attempt to write outside the site');
        // (the site's own mount point shows in the probe: bwrap made it to bind the site there)
        assert.deepEqual(readdirSync(probe).filter((f) => f !== path.basename(scn.dir)), [], 'nothing written to /tmp');
        assert.deepEqual(readdirSync(scn.dir).sort(), ['launch', 'pilot.cfg', 'trf'], 'nothing written next to the launch dir');
        assert.deepEqual(betrayals([scn.launchDir]), []);
    }
    finally {
        rmSync(probe, { recursive: true, force: true });
        await scn.close();
    }
});
//# sourceMappingURL=fuzz.test.js.map