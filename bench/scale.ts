/**
 * `npm run bench -- scale`: the emulator under load. BENCH_SCALE_PILOTS simulated pilots (1,000)
 * drain a queue of BENCH_SCALE_JOBS jobs (3,000), each job getJob → starting → running → finished,
 * against the `panda-emulator` command in its own process, with `--state` (the journal) and
 * without it (the baseline, same run): once with no pause between a pilot's calls (saturation), once
 * with pilots pausing BENCH_SCALE_THINK_MS (1,000) on average between calls. Then the emulator with state is SIGKILLed and restarted:
 * every acknowledged final update must be there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { quantile, simulatePilots, type LoadResult } from '../src/emulator/loadgen.js';
import type { BenchRow } from './stats.js';

const BIN = resolve(import.meta.dirname, '../../bin/panda-emulator.js');

async function startEmulator(args: string[]): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = (await once(createInterface({ input: proc.stdout! }), 'line')) as [string];
  return { proc, url };
}

async function stop(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const exited = once(proc, 'exit');
  proc.kill(signal);
  await exited;
}

function summary(r: LoadResult): { rps: number; p50: number; p99: number; n: number } {
  const all = Object.values(r.latencies).flat();
  return { rps: all.length / (r.elapsedMs / 1000), p50: quantile(all, 0.5), p99: quantile(all, 0.99), n: all.length };
}

/** Jobs finished in an emulator's admin API. */
async function finishedJobs(url: string): Promise<number> {
  const jobs = (await (await fetch(`${url}/admin/jobs`)).json()) as { jobStatus: string }[];
  return jobs.filter((j) => j.jobStatus === 'finished').length;
}

