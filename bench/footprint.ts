/**
 * `npm run bench -- footprint` (issue 14): what the pilot costs the job it runs beside, measured on
 * the shipped start command (bin/panda-pilot: bundle, code cache, V8 flags) against the emulator,
 * beside a floor script (a Node 20 CommonJS script that POSTs getJob once and spawns the payload)
 * and, with `--pilot3 DIR` (or PILOT3_DIR), Pilot 3 run in the same bench through
 * /work/shared/tools/pilot3-sandbox.sh. Interleaved runs, medians.
 *
 * Per run: peak RSS (VmHWM), peak PSS and USS (smaps_rollup, sampled every 20 ms), launch → getJob
 * (emulator clock), getJob → payload start (the payload's own stamp; no input, one mv input), and
 * the pilot's CPU while a sleeping payload runs (schedstat of all its threads; the payload's
 * processes are not counted). Then memory per job with 1, 4 and 16 concurrent jobs in one pilot.
 *
 * Variables: BENCH_RUNS (5), BENCH_FOOTPRINT_SLEEP_S (60), BENCH_FOOTPRINT_SLEEP_RUNS (1),
 * BENCH_MULTI_SLOTS ("1,4,16"), BENCH_MULTI_SLEEP_S (8), PILOT3_SANDBOX. Variants run interleaved
 * with ours, each row then gives its figure against ours: BENCH_FOOTPRINT_PLAIN=1 (the start command
 * without its startup snapshot, PANDA_PILOT_SNAPSHOT=0), BENCH_FOOTPRINT_OTHER=<a panda-pilot start
 * command of another build> (e.g. main's, for a before/after on the same machine state).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScenario, type Scenario } from '../src/demo/scenario.js';
import { adler32Hex } from '../src/demo/jobs.js';
import { median, type BenchRow } from './stats.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const SANDBOX = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
const STAMP = 'date +%s%3N';
// $1 sleep seconds, $2 where the stamps go (absolute: Pilot 3's work dirs differ from ours)
const STAMP_TRF = `#!/bin/bash\n${STAMP} > "$2/start.ms"\nsleep "\${1:-0}"\n${STAMP} > "$2/end.ms"\n`;

// The floor: the least a Node pilot can do for a job (one POST, one spawn), as issue 14 defines it.
const FLOOR = `'use strict';
const http = require('node:http');
const { spawn } = require('node:child_process');
const [url, queue, trf, sleepS, stamps] = process.argv.slice(2);
const body = 'siteName=' + queue + '&computingElement=' + queue + '&prodSourceLabel=ptest&node=floor';
const req = http.request(url + '/server/panda/getJob', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
  res.resume();
  res.on('end', () => spawn('/bin/bash', [trf, sleepS, stamps], { stdio: 'ignore' }).on('exit', (c) => process.exit(c ?? 1)));
});
req.end(body);
`;

type Kind = 'ours' | 'plain' | 'other' | 'pilot3' | 'floor';

interface Figures {
  launchToGetJob: number;
  getJobToPayload: number;
  peakRssMB: number;
  peakPssMB: number;
  peakUssMB: number;
  cpuPct?: number;
  /** CPU the pilot used from launch to its getJob (load-independent, unlike the wall time) */
  cpuToGetJobMs: number;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function kB(text: string | undefined, key: string): number {
  const m = text ? new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text) : null;
  return m ? Number(m[1]) / 1024 : 0;
}

/** CPU ms of all threads of a process; ended threads keep their last figure (`seen`). */
function cpuMs(pid: number, seen: Map<string, number>): number {
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const s = readProc(pid, `task/${t}/schedstat`);
      if (s) seen.set(t, Number(s.split(' ')[0]));
    }
  } catch {
    // gone
  }
  let ns = 0;
  for (const v of seen.values()) ns += v;
  return ns / 1e6;
}

/** The pilot process to measure: ours and the floor are the spawned pid; Pilot 3 is the python below the sandbox. */
function findTarget(kind: Kind, root: number): number | undefined {
  if (kind !== 'pilot3') return root;
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = readProc(Number(d), 'stat');
    if (!st) continue;
    const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
  }
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    // the python running pilot.py (bwrap's own command line names pilot.py too)
    const argv = (readProc(p, 'cmdline') ?? '').split('\0');
    if (p !== root && /python/.test(path.basename(argv[0])) && argv.some((a) => a.endsWith('pilot.py'))) return p;
    queue.push(...(children.get(p) ?? []));
  }
  return undefined;
}

