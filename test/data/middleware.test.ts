// Stage-in/out in the middleware container (queuedata.container_type `container:middleware`) and in
// a separate process (`bash:middleware`), through the real pilot against the emulator, on real
// storage: inputs and outputs with xrdcp on a real XRootD server, the log with native https on a
// real nginx WebDAV server. The tool's own log (inside the job's log tarball) says where it ran: its
// mount namespace must differ from ours (bubblewrap here; ALRB's simulated setupATLAS -c for ATLAS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { buildLaunch } from '../../src/data/middleware-launch.js';
import { addAlrbRunPayload, buildSimCvmfs, hostBinds } from '../support/cvmfs.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';
import { waitFor } from '../support/wait.js';

const RSE = 'SITE_DATADISK';
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
let xrd: XrootdServer;
let dav: WebdavServer;
let cvmfs: string;
const input = randomBytes(200_000);
let inAdler = '';
const ourMntNs = readlinkSync('/proc/self/ns/mnt');

before(async () => {
  [xrd, dav] = await Promise.all([startXrootd(), startWebdav()]);
  cvmfs = buildSimCvmfs(mkdtempSync(path.join(tmpdir(), 'mw-cvmfs-')));
  await addAlrbRunPayload(cvmfs);
  const tmp = mkdtempSync(path.join(tmpdir(), 'mw-in-'));
  writeFileSync(path.join(tmp, 'in'), input);
  inAdler = (await fileChecksums(path.join(tmp, 'in'))).adler32;
  rmSync(tmp, { recursive: true, force: true });
  putServerFile(xrd, `rucio/${rucioPath('mc.test', 'in.root')}`, input);
  putWebdavFile(dav, `rucio/${rucioPath('mc.test', 'in.root')}`, input);
});
after(async () => {
  await Promise.all([xrd?.stop(), dav?.stop()]);
  if (cvmfs) rmSync(cvmfs, { recursive: true, force: true });
});

function storages(): Record<string, Record<string, unknown>> {
  const root = { endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' };
  const davs = { endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' };
  return {
    [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [root, davs], write_lan: [root, davs], read_wan: [davs], write_wan: [davs] } },
  };
}

type Job = Record<string, unknown>;

/** A site whose queue has `queue` fields; one job reading in.root (XRootD) and writing out.root (XRootD), log via https. */
async function site(queue: Record<string, unknown>, job: Job = {}, config: Record<string, Record<string, string | number>> = {}): Promise<Scenario> {
  const scn = await createScenario({
    queueOverrides: {
      acopytools: { read_lan: ['xrdcp'], write_lan: ['xrdcp'], pl: ['https'], pr: ['xrdcp'], pw: ['xrdcp'] },
      astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE], pr: [RSE], pw: [RSE] },
      ...queue,
    },
    jobs: [{
      transformation: 'copy.sh', jobPars: 'in.root out.root', prodSourceLabel: 'ptest',
      inFiles: [{ lfn: 'in.root', scope: 'mc.test', size: input.length, checksum: `ad:${inAdler}`, ddm: RSE }],
      outFiles: [{ lfn: 'out.root', scope: 'mc.test', ddm: RSE }],
      logFile: { lfn: `log.${Math.random().toString(36).slice(2)}.tgz`, scope: 'mc.log', ddm: RSE },
      ...job,
    }],
    trfs: { 'copy.sh': '#!/bin/bash\nset -e\ncat "$1" "$1" > "$2"\n' },
    config: { heartbeat: 60, update_sleep: 0.3 },
    configSections: config,
    emulator: { storages: storages() },
  });
  scn.rucio.addFile({ scope: 'mc.test', name: 'in.root', bytes: input.length, adler32: inAdler, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath('mc.test', 'in.root')}`, priority: 1 }] } as never);
  return scn;
}

/** Run the pilot; returns the job record, its final update and the pilot's output. */
async function run(scn: Scenario, env: NodeJS.ProcessEnv = {}, atlas = false, command?: string[]) {
  const args = scn.pilotArgs();
  if (atlas) args[args.indexOf('--pilot-user') + 1] = 'atlas';
  const res = await startPilot({ ...scn, pilotArgs: () => args }, [], { ...xrd.env, PANDA_PILOT_CA_FILE: dav.caFile, ATLAS_SW_BASE: cvmfs, ...env }, command).done;
  const [job] = scn.emulator.jobs();
  const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
  return { res, job, fin, xml: JSON.parse(String(fin.xml || '{}')) as Record<string, Record<string, unknown>> };
}

/** The files of the job's log tarball (from the WebDAV server): name → content. */
function logFiles(lfn: string): Map<string, string> {
  const tgz = path.join(dav.root, 'rucio', rucioPath('mc.log', lfn));
  const dir = mkdtempSync(path.join(tmpdir(), 'mw-log-'));
  try {
    execFileSync('tar', ['-xzf', tgz, '-C', dir]);
    const out = new Map<string, string>();
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.isFile()) out.set(e.name, readFileSync(p, 'utf8'));
      }
    };
    walk(dir);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The "tool started" line of the tool's stdout: where it ran. */
function toolPlace(stdout: string | undefined): { mntns: string; pidns: string; pid: number; container: string } {
  const line = (stdout ?? '').split('\n').find((l) => l.includes('tool started'));
  assert.ok(line, `no start line in the tool's stdout:\n${stdout}`);
  const m = /mntns=(\S+).*pidns=(\S+).*container=("[^"]*"|\S*)/.exec(line!) ?? /"mntns":"([^"]+)".*"pidns":"([^"]+)".*"container":("[^"]*")/.exec(line!);
  const pid = /pid=(\d+)/.exec(line!) ?? /"pid":(\d+)/.exec(line!);
  assert.ok(m && pid, line);
  return { mntns: m![1]!, pidns: m![2]!, container: m![3]!.replace(/^"|"$/g, ''), pid: Number(pid![1]) };
}