export async function benchScale(): Promise<BenchRow[]> {
  const pilots = Number(process.env.BENCH_SCALE_PILOTS ?? 1000);
  const nJobs = Number(process.env.BENCH_SCALE_JOBS ?? 3000);
  const dir = await mkdtemp(join(tmpdir(), 'bench-scale-'));
  const rows: BenchRow[] = [];
  try {
    await writeFile(join(dir, 'jobs.json'), JSON.stringify({ jobs: [{ queue: 'LOADQ', count: nJobs, transformation: 'run.sh' }] }));
    await writeFile(join(dir, 'queues.json'), JSON.stringify({ LOADQ: {} }));
    const common = ['--jobs', join(dir, 'jobs.json'), '--queues', join(dir, 'queues.json')];

    const thinkMs = Number(process.env.BENCH_SCALE_THINK_MS ?? 1000);
    type Run = ReturnType<typeof summary> & { dup: number; lost: number; errors: number };
    const runs: Record<string, Run> = {};
    // saturation (no pause: as fast as the server answers) and paced (pilots pause between calls)
    for (const [mode, think] of [['memory', 0], ['state', 0], ['memory paced', thinkMs], ['state paced', thinkMs]] as const) {
      const state = join(dir, `state-${mode.replace(' ', '-')}.jsonl`);
      const withState = mode.startsWith('state');
      const emu = await startEmulator(withState ? [...common, '--state', state] : common);
      const r = await simulatePilots({ url: emu.url, site: 'LOADQ', pilots, thinkMs: think });
      const dup = r.dispatched.length - new Set(r.dispatched).size;
      let lost: number;
      if (withState) {
        // a killed emulator loses nothing it acknowledged
        await stop(emu.proc, 'SIGKILL');
        const again = await startEmulator([...common, '--state', state]);
        lost = r.finalsAcked - (await finishedJobs(again.url));
        await stop(again.proc);
      } else {
        lost = r.finalsAcked - (await finishedJobs(emu.url));
        await stop(emu.proc);
      }
      runs[mode] = { ...summary(r), dup, lost, errors: r.errors };
      console.log(`scale ${mode}: ${r.dispatched.length} jobs, ${runs[mode].n} requests, ${r.errors} errors, ${dup} sent twice, ${lost} lost, ${(r.elapsedMs / 1000).toFixed(1)} s`);
    }
    const s = runs.state;
    const m = runs.memory;
    const sp = runs['state paced'];
    const mp = runs['memory paced'];
    rows.push(
      { name: `--state, ${pilots} pilots, no pause: requests/s`, value: s.rps, unit: 'req/s', baseline: m.rps, baselineName: 'no state' },
      { name: '--state, no pause: p50 latency', value: s.p50, unit: 'ms', baseline: m.p50, baselineName: 'no state' },
      { name: '--state, no pause: p99 latency', value: s.p99, unit: 'ms', baseline: m.p99, baselineName: 'no state' },
      { name: `--state, ${pilots} pilots pausing ~${thinkMs} ms: requests/s`, value: sp.rps, unit: 'req/s', baseline: mp.rps, baselineName: 'no state' },
      { name: '--state, pausing: p50 latency', value: sp.p50, unit: 'ms', baseline: mp.p50, baselineName: 'no state' },
      { name: '--state, pausing: p99 latency', value: sp.p99, unit: 'ms', baseline: mp.p99, baselineName: 'no state', goal: '≤ 100 ms' },
      { name: 'failed requests, all runs', value: Object.values(runs).reduce((a, r) => a + r.errors, 0), unit: 'count', goal: '0' },
      { name: 'jobs sent twice or lost after SIGKILL, all runs', value: Object.values(runs).reduce((a, r) => a + r.dup + r.lost, 0), unit: 'count', goal: '0' },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** One drain of the Slurm bench: who ran the pilots, how long the queue took. */
interface Drain {
  seconds: number;
  finished: number;
  runTwice: number;
}

/**
 * N pilots as a Slurm job array through panda-pilot-wrapper (ours) or Pilot 3's pilot.py in the
 * Pilot 3 sandbox (PILOT3_DIR), draining M short jobs from the emulator on a one-node cluster.
 */
async function drainOnSlurm(kind: 'ours' | 'pilot3', pilots: number, nJobs: number, pilot3Dir?: string): Promise<Drain> {
  const { startSlurm } = await import('../test/support/slurm.js');
  const { createScenario } = await import('../src/demo/scenario.js');
  const slurm = await startSlurm(Math.max(8, pilots));
  const scn = await createScenario({
    queueOverrides: { timefloor: 600 },
    jobs: Array.from({ length: nJobs }, (_, i) => ({ transformation: 'work.sh', jobPars: String(i), prodSourceLabel: 'ptest' })),
    trfs: { 'work.sh': '#!/bin/bash\necho "job $1"\n' },
    config: { heartbeat: 60, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 },
  });
  try {
    const args = scn.pilotArgs();
    const q = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    let wrap: string;
    if (kind === 'ours') {
      const wrapper = resolve(import.meta.dirname, '../../bin/panda-pilot-wrapper');
      const rest = args.filter((a, i, all) => !['-q', '-j'].includes(a) && !['-q', '-j'].includes(all[i - 1]));
      wrap = `exec ${q(wrapper)} -q ${q(scn.queue)} -j ptest ${rest.map(q).join(' ')}`;
    } else {
      const sandbox = process.env.PILOT3_SANDBOX ?? '/work/shared/tools/pilot3-sandbox.sh';
      // each Pilot 3 in its own scratch dir, PID namespace and read-only file system
      wrap = `exec ${q(sandbox)} ${q(scn.launchDir)}/p3-$SLURM_ARRAY_TASK_ID -- python3 ${q(join(pilot3Dir!, 'pilot.py'))} ${args.map(q).join(' ')}`;
    }
    // Pilot 3's https client needs a client certificate file and a CA directory, even on plain
    // http: a self-signed stand-in for the proxy (both pilots get the same environment)
    const { execFileSync } = await import('node:child_process');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const key = join(scn.dir, 'proxy.key');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', `${key}.crt`, '-subj', '/CN=panda-pilot bench', '-days', '2'], { stdio: 'ignore' });
    const proxy = join(scn.dir, 'proxy.pem');
    writeFileSync(proxy, readFileSync(`${key}.crt`, 'utf8') + readFileSync(key, 'utf8'), { mode: 0o600 });
    const t0 = performance.now();
    await slurm.cmd('sbatch', ['--parsable', `--array=0-${pilots - 1}`, '-o', `${scn.launchDir}/pilot-%a.out`, '--chdir', scn.launchDir, '--wrap', wrap], {
      env: { ...scn.pilotEnv(), TMPDIR: scn.launchDir, X509_USER_PROXY: proxy, X509_CERT_DIR: '/etc/ssl/certs' },
    });
    await slurm.waitIdle(6 * 3600_000);
    const seconds = (performance.now() - t0) / 1000;
    const jobs = scn.emulator.jobs();
    if (jobs.some((j) => j.jobStatus !== 'finished')) {
      const { readFileSync } = await import('node:fs');
      console.log(`${kind}: not every job finished; pilot 0 said:\n${readFileSync(join(scn.launchDir, 'pilot-0.out'), 'utf8').split('\n').filter((l) => /ERROR|WARN|getJob|proxy|server/i.test(l)).slice(0, 40).join('\n')}`);
      for (const j of jobs.filter((x) => x.jobStatus !== 'finished').slice(0, 3)) console.log(`  ${j.PandaID} ${j.jobStatus} ${j.reported.pilotErrorCode ?? ''} ${j.reported.pilotErrorDiag ?? ''}`);
    }
    return {
      seconds,
      finished: jobs.filter((j) => j.jobStatus === 'finished').length,
      runTwice: jobs.filter((j) => j.history.filter((h) => h.status === 'sent').length > 1).length,
    };
  } finally {
    await scn.close();
    await slurm.stop();
  }
}

/** `npm run bench -- slurm`: the queue drained on a real Slurm cluster, ours vs Pilot 3. */
export async function benchSlurm(): Promise<BenchRow[]> {
  const pilots = Number(process.env.BENCH_SLURM_PILOTS ?? 8);
  const nJobs = Number(process.env.BENCH_SLURM_JOBS ?? 200);
  const pilot3 = process.env.PILOT3_DIR;
  const ours = await drainOnSlurm('ours', pilots, nJobs);
  console.log(`slurm ours: ${ours.finished}/${nJobs} finished, ${ours.runTwice} run twice, ${ours.seconds.toFixed(1)} s`);
  const rows: BenchRow[] = [];
  let base: Drain | undefined;
  if (pilot3) {
    base = await drainOnSlurm('pilot3', pilots, nJobs, pilot3);
    console.log(`slurm Pilot 3: ${base.finished}/${nJobs} finished, ${base.runTwice} run twice, ${base.seconds.toFixed(1)} s`);
  }
  rows.push(
    { name: `Slurm: ${pilots} pilots drain ${nJobs} jobs`, value: ours.seconds, unit: 's', baseline: base?.seconds, baselineName: 'Pilot 3', goal: '≤ 1/20 of Pilot 3' },
    { name: 'Slurm: jobs per hour', value: (ours.finished / ours.seconds) * 3600, unit: 'jobs/h', baseline: base ? (base.finished / base.seconds) * 3600 : undefined, baselineName: 'Pilot 3' },
    { name: 'Slurm: jobs not finished or run twice (ours)', value: nJobs - ours.finished + ours.runTwice, unit: 'count', goal: '0' },
  );
  if (base) rows.push({ name: 'Slurm: jobs not finished or run twice (Pilot 3)', value: nJobs - base.finished + base.runTwice, unit: 'count' });
  return rows;
}
