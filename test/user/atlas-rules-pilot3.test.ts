// Differential check of the ATLAS monitoring rules against Pilot 3 3.11.5.1 itself: every case of
// fixtures/atlas-rules-pilot3.json (inputs and what Pilot 3's own functions decided, recorded by
// scripts/record-atlas-rules.mjs) is run through ours and must agree, or differ only as listed in
// DELIBERATE (each one explained in the README, "ATLAS monitoring rules: checked against Pilot 3").
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, formatDiagnostics } from '../../src/common/errors.js';
import { parseJobDescription, QueueData } from '../../src/info/index.js';
import {
  genericLoopingIgnore, htcondorManagesCgroups, htcondorVersion, loopingVerdict, memoryLimitKb, memoryLimitWatcher,
  resolveSettings, startJobMonitor, versionAtLeast, WorkdirScanner, type ResourceTypes, type WatchContext,
} from '../../src/monitor/index.js';
import { Analytics } from '../../src/services/analytics.js';
import { atlasLoopingIgnore } from '../../src/user/atlas/looping.js';
import { interpretOpenDictionary, openThreads, openTimeoutS, remoteInputs } from '../../src/user/atlas/remoteopen.js';
import { waitFor } from '../support/wait.js';
import { parseXcacheOutput, wantsXcache, xcacheKillCommand, xcacheStartCommand } from '../../src/user/atlas/xcache.js';