/** The output's xml entry; its GUID is made by the pilot (Pilot 3 takes none from the description for outputs). */
function outputEntry(xml: Record<string, Record<string, unknown>>) {
  const { guid, ...rest } = xml['out.root'] ?? {};
  assert.match(String(guid), /^[0-9A-F-]{36}$/i);
  return rest;
}

test('container:middleware: stage-in, stage-out and the log run in the middleware container (bubblewrap), same final xml as in-process', async () => {
  // the same job in-process first (the queue asks for no middleware)
  const plain = await site({});
  let baseline;
  try {
    baseline = await run(plain);
    assert.equal(baseline.job.jobStatus, 'finished', `${baseline.job.reported.pilotErrorCode} ${baseline.job.reported.pilotErrorDiag}\n${baseline.res.stdout.slice(-3000)}`);
  } finally {
    await plain.close();
  }
  const image = path.join(cvmfs, 'atlas.cern.ch/repo/containers/fs/singularity/x86_64-el9');
  const scn = await site({ container_type: 'apptainer:pilot;container:middleware', container_options: `-B ${hostBinds().join(',')}` }, {}, { Container: { middleware_container: 'el9' } });
  try {
    const { res, job, fin, xml } = await run(scn);
    assert.equal(res.code, 0, res.stdout.slice(-4000));
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-4000)}`);
    assert.match(res.stdout, new RegExp(`stage-in runs in a separate process.*bwrap ${image.replace(/[.]/g, '\\.')}`));
    // the output's entry is exactly the in-process one (size, adler32, surl, endpoint, guid)
    assert.deepEqual(outputEntry(xml), outputEntry(baseline.xml));
    const out = readFileSync(path.join(xrd.root, 'rucio', rucioPath('mc.test', 'out.root')));
    assert.deepEqual(out, Buffer.concat([input, input]));
    // the log went out too (through the container), at the same place the in-process run puts it
    const lfn = Object.keys(xml).find((k) => k.endsWith('.tgz')) ?? 'no-log';
    assert.match(String(xml[lfn]?.surl), /^davs:\/\/.*\/rucio\/mc\/log\//);
    // the tool ran in another mount namespace, wrote Pilot 3's stdout/stderr files in the work dir
    const files = logFiles(lfn);
    for (const name of ['stagein_stdout.txt', 'stagein_stderr.txt', 'stageout_stdout.txt', 'stageout_stderr.txt', 'stagein_request.json', 'stagein_result.json']) assert.ok(files.has(name), `${name} in the log tarball: ${[...files.keys()].join(' ')}`);
    const inPlace = toolPlace(files.get('stagein_stdout.txt'));
    const outPlace = toolPlace(files.get('stageout_stdout.txt'));
    assert.notEqual(inPlace.mntns, ourMntNs, 'stage-in ran in its own mount namespace');
    assert.notEqual(outPlace.mntns, ourMntNs, 'stage-out ran in its own mount namespace');
    assert.notEqual(inPlace.pidns, readlinkSync('/proc/self/ns/pid'), 'and its own PID namespace');
    assert.equal(inPlace.container, `bwrap ${image}`, 'the runtime the pilot started (PANDA_MIDDLEWARE_RUNTIME)');
    // no credential in the request the pilot wrote
    assert.doesNotMatch(files.get('stagein_request.json')!, /BEGIN|TOKEN|PASSWORD/);
    // traces from inside the container reached Rucio as the in-process ones do
    assert.ok(scn.rucio.traces.some((t) => t.filename === 'in.root' && t.clientState === 'DONE'), JSON.stringify(scn.rucio.traces));
    assert.ok(scn.rucio.traces.some((t) => t.filename === 'out.root' && t.clientState === 'DONE'));
    assert.equal(fin.state, 'finished');
  } finally {
    await scn.close();
  }
});

test('a transfer error inside the container comes back with the in-process code and diag (missing replica file)', async () => {
  const job = { jobPars: 'gone.root out.root', inFiles: [{ lfn: 'gone.root', scope: 'mc.test', size: 10, checksum: 'ad:0a0b0c0d', ddm: RSE }] };
  const outcome = async (queue: Record<string, unknown>, config: Record<string, Record<string, string | number>> = {}) => {
    const scn = await site(queue, job, config);
    scn.rucio.addFile({ scope: 'mc.test', name: 'gone.root', bytes: 10, adler32: '0a0b0c0d', replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath('mc.test', 'gone.root')}`, priority: 1 }] } as never);
    try {
      const { job: j, fin, res } = await run(scn);
      assert.equal(j.jobStatus, 'failed', res.stdout.slice(-3000));
      // work dirs differ between the runs, the rest of the diag must not
      return { code: Number(fin.pilotErrorCode), diag: String(fin.pilotErrorDiag).replace(/\/tmp\/panda-pilot-[^/]+/g, 'TMP') };
    } finally {
      await scn.close();
    }
  };
  const inProcess = await outcome({});
  const contained = await outcome({ container_type: 'apptainer:pilot;container:middleware', container_options: `-B ${hostBinds().join(',')}` }, { Container: { middleware_container: 'el9' } });
  assert.notEqual(inProcess.code, 0);
  assert.deepEqual(contained, inProcess);
});

