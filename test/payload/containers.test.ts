import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  spawnPayload,
  resolveContainer,
  wrapInContainer,
  parseContainerType,
  parseContainerOptions,
  analyzePayloadExit,
  which,
  type ContainerSpec,
} from '../../src/payload/index.js';
import { getPlugin } from '../../src/user/index.js';
import { readStat } from '../../src/payload/proc.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { waitFor } from '../support/wait.js';

let dir: string;
let image: string;
/** Binds for host directories that are real dirs (not merged-/usr symlinks). */
let hostBinds: string[];
let n = 0;

/** A tiny root file system: the host's /usr (and friends) bound read-only, plus our own /etc file. */
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pp-cont-'));
  image = join(dir, 'image');
  mkdirSync(join(image, 'usr'), { recursive: true });
  mkdirSync(join(image, 'etc'));
  writeFileSync(join(image, 'etc', 'image-release'), 'tiny-image\n');
  hostBinds = ['/usr:/usr:ro'];
  for (const d of ['bin', 'sbin', 'lib', 'lib64']) {
    let st;
    try {
      st = lstatSync(`/${d}`);
    } catch {
      continue;
    }
    if (st.isSymbolicLink()) symlinkSync(readlinkSync(`/${d}`), join(image, d));
    else {
      mkdirSync(join(image, d));
      hostBinds.push(`/${d}:/${d}:ro`);
    }
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

function workdir(): string {
  const wd = join(dir, `PanDA_Pilot-${n++}`);
  mkdirSync(wd);
  return wd;
}
const isCode = (code: number) => (e: unknown) => e instanceof PilotError && e.code === code;

test('bubblewrap is installed (Debian package bubblewrap, listed in .ci/apt-packages.txt)', () => {
  assert.ok(which('bwrap'), 'bwrap on PATH');
});

test('container decision as Pilot 3: image → yes, platform → queue decides, missing image → 1360, no pilot type → 1384', () => {
  const q = { container_type: 'singularity:pilot;docker:wrapper', container_options: '-B /scratch' };
  assert.deepEqual(parseContainerType(q.container_type), { pilot: 'singularity', wrapper: 'docker' });
  assert.equal(resolveContainer({}, q), undefined);
  assert.equal(resolveContainer({ imagename: 'NULL' }, q), undefined);
  const spec = resolveContainer({ imagename: image }, q, '/w');
  assert.deepEqual(spec, { runtime: 'singularity', image, options: '-B /scratch', workdir: '/w' });
  // platform only: wanted on a container queue, but no image known → unwrapped (Pilot 3's raw wrapper).
  assert.equal(resolveContainer({ platform: 'x86_64-el9' }, q), undefined);
  assert.equal(resolveContainer({ platform: 'x86_64-el9' }, {}), undefined);
  assert.throws(() => resolveContainer({ imagename: join(dir, 'no-such-image') }, q), isCode(ErrorCodes.IMAGENOTFOUND));
  assert.throws(() => resolveContainer({ imagename: image }, { container_type: 'docker:wrapper' }), isCode(ErrorCodes.QUEUENOTSETUPFORCONTAINERS));
  assert.throws(() => getPlugin('generic').validate({ jobid: 1, transformation: '', jobparams: '', workdir: '', imagename: '/nope/image.sif' }), isCode(ErrorCodes.IMAGENOTFOUND));
  assert.deepEqual(parseContainerOptions('-c -i -B "/a,/b:/c:ro" --bind=/d -e'), {
    binds: [
      { src: '/a', dst: '/a', ro: false },
      { src: '/b', dst: '/c', ro: true },
      { src: '/d', dst: '/d', ro: false },
    ],
    cleanEnv: true,
    ignored: ['-c', '-i'],
  });
});

test('no runtime at all → APPTAINERNOTINSTALLED / SINGULARITYNOTINSTALLED; image file with bwrap → 1309', () => {
  const spec: ContainerSpec = { image, workdir: '/w', runtime: 'apptainer' };
  assert.throws(() => wrapInContainer(['/bin/true'], spec, { pathEnv: join(dir, 'empty-path') }), isCode(ErrorCodes.APPTAINERNOTINSTALLED));
  assert.throws(() => wrapInContainer(['/bin/true'], { ...spec, runtime: 'singularity' }, { pathEnv: join(dir, 'empty-path') }), isCode(ErrorCodes.SINGULARITYNOTINSTALLED));
  const sif = join(dir, 'image.sif');
  writeFileSync(sif, 'not a dir');
  assert.throws(() => wrapInContainer(['/bin/true'], { image: sif, workdir: '/w', prefer: ['bwrap'] }), isCode(ErrorCodes.SINGULARITYIMAGEMOUNTFAILURE));
});

test('payload runs in the bwrap container: work dir bound (also at /srv), env passed, image visible, host hidden', async () => {
  const wd = workdir();
  // Queue options as CRIC writes them, with ${workdir} expanded by the wrapper (Pilot 3 exports it).
  const spec = resolveContainer({ imagename: image }, { container_type: 'singularity:pilot', container_options: `-B ${hostBinds.join(',')},\${workdir}:/data --contain` }, wd)!;
  const script = [
    'pwd',
    'echo "var=$MY_VAR"',
    'echo "tmp=$TMPDIR"',
    'cat /etc/image-release',
    'echo inside > made-inside.txt',
    'cat /srv/made-inside.txt',
    'test -e /var/lib/dpkg && echo host-visible || echo host-hidden',
    'cat /data/made-inside.txt',
  ].join('; ');
  const p = spawnPayload({ command: script, cwd: wd, env: { ...process.env, MY_VAR: 'a b' }, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr'), container: spec });
  assert.equal(p.runtime, 'bwrap');
  const ex = await p.exited;
  assert.deepEqual(ex, { exitCode: 0, signal: null }, readFileSync(join(wd, 'payload.stderr'), 'utf8'));
  assert.equal(readFileSync(join(wd, 'payload.stdout'), 'utf8'), `${wd}\nvar=a b\ntmp=/srv\ntiny-image\ninside\nhost-hidden\ninside\n`);
  assert.equal(readFileSync(join(wd, 'made-inside.txt'), 'utf8'), 'inside\n');
});

test('container payload: its processes are in the tree and die with kill; failure to bind → 1308', async () => {
  const wd = workdir();
  const spec: ContainerSpec = { image, workdir: wd, options: `-B ${hostBinds.join(',')}` };
  const p = spawnPayload({ command: 'sleep 300 & echo $! > inner.pid; wait', cwd: wd, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr'), container: spec });
  // the in-container sleep has started (it wrote its pid): the tree is complete
  await waitFor(() => existsSync(join(wd, 'inner.pid')) && p.tree.pids().length >= 3, 30_000, 'container payload running', 20);
  const pids = p.tree.pids();
  assert.ok(pids.length >= 3, `bwrap, its init and the payload: ${pids}`);
  const report = await p.kill(2000);
  assert.deepEqual(report.remaining, []);
  for (const pid of pids) {
    const st = readStat(pid);
    assert.ok(!st || st.state === 'Z', `pid ${pid} gone`);
  }
  await p.exited;

  const wd2 = workdir();
  const bad: ContainerSpec = { image, workdir: wd2, options: `-B ${hostBinds.join(',')},${join(dir, 'does-not-exist')}:/data` };
  const q = spawnPayload({ command: 'echo never', cwd: wd2, stdoutPath: join(wd2, 'payload.stdout'), stderrPath: join(wd2, 'payload.stderr'), container: bad });
  const ex = await q.exited;
  assert.notEqual(ex.exitCode, 0);
  const res = await analyzePayloadExit({ workdir: wd2, ...ex, pid: q.pid, container: true });
  assert.equal(res.pilotErrorCode, ErrorCodes.SINGULARITYBINDPOINTFAILURE);
  assert.match(res.diag, /does-not-exist/);
});

test('clean environment (-e) drops the pilot env but keeps the tree marker', async () => {
  const wd = workdir();
  const spec: ContainerSpec = { image, workdir: wd, options: `-e -B ${hostBinds.join(',')}`, prefer: ['bwrap'] };
  const p = spawnPayload({ command: 'echo "var=$MY_VAR tmp=$TMPDIR"; exec sleep 30', cwd: wd, env: { ...process.env, MY_VAR: 'x' }, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr'), container: spec });
  await waitFor(() => readFileSync(join(wd, 'payload.stdout'), 'utf8').length > 0, 30_000, 'payload output', 20);
  assert.equal(readFileSync(join(wd, 'payload.stdout'), 'utf8'), 'var= tmp=/srv\n');
  // The shell prints before it execs sleep: wait for the exec (found through the marker).
  const findSleeper = () => p.tree.pids().find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('sleep');
    } catch {
      return false;
    }
  });
  await waitFor(() => findSleeper() !== undefined, 30_000, 'in-container sleep found through the marker', 20);
  await p.kill(1000);
  await p.exited;
});

test('apptainer/singularity command line: queue options kept, binds added, env via APPTAINERENV_', () => {
  const bin = join(dir, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'apptainer'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const w = wrapInContainer(['/bin/bash', '-c', 'run'], { image: '/images/el9.sif', workdir: '/w', runtime: 'singularity', options: '-c -i' }, { pathEnv: bin, keepEnv: { PANDA_PILOT_TREE_ID: 'm' } });
  assert.equal(w.runtime, 'apptainer');
  const binds = w.argv[5]!.split(',');
  assert.deepEqual(w.argv.slice(0, 5), [join(bin, 'apptainer'), 'exec', '-c', '-i', '-B']);
  assert.deepEqual(binds.slice(0, 2), ['/w:/w', '/w:/srv']);
  assert.deepEqual(w.argv.slice(6), ['--pwd', '/w', '/images/el9.sif', '/bin/bash', '-c', 'run']);
  assert.equal(w.env.APPTAINERENV_TMPDIR, '/srv');
  assert.equal(w.env.SINGULARITYENV_PANDA_PILOT_TREE_ID, 'm');
  // the pilot's own binds (the event service's channel socket) come last, so `-c` cannot hide them
  const es = wrapInContainer(['run'], { image: '/images/el9.sif', workdir: '/w', options: '-c', binds: [{ src: '/tmp/zmq_ch', dst: '/tmp/zmq_ch', ro: false }] }, { pathEnv: bin });
  assert.equal(es.argv[es.argv.indexOf('-B') + 1]!.split(',').at(-1), '/tmp/zmq_ch:/tmp/zmq_ch');
});
