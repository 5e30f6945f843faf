// The job journal against real SIGKILLs of the pilot: a payload left running by a killed pilot is
// found and killed by the next pilot, which reports the job; a final update the server was
// refusing when the pilot died, or past final_update_deadline, is re-sent by the next pilot —
// exactly once, with its log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { JobJournal, writeFileAtomic } from '../../src/job/journal.js';
import { FINAL_UPDATE_JOURNALED_EXIT } from '../../src/job/pilot.js';
import { alive, waitFor } from '../support/wait.js';
import { SLEEPER, startUntilPayload } from '../support/payloads.js';

const journalOf = (scn: Scenario) => path.join(scn.launchDir, 'panda-pilot-journal');
const records = (scn: Scenario) => (existsSync(journalOf(scn)) ? readdirSync(journalOf(scn)).filter((f) => f.endsWith('.json')) : []);
const finals = (scn: Scenario, id: number) => scn.emulator.updates(id).filter((u) => u.params.state === 'finished' || u.params.state === 'failed');
const logReported = (fin: Record<string, unknown>) => Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.includes('job.log.tgz'));

test('journal records are written atomically and claimed once', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  try {
    const j = new JobJournal(dir);
    const rec = j.open('42', { description: { PandaID: 42 }, pilotHome: dir, workdir: path.join(dir, 'PanDA_Pilot-42') });
    rec.update({ phase: 'payload' });
    assert.deepEqual(readdirSync(dir), ['42.json'], 'no temporary file left');
    assert.equal(j.list()[0]!.phase, 'payload');
    assert.equal(j.claimOrphans().length, 0, 'a live owner keeps its record');
    // A dead owner (a pid that cannot exist): claimed by the first caller only.
    writeFileAtomic(path.join(dir, '42.json'), JSON.stringify({ ...j.list()[0], owner: { pid: 2 ** 22 + 1, start: 1, host: os.hostname() } }));
    writeFileSync(path.join(dir, 'junk.json'), '{not json');
    assert.equal(j.claimOrphans().length, 1);
    assert.equal(j.claimOrphans().length, 0, 'now ours');
    assert.ok(existsSync(path.join(dir, 'junk.json')), 'a foreign file is never deleted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the spool is made with the first record and an empty default spool is removed at the end; records and a site spool stay', () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  try {
    const dir = path.join(base, 'panda-pilot-journal');
    const j = new JobJournal(dir, { removeWhenEmpty: true });
    assert.deepEqual(j.list(), [], 'nothing to list before the first record');
    assert.equal(existsSync(dir), false, 'not made before a job is journaled');
    const rec = j.open('7', { description: { PandaID: 7 }, pilotHome: base, workdir: path.join(base, 'PanDA_Pilot-7') });
    j.close();
    assert.deepEqual(readdirSync(dir), ['7.json'], 'a record to keep keeps the spool');
    // another pilot on the same spool found it empty and removed it: the next write makes it again
    rmSync(dir, { recursive: true });
    rec.update({ phase: 'payload' });
    assert.equal(j.list()[0]!.phase, 'payload');
    rec.remove();
    j.close();
    assert.equal(existsSync(dir), false, 'empty default spool removed');
    const site = path.join(base, 'site-spool');
    const s = new JobJournal(site);
    s.open('8', { description: { PandaID: 8 }, pilotHome: base, workdir: base }).remove();
    s.close();
    assert.ok(existsSync(site), "a site's spool is the site's: left in place");
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a normal run leaves no panda-pilot-journal/ in the launch dir', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'ok.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'ok.sh': '#!/bin/bash\necho done\n' },
    config: { heartbeat: 60, update_sleep: 0.2 },
  });
  try {
    const run = await startPilot(scn, ['-x', '1']).done;
    assert.equal(run.code, 0, run.stderr);
    assert.equal(scn.emulator.jobs()[0]!.jobStatus, 'finished');
    assert.match(run.stdout, /job journal/, 'the journal was in use');
    assert.equal(existsSync(journalOf(scn)), false, 'nothing left behind');
  } finally {
    await scn.close();
  }
});

