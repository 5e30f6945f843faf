import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../../src/common/errors.js';
import { DEFAULT_SETTINGS, type MonitorSettings } from '../../src/monitor/limits.js';
import { totalsOf, type ProcSample, type Snapshot } from '../../src/monitor/snapshot.js';
import { diskWatcher, loopingWatcher, memoryLimitWatcher, type WatchContext } from '../../src/monitor/watchers.js';
import { WorkdirScanner, genericLoopingIgnore } from '../../src/monitor/workdir-scan.js';
import { atlasLoopingIgnore } from '../../src/user/atlas/looping.js';
import { tempWorkdir } from './helpers.js';

// A recorded snapshot (from a 2-process payload tree) to decide on without a payload.
const recorded: ProcSample[] = [
  { pid: 4100, ppid: 4000, comm: 'bash', state: 'S', threads: 1, utime: 0.01, stime: 0, cutime: 0, cstime: 0, vmem: 7200, rss: 3400, pss: 900, swap: 0, rchar: 9000, wchar: 20, read_bytes: 0, write_bytes: 0, start: 5000.5 },
  { pid: 4101, ppid: 4100, comm: 'athena.py', state: 'R', threads: 4, utime: 50.2, stime: 3.1, cutime: 0, cstime: 0, vmem: 3_000_000, rss: 2_100_000, pss: 2_050_000, swap: 1000, rchar: 1e9, wchar: 5e8, read_bytes: 4e8, write_bytes: 2e8, start: 5001 },
];
const snapshot: Snapshot = { time: 1_700_000_000_000, uptime: 6000, procs: recorded, totals: totalsOf(recorded) };

function ctx(workdir: string, over: Partial<WatchContext> = {}): WatchContext {
  return {
    job: {}, settings: DEFAULT_SETTINGS, workdir, startTime: Date.now() - 10_000, now: Date.now(),
    scanner: new WorkdirScanner(workdir), maxPss: 0, env: {}, workdirSizes: [], ...over,
  };
}

test('memory limit decision on a recorded snapshot', () => {
  const w = memoryLimitWatcher(2_000_000, 60, 'subresource=SCORE');
  const c = ctx('/nonexistent');
  const e = w.check(snapshot, c);
  assert.equal(e?.code, ErrorCodes.PAYLOADEXCEEDMAXMEM);
  assert.equal(e?.code, 1235);
  assert.match((e!.cause as Error).message, /2050900 kB > 2000000 kB/);
  assert.equal(memoryLimitWatcher(3_000_000, 60, '').check(snapshot, c), undefined);
  // A peak seen earlier counts even if the current sample is lower (prmon's maxPSS).
  assert.equal(memoryLimitWatcher(3_000_000, 60, '').check(snapshot, { ...c, maxPss: 3_000_001 })?.code, 1235);
});

test('looping decision: recent modification within the limit is fine, then a verdict after the limit', () => {
  const { dir, cleanup } = tempWorkdir();
  try {
    const settings: MonitorSettings = { ...DEFAULT_SETTINGS, loopingLimit: 100, loopingCheckPeriod: 10 };
    const w = loopingWatcher(settings);
    const now = Date.now();
    writeFileSync(join(dir, 'out.txt'), 'x');
    utimesSync(join(dir, 'out.txt'), (now - 50_000) / 1000, (now - 50_000) / 1000);
    // The pilot's own files never count as activity.
    writeFileSync(join(dir, 'memory_monitor_output.txt'), 'x');
    writeFileSync(join(dir, 'pilotlog.txt'), 'x');
    const c = ctx(dir, { startTime: now - 60_000, now });
    assert.equal(w.check(undefined, c), undefined);
    assert.ok(Math.abs(w.lastTouched()! - (now - 50_000)) < 1000, "whole seconds, as Pilot 3");
    // 60 s later nothing changed: 110 s idle > 100 s limit.
    const e = w.check(undefined, { ...c, now: now + 60_000, scanner: new WorkdirScanner(dir) });
    assert.equal(e?.code, ErrorCodes.LOOPINGJOB);
    assert.equal(e?.code, 1150);
  } finally {
    cleanup();
  }
});

test('looping: no verdict before the verification time, none without any touched file, suspension compensated', () => {
  const { dir, cleanup } = tempWorkdir();
  try {
    const settings: MonitorSettings = { ...DEFAULT_SETTINGS, loopingLimit: 100, loopingCheckPeriod: 10 };
    const now = Date.now();
    const w = loopingWatcher(settings);
    assert.equal(w.check(undefined, ctx(dir, { startTime: now - 5_000, now })), undefined);
    const old = join(dir, 'input.root');
    writeFileSync(old, 'x');
    utimesSync(old, (now - 500_000) / 1000, (now - 500_000) / 1000);
    assert.equal(w.check(undefined, ctx(dir, { startTime: now - 600_000, now })), undefined, 'only old files: no verdict');
    assert.equal(w.lastTouched(), undefined);

    const s = loopingWatcher({ ...settings, loopingLimit: 1000 });
    const recent = join(dir, 'log.txt');
    writeFileSync(recent, 'x');
    utimesSync(recent, (now - 10_000) / 1000, (now - 10_000) / 1000);
    assert.equal(s.check(undefined, ctx(dir, { startTime: now - 60_000, now })), undefined);
    // Next check comes 3600 s later (node suspended): the gap is not counted as idle time.
    const later = now + 3_600_000;
    assert.equal(s.check(undefined, ctx(dir, { startTime: now - 60_000, now: later })), undefined);
    assert.ok(s.lastTouched()! > now);
  } finally {
    cleanup();
  }
});

