/** State file: survives a restart, written atomically, definitions not duplicated. */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
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
