import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, type PilotError } from '../../src/common/errors.js';
import { startJobMonitor, type JobMonitorOptions, type MonitorSummary } from '../../src/monitor/index.js';
import { PRMON_COLUMNS } from '../../src/monitor/prmon-format.js';
import { startPayload, tempWorkdir, type TestPayload } from './helpers.js';
import { waitFor } from '../support/wait.js';

// Short periods; a small free-space limit so a test machine with little disk does not trip NOLOCALSPACE.
const FAST = { memoryMonitorInterval: 0.2, memoryCheckPeriod: 0.2, diskCheckPeriod: 0.2, processCheckPeriod: 0.2, loopingCheckPeriod: 0.5, freeSpaceLimit: 1024 * 1024 };

interface Run {
  payload: TestPayload;
  violations: PilotError[];
  first: Promise<PilotError>;
  stop(): Promise<MonitorSummary>;
  workdir: string;
}

/** Start a payload and a job monitor on it; `stop()` kills the payload and returns the summary. */
function run(argv: string[], opts: Partial<JobMonitorOptions> = {}): Run {
  const { dir, cleanup } = tempWorkdir();
  const payload = startPayload(argv, dir);
  const violations: PilotError[] = [];
  let resolveFirst!: (e: PilotError) => void;
  const first = new Promise<PilotError>((r) => (resolveFirst = r));
  const mon = startJobMonitor({
    workdir: dir, pids: payload.pids, job: { jobid: '42', corecount: 1 }, pilotStartTime: Date.now() / 1000,
    onViolation: (e) => {
      violations.push(e);
      resolveFirst(e);
    },
    ...opts,
    settings: { ...FAST, ...opts.settings },
  });
  return {
    payload, violations, first, workdir: dir,
    async stop() {
      payload.kill();
      await payload.exited;
      const s = await mon.stop();
      cleanup();
      return s;
    },
  };
}

/** Samples the monitor has written so far (rows of memory_monitor_output.txt). */
function samples(dir: string): number {
  try {
    return readFileSync(join(dir, 'memory_monitor_output.txt'), 'utf8').trim().split('\n').length - 1;
  } catch {
    return 0;
  }
}

/** Wait until the monitor in `dir` has taken `n` more samples: monitor cycles, not milliseconds, pass. */
async function moreSamples(dir: string, n: number): Promise<void> {
  const from = samples(dir);
  await waitFor(() => samples(dir) >= from + n, 60_000, `${n} more samples`, 20);
}

