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