test('looping ignore lists follow Pilot 3: generic (plus our memory monitor files) and ATLAS (a superset)', () => {
  const wd = '/w/job';
  const both = ['/w/job', '/w/job/prmon.log', '/w/job/x.py', '/w/job/pilotlog.txt', '/w/job/memory_monitor_output.txt', '/w/job/pandaJob.out', '/w/job/lib.lib.tgz'];
  const atlasOnly = ['/w/job/workDir', '/w/job/PoolFileCatalog.xml', '/w/job/setup.sh', '/w/job/DBRelease-1.tar', '/w/job/a/pilot', '/w/job/pilot/x', '/w/job/runjob.log', '/w/job/mem.dat', '/w/job/docs/a'];
  const neither = ['/w/job/payload.stdout', '/w/job/AOD.pool.root', '/w/job/workDir/tmp.stdout.1'];
  for (const p of both) {
    assert.equal(genericLoopingIgnore(wd, p), true, p);
    assert.equal(atlasLoopingIgnore(wd, p), true, p);
  }
  for (const p of atlasOnly) {
    assert.equal(genericLoopingIgnore(wd, p), false, p);
    assert.equal(atlasLoopingIgnore(wd, p), true, p);
  }
  for (const p of neither) {
    assert.equal(genericLoopingIgnore(wd, p), false, p);
    assert.equal(atlasLoopingIgnore(wd, p), false, p);
  }
  // matched inside the work dir: a work dir below a "pilot" or ".py" directory hides nothing
  assert.equal(atlasLoopingIgnore('/scratch/pilot/.pyenv/job', '/scratch/pilot/.pyenv/job/AOD.pool.root'), false);
  // the scanner's default list is the generic one: a newer x.py is not the newest file, the older output is
  const { dir, cleanup } = tempWorkdir();
  try {
    writeFileSync(join(dir, 'AOD.pool.root'), 'a');
    writeFileSync(join(dir, 'x.py'), 'b');
    utimesSync(join(dir, 'AOD.pool.root'), 1_000_000, 1_000_000);
    assert.equal(new WorkdirScanner(dir).scan().newest?.path, join(dir, 'AOD.pool.root'));
  } finally {
    cleanup();
  }
});

test('disk decisions: log size, local space, work dir size, output size — in Pilot 3 order', () => {
  const { dir, cleanup } = tempWorkdir();
  try {
    writeFileSync(join(dir, 'payload.stdout'), Buffer.alloc(3000));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'data.bin'), Buffer.alloc(5000));
    writeFileSync(join(dir, 'out.root'), Buffer.alloc(4000));
    const job = { corecount: 1, outdata: [{ lfn: 'out.root' }], indata: [{ lfn: 'in.root' }] };
    const base: MonitorSettings = { ...DEFAULT_SETTINGS, freeSpaceLimit: 1 };
    const check = (s: Partial<MonitorSettings>, q: object = { maxwdir: 1, pilot_maxwdir_grace: 1 }, env: NodeJS.ProcessEnv = {}) =>
      diskWatcher(job, q, { ...base, ...s }).check(undefined, ctx(dir, { env }));
    assert.equal(check({ stdoutSizeLimit: 2000 })?.code, ErrorCodes.STDOUTTOOBIG);
    assert.equal(check({ freeSpaceLimit: 1024 ** 3 }, {}, { storageLimitMiB: '100', storageRequestMiB: '100' })?.code, ErrorCodes.NOLOCALSPACE);
    assert.equal(check({ maxOutputFileSize: 4000 }, { maxwdir: 0.01, pilot_maxwdir_grace: 1 })?.code, ErrorCodes.USERDIRTOOLARGE);
    assert.equal(check({ maxOutputFileSize: 4000 })?.code, ErrorCodes.OUTPUTFILETOOLARGE);
    const c = ctx(dir);
    assert.equal(diskWatcher(job, { maxwdir: 1 }, base).check(undefined, c), undefined);
    assert.deepEqual(c.workdirSizes, [3000 + 5000], 'outputs present are deducted from the reported size');
  } finally {
    cleanup();
  }
});

test('the scanner reuses listings of unchanged directories but still sees size changes', async () => {
  const { dir, cleanup } = tempWorkdir();
  try {
    for (let i = 0; i < 5; i++) {
      mkdirSync(join(dir, `d${i}`));
      for (let j = 0; j < 20; j++) writeFileSync(join(dir, `d${i}`, `f${j}`), 'abc');
    }
    const old = (Date.now() - 60_000) / 1000;
    for (let i = 0; i < 5; i++) utimesSync(join(dir, `d${i}`), old, old);
    utimesSync(dir, old, old);
    const s = new WorkdirScanner(dir);
    const first = s.scan();
    assert.equal(first.totalBytes, 300);
    assert.equal(s.readdirs, 6);
    writeFileSync(join(dir, 'd3', 'f0'), 'abcdef'); // content change: directory mtime unchanged
    const second = s.scan();
    assert.equal(s.readdirs, 0, 'no directory re-read');
    assert.equal(second.totalBytes, 303);
    assert.equal(second.newest!.path, join(dir, 'd3', 'f0'));
    writeFileSync(join(dir, 'd1', 'new'), 'zz'); // new entry: that directory is read again
    const third = s.scan();
    assert.equal(third.totalBytes, 305);
    assert.equal(s.readdirs, 1);
    assert.equal(s.scan(60_000), third, 'a fresh enough walk is reused');
  } finally {
    cleanup();
  }
});
