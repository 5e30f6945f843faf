import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryMonitor, findPrmon, queueWantsPrmon, readSummary, readTable } from '../../src/monitor/index.js';
import { descendantsByScan, parseSmaps, processTree } from '../../src/monitor/proc.js';
import { startPayload, tempWorkdir } from './helpers.js';
import { waitFor } from '../support/wait.js';

const HOLD_300MB = 'const b=[];for(let i=0;i<300;i++)b.push(Buffer.alloc(1<<20,7));console.log("ready");setInterval(()=>{},1000)';

function kernelFigures(pids: number[]): { pss: number; rss: number } {
  let pss = 0;
  let rss = 0;
  for (const pid of pids) {
    const m = parseSmaps(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    pss += m.pss;
    rss += m.rss;
  }
  return { pss, rss };
}

test('max PSS/RSS of a tree holding 300 MB are within 5 % of the kernel figures read at the same moment', async () => {
  const { dir, cleanup } = tempWorkdir();
  // bash → node: a two-process tree, the node child holds 300 MB of touched memory.
  const payload = startPayload(['bash', '-c', `${process.execPath} -e '${HOLD_300MB}'; true`], dir);
  const mon = new MemoryMonitor({ pid: payload.pid, workdir: dir, intervalMs: 100 }).start();
  try {
    await payload.waitFor('ready');
    const row = mon.sample()!;
    const kernel = kernelFigures(processTree(payload.pid));
    assert.equal(row.nprocs, 2);
    assert.ok(kernel.rss > 300 * 1024, `kernel rss ${kernel.rss} kB`);
    assert.ok(Math.abs(row.pss - kernel.pss) / kernel.pss < 0.05, `pss ${row.pss} vs kernel ${kernel.pss}`);
    assert.ok(Math.abs(row.rss - kernel.rss) / kernel.rss < 0.05, `rss ${row.rss} vs kernel ${kernel.rss}`);
    const s = mon.summary();
    assert.ok(Math.abs(s.Max.pss! - kernel.pss) / kernel.pss < 0.05, `max pss ${s.Max.pss} vs kernel ${kernel.pss}`);
    assert.ok(Math.abs(s.Max.rss! - kernel.rss) / kernel.rss < 0.05, `max rss ${s.Max.rss} vs kernel ${kernel.rss}`);
    const info = mon.memoryInfo();
    assert.equal(info.maxPSS, s.Max.pss);
    assert.ok(info.maxVMEM! >= info.maxRSS!);
    // While running: the summary snapshot exists, the final summary does not yet (as with prmon).
    assert.ok(existsSync(join(dir, 'memory_monitor_summary.json_snapshot')));
    assert.equal(existsSync(join(dir, 'memory_monitor_summary.json')), false);
  } finally {
    payload.kill();
    await payload.exited;
  }
  const final = await mon.stop();
  try {
    assert.deepEqual(readSummary(dir), JSON.parse(JSON.stringify(final)));
    const table = readTable(dir);
    assert.equal(table.data.Time!.length, mon.series().length);
    assert.deepEqual(table.data.pss, mon.series().map((r) => r.pss));
    assert.equal(mon.sample(), undefined, 'no samples after stop');
  } finally {
    cleanup();
  }
});

test('a MemoryMonitor needs a pid or a pids function; without a work dir it writes nothing', async () => {
  assert.throws(() => new MemoryMonitor({}), /pid/);
  const { dir, cleanup } = tempWorkdir();
  try {
    const mon = new MemoryMonitor({ pids: () => [process.pid] });
    const t0 = Date.now() / 1000;
    const row = mon.sample()!;
    const t1 = Date.now() / 1000;
    assert.ok(row.pss > 0 && row.nthreads >= 1);
    assert.ok(row.Time >= Math.floor(t0) && row.Time <= Math.ceil(t1), `Time ${row.Time} is epoch seconds of the sample (${t0}..${t1})`);
    await mon.stop();
    assert.deepEqual(readTable(dir).columns, []);
  } finally {
    cleanup();
  }
});

test('prmon is used only when installed: detection walks PATH without running anything', () => {
  const { dir, cleanup } = tempWorkdir();
  try {
    assert.equal(findPrmon(`${dir}:/nonexistent`), undefined);
    writeFileSync(join(dir, 'prmon'), '#!/bin/sh\n');
    assert.equal(findPrmon(`/nonexistent:${dir}`), undefined, 'not executable');
    chmodSync(join(dir, 'prmon'), 0o755);
    assert.equal(findPrmon(`/nonexistent:${dir}`), join(dir, 'prmon'));
    assert.equal(queueWantsPrmon({ params: { memory_monitor: 'prmon' } }), true);
    assert.equal(queueWantsPrmon({ catchall: 'singularity prmon' }), true);
    assert.equal(queueWantsPrmon({ catchall: 'pilotXcache' }), false);
  } finally {
    cleanup();
  }
});

test('the process tree from children files equals the one from a full /proc scan', async () => {
  const { dir, cleanup } = tempWorkdir();
  const payload = startPayload(['bash', '-c', 'sleep 300 & (sleep 300 & sleep 300; true) & echo up; wait'], dir);
  try {
    await payload.waitFor('up');
    // all three sleeps exist (the subshell starts its own after `up`): the tree no longer changes
    const sleeps = () => descendantsByScan(payload.pid).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1').startsWith('sleep');
      } catch {
        return false;
      }
    }).length;
    await waitFor(() => sleeps() === 3, 30_000, 'three sleeps');
    const a = processTree(payload.pid).sort();
    const b = descendantsByScan(payload.pid).sort();
    assert.ok(a.length >= 4, `tree ${a}`);
    assert.deepEqual(a, b);
    assert.deepEqual(processTree(999_999_999), []);
  } finally {
    payload.kill();
    cleanup();
  }
});
