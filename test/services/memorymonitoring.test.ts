/**
 * Memory Monitoring API on real processes: a child that grows its memory steadily must show a
 * positive leak of the right size; a sleeping one none; files, summary and errors as documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { analyzeLeakFile, MemoryMonitoring, monitorProcess } from '../../src/services/memorymonitoring.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { floatToRoundedString } from '../../src/services/analytics.js';
import { waitFor } from '../support/wait.js';

const FIXTURES = new URL('../../../test/services/fixtures/', import.meta.url).pathname;

/** A node child that touches 4 MB for every line on its stdin and exits when stdin closes. */
function grower() {
  const code = `const keep=[];process.stdin.on('data',(d)=>{for(const _ of String(d).split('\\n').slice(1))keep.push(Buffer.alloc(4*1048576,1));});process.stdin.on('end',()=>process.exit(0));`;
  return spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'ignore', 'ignore'] });
}

/** Data rows in a prmon-style file so far. */
async function rows(file: string): Promise<number> {
  return Math.max(0, (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).length - 1);
}

test('a growing process shows a leak of the rate it grows at', async () => {
  const workdir = await mkdtemp(join(tmpdir(), 'memmon-'));
  try {
    // The child grows by 4 MB at each new sample (not on a timer), and ends after 25 samples: as
    // many samples and as steady a growth on a loaded machine as on a quiet one.
    const child = grower();
    const run = monitorProcess({ pid: child.pid!, workdir, intervalMs: 100, network: false });
    const file = join(workdir, 'memory_monitor_output.txt');
    let seen = 0;
    await waitFor(async () => {
      const n = await rows(file);
      for (; seen < n; seen++) child.stdin!.write('grow\n');
      return n >= 25;
    }, 60_000, '25 samples', 10);
    child.stdin!.end();
    const { monitor, series, summary, leak } = await run;
    assert.equal(monitor.running, false);
    assert.ok(series.Time!.length >= 25, `samples ${series.Time?.length}`);
    assert.equal(series.Time!.length, series.pss!.length);
    const pss = series.pss!;
    assert.ok(Math.max(...pss) - pss[0]! > 40_000, `pss grew ${pss[0]} → ${Math.max(...pss)}`);
    assert.ok(summary && summary.Max.pss! >= Math.max(...pss));
    // the fitted slope is the growth the series itself shows per second of its Time column (whole
    // seconds, so within a wide band), whatever the machine's pace
    const time = series.Time!;
    const shown = (Math.max(...pss) - pss[0]!) / Math.max(1, time.at(-1)! - time[0]!);
    assert.ok(leak.slopeKBps !== undefined && leak.slopeKBps > shown / 4 && leak.slopeKBps < shown * 4, `slope ${leak.slopeKBps}, series ${shown} kB/s`);
    assert.equal(leak.slope, floatToRoundedString(leak.slopeKBps, 2));
    assert.equal(leak.samples, series.Time!.length);
    assert.equal(leak.fittedSamples, series.Time!.length - 7); // final analysis: no tails
    // the files are prmon's, readable by the file-based analysis
    const text = await readFile(monitor.getFilename(), 'utf8');
    assert.match(text.split('\n')[0]!, /^Time\tnprocs\tnthreads\twtime/);
    const onDisk = JSON.parse(await readFile(join(workdir, 'memory_monitor_summary.json'), 'utf8'));
    assert.deepEqual(onDisk, summary);
    assert.deepEqual(await analyzeLeakFile(monitor.get_filename(), { final: true }), leak);
    assert.ok(monitor.memoryInfo().maxPSS! > 40_000);
    assert.equal(monitor.get_command(), 'builtin');
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
});

test('a process with constant memory shows no leak; start/stop by hand', async () => {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  // Start watching once the child runs sleep (before its exec it still shares node's memory).
  await waitFor(async () => (await readFile(`/proc/${child.pid}/cmdline`, 'latin1').catch(() => '')).startsWith('sleep'), 10_000, 'sleep running', 5);
  const mon = await new MemoryMonitoring({ pid: child.pid!, intervalMs: 100, network: false }).start();
  assert.equal(mon.running, true);
  // enough samples for the fit (more than the 7 a final analysis drops), then the process ends
  await waitFor(async () => (await rows(mon.getFilename())) >= 16, 60_000, '16 samples', 20);
  child.kill();
  await once(child, 'exit');
  const summary = await mon.stop();
  assert.equal(mon.running, false);
  assert.ok(summary && summary.Max.rss! > 0);
  const leak = await mon.analyzeLeak({ reportZeroSlope: true });
  assert.ok(leak.fittedSamples > 7, `fitted ${leak.fittedSamples}`);
  // PSS splits shared pages (libc) among the processes mapping them, so other processes starting
  // and ending on the machine move sleep's PSS by a few hundred kB: no leak means far below the
  // ~40 000 kB/s of the growing process above, and below sleep's whole size per second.
  assert.ok(Math.abs(leak.slopeKBps!) < 1000, `slope ${leak.slopeKBps}`);
  await rm(mon.workdir, { recursive: true, force: true });
});

test('file analysis gives Pilot 3 figures on its prmon reference file', async () => {
  const file = join(FIXTURES, 'memory_monitor_output-prmon.txt');
  const leak = await analyzeLeakFile(file);
  assert.deepEqual([leak.slope, leak.chi2, leak.intersect], ['76.11', '2.93', '-119826727802.57']);
  const final = await analyzeLeakFile(file, { final: true });
  assert.deepEqual([final.slope, final.chi2, final.intersect], ['9.43', '0.00', '-14837613063.31']);
  assert.equal(final.fittedSamples, 60 - 7);
});

test('bad pids, a gone process and a missing prmon are typed errors', async () => {
  assert.throws(() => new MemoryMonitoring({ pid: 0 }), (e: unknown) => e instanceof PilotError && e.code === ErrorCodes.NOTDEFINED);
  assert.throws(() => new MemoryMonitoring({ pid: 1.5 }), PilotError);
  assert.throws(() => new MemoryMonitoring({ pid: process.pid, intervalMs: 0 }), PilotError);
  const child = spawn('true', { stdio: 'ignore' });
  await once(child, 'exit'); // node has reaped it by then: /proc/<pid> is gone
  await assert.rejects(new MemoryMonitoring({ pid: child.pid!, workdir: tmpdir() }).start(), (e: unknown) => e instanceof PilotError && e.code === ErrorCodes.NOSUCHPROCESS);
  const path = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    const m = new MemoryMonitoring({ pid: process.pid, tool: 'prmon', workdir: tmpdir() });
    await assert.rejects(m.start(), (e: unknown) => e instanceof PilotError && e.code === ErrorCodes.NOSUCHFILE);
    assert.match(m.get_command(), /^prmon --pid \d+ --filename memory_monitor_output.txt --json-summary memory_monitor_summary.json --interval 60$/);
  } finally {
    process.env.PATH = path;
  }
});