test('bash:middleware: the transfers run in a separate process on the node (no container), job finished; the shipped bundle is the tool', async () => {
  const scn = await site({ container_type: 'bash:middleware' });
  try {
    // bin/panda-pilot: the bundle (npm test builds it first), started with its V8 flags
    const { res, job, xml } = await run(scn, {}, false, [path.join(REPO, 'bin/panda-pilot')]);
    assert.match(res.stdout, /stage-in runs in a separate process .*--max-semi-space-size=1 --no-memory-reducer \S+\/bin\/pilot-loader\.cjs middleware --workdir /);
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-4000)}`);
    assert.equal(outputEntry(xml).fsize, 2 * input.length);
    const lfn = Object.keys(xml).find((k) => k.endsWith('.tgz')) ?? 'no-log';
    const place = toolPlace(logFiles(lfn).get('stagein_stdout.txt'));
    assert.equal(place.mntns, ourMntNs, 'no container');
    assert.ok(place.pid > 0);
  } finally {
    await scn.close();
  }
});

test('ATLAS: stage-in/out through ALRB setupATLAS -c el9 (simulated), the tool inside the image', async () => {
  const record = path.join(mkdtempSync(path.join(tmpdir(), 'mw-rec-')), 'alrb.log');
  const scn = await site(
    { container_type: 'singularity:pilot;container:middleware', is_cvmfs: true },
    {
      transformation: 'Reco_tf.py', jobPars: '--inputEVNTFile=in.root --outputAODFile=out.root',
      swRelease: 'Atlas-23.0.5', homepackage: 'Athena/23.0.5', cmtConfig: 'x86_64-el9-gcc13-opt',
      fields: { transformation: 'Reco_tf.py' },
    },
  );
  try {
    const { res, job, xml } = await run(scn, { NO_CVMFS_OK: '', ALRB_SIM_RECORD: record }, true);
    const calls = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-4000)}\n${calls.join('\n')}`);
    const image = path.join(cvmfs, 'atlas.cern.ch/repo/containers/fs/singularity/x86_64-el9');
    // stage-in, stage-out, log: three middleware containers (ALRB_CONT_RUNPAYLOAD), the payload's own besides
    const containers = calls.filter((c) => c.startsWith('container image=') && c.includes('runpayload.sh'));
    assert.equal(containers.length, 3, calls.join('\n'));
    for (const c of containers) assert.ok(c.startsWith(`container image=${image} setup= run=`), c);
    assert.equal(calls.filter((c) => c === 'lsetup rucio davix xrootd').length, 3, calls.join('\n'));
    assert.ok(calls.some((c) => /^atlasLocalSetup\.sh -c el9 -e -c -i -B /.test(c)), calls.join('\n'));
    assert.ok(xml['out.root'], 'output staged out');
    const lfn = Object.keys(xml).find((k) => k.endsWith('.tgz')) ?? 'no-log';
    const files = logFiles(lfn);
    const place = toolPlace(files.get('stagein_stdout.txt'));
    assert.notEqual(place.mntns, ourMntNs);
    assert.equal(place.container, image, 'APPTAINER_CONTAINER seen by the tool');
    assert.match(files.get('stagein.sh') ?? '', /^export ALRB_LOCAL_PY3=YES; (export PILOT_RUCIO_SITENAME=\S+; )?lsetup rucio davix xrootd; .* middleware --workdir /);
  } finally {
    await scn.close();
    rmSync(path.dirname(record), { recursive: true, force: true });
  }
});

