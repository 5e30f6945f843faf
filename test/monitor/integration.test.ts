import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ErrorCodes, type PilotError } from '../../src/common/errors.js';
import { startJobMonitor } from '../../src/monitor/index.js';
import { spawnPayload } from '../../src/payload/index.js';
import { tempWorkdir, until } from './helpers.js';

test('with the payload runner: a memory hog that left the process group is seen, and the job fails with 1235', async () => {
  const { dir, cleanup } = tempWorkdir();
  const hog = `${process.execPath} -e 'const b=[];for(let i=0;i<160;i++)b.push(Buffer.alloc(1<<20,1));setInterval(()=>{},1000)'`;
  const proc = spawnPayload({
    command: `setsid ${hog} & echo started; sleep 300`,
    cwd: dir, stdoutPath: join(dir, 'payload.stdout'), stderrPath: join(dir, 'payload.stderr'),
  });
  let violation: PilotError | undefined;
  const mon = startJobMonitor({
    workdir: dir, pids: () => proc.tree.pids(), job: { jobid: '7', corecount: 1, resourcetype: 'SCORE' },
    queuedata: { maxrss: 0, pilot_rss_grace: 1 }, resourceTypes: { SCORE: { maxrampercore: 100 } }, pilotUser: 'atlas',
    settings: { memoryMonitorInterval: 0.2, memoryCheckPeriod: 0.2, diskCheckPeriod: 0.5, freeSpaceLimit: 1024 * 1024 },
    onViolation: (e) => (violation = e),
  });
  try {
    await until(() => violation, 60_000);
    assert.equal(violation!.code, ErrorCodes.PAYLOADEXCEEDMAXMEM);
    // The hog runs in its own session: only the marker-based tree makes it visible.
    const procs = mon.latest()!.procs;
    assert.ok(procs.some((p) => p.comm === 'node' && p.pss > 100 * 1024), JSON.stringify(procs.map((p) => [p.pid, p.comm])));
    await proc.kill(2000);
    await proc.exited;
    const s = await mon.stop();
    assert.ok(s.memory.maxPSS! > 100 * 1024);
    assert.equal(s.violation?.code, 1235);
    assert.deepEqual(proc.tree.pids(), [], 'nothing of the tree is left');
  } finally {
    await proc.kill(0).catch(() => undefined);
    cleanup();
  }
});