const FIXTURES = fileURLToPath(new URL('../../../test/user/fixtures/', import.meta.url));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const P3 = JSON.parse(readFileSync(path.join(FIXTURES, 'atlas-rules-pilot3.json'), 'utf8')) as Record<string, any>;
const work = mkdtempSync(path.join(tmpdir(), 'atlas-rules-p3-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** The deliberate differences, by case (README: "ATLAS monitoring rules: checked against Pilot 3"). */
const DELIBERATE = {
  // Pilot 3 matches the needles on the absolute path: a work dir under "/pilot/" or a "*.py" dir hides every file
  ignoreOnAbsolutePath: (workdir: string) => workdir.includes('.py') || workdir.includes('/pilot/'),
  // our built-in memory monitor's files are the pilot's, not the payload's progress
  genericMemoryMonitorFiles: (p: string) => p.includes('memory_monitor_'),
  // Pilot 3 hands "abc" / "0" to its script (argument error / a wait until the time-out): we open with one thread
  badThreads: new Set(['nopenfiles=abc', 'nopenfiles=0']),
  // no ROOT script runs here: its lsetup time-out, crash or command time-out cannot happen
  scriptOnly: new Set(['lsetup-timeout', 'script-error', 'script-error-unopened', 'command-timeout', 'command-timeout-no-dictionary']),
};

/** A config value as default.cfg holds it (Pilot 3's reader typed it; ours keeps the text). */
function cfgText(v: unknown): string {
  if (v === null) return 'None';
  if (v === true) return 'true';
  return String(v);
}

test('looping limit: Pilot 3\'s get_looping_job_limit for every config value (maxCpuCount/maxtime never enter it)', () => {
  const cases = P3.looping_limit as Array<{ looping_limit_default: unknown; looping_limit_min_default: unknown; limit: number }>;
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    const values: Record<string, string> = { looping_limit_default: cfgText(c.looping_limit_default), looping_limit_min_default: cfgText(c.looping_limit_min_default) };
    const ours = resolveSettings({ get: (_s, k) => values[k] }).loopingLimit;
    assert.equal(ours, c.limit, JSON.stringify(c));
  }
});

test('looping ignore lists: Pilot 3\'s remove_unwanted_files (ATLAS and generic) on the same paths', () => {
  let compared = 0;
  for (const c of P3.looping_ignore as Array<{ user: string; workdir: string; paths: string[]; kept: string[] }>) {
    const ignore = c.user === 'atlas' ? atlasLoopingIgnore : genericLoopingIgnore;
    const ours = c.paths.filter((p) => !ignore(c.workdir, p));
    if (DELIBERATE.ignoreOnAbsolutePath(c.workdir)) {
      // ours keeps what Pilot 3 keeps under an ordinary work dir
      const plain = (P3.looping_ignore as typeof c[]).find((x) => x.user === c.user && !DELIBERATE.ignoreOnAbsolutePath(x.workdir))!;
      assert.deepEqual(ours.map((p) => path.relative(c.workdir, p)), plain.kept.map((p) => path.relative(plain.workdir, p)).filter((p) => c.user === 'atlas' || !DELIBERATE.genericMemoryMonitorFiles(p)));
      continue;
    }
    const expected = c.user === 'atlas' ? c.kept : c.kept.filter((p) => !DELIBERATE.genericMemoryMonitorFiles(p));
    assert.deepEqual(ours, expected, `${c.user} ${c.workdir}`);
    compared += c.paths.length;
  }
  assert.ok(compared >= 60);
});

test('looping verdict: Pilot 3\'s looping_job on the same work dirs (file ages, last-touch memory, find -mmin window)', () => {
  const cases = P3.looping_decision as Array<{ limit: number; previous_age: number | null; files: [string, number][]; dirs: [string, number][]; exit_code: number; last_touched_age: number | null }>;
  assert.ok(cases.length >= 20);
  cases.forEach((c, i) => {
    const dir = path.join(work, `looping${i}`);
    mkdirSync(dir, { recursive: true });
    const now = Math.trunc(Date.now() / 1000);
    for (const [rel, age] of c.files) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), 'x');
      utimesSync(path.join(dir, rel), now - age, now - age);
    }
    const ages = new Map(c.dirs);
    const subdirs = new Set(c.files.map(([rel]) => path.dirname(rel)).filter((d) => d !== '.').flatMap((d) => d.split('/').map((_, k, a) => a.slice(0, k + 1).join('/'))));
    for (const d of [...subdirs].sort().reverse()) utimesSync(path.join(dir, d), now - (ages.get(d) ?? 100000), now - (ages.get(d) ?? 100000));
    const scan = new WorkdirScanner(dir, atlasLoopingIgnore).scan();
    const newest = scan.newest ? Math.trunc(scan.newest.mtimeMs / 1000) : undefined;
    const v = loopingVerdict(c.previous_age === null ? undefined : now - c.previous_age, newest, now, c.limit);
    const what = JSON.stringify(c);
    assert.equal(v.looping ? ErrorCodes.LOOPINGJOB : 0, c.exit_code, what);
    assert.equal(v.lastTouchedS === undefined ? null : now - v.lastTouchedS, c.last_touched_age, what);
  });
});

test('memory limit: Pilot 3\'s calculate_memory_limit_kb over resource-type tables x types x queues x jobs x submit modes', () => {
  const m = P3.memory_limit as {
    tables: Record<string, ResourceTypes | null>; queues: Record<string, unknown>[]; jobs: Record<string, unknown>[];
    cases: Array<{ table: string; submitmode: string; resource_type: string; queue: number; job: number; limit_kb: number | null }>;
  };
  assert.ok(m.cases.length >= 1000);
  for (const c of m.cases) {
    const queuedata = new QueueData(m.queues[c.queue] as never);
    const job = parseJobDescription({ PandaID: '1', jobPars: '', transformation: 'x', ...m.jobs[c.job] }, { queuedata, env: {} });
    const ours = memoryLimitKb(job as never, queuedata as never, c.resource_type, { resourceTypes: m.tables[c.table] ?? undefined, pushQueue: c.submitmode === 'push' });
    assert.equal(ours ?? null, c.limit_kb, JSON.stringify(c));
  }
});