test('a broken middleware image fails stage-in with 1099 and a clear diag; final update and log (staged out by the pilot)', async () => {
  // an image without /usr: the tool cannot start inside
  const broken = mkdtempSync(path.join(tmpdir(), 'mw-broken-'));
  mkdirSync(path.join(broken, 'etc'));
  const scn = await site({ container_type: 'apptainer:pilot;container:middleware' }, {}, { Container: { middleware_container: broken } });
  try {
    const { res, job, fin, xml } = await run(scn);
    assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
    assert.equal(Number(fin.pilotErrorCode), 1099, String(fin.pilotErrorDiag));
    assert.match(String(fin.pilotErrorDiag), /stage-in in the middleware container \(bwrap .*\) exited with code \d+ without a result/);
    const lfn = Object.keys(xml).find((k) => k.endsWith('.tgz')) ?? 'no-log';
    assert.match(String(xml[lfn]?.surl), /^davs:\/\//, 'the log still went out');
    assert.ok(!xml['out.root']);
  } finally {
    await scn.close();
    rmSync(broken, { recursive: true, force: true });
  }
});

test('no container runtime on PATH, a missing image: a clear reason before anything runs', () => {
  const req = { mode: 'container' as const, label: 'stage-in' as const, workdir: tmpdir(), requestFile: 'stagein_request.json', env: { PATH: '/nonexistent' } };
  const image = path.join(cvmfs, 'atlas.cern.ch/repo/containers/fs/singularity/x86_64-el9');
  assert.throws(() => buildLaunch({ ...req, settings: { mode: 'container', image, runtime: 'apptainer', tool: { argv: ['/bin/true'], binds: [] } } }), /no container runtime found \(tried apptainer, singularity, bwrap\)/);
  assert.throws(() => buildLaunch({ ...req, settings: { mode: 'container', image: '/no/such/image', tool: { argv: ['/bin/true'], binds: [] } } }), /middleware image does not exist: \/no\/such\/image/);
});

test('ATLAS bash mode: ALRB setup on the node, then the tool; every word reaching the shell is quoted', async () => {
  const { alrbMiddlewareLaunch } = await import('../../src/user/atlas/middleware.js');
  const wd = mkdtempSync(path.join(tmpdir(), "mw-bash-"));
  const record = path.join(wd, 'alrb.log');
  const odd = path.join(wd, "it's a dir");
  mkdirSync(odd);
  try {
    const env = { ...process.env, ATLAS_SW_BASE: cvmfs, ALRB_SIM_RECORD: record };
    const tool = { argv: ['/bin/sh', '-c', 'printf "%s|" "$@" > "$0.out"', path.join(odd, 'tool')], binds: [] };
    const req = { mode: 'bash' as const, label: 'stage-in' as const, workdir: wd, requestFile: 'stagein_request.json', env, settings: { mode: 'bash' as const, image: 'el9' } };
    const launch = alrbMiddlewareLaunch({ ...req, tool, toolArgs: ['middleware', '--workdir', wd, 'stagein_request.json'], binds: [] })!;
    assert.deepEqual(launch.argv, ['/bin/bash', path.join(wd, 'stagein.sh')]);
    writeFileSync(path.join(wd, 'stagein.sh'), launch.files!['stagein.sh']!);
    execFileSync(launch.argv[0]!, launch.argv.slice(1), { env, cwd: wd });
    // the tool got its arguments intact, after ALRB's setup and lsetup
    assert.equal(readFileSync(path.join(odd, 'tool.out'), 'utf8'), `middleware|--workdir|${wd}|stagein_request.json|`);
    assert.deepEqual(readFileSync(record, 'utf8').trim().split('\n'), ['atlasLocalSetup.sh --quiet']);
    // container mode refuses a work dir ALRB's -e "..." cannot carry
    assert.throws(() => alrbMiddlewareLaunch({ ...req, mode: 'container', workdir: odd, tool, toolArgs: [], binds: [] }), /unsupported character/);
    // without ALRB (or with another setup type) the pilot's own runtime is used
    assert.equal(alrbMiddlewareLaunch({ ...req, env: { ATLAS_SW_BASE: '/nonexistent' }, tool, toolArgs: [], binds: [] }), undefined);
    assert.equal(alrbMiddlewareLaunch({ ...req, settings: { ...req.settings, setupType: 'singularity' }, tool, toolArgs: [], binds: [] }), undefined);
  } finally {
    rmSync(wd, { recursive: true, force: true });
  }
});

test('Apptainer when installed: preferred over bubblewrap; tool, proxy and input dir bound read-only, parents before the work dir', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mw-apptainer-'));
  try {
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'apptainer'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const wd = path.join(dir, 'launch', 'PanDA_Pilot-1');
    mkdirSync(wd, { recursive: true });
    const proxy = path.join(dir, 'x509up');
    writeFileSync(proxy, 'not a real proxy', { mode: 0o600 });
    const image = path.join(cvmfs, 'atlas.cern.ch/repo/containers/fs/singularity/x86_64-el9');
    const launch = buildLaunch({
      mode: 'container', label: 'stage-in', workdir: wd, requestFile: 'stagein_request.json', env: { PATH: `${bin}:/usr/bin:/bin`, X509_USER_PROXY: proxy, ATLAS_SW_BASE: cvmfs },
      settings: { mode: 'container', image: 'el9', runtime: 'apptainer', containerOptions: '-c -i', tool: { argv: ['/opt/node', '/opt/pilot/pilot.js'], binds: ['/opt/node', '/opt/pilot'] } },
    });
    assert.equal(launch.argv[0], path.join(bin, 'apptainer'));
    assert.equal(launch.how, `apptainer ${image}`);
    assert.deepEqual(launch.argv.slice(1, 4), ['exec', '-c', '-i']);
    const binds = launch.argv[launch.argv.indexOf('-B') + 1]!.split(',');
    for (const b of ['/opt/node:/opt/node:ro', '/opt/pilot:/opt/pilot:ro', `${proxy}:${proxy}:ro`, `${path.join(dir, 'launch')}:${path.join(dir, 'launch')}:ro`]) assert.ok(binds.includes(b), `${b} in ${binds.join(',')}`);
    assert.ok(binds.indexOf(`${path.join(dir, 'launch')}:${path.join(dir, 'launch')}:ro`) < binds.indexOf(`${wd}:${wd}`), binds.join(','));
    assert.ok(!binds.some((b) => b.startsWith('/etc/')), 'Apptainer binds /etc/hosts itself');
    assert.deepEqual(launch.argv.slice(-7), [image, '/opt/node', '/opt/pilot/pilot.js', 'middleware', '--workdir', wd, 'stagein_request.json']);
    // stage-out writes to the launch dir (mv's default destination); a proxy kept there stays read-only
    const launchDir = path.join(dir, 'launch');
    const inLaunch = path.join(launchDir, 'x509up_u0');
    writeFileSync(inLaunch, 'not a real proxy', { mode: 0o600 });
    const out = buildLaunch({
      mode: 'container', label: 'stage-out', workdir: wd, requestFile: 'stageout_request.json', env: { PATH: bin, X509_USER_PROXY: inLaunch, ATLAS_SW_BASE: cvmfs },
      settings: { mode: 'container', image: 'el9', runtime: 'apptainer', tool: { argv: ['/opt/node'], binds: ['/opt/node'] } },
    });
    const outBinds = out.argv[out.argv.indexOf('-B') + 1]!.split(',');
    assert.ok(outBinds.indexOf(`${launchDir}:${launchDir}`) >= 0 && outBinds.indexOf(`${launchDir}:${launchDir}`) < outBinds.indexOf(`${inLaunch}:${inLaunch}:ro`), outBinds.join(','));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('mv in the middleware container: the input read from the launch dir, the output moved there (bound, not lost in the container), output.list written', async () => {
  const scn = await createScenario({
    queueOverrides: { container_type: 'apptainer:pilot;container:middleware', container_options: `-B ${hostBinds().join(',')}` },
    configSections: { Container: { middleware_container: 'el9' } },
    jobs: [{ transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'in.dat', scope: 'cache', size: 2, checksum: 'ad:00bb0062' }], outFiles: [{ lfn: 'out.dat', scope: 'cache' }] }],
    trfs: { 'run.sh': '#!/bin/sh\ncp in.dat out.dat\n' },
    inputs: { 'in.dat': 'ab' },
  });
  try {
    const res = await startPilot(scn, [], { ATLAS_SW_BASE: cvmfs }).done;
    const [job] = scn.emulator.jobs();
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    assert.match(res.stdout, /stage-out runs in a separate process .*how="bwrap /);
    assert.equal(readFileSync(path.join(scn.launchDir, 'out.dat'), 'utf8'), 'ab');
    assert.match(readFileSync(path.join(scn.launchDir, 'output.list'), 'utf8'), /^out\.dat .*checksumvalue=012600c4/m);
  } finally {
    await scn.close();
  }
});

/** Pids of processes whose command line names `needle`. */
function processesWith(needle: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle)) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

test('SIGTERM during a contained stage-in: the container and the tool end with the pilot, 1201, final update and log', async () => {
  // nginx sends 200 kB/s: the 20 MB input is still downloading when the signal comes
  const slow = await startWebdav({ limitRate: '200k' });
  const big = randomBytes(20 * 1024 * 1024);
  const tmp = mkdtempSync(path.join(tmpdir(), 'mw-big-'));
  writeFileSync(path.join(tmp, 'f'), big);
  const adler = (await fileChecksums(path.join(tmp, 'f'))).adler32;
  rmSync(tmp, { recursive: true, force: true });
  const rel = `rucio/${rucioPath('mc.test', 'big.root')}`;
  putWebdavFile(slow, rel, big);
  const davs = { endpoint: slow.url, path: '/rucio', flavour: 'WEBDAV' };
  const scn = await createScenario({
    queueOverrides: {
      container_type: 'apptainer:pilot;container:middleware', container_options: `-B ${hostBinds().join(',')}`,
      acopytools: { read_lan: ['https'], write_lan: ['https'], pl: ['https'] }, astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE] },
    },
    configSections: { Container: { middleware_container: 'el9' } },
    jobs: [{ transformation: 'noop.sh', jobPars: '', prodSourceLabel: 'ptest', inFiles: [{ lfn: 'big.root', scope: 'mc.test', size: big.length, checksum: `ad:${adler}`, ddm: RSE }] }],
    trfs: { 'noop.sh': '#!/bin/bash\ntrue\n' },
    config: { heartbeat: 60, update_sleep: 0.3 },
    emulator: { storages: { [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [davs], write_lan: [davs], read_wan: [davs], write_wan: [davs] } } } },
  });
  try {
    scn.rucio.addFile({ scope: 'mc.test', name: 'big.root', bytes: big.length, adler32: adler, replicas: [{ rse: RSE, pfn: `${slow.url}/${rel}`, priority: 1 }] } as never);
    const pilot = startPilot(scn, [], { PANDA_PILOT_CA_FILE: slow.caFile, ATLAS_SW_BASE: cvmfs });
    const wd = () => readdirSync(scn.launchDir).find((d) => d.startsWith('PanDA_Pilot-'));
    const toolOut = () => (wd() && existsSync(path.join(scn.launchDir, wd()!, 'stagein_stdout.txt')) ? readFileSync(path.join(scn.launchDir, wd()!, 'stagein_stdout.txt'), 'utf8') : '');
    // the tool inside the container has started its copy
    await waitFor(() => /trying copytool/.test(toolOut()), 30_000, 'the contained stage-in to start copying');
    const workdir = path.join(scn.launchDir, wd()!);
    assert.ok(processesWith(`${workdir}\0stagein_request.json`).length > 0, 'the tool runs');
    pilot.child.kill('SIGTERM');
    const res = await pilot.done;
    assert.equal(res.code, 143, res.stdout.slice(-3000));
    const [job] = scn.emulator.jobs();
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    assert.equal(fin.state, 'failed');
    assert.equal(Number(fin.pilotErrorCode), 1201, String(fin.pilotErrorDiag));
    assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.startsWith('log.')), `log reported: ${fin.xml}`);
    assert.deepEqual(processesWith(`${workdir}\0stagein_request.json`), [], 'nothing of the stage-in is left running');
  } finally {
    await scn.close();
    await slow.stop();
  }
});

