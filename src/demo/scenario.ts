/**
 * A site on one machine: a PanDA emulator with a queue and jobs, transformation scripts it serves,
 * a launch directory with the input files, and the exact Pilot 3 command line to run our pilot
 * against it. The demo (`npm start`), the integration tests and the benchmarks all use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { environHas, listPids } from '../payload/proc.js';
import { startPandaEmulator, startRucioEmulator, type PandaEmulator, type PandaEmulatorOptions, type RucioEmulator } from '../emulator/index.js';

/** The compiled pilot entry point. */
export const PILOT_MAIN = fileURLToPath(new URL('../cli/pilot.js', import.meta.url));
/** Our default.cfg (package root/config). */
export const DEFAULT_CFG = fileURLToPath(new URL('../../../config/default.cfg', import.meta.url));

export interface ScenarioOptions {
  queue?: string;
  /** schedconfig fields of the queue (e.g. timefloor, acopytools). */
  queueOverrides?: Record<string, unknown>;
  /** Job definitions (the emulator's friendly format); `queue` defaults to the scenario's. */
  jobs?: Array<Record<string, unknown>>;
  /** Transformation scripts served under /trf/<name>. */
  trfs?: Record<string, string>;
  /** Files placed in the launch directory (inputs for the mv copytool). */
  inputs?: Record<string, string | Buffer>;
  /** [Pilot] config keys to override (short periods in tests). */
  config?: Record<string, string | number>;
  /** Keys of other config sections to override. */
  configSections?: Record<string, Record<string, string | number>>;
  emulator?: Partial<PandaEmulatorOptions>;
  /** Keep the pilot's proxy verification and token renewal on (no `-t -y`; default off). */
  credentialChecks?: boolean;
}

export interface Scenario {
  dir: string;
  launchDir: string;
  queue: string;
  emulator: PandaEmulator;
  rucio: RucioEmulator;
  configFile: string;
  /** Pilot 3's command line for this site (plus `extra`). */
  pilotArgs(extra?: string[]): string[];
  /** Environment for the pilot: config file, no CVMFS, no orphan killing. */
  pilotEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Write a copy of default.cfg (or of `base`) with keys replaced or added, per section. */
export async function writeConfig(file: string, sections: Record<string, Record<string, string | number>>, base = DEFAULT_CFG): Promise<void> {
  const lines = (await readFile(base, 'utf8')).split('\n');
  const pending = new Map(Object.entries(sections).map(([sec, keys]) => [sec, new Map(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), String(v)]))]));
  const headers = new Map<string, number>();
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const header = /^\[(.+)\]\s*$/.exec(lines[i]);
    if (header) {
      section = header[1];
      headers.set(section, i);
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*[:=]/.exec(lines[i]);
    const want = pending.get(section);
    if (kv && want?.has(kv[1].toLowerCase())) {
      lines[i] = `${kv[1]}: ${want.get(kv[1].toLowerCase())}`;
      want.delete(kv[1].toLowerCase());
    }
  }
  // Keys the file does not have yet go right under their section header (new sections at the end).
  for (const [sec, keys] of [...pending].reverse()) {
    const extra = [...keys].map(([k, v]) => `${k}: ${v}`);
    if (!extra.length) continue;
    const at = headers.get(sec);
    if (at === undefined) lines.push(`[${sec}]`, ...extra);
    else lines.splice(at + 1, 0, ...extra);
  }
  await writeFile(file, lines.join('\n'));
}

