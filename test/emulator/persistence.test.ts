/** State file: survives a restart and SIGKILL (an append-only journal), definitions not duplicated. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import { readJournal } from '../../src/emulator/journal.js';
import { simulatePilots } from '../../src/emulator/loadgen.js';
import { parseQs, postJson, sampleJob } from './helpers.js';

describe('persistence', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-state-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('keeps jobs, states, updates and the PandaID sequence across a restart', async () => {
    const stateFile = join(dir, 'sub', 'state.json');
    const jobs = [sampleJob(), sampleJob({ PandaID: 777 })];
    const first = await startPandaEmulator({ queues: { TESTQ: {} }, jobs, stateFile, firstPandaID: 1000 });
    const id = Number(parseQs((await postJson(first.url, 'getJob', { siteName: 'TESTQ' })).text).PandaID);
    await postJson(first.url, 'updateJob', { jobId: id, state: 'running', maxRSS: 123 });
    first.command(id, 'tobekilled');
    await first.close();
    assert.deepEqual((await readdir(join(dir, 'sub'))).sort(), ['state.json'], 'no temporary file left behind');
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { jobs: { PandaID: number }[] };
    assert.equal(saved.jobs.length, 2);

    const second = await startPandaEmulator({ queues: { TESTQ: {} }, jobs, stateFile, firstPandaID: 1000 });
    try {
      assert.equal(second.jobs().length, 2, 'the same --jobs file is not added twice');
      const rec = second.job(id)!;
      assert.equal(rec.jobStatus, 'running');
      assert.equal(rec.updates[0].params.maxRSS, 123);
      assert.equal(parseQs((await postJson(second.url, 'updateJob', { jobId: id, state: 'running' })).text).command, 'tobekilled');
      const [added] = second.addJobs(sampleJob());
      assert.ok(added.PandaID > id && added.PandaID !== 777);
    } finally {
      await second.close();
    }
  });

  it('refuses a state file that is not its format', async () => {
    const stateFile = join(dir, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(stateFile, '{"version": 9}'));
    await assert.rejects(startPandaEmulator({ stateFile }), /unsupported format/);
  });
});

describe('state journal under load and SIGKILL', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-journal-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('100 pilots drain 300 jobs; after SIGKILL every acknowledged final update is there, none sent twice', async () => {
    const bin = join(import.meta.dirname, '../../../bin/panda-emulator.js');
    await writeFile(join(dir, 'jobs.json'), JSON.stringify({ jobs: [{ queue: 'LOADQ', count: 300, transformation: 'run.sh' }] }));
    await writeFile(join(dir, 'queues.json'), JSON.stringify({ LOADQ: {} }));
    const state = join(dir, 'state.jsonl');
    const start = async () => {
      const proc = spawn(process.execPath, [bin, '--port', '0', '--jobs', join(dir, 'jobs.json'), '--queues', join(dir, 'queues.json'), '--state', state], { stdio: ['ignore', 'pipe', 'ignore'] });
      const [url] = (await once(createInterface({ input: proc.stdout! }), 'line')) as [string];
      return { proc, url };
    };
    const first = await start();
    const r = await simulatePilots({ url: first.url, site: 'LOADQ', pilots: 100 });
    const exited = once(first.proc, 'exit');
    first.proc.kill('SIGKILL');
    await exited;
    assert.equal(r.errors, 0);
    assert.equal(r.dispatched.length, 300);
    assert.equal(new Set(r.dispatched).size, 300, 'no job handed out twice');
    assert.equal(r.finalsAcked, 300);

    const second = await start();
    try {
      const jobs = (await (await fetch(`${second.url}/admin/jobs`)).json()) as { PandaID: number; jobStatus: string; updates: unknown[] }[];
      assert.equal(jobs.length, 300, 'the --jobs file is not added again');
      assert.deepEqual([...new Set(jobs.map((j) => j.jobStatus))], ['finished']);
      assert.ok(jobs.every((j) => j.updates.length === 3), 'every update of every job kept');
      const again = await postJson(second.url, 'getJob', { siteName: 'LOADQ' });
      assert.equal(parseQs(again.text).StatusCode, '20', 'nothing left to dispatch after the restart');
    } finally {
      const done = once(second.proc, 'exit');
      second.proc.kill('SIGTERM');
      await done;
    }
  });

  it('reads a torn last line as not written, a version-1 file as a snapshot, and refuses a corrupt middle line', async () => {
    const file = join(dir, 'torn.jsonl');
    const emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ PandaID: 11 }), sampleJob({ PandaID: 12 })], stateFile: file });
    await postJson(emu.url, 'getJob', { siteName: 'TESTQ' });
    await emu.close();
    await appendFile(file, '{"j":{"PandaID":12,"jobStatus":"fini');
    const st = readJournal(file)!;
    assert.deepEqual(st.jobs.map((j) => [j.PandaID, j.jobStatus]), [[11, 'sent'], [12, 'activated']]);

    const v1 = join(dir, 'v1.json');
    await writeFile(v1, JSON.stringify({ version: 1, nextPandaID: 50, nSent: 1, jobs: st.jobs, workerReports: [] }));
    const old = await startPandaEmulator({ queues: { TESTQ: {} }, stateFile: v1 });
    try {
      assert.equal(old.job(11)?.jobStatus, 'sent');
      assert.ok(old.addJobs(sampleJob())[0].PandaID >= 50);
    } finally {
      await old.close();
    }

    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"version":2,"nextPandaID":1,"nSent":0,"jobs":[]}\nnot json\n{"m":{"nSent":1}}\n');
    assert.throws(() => readJournal(bad), /line 2 is not JSON/);
  });
});
