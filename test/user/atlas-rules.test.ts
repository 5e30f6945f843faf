// ATLAS monitoring rules through the real pilot (--pilot-user atlas) on the simulated CVMFS: a
// payload that only rewrites files ATLAS's looping rules ignore is killed as looping (1150), a
// payload allocating past the queue's memory limit is killed (1235), direct-access inputs are
// opened on real XRootD / nginx WebDAV before the payload (a missing one fails the job with 1361),
// and a queue with pilotXcache gets an xcache started before stage-in and killed after the payload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { buildSimCvmfs } from '../support/cvmfs.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

let root: string;
before(() => {
  root = buildSimCvmfs(mkdtempSync(path.join(tmpdir(), 'sim-cvmfs-rules-')));
  addSimXcache(root);
});
after(() => rmSync(root, { recursive: true, force: true }));

const QUEUE = { is_cvmfs: true, environ: 'SITE_FLAVOUR=sim' };

/**
 * `lsetup xcache` puts ALRB's xcache tool on PATH. The simulated tool prints what the real one
 * prints on start (the lines Pilot 3's xcache_proxy reads), runs a daemon, and kills it by pid.
 */
function addSimXcache(top: string): void {
  const alrb = path.join(top, 'atlas.cern.ch/repo/ATLASLocalRootBase');
  const bin = path.join(alrb, 'utilities/xcache/bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(bin, 'xcache'), `#!/bin/bash
_sim_rec() { if [ -n "\${ALRB_SIM_RECORD:-}" ]; then printf '%s\\n' "$*" >> "$ALRB_SIM_RECORD"; fi; }
_sim_rec "xcache $* pwd=$PWD"
case "$1" in
  list) echo "No xcache running";;
  start)
    shift; dir=""
    while [ $# -gt 0 ]; do case "$1" in -d) dir="$2"; shift 2;; *) shift;; esac; done
    mkdir -p "$dir/files"
    echo "export ALRB_XCACHE_PROXY=root://127.0.0.1:1094//" > "$dir/files/settings.sh"
    echo "xcache proxy serving from $dir" > "$dir/xcache-messages.log"
    setsid sleep 300 > /dev/null 2>&1 < /dev/null &
    echo $! > "$dir/pid"
    echo "Starting xcache ..."
    echo " export ALRB_XCACHE_PROXY=\\"root://127.0.0.1:1094//\\""
    echo " export ALRB_XCACHE_PROXY_REMOTE=\\"root://$(hostname):1094//\\""
    echo " ALRB_XCACHE_MYPROCESS=$!"
    echo " ALRB_XCACHE_FILES=$dir/files"
    echo "xcache started successfully.  Messages logged in $dir/xcache-messages.log";;
  kill)
    shift; [ "$1" = -p ] && kill "$2" && echo "killed xcache $2";;
esac
`);
  chmodSync(path.join(bin, 'xcache'), 0o755);
  appendFileSync(path.join(alrb, 'user/atlasLocalSetup.sh'),
    `lsetup() { _sim_rec "lsetup $*"; for t in "$@"; do [ "$t" = xcache ] && export PATH="${bin}:$PATH"; done; true; }\n`);
}

/** Run the pilot as ATLAS on the simulated CVMFS; returns the run, the recorded calls and the pilot log. */
async function runAtlas(scn: Scenario, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const record = path.join(scn.dir, 'alrb-calls.log');
  const args = scn.pilotArgs(extra).filter((a) => a !== '-b');
  args[args.indexOf('--pilot-user') + 1] = 'atlas';
  const res = await startPilot({ ...scn, pilotArgs: () => args }, [], { ATLAS_SW_BASE: root, NO_CVMFS_OK: '', ALRB_SIM_RECORD: record, ...env }).done;
  const calls = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
  const log = readFileSync(path.join(scn.launchDir, 'pilotlog.txt'), 'utf8');
  return { res, calls, log };
}

/** An analysis job (its runGen served by the emulator) after asetup of AnalysisBase. */
function analysisJob(extra: Record<string, unknown> = {}) {
  return {
    transformation: 'runGen-00-00-02', prodSourceLabel: 'ptest', jobPars: '-o user.me.hist.root',
    swRelease: 'Atlas-22.2.110', homepackage: 'AnalysisTransforms-AnalysisBase_22.2.110', cmtConfig: 'x86_64-el9-gcc13-opt',
    outFiles: [{ lfn: 'user.me.hist.root', scope: 'user.me' }],
    ...extra,
  };
}

function finalOf(scn: Scenario) {
  const [job] = scn.emulator.jobs();
  return { job, fin: scn.emulator.updates(job.PandaID).at(-1)!.params };
}

test('looping (ATLAS rules): a payload that only rewrites setup.sh and PoolFileCatalog.xml is killed with 1150 after a core dump', async () => {
  // Both files are on ATLAS's ignore list: nothing the payload does counts as progress.
  const looper = [
    '#!/bin/bash',
    `exec python3 -c 'import time
while True:
    open("setup.sh", "w").write(str(time.time()))
    open("PoolFileCatalog.xml", "w").write(str(time.time()))
    time.sleep(0.2)'`,
  ].join('\n');
  const scn = await createScenario({
    queueOverrides: QUEUE,
    config: { looping_verification_time: 1, looping_limit_default: 2, looping_limit_min_default: 2 },
    jobs: [analysisJob()],
    trfs: { 'runGen-00-00-02': looper },
  });
  try {
    const { res, log } = await runAtlas(scn);
    const { job, fin } = finalOf(scn);
    assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
    assert.equal(Number(fin.pilotErrorCode), 1150, String(fin.pilotErrorDiag));
    assert.equal(fin.pilotErrorDiag, 'Looping job killed by pilot');
    assert.match(log, /the payload was found to be looping/);
    assert.match(log, /core dump of the looping payload written to the work dir/);
    assert.ok(Object.keys(JSON.parse(String(fin.xml))).some((lfn) => /\.tgz/.test(lfn)), `the log went out: ${fin.xml}`);
  } finally {
    await scn.close();
  }
});

test('memory (ATLAS): maxPSS past the queue\'s maxrss limit (SCORE_VHIMEM x grace) kills the payload with 1235', async () => {
  // limit = pilot_rss_grace 2 x maxrss 25 MB / 1 core x 1 core = 51200 kB; the payload touches 150 MB.
  const hog = ['#!/bin/bash', `exec python3 -c 'import time; b = b"x" * (150 << 20); time.sleep(60)'`].join('\n');
  const scn = await createScenario({
    queueOverrides: { ...QUEUE, maxrss: 25, corecount: 1 },
    config: { memory_usage_verification_time: 1, memory_monitor_interval: 1 },
    jobs: [analysisJob({ resource_type: 'SCORE_VHIMEM' })],
    trfs: { 'runGen-00-00-02': hog },
  });
  try {
    // Pilot 3 takes the resource type from --resource-type (Harvester sets it), not from the job
    const { res, log } = await runAtlas(scn, {}, ['--resource-type', 'SCORE_VHIMEM']);
    const { job, fin } = finalOf(scn);
    assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
    assert.equal(Number(fin.pilotErrorCode), 1235, String(fin.pilotErrorDiag));
    assert.equal(fin.pilotErrorDiag, 'Payload exceeded maximum allowed memory');
    assert.match(log, /job has exceeded the memory limit \d+ kB > 51200 kB \(subresource=SCORE_VHIMEM, corecount=1\)/);
    assert.ok(Number(fin.maxPSS) > 51200, `maxPSS ${fin.maxPSS}`);
  } finally {
    await scn.close();
  }
});