// Pilot 3's own create_middleware_container_command / get_middleware_container_script, recorded in
// the sandbox on the same simulated tree (scripts/record-middleware-commands.mjs).
test("ATLAS middleware commands equal Pilot 3's recorded ones, but for our tool and its binds", async () => {
  const { alrbMiddlewareLaunch } = await import('../../src/user/atlas/middleware.js');
  const fixture = JSON.parse(readFileSync(path.join(REPO, 'test/data/fixtures/middleware-pilot3.json'), 'utf8')) as Array<{ name: string; label: 'stage-in' | 'stage-out'; options: string; env: Record<string, string>; command: string; script: string; content: string; bash: string }>;
  assert.ok(fixture.length >= 4);
  const wd = mkdtempSync(path.join(tmpdir(), 'mw-diff-'));
  try {
    const norm = (t: string) => t.split(wd).join('WORKDIR').split(cvmfs).join('CVMFS');
    for (const c of fixture) {
      const env = { ATLAS_SW_BASE: cvmfs, ...c.env };
      const settings = { mode: 'container' as const, image: 'el9', imageNoPath: 'el9', containerOptions: c.options || undefined };
      const req = { mode: 'container' as const, label: c.label, workdir: wd, requestFile: 'x.json', env, settings, tool: { argv: ['TOOL'], binds: [] }, toolArgs: [], binds: [] };
      const launch = alrbMiddlewareLaunch(req)!;
      assert.equal(launch.argv[0], '/bin/bash');
      // our -e adds the binds (work dir at its own path, tool, credentials) after the queue's options
      assert.equal(norm(launch.argv[2]!).replace(/ -B WORKDIR:WORKDIR[^"]*"$/, '"'), c.command, c.name);
      assert.equal(launch.files![c.script], c.content.replace('python3 TOOL', 'TOOL').replace('export PILOT_RUCIO_SITENAME=None; ', ''), c.name);
      const bash = alrbMiddlewareLaunch({ ...req, mode: 'bash' })!;
      assert.equal(norm(bash.files![c.script]!), `${c.bash}\nexit $?`, c.name);
    }
  } finally {
    rmSync(wd, { recursive: true, force: true });
  }
});