test('memory kill: Pilot 3\'s memory_usage on the monitor\'s maxPSS (kill only above the limit, 1235)', () => {
  const queuedata = new QueueData({ maxrss: 1000, corecount: 1 } as never);
  const job = parseJobDescription({ PandaID: '1', jobPars: '', transformation: 'x', coreCount: 1 }, { queuedata, env: {} });
  const limit = memoryLimitKb(job as never, queuedata as never, 'SCORE_VHIMEM')!;
  const watcher = memoryLimitWatcher(limit, 60, 'subresource=SCORE_VHIMEM, corecount=1');
  for (const c of P3.memory_decision as Array<{ summary: { Max?: { maxPSS?: number } } | null; piloterrorcodes: number[]; killed: boolean }>) {
    const maxPss = c.summary?.Max?.maxPSS ?? -1;
    const err = watcher.check(undefined, { maxPss } as WatchContext);
    assert.deepEqual(err ? [err.code] : [], c.piloterrorcodes, JSON.stringify(c));
    if (err) assert.match(String((err.cause as Error).message), new RegExp(`^job has exceeded the memory limit ${maxPss} kB > ${limit} kB`));
  }
});

test('memory leak: Pilot 3\'s Analytics.get_fitted_data on the same memory monitor outputs (tails or not)', async () => {
  const client = new Analytics();
  const cases = P3.leak as Array<{ name: string; tails: boolean; file: string; fit: Record<string, string> }>;
  for (const c of cases) {
    const file = path.join(work, `leak-${c.name}.txt`);
    writeFileSync(file, c.file);
    assert.deepEqual({ ...(await client.getFittedData(file, { tails: c.tails })) }, c.fit, `${c.name} tails=${c.tails}`);
  }
});

test('remote open: threads from the catchall, the overall time-out, and Pilot 3\'s reading of the open results', () => {
  const ro = P3.remoteopen as {
    nthreads: Array<{ catchall: string; nthreads: string | number }>; timeout: Array<{ n: number; timeout: number }>;
    open: Array<{ name: string; script_exit_code: number; dictionary: [string, boolean][] | null; exitcode: number; diagnostics: string; not_opened: string[]; final_diag: string }>;
  };
  for (const c of ro.nthreads) {
    if (DELIBERATE.badThreads.has(c.catchall)) assert.equal(openThreads(c.catchall), 1);
    else assert.equal(openThreads(c.catchall), Number(c.nthreads), c.catchall);
  }
  for (const c of ro.timeout) assert.equal(openTimeoutS(new Array(c.n).fill({})), c.timeout);
  // the files Pilot 3's script is asked to open (--turls) are the ones ours opens, in the same order
  const script = (ro.open[0] as unknown as Record<string, string>)['open_file.sh']!;
  const turls = /--turls='([^']*)'/.exec(script)![1]!.split(',');
  assert.deepEqual(remoteInputs(P3.remoteopen.indata as Array<{ lfn: string; status: string; turl: string }>).map((f) => f.turl), turls);
  let compared = 0;
  for (const c of ro.open) {
    if (DELIBERATE.scriptOnly.has(c.name)) continue;
    if (c.script_exit_code === 3) {
      // the opens ran out of time: the same code (the diagnostics name the files; Pilot 3 passes its script's output)
      assert.equal(c.exitcode, ErrorCodes.REMOTEFILEOPENTIMEDOUT);
      continue;
    }
    const path0 = '@WORKDIR@/remotefileverification_dictionary.json';
    const v = interpretOpenDictionary(c.dictionary ? Object.fromEntries(c.dictionary) : undefined, path0);
    assert.equal(v.error?.code ?? 0, c.exitcode, c.name);
    if (v.error) {
      assert.equal(v.error.diag, c.diagnostics, c.name);
      assert.equal(formatDiagnostics(v.error.code, v.error.diag), c.final_diag, c.name);
    }
    assert.deepEqual(v.notOpened, c.not_opened, c.name);
    compared++;
  }
  assert.ok(compared >= 5);
});

