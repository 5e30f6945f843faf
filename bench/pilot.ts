/**
 * Job-cycle latencies and footprint of the pilot against the emulator (issue 2): medians over
 * repeated runs of the real pilot process, started as it ships (bin/panda-pilot: the bundle with
 * its code cache and startup snapshot, rebuilt first). The unbundled tsc output (dist/src, what
 * the tests run) is measured beside it for the start and getJob → payload rows: there every module
 * is a file the ESM loader finds, reads and compiles without a code cache, and the job-step modules
 * load after the getJob request is sent, so they land in getJob → payload.
 * Times are taken from three clocks on this machine: the bench (spawn, exit), the emulator
 * (request arrival) and the payload (its own start/end stamps), all Date.now() based.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScenario, startPilot, type Scenario } from '../src/demo/scenario.js';
import { median, type BenchRow } from './stats.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
/** The shipped start command; undefined: node dist/src/cli/pilot.js. */
const SHIPPED = [path.join(repo, 'bin/panda-pilot')];

// GNU date: milliseconds since the epoch, cheap enough not to distort what is measured.
const STAMP = 'date +%s%3N';
const trfs = {
  // Payload start and end stamps in ms, written by the payload itself.
  // Stamps go to the pilot home (the parent): the job directory is removed after the job.
  'stamp.sh': `#!/bin/bash\n${STAMP} > ../start.ms\nsleep "\${1:-0}"\n${STAMP} > ../end.ms\nexit "\${2:-0}"\n`,
};

interface RunFigures {
  launchToGetJob: number;
  getJobToPayload: number;
  payloadToFinal: number;
  finalToExit: number;
  cpuPct?: number;
  cpuSteadyPct?: number;
  peakRssMB: number;
}

/**
 * CPU time of a process in ms, all threads, from schedstat (nanoseconds, unlike the 10 ms ticks of
 * /proc/PID/stat). Threads come and go: the last figure seen of each is kept, so a thread that ended
 * still counts (`seen` must be the same map across calls for one process).
 */
function cpuMs(pid: number, seen: Map<string, number>): number {
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      try {
        seen.set(t, Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        // the thread ended just now
      }
    }
  } catch {
    return NaN;
  }
  let ns = 0;
  for (const v of seen.values()) ns += v;
  return ns / 1e6;
}

function vmHWM(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}


/** One pilot run with one job; returns the latencies seen. */
async function oneRun(opts: { input: boolean; exitCode: number; sleepS: number; command?: string[] }): Promise<RunFigures> {
  const body = 'x'.repeat(1 << 20);
  const { adler32Hex } = await import('../src/demo/jobs.js');
  const scn: Scenario = await createScenario({
    jobs: [
      {
        transformation: 'stamp.sh',
        jobPars: `${opts.sleepS} ${opts.exitCode}`,
        prodSourceLabel: 'ptest',
        inFiles: opts.input ? [{ lfn: 'in.dat', scope: 'bench', size: body.length, checksum: `ad:${adler32Hex(body)}` }] : [],
      },
    ],
    trfs,
    inputs: opts.input ? { 'in.dat': body } : {},
    config: { heartbeat: 1800 },
  });
  try {
    const t0 = Date.now();
    const run = startPilot(scn, [], { PANDA_PILOT_LOG_CONSOLE: '0' }, opts.command);
    const pid = run.child.pid!;
    let peak = 0;
    const [job] = scn.emulator.jobs();
    const workdir = scn.launchDir; // the payload writes its stamps there (the job dir is removed)
    // CPU time of the pilot (all threads) when the payload starts, 15 s later (V8's one-off
    // memory-reducing GC, ~8 s after start-up, is behind us) and 1 s before it ends: the
    // whole-payload and the steady-state figures.
    const marks: Array<{ ticks: number; at: number }> = [];
    const threads = new Map<string, number>();
    const poll = setInterval(() => {
      peak = Math.max(peak, vmHWM(pid));
      cpuMs(pid, threads);
      try {
        const started = Number(readFileSync(path.join(workdir, 'start.ms'), 'utf8'));
        if (!started) return;
        if (marks.length === 0) marks.push({ ticks: cpuMs(pid, threads), at: Date.now() });
        else if (marks.length === 1 && Date.now() - started >= 15_000) marks.push({ ticks: cpuMs(pid, threads), at: Date.now() });
        // The last mark is 1 s before the payload ends, before the pilot's end-of-job work.
        if (marks.length >= 1 && marks.length < 3 && Date.now() - started >= (opts.sleepS - 1) * 1000) {
          if (marks.length === 1) marks.push(marks[0]);
          marks.push({ ticks: cpuMs(pid, threads), at: Date.now() });
        }
      } catch {
        // not started or not ended yet
      }
    }, 50);
    const res = await run.done;
    const tExit = Date.now();
    clearInterval(poll);
    if (res.code !== 0) throw new Error(`pilot exit ${res.code}: ${res.stdout.slice(-2000)}`);
    const getJob = scn.emulator.requests.find((r) => r.method === 'getJob')!;
    const final = scn.emulator.updates(job.PandaID).find((u) => u.params.state === 'finished' || u.params.state === 'failed')!;
    const start = Number(readFileSync(path.join(workdir, 'start.ms'), 'utf8'));
    const end = Number(readFileSync(path.join(workdir, 'end.ms'), 'utf8'));
    const pct = (a: { ticks: number; at: number }, b: { ticks: number; at: number }) => (100 * (b.ticks - a.ticks)) / (b.at - a.at);
    const cpuPct = opts.sleepS > 0 && marks.length === 3 ? pct(marks[0], marks[2]) : undefined;
    const cpuSteadyPct = opts.sleepS > 15 && marks.length === 3 && marks[1] !== marks[0] ? pct(marks[1], marks[2]) : undefined;
    return {
      launchToGetJob: (getJob.time - t0) / 1000,
      getJobToPayload: (start - getJob.time) / 1000,
      payloadToFinal: (final.time - end) / 1000,
      finalToExit: (tExit - final.time) / 1000,
      cpuPct,
      cpuSteadyPct,
      peakRssMB: peak,
    };
  } finally {
    await scn.close();
  }
}

