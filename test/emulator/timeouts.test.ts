/** Watcher timeouts: lost heartbeat (code 100), sent without reply (102), holding (103). */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startPandaEmulator } from '../../src/emulator/index.js';
import type { PandaEmulator } from '../../src/emulator/index.js';
import { fakeClock, parseQs, postJson, sampleJob } from './helpers.js';

let emu: PandaEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function dispatch(e: PandaEmulator): Promise<number> {
  return Number(parseQs((await postJson(e.url, 'getJob', { siteName: 'TESTQ' })).text).PandaID);
}

describe('server-side timeouts', () => {
  it('fails a running job whose heartbeat is older than the timeout; later updates get tobekilled', async () => {
    const clock = fakeClock();
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob()], clock: clock.now, heartbeatTimeoutS: 600 });
    const id = await dispatch(emu);
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    clock.advance(590);
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    clock.advance(590);
    emu.runDaemons();
    assert.equal(emu.job(id)!.jobStatus, 'running', 'the second heartbeat renewed the job');
    clock.advance(20);
    emu.runDaemons();
    const rec = emu.job(id)!;
    assert.equal(rec.jobStatus, 'failed');
    assert.equal(rec.jobDispatcherErrorCode, 100);
    assert.equal(rec.jobDispatcherErrorDiag, 'lost heartbeat : 2026-03-10 12:09:50');
    assert.equal(rec.active, false);
    const a = await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    assert.equal(parseQs(a.text).command, 'tobekilled');
  });

  it('fails a sent job without any pilot contact (code 102) and a stuck holding job (code 103)', async () => {
    const clock = fakeClock();
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob({ count: 2 })], clock: clock.now, sentTimeoutS: 60, holdingTimeoutS: 120, heartbeatTimeoutS: 1000 });
    const a = await dispatch(emu);
    const b = await dispatch(emu);
    await postJson(emu.url, 'updateJob', { jobId: b, state: 'holding' });
    clock.advance(61);
    emu.runDaemons();
    assert.equal(emu.job(a)!.jobDispatcherErrorCode, 102);
    assert.equal(emu.job(a)!.jobDispatcherErrorDiag, "Sent job didn't receive reply from pilot within 30 min");
    assert.equal(emu.job(b)!.jobStatus, 'holding');
    clock.advance(60);
    emu.runDaemons();
    assert.equal(emu.job(b)!.jobStatus, 'failed');
    assert.equal(emu.job(b)!.jobDispatcherErrorCode, 103);
  });

  it('the daemon timer applies a short real-time heartbeat timeout on its own', async () => {
    emu = await startPandaEmulator({ queues: { TESTQ: {} }, jobs: [sampleJob()], heartbeatTimeoutS: 0.3 });
    const id = await dispatch(emu);
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'running' });
    // the daemon's own timer fails it (whenever the machine lets it run): wait for that change
    await emu.waitForJob(id, ['failed'], 60_000);
    assert.equal(emu.job(id)!.jobDispatcherErrorCode, 100);
    assert.ok(Date.now() - emu.job(id)!.modificationTime >= 300);
  });
});