async function scenario(opts: { input: boolean; sleepS: number; jobs?: number; stamps: string; corecount?: number }): Promise<Scenario> {
  const body = 'x'.repeat(1 << 20);
  return createScenario({
    queueOverrides: opts.corecount ? { corecount: opts.corecount } : {},
    jobs: Array.from({ length: opts.jobs ?? 1 }, () => ({
      transformation: 'stamp.sh',
      jobPars: `${opts.sleepS} ${opts.stamps}`,
      prodSourceLabel: 'ptest',
      inFiles: opts.input ? [{ lfn: 'in.dat', scope: 'bench', size: body.length, checksum: `ad:${adler32Hex(body)}` }] : [],
    })),
    trfs: { 'stamp.sh': STAMP_TRF },
    inputs: opts.input ? { 'in.dat': body } : {},
    config: { heartbeat: 1800 },
  });
}

function launch(kind: Kind, scn: Scenario, opts: { stamps: string; sleepS: number; pilot3?: string; scratch: string; extra?: string[] }): ChildProcess {
  const env = scn.pilotEnv({ PANDA_PILOT_LOG_CONSOLE: '0' });
  if (kind === 'ours' || kind === 'plain' || kind === 'other') {
    if (kind === 'plain') env.PANDA_PILOT_SNAPSHOT = '0';
    const bin = kind === 'other' ? process.env.BENCH_FOOTPRINT_OTHER! : path.join(repo, 'bin/panda-pilot');
    return spawn(bin, scn.pilotArgs(opts.extra ?? []), { cwd: scn.launchDir, env, stdio: 'ignore' });
  }
  if (kind === 'floor') {
    const script = path.join(opts.scratch, 'floor.cjs');
    writeFileSync(script, FLOOR);
    writeFileSync(path.join(opts.scratch, 'stamp.sh'), STAMP_TRF);
    return spawn(process.execPath, [script, scn.emulator.url, scn.queue, path.join(opts.scratch, 'stamp.sh'), String(opts.sleepS), opts.stamps], { cwd: scn.launchDir, env, stdio: 'ignore' });
  }
  // Pilot 3 only ever inside its sandbox; its inputs are looked for in its launch dir (the scratch)
  for (const f of readdirSync(scn.launchDir)) copyFileSync(path.join(scn.launchDir, f), path.join(opts.scratch, f));
  return spawn(SANDBOX, [opts.scratch, '--', 'python3', path.join(opts.pilot3!, 'pilot.py'), ...scn.pilotArgs()], {
    cwd: opts.scratch,
    // its urllib client loads a client certificate for every server call, plain http included
    env: { ...env, SANDBOX_RW: opts.stamps, X509_USER_PROXY: benchProxy(opts.scratch) },
    stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
    detached: true,
  });
}