async function repeat(n: number, opts: { input: boolean; exitCode: number; sleepS: number }): Promise<RunFigures[]> {
  const out: RunFigures[] = [];
  for (let i = 0; i < n; i++) out.push(await oneRun({ ...opts, command: SHIPPED }));
  return out;
}

/** The shipped start and dist/ interleaved (a busy moment hits both alike), no input. */
async function shippedAndDist(n: number): Promise<{ shipped: RunFigures[]; dist: RunFigures[] }> {
  const shipped: RunFigures[] = [];
  const dist: RunFigures[] = [];
  for (let i = 0; i < n; i++) {
    shipped.push(await oneRun({ input: false, exitCode: 0, sleepS: 0, command: SHIPPED }));
    dist.push(await oneRun({ input: false, exitCode: 0, sleepS: 0 }));
  }
  return { shipped, dist };
}

/** Node's own start-up (node -e 0): the floor any Node pilot stands on, measured now. */
function nodeFloor(n: number): number {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    xs.push((performance.now() - t) / 1000);
  }
  return median(xs);
}

export async function benchPilot(): Promise<BenchRow[]> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const sleepS = Number(process.env.BENCH_SLEEP_S ?? 30);
  // what is measured is what ships: the bundle, its code cache and snapshot, rebuilt from this build
  const built = spawnSync(process.execPath, [path.join(repo, 'scripts/bundle.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bundle build failed');
  const { shipped: noInput, dist } = await shippedAndDist(runs);
  const oneInput = await repeat(runs, { input: true, exitCode: 0, sleepS: 0 });
  const failing = await repeat(runs, { input: false, exitCode: 7, sleepS: 0 });
  const sleeping = await repeat(Math.min(runs, Number(process.env.BENCH_SLEEP_RUNS ?? 5)), { input: false, exitCode: 0, sleepS });
  const all = [...noInput, ...oneInput, ...failing, ...sleeping];
  // NaN when no run gave the figure (e.g. the steady-state CPU with a payload under 15 s)
  const m = (xs: RunFigures[], k: keyof RunFigures) => median(xs.map((x) => x[k] as number).filter((v) => Number.isFinite(v))) ?? NaN;
  const floor = nodeFloor(runs);
  return [
    { name: 'launch → getJob request', value: m(noInput, 'launchToGetJob'), unit: 's', runs, baseline: floor, baselineName: 'node -e 0', goal: '≤ 0.15 s (Pilot 3: 0.95 s)' },
    { name: '  dist/ (tsc output, unbundled)', value: m(dist, 'launchToGetJob'), unit: 's', runs, baseline: m(noInput, 'launchToGetJob'), baselineName: 'shipped' },
    { name: 'getJob → payload start (no input)', value: m(noInput, 'getJobToPayload'), unit: 's', runs, goal: '≤ 0.03 s (Pilot 3: 0.048 s)' },
    { name: '  dist/ (tsc output, unbundled)', value: m(dist, 'getJobToPayload'), unit: 's', runs, baseline: m(noInput, 'getJobToPayload'), baselineName: 'shipped' },
    { name: 'getJob → payload start (one input)', value: m(oneInput, 'getJobToPayload'), unit: 's', runs, goal: '≤ 0.1 s (Pilot 3: 10.56 s)' },
    { name: 'payload end → final update (succeeded)', value: m(noInput, 'payloadToFinal'), unit: 's', runs, goal: '≤ 0.2 s (Pilot 3: 3.5–4.5 s)' },
    { name: 'payload end → final update (exit ≠ 0)', value: m(failing, 'payloadToFinal'), unit: 's', runs, goal: '≤ 0.2 s (Pilot 3: 119 s)' },
    { name: 'final update → exit', value: m(all, 'finalToExit'), unit: 's', runs: all.length, goal: '≤ 0.2 s (Pilot 3: 31–64 s)' },
    { name: `pilot CPU while a ${sleepS} s payload sleeps`, value: m(sleeping, 'cpuPct'), unit: '% core', runs: sleeping.length, goal: '≤ 0.05 % (Pilot 3: 0.57 %)' },
    { name: `  the same from 15 s after payload start`, value: m(sleeping, 'cpuSteadyPct'), unit: '% core', runs: sleeping.length, goal: 'steady state' },
    { name: 'peak RSS of the pilot (VmHWM)', value: Math.max(...all.map((x) => x.peakRssMB)), unit: 'MB', runs: all.length, goal: '≤ 46 MB (Pilot 3: 46 MB)' },
    { name: '  dist/ (tsc output, unbundled), no input', value: Math.max(...dist.map((x) => x.peakRssMB)), unit: 'MB', runs: dist.length, baseline: Math.max(...noInput.map((x) => x.peakRssMB)), baselineName: 'shipped, no input' },
  ];
}