/** Create the site: temp dirs, scripts, config and a running emulator. */
export async function createScenario(opts: ScenarioOptions = {}): Promise<Scenario> {
  const queue = opts.queue ?? 'DEMO';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'panda-pilot-'));
  const launchDir = path.join(dir, 'launch');
  const trfDir = path.join(dir, 'trf');
  await Promise.all([mkdir(launchDir), mkdir(trfDir)]);
  for (const [name, body] of Object.entries(opts.trfs ?? {})) {
    await writeFile(path.join(trfDir, name), body);
    await chmod(path.join(trfDir, name), 0o755);
  }
  for (const [name, body] of Object.entries(opts.inputs ?? {})) await writeFile(path.join(launchDir, name), body);
  // Rucio's side of the site: traces (and replica lookups) go to a Rucio emulator, never outside.
  const rucio = await startRucioEmulator({});
  const configFile = path.join(dir, 'pilot.cfg');
  await writeConfig(configFile, {
    ...opts.configSections,
    Pilot: opts.config ?? {},
    Rucio: { url: `${rucio.url}/traces/`, host: rucio.url, ...opts.configSections?.Rucio },
  });
  const emulator = await startPandaEmulator({
    // Our demo queue names the copytool for read_lan/write_lan too: with pr/pw/pl only, Pilot 3's
    // stage-in lookup of read_lan falls through to the 'rucio' default (data-api.md §3.4).
    queues: { [queue]: { acopytools: { pr: ['mv'], pw: ['mv'], pl: ['mv'], read_lan: ['mv'], write_lan: ['mv'] }, ...(opts.queueOverrides ?? {}) } },
    jobs: (opts.jobs ?? []).map((j) => ({ queue, ...j })),
    trfDir,
    stateFile: path.join(dir, 'emulator-state.json'),
    ...opts.emulator,
  });
  const base = emulator.url;
  const port = String(emulator.port);
  return {
    dir,
    launchDir,
    queue,
    emulator,
    rucio,
    configFile,
    pilotArgs: (extra = []) => [
      '--pilot-user', 'generic', '-q', queue, '-w', 'generic', '-j', 'ptest',
      '--url', `${new URL(base).protocol}//127.0.0.1`, '-p', port,
      '--queuedata-url', `${base}/cache/schedconfig/{pandaqueue}.all.json`,
      '--storagedata-url', `${base}/cache/ddmendpoints.json`,
      // a -g in `extra` replaces the emulator's transformation URL
      ...(extra.includes('-g') ? [] : ['-g', `${base}/trf`]), ...(opts.credentialChecks ? [] : ['-t', '-y']), '-b', '-d',
      ...extra,
    ],
    pilotEnv: (extra = {}) => ({
      ...process.env,
      HARVESTER_PILOT_CONFIG: configFile,
      NO_CVMFS_OK: '1',
      PILOT_NOKILL: '1',
      ...extra,
      [SCENARIO_MARK]: dir,
    }),
    close: async () => {
      // a pilot the caller left running would ask whatever server next takes this port for a job
      killScenarioProcesses(dir);
      await Promise.all([emulator.close(), rucio.close()]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The variable {@link Scenario.pilotEnv} marks every process started in a scenario with. */
const SCENARIO_MARK = 'PANDA_PILOT_SCENARIO';

/**
 * SIGKILL every process that carries the scenario's mark in its environment: the pilots,
 * payloads and daemons started with its pilotEnv (inherited down the tree), and nothing else.
 */
function killScenarioProcesses(dir: string): void {
  const needle = Buffer.from(`${SCENARIO_MARK}=${dir}`);
  let pids: number[];
  try {
    pids = listPids().filter((p) => p !== process.pid);
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      if (environHas(pid, needle)) process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

export interface PilotRun {
  child: ChildProcess;
  /** Resolves when the pilot exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>;
}

/**
 * Start our pilot in the scenario's launch directory: the tsc build by default, or `command`
 * (e.g. `[bin/panda-pilot]`, the single executable) followed by the scenario's arguments.
 */
export function startPilot(scn: Scenario, extraArgs: string[] = [], env: NodeJS.ProcessEnv = {}, command?: string[]): PilotRun {
  const t0 = performance.now();
  const [exe, ...pre] = command ?? [process.execPath, PILOT_MAIN];
  const child = spawn(exe, [...pre, ...scn.pilotArgs(extraArgs)], {
    cwd: scn.launchDir,
    env: scn.pilotEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - t0 })),
  );
  return { child, done };
}
