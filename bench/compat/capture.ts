/**
 * Run one pilot (ours or Pilot 3) through one scenario against a fresh emulator and keep
 * everything it sent: dispatcher requests with their fields, Rucio traces, the jobs' end states,
 * and the machine facts machine-dependent values are computed from.
 *
 * Pilot 3 always runs inside /work/shared/tools/pilot3-sandbox.sh-style isolation (read-only file
 * system but its scratch, own PID namespace): it kills orphan processes and, for some users,
 * deletes directories at the file-system root.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createScenario, PILOT_MAIN, type Scenario } from '../../src/demo/scenario.js';
import { COMPAT_CONFIG, RELEASE, type CompatScenario } from './scenarios.js';
import { hostByAddr, machineFacts, type MachineFacts } from './machine.js';
import { buildSimCvmfs } from '../../test/support/cvmfs.js';

/** Which pilot ran. */
export type PilotKind = 'ours' | 'pilot3';

/** One request as the emulator saw it. */
export interface CapturedRequest {
  method: string;
  params: Record<string, unknown>;
  /**
   * ATLAS scenarios: answered after the transform had ended (a heartbeat then comes only when the
   * stage-out outlasts the heartbeat period, and carries the memory monitor's final figures).
   */
  afterPayload?: true;
}

/** Everything one run produced, before normalisation. */
export interface RawRun {
  scenario: string;
  pilot: PilotKind;
  exitCode: number | null;
  requests: CapturedRequest[];
  traces: Record<string, unknown>[];
  jobs: Array<{ PandaID: number; jobStatus: string; pilotErrorCode: number; reported: Record<string, unknown> }>;
  /** Paths and names to mask in values: scenario dir, storage, host. */
  masks: Record<string, string>;
  machine: MachineFacts;
  stdoutTail: string;
  /** ATLAS scenarios: the calls the simulated ALRB, asetup and transforms recorded, in order. */
  commands?: string[];
  /**
   * ATLAS scenarios: the environment the payload (the transform) saw, as its difference from the
   * environment the pilot was started with: changed or added variables with their values, removed
   * ones as `<unset>`.
   */
  payloadEnv?: Record<string, string>;
}

/** Where Pilot 3's sandbox script lives (override with PILOT3_SANDBOX). */
export const SANDBOX = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';

/** Methods whose fields are compared (caches and transformation downloads only by name). */
const DISPATCHER = new Set(['getJob', 'updateJob', 'getStatus', 'updateWorkerPilotStatus', 'getProxy', 'getEventRanges', 'updateEventRanges', 'update_worker_node']);

/** A throw-away self-signed certificate+key as X509_USER_PROXY (Pilot 3 loads it even over http). */
async function writeFakeProxy(dir: string): Promise<string> {
  const cert = path.join(dir, 'proxy.pem');
  const key = path.join(dir, 'proxy.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', `${cert}.crt`, '-subj', '/CN=panda-pilot compat', '-days', '2'], { stdio: 'ignore' });
  await writeFile(cert, readFileSync(`${cert}.crt`, 'utf8') + readFileSync(key, 'utf8'), { mode: 0o600 });
  return cert;
}

/** The host PID of the python process running pilot.py inside the sandbox (for signals). */
function sandboxedPilotPid(rootPid: number): number | undefined {
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.shift()!;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (pid !== rootPid && cmd[0]?.includes('python') && cmd.some((a) => a.endsWith('pilot.py'))) return pid;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const kids = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
        if (kids) queue.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** The python3 executable itself (not a version manager's shim, which would add its variables to the payload's environment). */
function realPython(): string {
  try {
    return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() || 'python3';
  } catch {
    return 'python3';
  }
}

/** The lines of a file (none when it does not exist). */
function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** The payload's environment (an `env -0` dump) as its difference from the pilot's start environment. */
function envDelta(start: NodeJS.ProcessEnv, dump: string): Record<string, string> | undefined {
  if (!existsSync(dump)) return undefined;
  const seen: Record<string, string> = {};
  for (const entry of readFileSync(dump, 'utf8').split('\0')) {
    const i = entry.indexOf('=');
    if (i > 0) seen[entry.slice(0, i)] = entry.slice(i + 1);
  }
  const out: Record<string, string> = {};
  // a variable extended from its start value (PATH) keeps the start value as a mark (it is the harness's)
  for (const [k, v] of Object.entries(seen)) if (start[k] !== v) out[k] = start[k] ? v.split(start[k]!).join(`<start ${k}>`) : v;
  for (const k of Object.keys(start)) if (start[k] !== undefined && !(k in seen)) out[k] = '<unset>';
  return out;
}

/** Wait until `cond` holds (checked on every emulator change and every 250 ms), or time out. */
function until(scn: Scenario, cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!cond()) return;
      done();
      resolve();
    };
    const timer = setInterval(check, 250);
    const limit = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const done = () => {
      clearInterval(timer);
      clearTimeout(limit);
      scn.emulator.store.off('change', check);
    };
    scn.emulator.store.on('change', check);
    check();
  });
}