test('xcache: Pilot 3\'s start/kill commands for catchalls x environments, and the variables it takes from the start output', () => {
  const cvmfs = path.join(work, 'cvmfs');
  mkdirSync(path.join(cvmfs, 'atlas.cern.ch/repo'), { recursive: true });
  const envs: Record<string, NodeJS.ProcessEnv> = {
    alrb: { ATLAS_LOCAL_ROOT_BASE: '/cvmfs/atlas.cern.ch/repo/ATLASLocalRootBase', ATLAS_SW_BASE: path.join(work, 'no-cvmfs') },
    'sw-base': { ATLAS_SW_BASE: cvmfs },
    none: { ATLAS_SW_BASE: path.join(work, 'no-cvmfs') },
  };
  const rows = P3.xcache.commands as Array<{ env: string; catchall: string; start: { run?: string }; kill: { run?: string } }>;
  for (const r of rows) {
    const env = envs[r.env]!;
    const mask = (s: string) => s.split(cvmfs).join('@CVMFS@');
    const ours = wantsXcache({ catchall: r.catchall })
      ? { start: mask(xcacheStartCommand('6000000001', env)), kill: mask(xcacheKillCommand(env)) }
      : {};
    assert.deepEqual(ours, r.start.run === undefined ? {} : { start: r.start.run, kill: r.kill.run }, `${r.env} ${JSON.stringify(r.catchall)}`);
  }
  for (const p of P3.xcache.proxy as Array<{ output: string; env: Record<string, string> }>) {
    assert.deepEqual(parseXcacheOutput(p.output), p.env, JSON.stringify(p.output));
  }
});

test('cgroups: Pilot 3\'s HTCondor rule (condor_version >= 24.0.7) and the memory.max its first memory check writes', async () => {
  const cg = P3.cgroups as {
    versions: Array<{ version: string; sufficient: boolean | string }>;
    condor_version: Array<{ output: string | null; version: string | null; use_cgroups: boolean }>;
    memory_max: Array<{ maxPSS: number; already_set: boolean; 'memory.max': string; piloterrorcodes: number[] }>;
  };
  // Pilot 3 raises on a version that is not dotted integers (its start-up fails): ours uses no cgroups
  for (const v of cg.versions) assert.equal(versionAtLeast(v.version, '24.0.7'), v.sufficient === true, v.version);
  const bin = path.join(work, 'condor-bin');
  mkdirSync(bin, { recursive: true });
  for (const c of cg.condor_version) {
    const exe = path.join(bin, 'condor_version');
    rmSync(exe, { force: true });
    if (c.output !== null) {
      writeFileSync(exe, `#!/bin/sh\nprintf '%s\\n' '${c.output}'\n`);
      chmodSync(exe, 0o755);
    }
    const env = { PATH: `${bin}:/usr/bin:/bin` };
    assert.equal((await htcondorVersion(env)) ?? null, c.version);
    assert.equal(await htcondorManagesCgroups(env), c.use_cgroups);
  }
  // the job monitor writes the limit into the payload cgroup's memory.max once, at its first memory check
  const expected = cg.memory_max.find((m) => !m.already_set)!['memory.max'];
  const dir = path.join(work, 'cgroup-monitor');
  mkdirSync(path.join(dir, 'cgroup'), { recursive: true });
  writeFileSync(path.join(dir, 'cgroup', 'memory.max'), 'max\n');
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const mon = startJobMonitor({
    workdir: dir, pids: () => [child.pid!], job: { jobid: 1, corecount: 1 }, queuedata: new QueueData({ maxrss: 1000, corecount: 1 } as never) as never,
    pilotUser: 'atlas', resourceType: 'SCORE_VHIMEM', cgroupDir: path.join(dir, 'cgroup'), useCgroups: async () => true,
    settings: { memoryCheckPeriod: 0.05 }, checks: { looping: false, disk: false, processes: false }, onViolation: () => undefined,
  });
  try {
    await waitFor(() => readFileSync(path.join(dir, 'cgroup', 'memory.max'), 'utf8') === expected, 60_000, 'memory.max written');
  } finally {
    await mon.stop();
    child.kill('SIGKILL');
  }
});