/** A throw-away self-signed "proxy" (certificate and key in one PEM) for Pilot 3. */
function benchProxy(dir: string): string {
  const file = path.join(dir, 'x509up_bench');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${file}.key`, '-out', `${file}.pem`, '-days', '1', '-subj', '/CN=bench-proxy'], { stdio: 'ignore' });
  writeFileSync(file, readFileSync(`${file}.pem`, 'utf8') + readFileSync(`${file}.key`, 'utf8'));
  return file;
}

/** One job (or `jobs` at once with `extra` options) by one subject; figures as seen. */
async function oneRun(kind: Kind, opts: { input: boolean; sleepS: number; pilot3?: string; jobs?: number; extra?: string[]; corecount?: number }): Promise<Figures> {
  const base = path.join(os.tmpdir(), `footprint-${process.pid}-${Date.now()}`);
  const stamps = path.join(base, 'stamps');
  const scratch = path.join(base, 'scratch');
  mkdirSync(stamps, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  const scn = await scenario({ ...opts, stamps });
  try {
    const t0 = Date.now();
    const child = launch(kind, scn, { stamps, sleepS: opts.sleepS, pilot3: opts.pilot3, scratch, extra: opts.extra });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    let done = false;
    void exited.then(() => (done = true));
    let pid: number | undefined;
    const f: Figures = { launchToGetJob: NaN, getJobToPayload: NaN, peakRssMB: 0, peakPssMB: 0, peakUssMB: 0, cpuToGetJobMs: NaN };
    const threads = new Map<string, number>();
    const marks: number[][] = [];
    const jobs = scn.emulator.jobs();
    const finished = () => jobs.every((j) => scn.emulator.updates(j.PandaID).some((u) => u.params.state === 'finished' || u.params.state === 'failed'));
    const ended = () => (kind === 'floor' ? existsSync(path.join(stamps, 'end.ms')) : finished());
    while (!done) {
      pid ??= findTarget(kind, child.pid!);
      if (pid) {
        f.peakRssMB = Math.max(f.peakRssMB, kB(readProc(pid, 'status'), 'VmHWM'));
        const roll = readProc(pid, 'smaps_rollup');
        f.peakPssMB = Math.max(f.peakPssMB, kB(roll, 'Pss'));
        f.peakUssMB = Math.max(f.peakUssMB, kB(roll, 'Private_Clean') + kB(roll, 'Private_Dirty'));
        const started = existsSync(path.join(stamps, 'start.ms'));
        // CPU window: from the payload's start to 1 s before its end (before the end-of-job work)
        if (started && marks.length === 0) marks.push([cpuMs(pid, threads), Date.now()]);
        if (marks.length === 1 && Date.now() - marks[0][1] >= (opts.sleepS - 1) * 1000) marks.push([cpuMs(pid, threads), Date.now()]);
        cpuMs(pid, threads);
      }
      if (ended() && kind === 'pilot3') {
        // Pilot 3 lingers 30-60 s after its final update; its footprint during the job is known by now
        await new Promise((r) => setTimeout(r, 1000));
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      // until getJob only a cheap look every 2 ms (the emulator shares this event loop), then every 20 ms
      for (let k = 0; k < 10 && Number.isNaN(f.cpuToGetJobMs) && !done; k++) {
        if (pid && scn.emulator.requests.some((r) => r.method === 'getJob')) f.cpuToGetJobMs = cpuMs(pid, threads);
        else await new Promise((r) => setTimeout(r, 2));
      }
      if (!Number.isNaN(f.cpuToGetJobMs) || !pid) await new Promise((r) => setTimeout(r, 20));
    }
    const getJob = scn.emulator.requests.find((r) => r.method === 'getJob');
    if (!getJob || !ended()) throw new Error(`${kind}: the job did not run (exit ${await exited})`);
    const start = Number(readFileSync(path.join(stamps, 'start.ms'), 'utf8'));
    f.launchToGetJob = (getJob.time - t0) / 1000;
    f.getJobToPayload = (start - getJob.time) / 1000;
    if (marks.length === 2 && opts.sleepS > 1) f.cpuPct = (100 * (marks[1][0] - marks[0][0])) / (marks[1][1] - marks[0][1]);
    return f;
  } finally {
    await scn.close();
    rmSync(base, { recursive: true, force: true });
  }
}

export async function benchFootprint(): Promise<BenchRow[]> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const sleepS = Number(process.env.BENCH_FOOTPRINT_SLEEP_S ?? 60);
  const sleepRuns = Number(process.env.BENCH_FOOTPRINT_SLEEP_RUNS ?? 1);
  const i = process.argv.indexOf('--pilot3');
  const pilot3 = i > 0 ? process.argv[i + 1] : process.env.PILOT3_DIR;
  // what is measured is what ships: the bundle and its code cache, rebuilt from this build
  const built = spawnSync(process.execPath, [path.join(repo, 'scripts/bundle.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('bundle build failed');
  const variants = ([['plain', '  without the snapshot'], ['other', '  other build']] as const).filter(([k]) => (k === 'plain' ? process.env.BENCH_FOOTPRINT_PLAIN === '1' : Boolean(process.env.BENCH_FOOTPRINT_OTHER)));
  const kinds: Kind[] = ['ours', ...variants.map(([k]) => k), 'floor', ...(pilot3 ? ['pilot3' as const] : [])];
  const res: Record<Kind, { noInput: Figures[]; oneInput: Figures[]; sleeping: Figures[] }> = {
    ours: { noInput: [], oneInput: [], sleeping: [] },
    plain: { noInput: [], oneInput: [], sleeping: [] },
    other: { noInput: [], oneInput: [], sleeping: [] },
    floor: { noInput: [], oneInput: [], sleeping: [] },
    pilot3: { noInput: [], oneInput: [], sleeping: [] },
  };
  // interleaved: a busy moment of the machine hits every subject alike
  for (let r = 0; r < runs; r++) {
    for (const k of kinds) {
      res[k].noInput.push(await oneRun(k, { input: false, sleepS: 0, pilot3 }));
      if (k !== 'floor') res[k].oneInput.push(await oneRun(k, { input: true, sleepS: 0, pilot3 }));
    }
  }
  for (let r = 0; r < sleepRuns; r++) for (const k of kinds) res[k].sleeping.push(await oneRun(k, { input: false, sleepS, pilot3 }));

  const med = (xs: Figures[], key: keyof Figures) => median(xs.map((x) => x[key] as number).filter((v) => Number.isFinite(v)));
  const all = (k: Kind) => [...res[k].noInput, ...res[k].oneInput, ...res[k].sleeping];
  const rows: BenchRow[] = [];
  // the next row's figures of the variants, when measured
  let variantValues: Array<[string, number]> = [];
  const vary = (pick: (k: Kind) => number) => (variantValues = variants.map(([k, label]) => [label, pick(k)]));
  const add = (name: string, unit: string, goal: string, ours: number, floor: number | undefined, p3: number | undefined, n: number) => {
    rows.push({ name, value: ours, unit, runs: n, goal, ...(p3 !== undefined ? { baseline: p3, baselineName: 'Pilot 3' } : floor !== undefined ? { baseline: floor, baselineName: 'floor' } : {}) });
    for (const [label, value] of variantValues) rows.push({ name: label, value, unit, runs: n, baseline: ours, baselineName: 'ours' });
    variantValues = [];
    if (floor !== undefined) rows.push({ name: '  floor script', value: floor, unit, runs: n, baseline: ours, baselineName: 'ours' });
    if (p3 !== undefined) rows.push({ name: '  Pilot 3', value: p3, unit, runs: n });
  };
  const p3 = pilot3 !== undefined;
  for (const [key, name, goal] of [['peakRssMB', 'peak RSS during a job', '≤ 50 MB'], ['peakPssMB', 'peak PSS during a job', ''], ['peakUssMB', 'peak USS during a job', '']] as const) {
    vary((k) => med(all(k), key));
    add(name, 'MB', goal, med(all('ours'), key), med(all('floor'), key), p3 ? med(all('pilot3'), key) : undefined, runs);
  }
  vary((k) => med(res[k].noInput, 'launchToGetJob'));
  add('launch → getJob', 's', '≤ 0.10 s', med(res.ours.noInput, 'launchToGetJob'), med(res.floor.noInput, 'launchToGetJob'), p3 ? med(res.pilot3.noInput, 'launchToGetJob') : undefined, runs);
  vary((k) => med(res[k].noInput, 'cpuToGetJobMs'));
  add('CPU used from launch to getJob', 'ms', '', med(res.ours.noInput, 'cpuToGetJobMs'), med(res.floor.noInput, 'cpuToGetJobMs'), p3 ? med(res.pilot3.noInput, 'cpuToGetJobMs') : undefined, runs);
  vary((k) => med(res[k].noInput, 'getJobToPayload'));
  add('getJob → payload (no input)', 's', '≤ 0.02 s', med(res.ours.noInput, 'getJobToPayload'), med(res.floor.noInput, 'getJobToPayload'), p3 ? med(res.pilot3.noInput, 'getJobToPayload') : undefined, runs);
  vary((k) => med(res[k].oneInput, 'getJobToPayload'));
  add('getJob → payload (one mv input)', 's', '≤ 0.05 s', med(res.ours.oneInput, 'getJobToPayload'), undefined, p3 ? med(res.pilot3.oneInput, 'getJobToPayload') : undefined, runs);
  vary((k) => med(res[k].sleeping, 'cpuPct'));
  add(`pilot CPU while a ${sleepS} s payload runs`, '% core', '≤ 0.02 %', med(res.ours.sleeping, 'cpuPct'), med(res.floor.sleeping, 'cpuPct'), p3 ? med(res.pilot3.sleeping, 'cpuPct') : undefined, sleepRuns);

  // Memory per job with N concurrent jobs in one pilot (all N payloads asleep at once).
  const slots = (process.env.BENCH_MULTI_SLOTS ?? '1,4,16').split(',').map(Number);
  const multiSleep = Number(process.env.BENCH_MULTI_SLEEP_S ?? 8);
  const peak: Record<number, Figures> = {};
  for (const n of slots) peak[n] = await oneRun('ours', { input: false, sleepS: multiSleep, jobs: n, extra: ['--multi-job-slots', String(n)], corecount: Math.max(...slots) });
  const one = peak[slots[0]];
  for (const n of slots) {
    rows.push({ name: `peak RSS, ${n} concurrent job(s) in one pilot`, value: peak[n].peakRssMB, unit: 'MB', runs: 1 });
    rows.push({ name: `  PSS, ${n} job(s)`, value: peak[n].peakPssMB, unit: 'MB', runs: 1 });
    if (n > slots[0]) rows.push({ name: `  RSS per extra job (${slots[0]} → ${n})`, value: (peak[n].peakRssMB - one.peakRssMB) / (n - slots[0]), unit: 'MB', runs: 1, goal: '≤ 10 MB' });
  }
  return rows;
}
