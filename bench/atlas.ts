/**
 * `npm run bench -- atlas`: how soon an ATLAS production job with a bare transform (`Reco_tf.py`)
 * starts its transform after getJob, on the simulated CVMFS (ALRB, asetup, Pilot 3's set-up
 * verification, nothing downloaded). Issue 9's goal: under 1 s. The baseline, measured in the
 * same run, is the same pilot running a generic job whose two-line script it downloads first.
 * Times: the emulator's arrival time of getJob, and the moment the transform's own record (or
 * the payload's stamp) appears. BENCH_RUNS runs of each (default 5).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../src/demo/scenario.js';
import { buildSimCvmfs } from '../test/support/cvmfs.js';
import { scenario } from './compat/scenarios.js';
import { median, type BenchRow } from './stats.js';

/** Seconds from getJob's arrival to the first time `started()` holds (polled every 2 ms). */
async function timeToStart(scn: Scenario, args: string[], env: NodeJS.ProcessEnv, started: () => boolean): Promise<number> {
  let seen = 0;
  const poll = setInterval(() => {
    if (!seen && started()) seen = Date.now();
  }, 2);
  const res = await startPilot({ ...scn, pilotArgs: () => args }, [], { PANDA_PILOT_LOG_CONSOLE: '0', ...env }).done;
  clearInterval(poll);
  const [job] = scn.emulator.jobs();
  const getJob = scn.emulator.requests.find((r) => r.method === 'getJob' && r.status === 200);
  if (job?.jobStatus !== 'finished' || !getJob || !seen) throw new Error(`bench atlas: job ${job?.jobStatus} ${String(job?.reported.pilotErrorDiag ?? '')}\n${res.stdout.slice(-2000)}`);
  return (seen - getJob.time) / 1000;
}

async function atlasRun(root: string): Promise<number> {
  // the compat harness's production job (the one compared with Pilot 3), not held by a release file
  const sc = scenario('atlas-production');
  const scn = await createScenario({ jobs: sc.jobs, inputs: sc.inputs, queueOverrides: sc.queueOverrides });
  try {
    const record = path.join(scn.dir, 'alrb-calls.log');
    const args = scn.pilotArgs().filter((a) => a !== '-b');
    args[args.indexOf('--pilot-user') + 1] = 'atlas';
    const started = () => existsSync(record) && readFileSync(record, 'utf8').includes('trf Reco_tf.py');
    return await timeToStart(scn, args, { ATLAS_SW_BASE: root, NO_CVMFS_OK: '', ALRB_SIM_RECORD: record }, started);
  } finally {
    await scn.close();
  }
}

async function genericRun(): Promise<number> {
  const scn = await createScenario({
    jobs: [{ transformation: 'stamp.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'stamp.sh': '#!/bin/bash\ntouch ../payload.started\n' },
  });
  try {
    const mark = path.join(scn.launchDir, 'payload.started');
    return await timeToStart(scn, scn.pilotArgs(), {}, () => existsSync(mark));
  } finally {
    await scn.close();
  }
}

export async function benchAtlas(): Promise<BenchRow[]> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const root = buildSimCvmfs(mkdtempSync(path.join(tmpdir(), 'bench-cvmfs-')));
  const atlas: number[] = [];
  const generic: number[] = [];
  try {
    // interleaved, so both see the same machine state
    for (let i = 0; i < runs; i++) {
      atlas.push(await atlasRun(root));
      generic.push(await genericRun());
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return [
    { name: 'ATLAS bare Reco_tf.py: getJob → transform started', value: median(atlas), unit: 's', runs, baseline: median(generic), baselineName: 'generic job, script downloaded', goal: '< 1 s' },
  ];
}
