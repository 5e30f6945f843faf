/**
 * Packaging, as a site installs the pilot: the npm package (`npm pack` of a fresh copy of the
 * sources, installed in a clean directory), the single executable (copied alone into a clean
 * directory) and the pilot tarball fetched and started by PanDA's own pilot wrapper
 * (runpilot2-wrapper.sh, unchanged, from PANDA_PILOT_WRAPPER or /work/ext/pilot-wrapper). Each
 * runs a real job against the emulator.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const WRAPPER = process.env.PANDA_PILOT_WRAPPER ?? '/work/ext/pilot-wrapper/runpilot2-wrapper.sh';
const body = 'input for the packaged pilot\n';

let tmp: string;
let copy: string;
let tgz: string;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.status}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return r.stdout;
}

async function jobScenario(withInput: boolean): Promise<Scenario> {
  const { adler32Hex } = await import('../../src/demo/jobs.js');
  return createScenario({
    jobs: [{
      transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest',
      inFiles: withInput ? [{ lfn: 'in.dat', scope: 'pkg', size: body.length, checksum: `ad:${adler32Hex(body)}` }] : [],
    }],
    trfs: { 'run.sh': '#!/bin/sh\necho packaged payload ran\n' },
    inputs: withInput ? { 'in.dat': body } : {},
  });
}

function finalState(scn: Scenario): unknown {
  const [job] = scn.emulator.jobs();
  return scn.emulator.updates(job.PandaID).find((u) => u.params.state === 'finished' || u.params.state === 'failed')?.params.state;
}

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'pkg-test-'));
  // a fresh copy of what a clone has (no dist/): npm pack runs prepack (build without tests, bundle)
  copy = path.join(tmp, 'src-copy');
  mkdirSync(copy);
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'src', 'bin', 'config', 'scripts']) {
    cpSync(path.join(repo, f), path.join(copy, f), { recursive: true });
  }
  symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'));
  const out = run('npm', ['pack', '--silent', '--pack-destination', tmp], copy).trim().split('\n').pop()!;
  tgz = path.join(tmp, out);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('packaging', () => {
  it('npm pack: the package installs in a clean directory and its panda-pilot runs a job', async () => {
    const files = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n');
    assert.ok(files.includes('package/dist/bundle/pilot.cjs') && files.includes('package/dist/bundle/pilot.cjs.cache'));
    assert.ok(files.includes('package/dist/src/cli/pilot.js') && files.includes('package/config/default.cfg'));
    assert.deepEqual(files.filter((f) => /^package\/(dist\/(test|bench|examples)|test|bench)\//.test(f)), [], 'no tests or benches');
    const clean = path.join(tmp, 'clean');
    mkdirSync(clean);
    writeFileSync(path.join(clean, 'package.json'), '{"name":"clean","version":"1.0.0","private":true}\n');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', tgz], clean);
    const help = spawnSync('npx', ['--no-install', 'panda-pilot', '--help'], { cwd: clean, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^usage: /);
    const scn = await jobScenario(true);
    try {
      const r = await startPilot(scn, [], { PANDA_PILOT_LOG_CONSOLE: '0' }, [path.join(clean, 'node_modules/.bin/panda-pilot')]).done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(finalState(scn), 'finished');
    } finally {
      await scn.close();
    }
  });

  it('single executable: alone in a clean directory it runs a job', async () => {
    run(process.execPath, [path.join(copy, 'scripts/bundle.mjs'), '--only-sea'], copy);
    const dir = path.join(tmp, 'sea');
    mkdirSync(dir);
    const exe = path.join(dir, 'panda-pilot');
    copyFileSync(path.join(copy, 'dist/sea/panda-pilot'), exe);
    chmodSync(exe, 0o755);
    const help = spawnSync(exe, ['--help'], { cwd: dir, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    const scn = await jobScenario(true);
    try {
      const r = await startPilot(scn, [], { PANDA_PILOT_LOG_CONSOLE: '0' }, [exe]).done;
      assert.equal(r.code, 0, r.stderr);
      assert.equal(finalState(scn), 'finished');
    } finally {
      await scn.close();
    }
  });

  // PanDA's own wrapper is not ours to ship: where no copy of it is at hand (PANDA_PILOT_WRAPPER),
  // ours (the same options) fetches and starts the tarball instead, and the test says which ran.
  const panda = existsSync(WRAPPER);
  it(`${panda ? "PanDA's pilot wrapper" : 'panda-pilot-wrapper (PanDA\'s is not on this machine)'} fetches the pilot tarball with --piloturl and starts it unchanged`, async (t) => {
    const tarball = run(process.execPath, [path.join(copy, 'scripts/pilot-tarball.mjs'), '--out', path.join(tmp, 'pilot3.tar.gz')], copy).trim();
    const served = createServer((req, res) => {
      if (req.url !== '/pilot3.tar.gz') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'application/gzip' }).end(readFileSync(tarball));
    });
    await new Promise<void>((r) => served.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => served.close(() => r())));
    const piloturl = `http://127.0.0.1:${(served.address() as AddressInfo).port}/pilot3.tar.gz`;
    const scn = await jobScenario(false);
    try {
      const start = path.join(tmp, 'wrapper-start');
      const shims = path.join(tmp, 'shims');
      mkdirSync(start);
      mkdirSync(shims);
      // the wrapper reads container options from ./queuedata.json (else production CRIC)
      const res = await fetch(`${scn.emulator.url}/cache/schedconfig/${scn.queue}.all.json`);
      const q = (await res.json()) as Record<string, Record<string, unknown>>;
      const queue = q[scn.queue] ?? q;
      writeFileSync(path.join(start, 'queuedata.json'), JSON.stringify({ ...queue, container_options: '', container_type: '' }, null, 1));
      // the wrapper also reports to production services; only loopback and local files pass here
      const curl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
      writeFileSync(path.join(shims, 'curl'), `#!/bin/sh\ncase "$*" in *http://127.0.0.1:*|*file://*) exec ${curl} "$@";; esac\necho "curl blocked in test: $*" >&2\nexit 6\n`);
      chmodSync(path.join(shims, 'curl'), 0o755);
      const env = {
        ...scn.pilotEnv({ PANDA_PILOT_LOG_CONSOLE: '0', PANDA_PILOT_NODE: process.execPath }),
        PATH: `${shims}:${process.env.PATH}`,
        TMPDIR: start,
      };
      const args = ['--mute', '--container', '--localpy', '--piloturl', piloturl, '-i', 'PR', ...scn.pilotArgs()];
      const wrapper = panda ? WRAPPER : path.join(copy, 'bin/panda-pilot-wrapper');
      const child = spawn('bash', [wrapper, ...args], { cwd: start, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('close', r));
      if (panda) {
        assert.match(out, /File pilot3\/pilot\.py exists OK/);
        assert.match(out, /PILOTVERSION: 3\.11\.5\.1 \(panda-pilot/);
      } else assert.match(out, /downloading the pilot from http:\/\/127\.0\.0\.1/);
      assert.equal(finalState(scn), 'finished', out.slice(-4000));
      assert.doesNotMatch(out, /pandaIDs\.out, no payload/, 'the wrapper finds the job id where Pilot 3 leaves it');
      assert.equal(code, 0, out.slice(-4000));
      assert.ok(readdirSync(start).length >= 1);
    } finally {
      await scn.close();
    }
  });
});
