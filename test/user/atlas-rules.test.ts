// ATLAS monitoring rules through the real pilot (--pilot-user atlas) on the simulated CVMFS: a
// payload that only rewrites files ATLAS's looping rules ignore is killed as looping (1150), a
// payload allocating past the queue's memory limit is killed (1235), direct-access inputs are
// opened on real XRootD / nginx WebDAV before the payload (a missing one fails the job with 1361),
// and a queue with pilotXcache gets an xcache started before stage-in and killed after the payload
// (no NetworkMonitor: Pilot 3 never starts one).
import { test, before, after, describe, it } from 'node:test';
import net from 'node:net';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { formatDiagnostics } from '../../src/common/errors.js';
import { startRucioEmulator } from '../../src/emulator/rucio.js';
import { checkRemoteFiles } from '../../src/user/atlas/remoteopen.js';
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
    _sim_rec "xcache daemon $!"
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

test('xcache (catchall pilotXcache): started in the pilot home before stage-in, its proxy reaches the payload, killed after it; messages log in the tarball', async () => {
  const scn = await createScenario({
    queueOverrides: { ...QUEUE, catchall: 'pilotXcache' },
    jobs: [{
      prodSourceLabel: 'ptest', swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt',
      jobPars: '--inputEVNTFile=EVNT.pool.root.1 --outputAODFile=AOD.pool.root.1',
      inFiles: [{ lfn: 'EVNT.pool.root.1', scope: 'mc23' }], outFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23' }],
      fields: { transformation: 'Reco_tf.py', preprocess: { command: 'bash', args: '-c "echo payload proxy=$ALRB_XCACHE_PROXY >> $ALRB_SIM_RECORD"' } },
    }],
    inputs: { 'EVNT.pool.root.1': 'events\n' },
  });
  try {
    const { res, calls, log } = await runAtlas(scn);
    const { job, fin } = finalOf(scn);
    assert.equal(job.jobStatus, 'finished', `${fin.pilotErrorCode} ${fin.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    const id = job.PandaID;
    const start = calls.find((c) => c.startsWith('xcache start'))!;
    assert.match(start, new RegExp(`^xcache start -d (\\S+)/${id}/xcache -C centos7 --disklow 4g --diskhigh 5g -b 4 pwd=(\\S+)$`));
    const [, dir, pwd] = /-d (\S+)\/\d+\/xcache .* pwd=(\S+)$/.exec(start)!;
    assert.equal(dir, pwd, 'run in the pilot home ($PWD)');
    assert.ok(!pwd!.includes(`PanDA_Pilot-${id}`), 'not in the job work dir');
    const daemon = Number(calls.find((c) => c.startsWith('xcache daemon'))!.split(' ')[2]);
    // order: lsetup xcache, list, start before stage-in and the payload; kill with the daemon's pid after it
    // the start-up CPU-level probe (lsetup cpu_flags, as Pilot 3), then xcache's start and kill
    assert.deepEqual(calls.filter((c) => c.startsWith('lsetup')), ['lsetup cpu_flags', 'lsetup xcache', 'lsetup xcache']);
    const at = (p: string) => calls.findIndex((c) => c.startsWith(p));
    assert.ok(at('xcache list') < at('xcache start') && at('xcache start') < at('payload proxy') && at('payload proxy') < at('trf Reco_tf.py'), calls.join('\n'));
    assert.ok(calls.includes('payload proxy=root://127.0.0.1:1094//'), calls.join('\n'));
    const kill = calls.find((c) => c.startsWith('xcache kill'))!;
    assert.match(kill, new RegExp(`^xcache kill -p ${daemon} pwd=\\S+/PanDA_Pilot-${id}$`));
    assert.ok(at('xcache kill') > at('trf Reco_tf.py'));
    const state = existsSync(`/proc/${daemon}/stat`) ? readFileSync(`/proc/${daemon}/stat`, 'utf8').split(') ')[1]![0] : 'gone';
    assert.ok(state === 'gone' || state === 'Z', `the daemon was killed (state ${state})`);
    assert.match(log, /xcache started/);
    // Pilot 3 names a NetworkMonitor utility but never starts it; neither do we
    assert.doesNotMatch(log, /NetworkMonitor/);
    // the messages log and the utility outputs went into the log tarball
    // the mv copytool moved the log tarball next to the work dir (the pilot home)
    const lfn = Object.keys(JSON.parse(String(fin.xml))).find((f) => /\.tgz/.test(f))!;
    const tarball = readdirSync(scn.launchDir, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(lfn))!;
    assert.ok(tarball, `${lfn} under ${scn.launchDir}`);
    const names: string[] = [];
    const tar = await import('tar');
    await tar.t({ file: path.join(scn.launchDir, tarball), onReadEntry: (e) => void names.push(e.path) });
    for (const n of ['xcache-messages.log', 'xcache_start_stdout.txt', 'xcache_kill_stdout.txt']) assert.ok(names.some((p) => p.endsWith(`/${n}`)), `${n} in ${names.join(',')}`);
  } finally {
    await scn.close();
  }
});

describe('remote-file open check (direct access) on real XRootD and nginx WebDAV', () => {
  const RSE = 'SITE_DATADISK';
  const data = randomBytes(50_000);
  let xrd: XrootdServer;
  let dav: WebdavServer;
  before(async () => {
    [xrd, dav] = await Promise.all([startXrootd(), startWebdav()]);
    putServerFile(xrd, `rucio/${rucioPath('mc23', 'AOD.pool.root.1')}`, data);
    putWebdavFile(dav, `rucio/${rucioPath('mc23', 'AOD.pool.root.3')}`, data);
    putWebdavFile(dav, `rucio/${rucioPath('mc23', 'AOD.pool.root.1')}`, data);
  });
  after(async () => {
    await Promise.all([xrd?.stop(), dav?.stop()]);
  });

  it('opens root:// and https:// TURLs (first bytes); a missing file or a silent server is not opened; all within the limit or 1368', async () => {
    const workdir = mkdtempSync(path.join(tmpdir(), 'remoteopen-'));
    const sockets: net.Socket[] = [];
    const silent = net.createServer((c) => void sockets.push(c)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    const rucio = await startRucioEmulator();
    try {
      const ok1 = `${xrd.url}//rucio/${rucioPath('mc23', 'AOD.pool.root.1')}`;
      const ok2 = `${dav.httpsUrl}/rucio/${rucioPath('mc23', 'AOD.pool.root.3')}`;
      const missing = `${dav.httpsUrl}/rucio/${rucioPath('mc23', 'AOD.pool.root.9')}`;
      const env = { ...process.env, ...xrd.env, PANDA_PILOT_CA_FILE: dav.caFile, MY_PREFIX: '' };
      writeFileSync(path.join(workdir, 'base_trace_report.json'), JSON.stringify({ eventType: 'get_sm_a', localSite: RSE, remoteSite: RSE, clientState: 'FOUND_ROOT' }));
      const files = [
        { lfn: 'AOD.pool.root.1', status: 'remote_io', turl: '${MY_PREFIX}' + ok1, surl: ok1, ddmendpoint: RSE, scope: 'mc23', guid: 'A-B' },
        { lfn: 'AOD.pool.root.3', status: 'remote_io', turl: ok2, surl: ok2, ddmendpoint: RSE, scope: 'mc23' },
        { lfn: 'AOD.pool.root.9', status: 'remote_io', turl: missing, ddmendpoint: RSE, scope: 'mc23' },
        { lfn: 'local.root', status: 'transferred' },
      ];
      const res = await checkRemoteFiles(files, { workdir, env, catchall: 'nopenfiles=2', traceUrl: `${rucio.url}/traces/` });
      assert.deepEqual(res.opened, { ['${MY_PREFIX}' + ok1]: true, [ok2]: true, [missing]: false });
      assert.equal(res.error?.code, 1361);
      assert.equal(res.error?.diag, `Remote file(s) could not be opened: ['${missing}']`);
      assert.equal(formatDiagnostics(1361, res.error!.diag), `Remote file could not be opened:Remote file(s) could not be opened: ['${missing}']`);
      assert.deepEqual(JSON.parse(readFileSync(path.join(workdir, 'remotefileverification_dictionary.json'), 'utf8')), res.opened);
      assert.match(readFileSync(path.join(workdir, 'remotefileslog.txt'), 'utf8'), /will attempt to open 3 file\(s\) using 2 thread\(s\)/);
      const states = Object.fromEntries(rucio.traces.map((t) => [t.filename, [t.clientState, t.protocol]]));
      assert.deepEqual(states, { 'AOD.pool.root.1': ['FOUND_ROOT', 'root'], 'AOD.pool.root.3': ['FOUND_ROOT', 'https'], 'AOD.pool.root.9': ['FAILED_REMOTE_OPEN', 'https'] });
      assert.equal(rucio.traces.find((t) => t.filename === 'AOD.pool.root.1')!.guid, 'AB');

      // a server that never answers: the open's own limit fails the file; the overall limit fails the check with 1368
      const hang = [{ lfn: 'x.root', status: 'remote_io', turl: `https://127.0.0.1:${port}/x.root` }];
      const slow = await checkRemoteFiles(hang, { workdir, env, fileTimeoutS: 0.5 });
      assert.equal(slow.error?.code, 1361);
      const timedOut = await checkRemoteFiles(hang, { workdir, env, totalTimeoutS: 0.5 });
      assert.equal(timedOut.error?.code, 1368);
      assert.match(timedOut.error!.diag, /remote file open command was timed-out after 0.5 s: \['https:/);
      // Pilot 3's switches: catchall remoteio_test=false, or no remotefileverification_log
      assert.deepEqual(await checkRemoteFiles(hang, { workdir, env, catchall: 'remoteio_test=false' }), { opened: {} });
      assert.deepEqual(await checkRemoteFiles(hang, { workdir, env, logName: '' }), { opened: {} });
    } finally {
      silent.close();
      for (const c of sockets) c.destroy();
      await rucio.close();
      rmSync(workdir, { recursive: true, force: true });
    }
  });

  it('through the pilot: of two direct-access inputs on WebDAV, a missing one fails the job with 1361 before the payload, with a final update and the log', async () => {
    const storages = {
      [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {},
        arprotocols: { read_lan: [{ endpoint: dav.httpsUrl, path: '/rucio', flavour: 'WEBDAV' }] } },
    };
    const scn = await createScenario({
      queueOverrides: { ...QUEUE, direct_access_lan: true, acopytools: { read_lan: ['https'], pr: ['https'], pl: ['mv'], pw: ['mv'], write_lan: ['mv'] }, astorages: { read_lan: [RSE], pr: [RSE] } },
      jobs: [{
        prodSourceLabel: 'ptest', swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt',
        jobPars: '--inputAODFile=AOD.pool.root.1,AOD.pool.root.2 --outputDAODFile=DAOD.pool.root.1 --accessmode=direct',
        inFiles: [{ lfn: 'AOD.pool.root.1', scope: 'mc23', ddm: RSE }, { lfn: 'AOD.pool.root.2', scope: 'mc23', ddm: RSE }],
        outFiles: [{ lfn: 'DAOD.pool.root.1', scope: 'mc23' }],
        fields: { transformation: 'Derivation_tf.py' },
      }],
      emulator: { storages },
    });
    try {
      const present = `${dav.httpsUrl}/rucio/${rucioPath('mc23', 'AOD.pool.root.1')}`;
      const absent = `${dav.httpsUrl}/rucio/${rucioPath('mc23', 'AOD.pool.root.2')}`;
      scn.rucio.addFile({ scope: 'mc23', name: 'AOD.pool.root.1', bytes: data.length, replicas: [{ rse: RSE, pfn: present }] } as never);
      scn.rucio.addFile({ scope: 'mc23', name: 'AOD.pool.root.2', bytes: data.length, replicas: [{ rse: RSE, pfn: absent }] } as never);
      const { res, calls } = await runAtlas(scn, { PANDA_PILOT_CA_FILE: dav.caFile });
      const { job, fin } = finalOf(scn);
      assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
      assert.equal(Number(fin.pilotErrorCode), 1361, String(fin.pilotErrorDiag));
      assert.equal(fin.pilotErrorDiag, `Remote file could not be opened:Remote file(s) could not be opened: ['${absent}']`);
      assert.ok(!calls.some((c) => c.startsWith('trf ')), 'the payload never ran');
      assert.ok(Object.keys(JSON.parse(String(fin.xml))).some((lfn) => /\.tgz/.test(lfn)), `the log went out: ${fin.xml}`);
      const traces = scn.rucio.traces.filter((t) => String(t.filename).startsWith('AOD'));
      assert.deepEqual(traces.map((t) => [t.filename, t.clientState]).sort(), [['AOD.pool.root.1', 'FOUND_ROOT'], ['AOD.pool.root.2', 'FAILED_REMOTE_OPEN']]);
    } finally {
      await scn.close();
    }
  });
});
