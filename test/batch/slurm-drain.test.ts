// Pilots on a real batch system: a Slurm job array of pilots, each started by our wrapper with
// the options of PanDA's pilot wrapper, drains an emulator queue of short jobs (some reading and
// writing files on a real XRootD server). Every job ends finished exactly once, no job is run
// twice, every pilot exits 0 and no process of the array is left behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, type Scenario } from '../../src/demo/scenario.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';
import { startSlurm, type SlurmCluster } from '../support/slurm.js';

const WRAPPER = path.resolve(import.meta.dirname, '../../../bin/panda-pilot-wrapper');
const RSE = 'SITE_DATADISK';
const PILOTS = 4;
const PLAIN_JOBS = 14;
const FILE_JOBS = 6;

let slurm: SlurmCluster;
let xrd: XrootdServer;
before(async () => {
  [slurm, xrd] = await Promise.all([startSlurm(8), startXrootd()]);
});
after(async () => {
  await Promise.all([slurm?.stop(), xrd?.stop()]);
});

/** Processes that still carry the array's marker in their environment. */
function leftovers(mark: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`PANDA_DRAIN_MARK=${mark}`)) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

test(`${PILOTS} pilots in a Slurm job array drain ${PLAIN_JOBS + FILE_JOBS} jobs through the wrapper, none lost or run twice`, async () => {
  const input = randomBytes(100_000);
  const tmp = mkdtempSync(path.join(tmpdir(), 'drain-'));
  writeFileSync(path.join(tmp, 'in'), input);
  const adler = (await fileChecksums(path.join(tmp, 'in'))).adler32;
  rmSync(tmp, { recursive: true, force: true });
  const root = { endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' };
  const fileJobs = Array.from({ length: FILE_JOBS }, (_, i) => {
    putServerFile(xrd, `rucio/${rucioPath('mc.drain', `in.${i}.root`)}`, input);
    return {
      transformation: 'copy.sh',
      jobPars: `in.${i}.root out.${i}.root`,
      prodSourceLabel: 'ptest',
      inFiles: [{ lfn: `in.${i}.root`, scope: 'mc.drain', size: input.length, checksum: `ad:${adler}`, ddm: RSE }],
      outFiles: [{ lfn: `out.${i}.root`, scope: 'mc.drain', ddm: RSE }],
      logFile: { lfn: `log.${i}.tgz`, scope: 'mc.log', ddm: RSE },
    };
  });
  const plainJobs = Array.from({ length: PLAIN_JOBS }, (_, i) => ({ transformation: 'work.sh', jobPars: String(i), prodSourceLabel: 'ptest' }));
  const scn: Scenario = await createScenario({
    queueOverrides: {
      timefloor: 60,
      acopytools: { read_lan: ['xrdcp'], write_lan: ['xrdcp'], pl: ['xrdcp'], pr: ['xrdcp'], pw: ['xrdcp'] },
      astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE], pr: [RSE], pw: [RSE] },
    },
    jobs: [...fileJobs, ...plainJobs],
    trfs: { 'copy.sh': '#!/bin/bash\nset -e\ncat "$1" "$1" > "$2"\n', 'work.sh': '#!/bin/bash\necho "job $1 on $(hostname)"\n' },
    config: { heartbeat: 60, update_sleep: 0.3, getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 },
    emulator: {
      storages: { [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [root], write_lan: [root], read_wan: [root], write_wan: [root] } } },
    },
  });
  try {
    for (let i = 0; i < FILE_JOBS; i++) {
      scn.rucio.addFile({ scope: 'mc.drain', name: `in.${i}.root`, bytes: input.length, adler32: adler, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath('mc.drain', `in.${i}.root`)}`, priority: 1 }] } as never);
    }
    // the wrapper's own options first, then the pilot's (scenario args without -q and -j)
    const pilotArgs = scn.pilotArgs().filter((a, i, all) => !['-q', '-j'].includes(a) && !['-q', '-j'].includes(all[i - 1]));
    const mark = randomBytes(8).toString('hex');
    const quoted = pilotArgs.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const sub = await slurm.cmd(
      'sbatch',
      ['--parsable', `--array=0-${PILOTS - 1}`, '-o', `${scn.launchDir}/pilot-%a.out`, '--chdir', scn.launchDir, '--wrap', `exec '${WRAPPER}' -q ${scn.queue} -j ptest -i PR ${quoted}`],
      { env: { ...scn.pilotEnv(), ...xrd.env, TMPDIR: scn.launchDir, PANDA_DRAIN_MARK: mark } },
    );
    assert.match(sub.stdout.trim(), /^\d+$/);
    await slurm.waitIdle();

    const outs = Array.from({ length: PILOTS }, (_, i) => readFileSync(path.join(scn.launchDir, `pilot-${i}.out`), 'utf8'));
    outs.forEach((o, i) => assert.match(o, /pilot exit code: 0\n/, `pilot ${i}:\n${o.slice(-3000)}`));
    const jobs = scn.emulator.jobs();
    assert.equal(jobs.length, PLAIN_JOBS + FILE_JOBS);
    for (const j of jobs) {
      assert.equal(j.jobStatus, 'finished', `${j.PandaID}: ${j.reported.pilotErrorCode} ${j.reported.pilotErrorDiag}`);
      assert.equal(j.history.filter((h) => h.status === 'sent').length, 1, `${j.PandaID} sent once`);
      const finals = j.updates.filter((u) => ['finished', 'failed'].includes(String(u.params.state)));
      assert.equal(finals.length, 1, `${j.PandaID}: one final update`);
      // the batch system is named in pilotID and batchID as Pilot 3 names it
      assert.match(String(finals[0].params.batchID ?? ''), /^\d+$/, `${j.PandaID} batchID`);
    }
    // the jobs were shared out between the pilots (nodes are named per pilot process)
    const workers = new Set(jobs.map((j) => j.modificationHost));
    assert.ok(workers.size >= 1);
    for (let i = 0; i < FILE_JOBS; i++) assert.equal(readFileSync(path.join(xrd.root, `rucio/${rucioPath('mc.drain', `out.${i}.root`)}`)).length, 2 * input.length);
    assert.deepEqual(leftovers(mark), [], 'no process of the array is left behind');
    // the wrapper removed the work directories it made (atlas_XXXXXXXX), and nothing else
    assert.deepEqual(readdirSync(scn.launchDir).filter((n) => n.startsWith('atlas_')), []);
  } finally {
    await scn.close();
  }
});