test('SIGKILL mid-payload: the next pilot kills the payload (daemon included) and reports the job with its log', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'sleeper.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'sleeper.sh': SLEEPER },
    config: { heartbeat: 60, update_sleep: 0.3, kill_grace: 2 },
  });
  try {
    const { run, job, pids } = await startUntilPayload(scn);
    await waitFor(() => records(scn).length === 1 && readFileSync(path.join(journalOf(scn), records(scn)[0]!), 'utf8').includes('"payload":{'), 10_000, 'payload journaled');
    const journaled = JSON.parse(readFileSync(path.join(journalOf(scn), records(scn)[0]!), 'utf8')) as { payload: { cgroup?: string; containment: string } };
    run.child.kill('SIGKILL');
    const first = await run.done;
    assert.match(first.stdout, /payload containment: (cgroup|pidns)/, 'the log says which containment is in use');
    for (const pid of pids) assert.ok(alive(pid), 'the payload outlives a SIGKILLed pilot');
    assert.equal(finals(scn, job.PandaID).length, 0);

    const next = await startPilot(scn, ['-x', '1']).done;
    for (const pid of pids) assert.equal(alive(pid), false, `process ${pid} of the dead pilot's payload survived`);
    const fin = finals(scn, job.PandaID);
    assert.equal(fin.length, 1, 'exactly one final update');
    assert.equal(fin[0]!.params.state, 'failed');
    assert.equal(Number(fin[0]!.params.pilotErrorCode), 1200, 'KILLSIGNAL');
    assert.match(String(fin[0]!.params.pilotErrorDiag), /pilot .* died/);
    assert.ok(logReported(fin[0]!.params), 'log staged out and reported');
    assert.deepEqual(records(scn), [], 'journal emptied');
    assert.equal(existsSync(journalOf(scn)), false, 'and removed once empty');
    if (journaled.payload.cgroup) assert.equal(existsSync(journaled.payload.cgroup), false, 'the dead payload\'s cgroup is removed');
    assert.equal(next.code, 0, next.stderr);
  } finally {
    await scn.close();
  }
});

test('SIGKILL while the final update is refused: the next pilot re-sends it, once', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'ok.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'ok.sh': '#!/bin/bash\necho done\n' },
    config: { heartbeat: 60, update_sleep: 0.2, final_update_deadline: 600 },
  });
  try {
    scn.emulator.injectFault({ method: 'updateJob', mode: 'http500', count: 100_000 });
    const run = startPilot(scn);
    const [job] = scn.emulator.jobs();
    await waitFor(() => records(scn).length === 1 && readFileSync(path.join(journalOf(scn), records(scn)[0]!), 'utf8').includes('"state":"final-pending"'), 30_000, 'final update journaled');
    // Wait until the refused final update really went out at least once.
    await waitFor(() => scn.emulator.requests.filter((r) => r.method === 'updateJob' && r.fault).length >= 3, 10_000, 'final update refused');
    run.child.kill('SIGKILL');
    await run.done;
    scn.emulator.clearFaults();
    assert.equal(finals(scn, job!.PandaID).length, 0, 'the server has no final update yet');

    const next = await startPilot(scn, ['-x', '1']).done;
    const fin = finals(scn, job!.PandaID);
    assert.equal(fin.length, 1, 'exactly one final update arrives');
    assert.equal(fin[0]!.params.state, 'finished');
    assert.ok(logReported(fin[0]!.params), 'with the log');
    assert.equal(scn.emulator.job(job!.PandaID)?.jobStatus, 'finished');
    assert.deepEqual(records(scn), []);
    assert.equal(next.code, 0, next.stderr);
  } finally {
    await scn.close();
  }
});

test('a final update past final_update_deadline stays journaled (distinct exit code, work dir kept) and the next pilot sends it', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'ok.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'ok.sh': '#!/bin/bash\necho done\n' },
    config: { heartbeat: 60, update_sleep: 0.2, final_update_deadline: 1 },
  });
  try {
    scn.emulator.injectFault({ method: 'updateJob', mode: 'http500', count: 100_000 });
    const first = await startPilot(scn).done;
    const [job] = scn.emulator.jobs();
    assert.equal(first.code, FINAL_UPDATE_JOURNALED_EXIT, first.stdout.split("\n").filter((l) => /journal|final|handle|error/i.test(l)).join("\n").slice(-3000));
    assert.equal(records(scn).length, 1, 'journaled (the spool is kept with it)');
    assert.ok(existsSync(path.join(scn.launchDir, `PanDA_Pilot-${job!.PandaID}`)), 'work dir kept');
    scn.emulator.clearFaults();
    const next = await startPilot(scn, ['-x', '1']).done;
    assert.equal(next.code, 0, next.stderr);
    assert.equal(finals(scn, job!.PandaID).length, 1);
    assert.equal(scn.emulator.job(job!.PandaID)?.jobStatus, 'finished');
    assert.equal(existsSync(path.join(scn.launchDir, `PanDA_Pilot-${job!.PandaID}`)), false, 'work dir removed once reported');
  } finally {
    await scn.close();
  }
});
