// Disk full in each phase, on real small file systems (tmpfs mounted in a private mount namespace,
// gone with it, or unmounted at the end): Pilot 3's codes — stage-in 1098 NOLOCALSPACE, payload 1098 (not the generic 1305),
// stage-out to a full destination 1333 NOREMOTESPACE — the diagnosis says so, and a log tarball
// that could not be written is reported as missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { PilotError } from '../../src/common/errors.js';
import { mvCopytool } from '../../src/copytool/mv.js';
import path from 'node:path';
import { createScenario, PILOT_MAIN, type Scenario } from '../../src/demo/scenario.js';

const MOUNT = 'mount --make-rprivate / && mount -t tmpfs -o size="$1" tmpfs "$2" && if [ -n "$3" ]; then mount -t tmpfs -o size=64k tmpfs "$3"; fi && shift 3 && exec "$@"';

/** Run the pilot with its work dir on a `size` tmpfs (and, with `outDir`, a 64 kB tmpfs as output dir). */
async function pilotOnSmallDisk(scn: Scenario, size: string, outDir = ''): Promise<{ code: number | null; out: string }> {
  const small = path.join(scn.dir, 'small');
  mkdirSync(small);
  if (outDir) mkdirSync(outDir);
  const args = [...scn.pilotArgs(['--workdir', small, '--input-dir', scn.launchDir, ...(outDir ? ['--output-dir', outDir] : [])])];
  const child = spawn('unshare', ['-m', '/bin/sh', '-c', MOUNT, 'sh', size, small, outDir, process.execPath, PILOT_MAIN, ...args], {
    cwd: scn.launchDir,
    env: scn.pilotEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  return { code, out };
}

const CONFIG = { heartbeat: 60, update_sleep: 0.2, free_space_limit: '100 kB', free_space_limit_running: '1 B' };

function final(scn: Scenario): Record<string, unknown> {
  const [job] = scn.emulator.jobs();
  const fin = scn.emulator.updates(job!.PandaID).filter((u) => u.params.state === 'failed' || u.params.state === 'finished');
  assert.equal(fin.length, 1, 'one final update');
  return fin[0]!.params;
}

test('stage-in: a copy that fills the local disk → 1098 NOLOCALSPACE, said so', async () => {
  // A real 256 kB tmpfs as the job's work dir (unmounted at the end).
  const base = mkdtempSync(path.join(os.tmpdir(), 'stagein-full-'));
  const wd = path.join(base, 'wd');
  mkdirSync(wd);
  writeFileSync(path.join(base, 'in.dat'), Buffer.alloc(600 * 1024, 7));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', wd]);
  try {
    const files = [{ lfn: 'in.dat', scope: 'demo', filesize: 600 * 1024, workdir: wd, checksum: {} }] as never;
    const err = await mvCopytool.copyIn(files, { workdir: wd, inputDir: base, copyType: 'cp' } as never).catch((e: unknown) => e);
    assert.ok(err instanceof PilotError, String(err));
    assert.equal(err.code, 1098);
    assert.match(err.diag, /No space left on device/);
  } finally {
    execFileSync('umount', [wd]);
    rmSync(base, { recursive: true, force: true });
  }
});

test('payload fills the disk → 1098 with "ran out of local disk space"; the log tarball that cannot be written is reported missing', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'fill.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    // Incompressible, so the log tarball of the work dir cannot fit either.
    trfs: { 'fill.sh': '#!/bin/bash\nhead -c 8M /dev/urandom > fill || exit 1\n' },
    config: CONFIG,
  });
  try {
    const res = await pilotOnSmallDisk(scn, '2m');
    const p = final(scn);
    assert.equal(Number(p.pilotErrorCode), 1098, res.out.slice(-2000));
    assert.match(String(p.pilotErrorDiag), /ran out of local disk space: .*No space left on device/);
    assert.match(String(p.pilotErrorDiag), /\[no log tarball: 1320 no space left on device\]$/, 'the missing log is reported');
    assert.equal(Object.keys(JSON.parse(String(p.xml || '{}'))).some((l) => l.includes('job.log.tgz')), false);
  } finally {
    await scn.close();
  }
});

test('stage-out to a full destination → 1333 NOREMOTESPACE, said so; the log still goes out', async () => {
  const scn = await createScenario({
    jobs: [{ transformation: 'out.sh', jobPars: 'result.dat', prodSourceLabel: 'ptest', outFiles: [{ lfn: 'result.dat', scope: 'demo' }] }],
    trfs: { 'out.sh': '#!/bin/bash\nhead -c 512k /dev/urandom > "$1"\n' },
    config: CONFIG,
  });
  try {
    const res = await pilotOnSmallDisk(scn, '8m', path.join(scn.dir, 'full'));
    const p = final(scn);
    assert.equal(Number(p.pilotErrorCode), 1333, res.out.slice(-2000));
    assert.match(String(p.pilotErrorDiag), /No space left on device|space/i);
  } finally {
    await scn.close();
  }
});