/** A guard against a hang (generous: the machine may be busy), naming what did not come. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: nothing in ${ms} ms`)), ms)))])
    .finally(() => clearTimeout(t));
}

const node = process.execPath;

test('a payload that allocates past the memory limit is stopped with PAYLOADEXCEEDMAXMEM (1235)', async () => {
  // Limit: 100 MB per core (server table) x 1 core x grace 1.0 = 102400 kB; the payload touches 200 MB.
  const r = run([node, '-e', 'const b=[];for(let i=0;i<200;i++)b.push(Buffer.alloc(1<<20,1));console.log("ready");setInterval(()=>{},1000)'], {
    job: { jobid: '1', corecount: 1, resourcetype: 'SCORE' }, queuedata: { maxrss: 0, pilot_rss_grace: 1.0 },
    resourceTypes: { SCORE: { maxrampercore: 100 } }, pilotUser: 'atlas',
  });
  try {
    const e = await within(r.first, 60_000, 'memory violation');
    assert.equal(e.code, ErrorCodes.PAYLOADEXCEEDMAXMEM);
    // Pilot 3 reports the standard message; the figures are the cause (logged)
    assert.equal(e.diag, 'Payload exceeded maximum allowed memory');
    assert.match((e.cause as Error).message, /kB > 102400 kB/);
    await moreSamples(r.workdir, 3);
    assert.equal(r.violations.length, 1, 'reported once');
  } finally {
    const s = await r.stop();
    assert.ok(s.memory.maxPSS! > 102400);
    assert.equal(s.violation?.code, 1235);
  }
});

test('the memory check is off for the generic plugin (as Pilot 3) unless switched on', async () => {
  const r = run([node, '-e', 'const b=Buffer.alloc(64<<20,1);console.log("ready");setInterval(()=>{},1000)'], {
    queuedata: { maxrss: 0, pilot_rss_grace: 1.0 }, job: { jobid: '2', corecount: 1, resourcetype: 'SCORE' },
    resourceTypes: { SCORE: { maxrampercore: 10 } },
  });
  try {
    await r.payload.waitFor('ready');
    await moreSamples(r.workdir, 3);
    assert.deepEqual(r.violations, []);
  } finally {
    await r.stop();
  }
});

test('a payload that stops writing files is found looping (1150); one that keeps writing is not', async () => {
  const limit = { loopingLimit: 2, loopingCheckPeriod: 0.5 };
  // before the payloads start: the verdict cannot come 2 s after a moment later than their start
  const started = Date.now();
  const stalls = run(['bash', '-c', 'for i in 1 2 3 4 5; do echo $i > progress.txt; sleep 0.2; done; sleep 60'], { settings: limit });
  const busy = run(['bash', '-c', 'while true; do date > progress.txt; sleep 0.3; done'], { settings: limit });
  try {
    const e = await within(stalls.first, 60_000, 'looping verdict');
    assert.equal(e.code, ErrorCodes.LOOPINGJOB);
    assert.ok(Date.now() - started >= 2000, 'not before the looping limit');
    assert.deepEqual(busy.violations, []);
  } finally {
    await stalls.stop();
    await busy.stop();
  }
});

test('a work dir growing past maxwdir is stopped with USERDIRTOOLARGE (1104)', async () => {
  const r = run(['bash', '-c', 'for i in $(seq 1 100); do head -c 1048576 /dev/zero > f$i; sleep 0.05; done; sleep 60'], {
    queuedata: { maxwdir: 5, corecount: 1, pilot_maxwdir_grace: 1.0 },
  });
  try {
    const e = await within(r.first, 60_000, 'work dir verdict');
    assert.equal(e.code, ErrorCodes.USERDIRTOOLARGE);
    assert.match(e.diag, /must be < 5242880 B/);
  } finally {
    await r.stop();
  }
});

test('an output file filling past the size limit fails with OUTPUTFILETOOLARGE (1124)', async () => {
  const r = run(['bash', '-c', 'for i in $(seq 1 100); do head -c 524288 /dev/zero >> out.dat; sleep 0.05; done; sleep 60'], {
    job: { jobid: '3', corecount: 1, outdata: [{ lfn: 'out.dat' }] }, settings: { maxOutputFileSize: 2 * 1024 * 1024 },
  });
  try {
    const e = await within(r.first, 60_000, 'output size verdict');
    assert.equal(e.code, ErrorCodes.OUTPUTFILETOOLARGE);
    assert.match(e.diag, /out\.dat/);
  } finally {
    await r.stop();
  }
});

test('too little local space fails with NOLOCALSPACE (1098) (batch system limit in the environment)', async () => {
  const r = run(['sleep', '30'], { env: { storageLimitMiB: '512', storageRequestMiB: '512' }, settings: { freeSpaceLimit: 1024 ** 3 } });
  try {
    const e = await within(r.first, 60_000, 'space verdict');
    assert.equal(e.code, ErrorCodes.NOLOCALSPACE);
  } finally {
    await r.stop();
  }
});

test('a payload outliving the pilot lifetime, or its job maxwalltime, gets REACHEDMAXTIME (1213)', async () => {
  // before both monitors start: their limits (1.5 s from the pilot start, 1.2 s from the job
  // start) count from later moments, however long starting them takes
  const t0 = Date.now();
  const life = run(['sleep', '30'], { lifetime: 1.5 });
  const job = run(['sleep', '30'], {
    job: { jobid: '4', maxwalltime: 1 }, queuedata: { params: { job_maxwalltime: true }, pilot_walltime_grace: 1.2 }, jobStartTime: Date.now() / 1000,
  });
  try {
    const [a, b] = await within(Promise.all([life.first, job.first]), 60_000, 'wall time');
    assert.equal(a.code, ErrorCodes.REACHEDMAXTIME);
    assert.equal(b.code, ErrorCodes.REACHEDMAXTIME);
    assert.ok(Date.now() - t0 >= 1100);
  } finally {
    await life.stop();
    await job.stop();
  }
});

test('CPU time of the tree (incl. exited children), process counts and prmon files', async () => {
  const { dir, cleanup } = tempWorkdir();
  // Burns 1.5 s of CPU (not wall time: the machine may be busy).
  const busy = `${node} -e "for(let c=process.cpuUsage();c.user+c.system<1.5e6;c=process.cpuUsage());"`;
  // The two sleepers live until the test has looked (a file it writes), however slow the machine.
  const sleepers = 'sleep 60 & a=$!; sleep 60 & b=$!';
  const payload = startPayload(['bash', '-c', `${sleepers}; ${busy}; echo burnt; while [ ! -e looked ]; do sleep 0.05; done; kill $a $b; wait`], dir);
  const mon = startJobMonitor({ workdir: dir, pids: payload.pids, job: { jobid: '5' }, onViolation: () => assert.fail('no violation expected'), settings: FAST });
  try {
    await payload.waitFor('burnt');
    // The busy child exited and was reaped by bash: its time is in bash's cutime.
    assert.ok(mon.cpuConsumptionTime() >= 1, `cpu ${mon.cpuConsumptionTime()}`);
    const seen = mon.latest()!.totals.nprocs;
    writeFileSync(join(dir, 'looked'), '');
    assert.ok(seen >= 3, `processes ${seen}`);
    await payload.exited;
    const s = await mon.stop();
    assert.ok(s.cpuConsumptionTime >= 1 && s.cpuConsumptionTime <= 3, `final cpu ${s.cpuConsumptionTime}`);
    assert.equal(mon.cpuConsumptionTime(), s.cpuConsumptionTime);
    assert.ok(s.maxProcesses >= 4, `max processes ${s.maxProcesses}`);
    assert.ok(s.samples >= 5);
    assert.ok(s.memory.maxRSS! > 0 && s.memory.avgPSS! > 0 && s.memory.totRCHAR! > 0);
    const lines = readFileSync(join(dir, 'memory_monitor_output.txt'), 'utf8').trim().split('\n');
    assert.deepEqual(lines[0]!.split('\t'), [...PRMON_COLUMNS]);
    assert.equal(lines.length - 1, s.samples);
    const summary = JSON.parse(readFileSync(join(dir, 'memory_monitor_summary.json'), 'utf8'));
    assert.equal(summary.Max.pss, s.memory.maxPSS);
    assert.equal(existsSync(join(dir, 'memory_monitor_summary.json_snapshot')), false);
    assert.ok(Number(s.jobMetrics.actualCoreCount) > 0, JSON.stringify(s.jobMetrics) + lines.slice(-3).join("\n"));
  } finally {
    payload.kill();
    cleanup();
  }
});

test('a payload whose memory keeps growing gets a positive leak estimate in jobMetrics', async () => {
  const r = run([node, '-e', 'const b=[];const t=setInterval(()=>{b.push(Buffer.alloc(4<<20,1));if(b.length===30){console.log("done");clearInterval(t);setInterval(()=>{},1000)}},100)']);
  try {
    await r.payload.waitFor('done');
    // the growth ran over several samples; a few more of the grown payload before stopping
    await waitFor(() => samples(r.workdir) >= 9, 60_000, '9 samples', 20);
    const s = await r.stop();
    assert.ok(s.samples > 7, `samples ${s.samples}`);
    assert.ok(Number(s.jobMetrics.leak) > 0, JSON.stringify(s.jobMetrics));
    assert.match(s.jobMetrics.chi2 ?? '', /^\d+\.\d\d$/);
    assert.ok(s.memory.maxPSS! > 100 * 1024);
  } finally {
    r.payload.kill();
  }
});

test('an aborted signal stops sampling; stop() is idempotent and keeps the figures', async () => {
  const { dir, cleanup } = tempWorkdir();
  const payload = startPayload(['sleep', '30'], dir);
  const ac = new AbortController();
  const mon = startJobMonitor({ workdir: dir, pids: payload.pids, job: { jobid: '8' }, signal: ac.signal, onViolation: () => undefined, settings: { memoryMonitorInterval: 0.05 } });
  // a twin monitor on the same payload, never aborted: its samples show the time that passed
  const { dir: twinDir, cleanup: twinCleanup } = tempWorkdir();
  const twin = startJobMonitor({ workdir: twinDir, pids: payload.pids, job: { jobid: '9' }, onViolation: () => undefined, settings: { memoryMonitorInterval: 0.05 } });
  try {
    await waitFor(() => samples(dir) >= 2, 60_000, 'two samples', 10);
    ac.abort();
    const before = samples(dir) + 1;
    assert.ok(before >= 3, `rows ${before}`);
    await moreSamples(twinDir, 4);
    assert.equal(samples(dir) + 1, before, 'no samples after abort, while the twin took 4');
    const [a, b] = await Promise.all([mon.stop(), mon.stop()]);
    assert.equal(a, b);
    assert.equal(a.samples, before - 1);
    assert.ok(existsSync(join(dir, 'memory_monitor_summary.json')));
  } finally {
    await twin.stop();
    twinCleanup();
    payload.kill();
    cleanup();
  }
});
