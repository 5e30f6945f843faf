// Pilot 3's other workflows through the real pilot: generic_hpc (one pilot per MPI rank started
// by srun on a real Slurm cluster, jobs from Harvester's files, no server connection) and stager
// (inputs staged for an interactive user, no payload, the job held for its lease).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, PILOT_MAIN, startPilot } from '../../src/demo/scenario.js';
import { DEMO_INPUT, DEMO_INPUT_BODY, demoJobs } from '../../src/demo/jobs.js';
import { HarvesterWorker } from '../../src/emulator/harvester.js';
import { startSlurm, type SlurmCluster } from '../support/slurm.js';

let slurm: SlurmCluster;
before(async () => {
  slurm = await startSlurm(8);
});
after(async () => {
  await slurm?.stop();
});

test('generic_hpc: 4 ranks via srun each run their own job from HPCJobs.json and declare outputs and log for Harvester', async () => {
  const scn = await createScenario({ jobs: [0, 1, 2, 3].map((i) => ({ transformation: 'rank.sh', jobPars: `out.${i}.root`, prodSourceLabel: 'ptest', outFiles: [{ lfn: `out.${i}.root`, scope: 'mc.hpc' }] })) });
  try {
    // Harvester's side: it got the jobs from PanDA and laid out the worker's communication point
    const point = path.join(scn.dir, 'hpc');
    mkdirSync(point);
    const feeder = new HarvesterWorker({ pandaUrl: scn.emulator.url, siteName: scn.queue, accessPoint: point, prodSourceLabel: 'ptest' });
    const jobs: Record<string, unknown>[] = [];
    for (let i = 0; i < 4; i++) {
      assert.ok(await feeder.feed());
      jobs.push(JSON.parse(readFileSync(path.join(point, 'pandaJobData.out'), 'utf8')) as Record<string, unknown>);
    }
    const script = path.join(point, 'rank.sh');
    writeFileSync(script, '#!/bin/bash\necho "rank $SLURM_PROCID" > "$1"\necho "wrote $1"\n');
    chmodSync(script, 0o755);
    const ids = jobs.map((j) => Object.keys(j)[0]);
    for (const [i, id] of ids.entries()) {
      mkdirSync(path.join(point, id));
      const def = (jobs[i] as Record<string, Record<string, unknown>>)[id];
      writeFileSync(path.join(point, id, 'HPCJobs.json'), JSON.stringify({ [id]: { ...def, transformation: script } }));
    }
    writeFileSync(path.join(point, 'worker_pandaids.json'), JSON.stringify(ids.map(Number)));
    const before = scn.emulator.requests.length;

    // (the later -w wins, as with argparse)
    const args = scn.pilotArgs(['-w', 'generic_hpc', '--hpc-resource', 'generic', '--harvester-workdir', point]);
    // (asynchronously: the emulator answering the queuedata lookups lives in this process)
    const srun = spawn('srun', ['-n', '4', '--chdir', point, process.execPath, PILOT_MAIN, ...args], { env: { ...scn.pilotEnv(), SLURM_CONF: slurm.env.SLURM_CONF } });
    let output = '';
    srun.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    srun.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const [code] = (await once(srun, 'close')) as [number | null];
    assert.equal(code, 0, output);

    const ranks = new Set<string>();
    for (const [i, id] of ids.entries()) {
      const dir = path.join(point, id);
      const attrs = JSON.parse(readFileSync(path.join(dir, 'worker_attributes.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(attrs.jobStatus, 'finished', `${id}: ${JSON.stringify(attrs)}`);
      assert.equal(attrs.transExitCode, 0);
      const out = readFileSync(path.join(dir, `out.${i}.root`), 'utf8').trim();
      ranks.add(out);
      const decl = JSON.parse(readFileSync(path.join(dir, 'event_status.dump.json'), 'utf8')) as Record<string, Array<Record<string, unknown>>>;
      const files = decl[id];
      assert.deepEqual(files.map((f) => f.filetype).sort(), ['log', 'output']);
      const logFile = files.find((f) => f.filetype === 'log')!;
      assert.ok(existsSync(String(logFile.path)));
      const listing = execFileSync('tar', ['-tzf', String(logFile.path)], { encoding: 'utf8' });
      assert.match(listing, /payload\.stdout/, 'the log tarball holds the payload output');
      assert.doesNotMatch(listing, /out\.\d\.root/, 'outputs are declared, not packed into the log');
    }
    assert.deepEqual([...ranks].sort(), ['rank 0', 'rank 1', 'rank 2', 'rank 3'], 'each rank ran one job, each job once');
    assert.deepEqual(scn.emulator.requests.slice(before).filter((r) => r.method === 'getJob' || r.method === 'updateJob'), [], 'no server connection');
  } finally {
    await scn.close();
  }
});

test('stager: the input staged into --input-destination-dir, no payload, the job finished at its lease with only the log out', async () => {
  const [demo] = demoJobs();
  const scn = await createScenario({
    jobs: [{ ...demo.def, transformation: 'never.sh' }],
    trfs: { 'never.sh': '#!/bin/bash\ntouch "$HOME/../payload-ran"; touch payload-ran\n' },
    inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
    config: { heartbeat: 60, update_sleep: 0.3 },
  });
  try {
    const dest = path.join(scn.dir, 'user-area');
    const args = ['--leasetime', '1', '--input-destination-dir', dest];
    const run = startPilot(scn, ['-w', 'stager', ...args]);
    const res = await run.done;
    assert.equal(res.code, 0, res.stdout.slice(-3000));
    const [job] = scn.emulator.jobs();
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'finished');
    assert.equal(readFileSync(path.join(dest, DEMO_INPUT), 'utf8'), DEMO_INPUT_BODY, 'the input is where the user reads it');
    const xml = JSON.parse(String(fin.xml)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(xml).filter((l) => !l.includes('log')), [], 'only the log went out');
    assert.ok(Object.keys(xml).some((l) => l.includes('log')));
    assert.equal(existsSync(path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`, 'payload-ran')), false);
    assert.ok(!/payload-ran/.test(execFileSync('find', [scn.dir], { encoding: 'utf8' })), 'the transformation never ran');
  } finally {
    await scn.close();
  }
});
