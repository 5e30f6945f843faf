// No job field stops the pilot (1/2): 1,000 seeded fuzzed descriptions in-process through the job
// handler the pilot uses, against one emulator: every one ends (a hang is caught by the test's
// own timeout, which names the cases still in flight) with a final update carrying a code, nothing is written outside the work dir, no exception escapes. The named probe
// of issue 13 (scopeLog = a/b) is among them. The real pilot in a sandbox: fuzz-sandbox.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pilotSetup } from '../../src/cli/setup.js';
import { jobContext } from '../../src/job/pilot.js';
import { handleDescription } from '../../src/job/handle.js';
import { JobJournal } from '../../src/job/journal.js';
import { PilotTiming } from '../../src/job/timing.js';
import { fuzzedDescriptions } from '../support/fuzz.js';
import { betrayals, changed, checkFinal, IN_PROCESS, SEED, site } from '../support/fuzz-site.js';

const WORKERS = Number(process.env.FUZZ_WORKERS ?? 4);

// CPU-bound (~75 ms of CPU per job, so more workers do not shorten it): about 2 min on a 2-core
// machine shared by many, under 1 min on a quiet one. scripts/test.mjs's per-file limit (10 min)
// only guards against a hang.
test(`${IN_PROCESS} fuzzed descriptions through the pilot's job handler: each ends with a final update and a code`, async (t) => {
  const { scn, base } = await site();
  const cwd = process.cwd();
  try {
    const cases = fuzzedDescriptions(base, IN_PROCESS, SEED, 7_100_000_001);
    // The probe, verbatim.
    cases.unshift({ desc: { ...base, PandaID: 7_100_000_000, scopeLog: 'a/b' }, id: 7_100_000_000 });
    scn.emulator.addJobs(cases.map((c) => ({ queue: scn.queue, raw: c.desc })));
    const spool = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : scn.launchDir, 'fuzz-journal-'));
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
      // on tmpfs where there is one: the journal's fsyncs are what it does, not what this tests,
      // and on a busy disk they made the run's length follow the machine's load
      journal: new JobJournal(spool),
    });
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    const codes = new Map<string, number>();
    try {
      // A few at a time: the machine is shared, the jobs are independent.
      let next = 0;
      // Jobs end by their own configured deadlines; should one hang, the test's timeout cancels the
      // test and this names the cases still running (no wall-clock bound of ours per job).
      const inFlight = new Set<string>();
      t.signal.addEventListener('abort', () => {
        if (inFlight.size) console.error(`fuzz: cancelled with cases in flight: ${[...inFlight].join('; ')}`);
      });
      const worker = async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const what = `case ${c.desc.PandaID} ${changed(base, c.desc)}`;
          inFlight.add(what);
          await handleDescription(c.desc, { parseJob: setup.parseJob, salvageJob: setup.salvageJob, context: ctx });
          inFlight.delete(what);
          if (c.id === undefined) continue;
          const key = checkFinal(scn, c.id, what);
          codes.set(key, (codes.get(key) ?? 0) + 1);
        }
      };
      await Promise.all(Array.from({ length: WORKERS }, worker));
    } finally {
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    }
    assert.deepEqual(uncaught, [], 'no uncaught exception');
    assert.match(checkFinal(scn, 7_100_000_000, 'scopeLog a/b'), /^failed:1371$/);
    assert.deepEqual(betrayals([scn.launchDir, cwd, os.tmpdir(), path.dirname(scn.launchDir)]), []);
    assert.deepEqual(readdirSync(spool), [], 'every job fully reported');
    rmSync(spool, { recursive: true, force: true });
    assert.ok(codes.size > 5, `the fuzz reaches many outcomes: ${[...codes]}`);
    console.log(`fuzz: ${cases.length} descriptions, outcomes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}`);
  } finally {
    await scn.close().catch(() => undefined);
  }
});