/** Options of {@link captureRun}. */
export interface CaptureOptions {
  /** Pilot 3 checkout (for pilot 'pilot3'). */
  pilot3Dir?: string;
  /** Kill the run after this long (default 420 s). */
  timeoutMs?: number;
}

/** Run `pilot` through scenario `sc` and capture what it sent. */
export async function captureRun(sc: CompatScenario, pilot: PilotKind, opts: CaptureOptions = {}): Promise<RawRun> {
  const base = await mkdtemp(path.join(os.tmpdir(), `compat-${sc.name}-${pilot}-`));
  const storageDir = path.join(base, 'storage');
  await mkdir(storageDir);
  // each job's release file (see RELEASE): created once the job's first heartbeat saw the payload
  const releases = sc.jobs.map((_, i) => path.join(base, `release-${i}`));
  const jobs = sc.jobs.map((j, i) => (typeof j.jobPars === 'string' ? { ...j, jobPars: j.jobPars.split(RELEASE).join(releases[i]) } : j));
  const scn = await createScenario({
    jobs,
    trfs: sc.trfs,
    inputs: sc.inputs,
    queueOverrides: sc.queueOverrides,
    config: { ...COMPAT_CONFIG, ...sc.config },
    emulator: { storageDir },
  });
  const proxy = await writeFakeProxy(base);
  // The sandbox gives Pilot 3 these; ours gets the same, so both start from one environment.
  const tmp = path.join(scn.launchDir, 'tmp');
  await mkdir(tmp);
  const env = scn.pilotEnv({ X509_USER_PROXY: proxy, X509_CERT_DIR: '/etc/ssl/certs', TMPDIR: tmp, PILOT_NOKILL: '1' });
  // both pilots report the host name as node
  delete env.PANDA_HOSTNAME;
  // Every shell in the payload counts SHLVL up from the launch value; the recordings started at 1,
  // so fix it: otherwise the comparison depends on how deep the caller (CI, npm, a terminal) nests shells.
  env.SHLVL = '1';
  let args = scn.pilotArgs();
  const rw = [storageDir];
  const sim = path.join(base, 'sim');
  const record = path.join(sim, 'calls.log');
  const masks: Record<string, string> = {};
  if (sc.user === 'atlas') {
    // A site with CVMFS: the simulated tree (read-only for the pilots), the check of its mount points on.
    const cvmfs = buildSimCvmfs(path.join(base, 'cvmfs'));
    await mkdir(sim);
    rw.push(sim);
    Object.assign(env, { ATLAS_SW_BASE: cvmfs, ALRB_SIM_RECORD: record, ALRB_SIM_RELEASE: releases[0], NO_CVMFS_OK: '' });
    masks[cvmfs] = '<cvmfs>';
    masks[sim] = '<sim>';
    args = args.filter((a) => a !== '-b');
    args[args.indexOf('--pilot-user') + 1] = 'atlas';
  }
  let child: ChildProcess;
  if (pilot === 'ours') {
    child = spawn(process.execPath, [PILOT_MAIN, ...args], { cwd: scn.launchDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    if (!opts.pilot3Dir || !existsSync(path.join(opts.pilot3Dir, 'pilot.py'))) throw new Error(`no Pilot 3 checkout at ${opts.pilot3Dir} (pilot.py missing)`);
    child = spawn(SANDBOX, [scn.launchDir, '--', realPython(), path.join(path.resolve(opts.pilot3Dir), 'pilot.py'), ...args], {
      env: { ...env, SANDBOX_RW: rw.join(' ') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 420_000);
  const released = new Set<number>();
  // the first heartbeat that saw the payload: a running update with measured core counts
  // (ATLAS: Pilot 3 measures no core counts but sends the memory monitor's figures)
  const seen = sc.releaseWhen ?? ((p: Record<string, unknown>) => p.meanCoreCount !== undefined || p.maxRSS !== undefined);
  const release = () => {
    scn.emulator.jobs().forEach((rec, i) => {
      if (released.has(i) || !rec.updates.some((u) => u.params.state === 'running' && seen(u.params))) return;
      released.add(i);
      writeFileSync(releases[i], '');
    });
  };
  scn.emulator.store.on('change', release);
  // the first request answered once the transform has ended (its end marker, ATLAS scenarios);
  // requests are logged once answered, so the one being handled now is counted as after it
  let payloadEndAt: number | undefined;
  const payloadEnd = () => {
    if (payloadEndAt === undefined && sc.user === 'atlas' && existsSync(`${record}.end`)) payloadEndAt = scn.emulator.requests.length;
  };
  scn.emulator.store.on('change', payloadEnd);
  try {
    if (sc.intervention) {
      const first = () => scn.emulator.jobs()[0];
      // After the first heartbeat (the second running update) and one that carried the monitor's
      // figures: the payload is up and both pilots have sampled it, whatever the machine's load
      // (a loaded machine can send the first heartbeat before the first sample).
      const running = () => (first()?.updates ?? []).filter((u) => u.params.state === 'running');
      const sampled = () => running().length >= 2 && running().some((u) => seen(u.params));
      await Promise.race([until(scn, sampled, 300_000, 'a heartbeat with the monitor\'s figures'), exited]);
      if (first()?.jobStatus === 'running') {
        if (sc.intervention === 'sigterm') {
          const target = pilot === 'ours' ? child.pid : sandboxedPilotPid(child.pid!);
          if (target) process.kill(target, 'SIGTERM');
        } else if (sc.intervention === 'debug') {
          scn.emulator.command(first().PandaID, 'debug');
        } else scn.emulator.command(first().PandaID, 'tobekilled');
      }
    }
    const exitCode = await exited;
    const requests = scn.emulator.requests
      .map((r, i) => ({ r, after: payloadEndAt !== undefined && i >= payloadEndAt }))
      .filter(({ r }) => r.method !== undefined)
      .map(({ r, after }): CapturedRequest => ({ method: r.method, params: DISPATCHER.has(r.method) ? { ...(r.params ?? {}) } : {}, ...(after ? { afterPayload: true as const } : {}) }));
    const jobs = scn.emulator.jobs().map((j) => ({
      PandaID: j.PandaID,
      jobStatus: j.jobStatus,
      pilotErrorCode: Number(j.reported.pilotErrorCode ?? 0),
      reported: { ...j.reported },
    }));
    return {
      scenario: sc.name,
      pilot,
      exitCode,
      requests,
      traces: [...scn.rucio.traces],
      jobs,
      ...(sc.user === 'atlas' ? { commands: readLines(record), payloadEnv: envDelta(pilot === 'pilot3' ? { ...env, SANDBOX_RW: rw.join(' ') } : env, `${record}.env`) } : {}),
      masks: { ...masks, [scn.launchDir]: '<launch>', [storageDir]: '<storage>', [scn.dir]: '<site>', [base]: '<base>', [scn.emulator.url]: '<server>' },
      machine: { ...machineFacts(), hostByAddr: await hostByAddr() },
      stdoutTail: out.slice(-200_000),
    };
  } finally {
    scn.emulator.store.off('change', release);
    scn.emulator.store.off('change', payloadEnd);
    clearTimeout(killer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await scn.close();
    await rm(base, { recursive: true, force: true });
  }
}
