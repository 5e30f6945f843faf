// `panda-pilot selftest`: one job with an input and an output through a site's storage and
// configuration against the embedded emulators, everything kept, nothing outside contacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSelftest, type SelftestReport } from '../../src/selftest/selftest.js';
import { startXrootd } from '../support/xrootd.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CHECKS = [
  'queue and storage resolved', 'input written to the storage', 'pilot exit code 0', 'job finished on the server', 'pilot log kept',
  'input staged in to the job', 'payload ran', 'output and log reported in the final update', 'output checksum is the input checksum',
  'output read back from the storage', 'no production service contacted', 'Rucio traces only to the Rucio emulator',
];

test('panda-pilot selftest on the default local storage: every check passes, every file kept and listed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'selftest-'));
  try {
    // the shipped command (the bundle through bin/panda-pilot): the selftest runs that same pilot
    const r = spawnSync(path.join(root, 'bin/panda-pilot'), ['selftest', '--dir', dir, '--size-kb', '64'], { encoding: 'utf8', env: { ...process.env, HARVESTER_PILOT_CONFIG: '' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const name of CHECKS) assert.match(r.stdout, new RegExp(`^ {2}\\[ ok \\] ${name}: `, 'm'));
    assert.match(r.stdout, /^selftest passed$/m);
    const report = JSON.parse(readFileSync(path.join(dir, 'selftest-report.json'), 'utf8')) as SelftestReport;
    assert.deepEqual(report.checks.map((c) => c.name), CHECKS);
    // kept: pilot home, job directory with the staged-in input, pilot log, output and log on the storage
    for (const role of ['pilot home', 'job directory', 'pilot log', 'output read back', 'emulator request log', 'emulator state']) {
      assert.ok(existsSync(report.files[role]), `${role}: ${report.files[role]}`);
    }
    for (const role of ['input on storage', 'output on storage', 'log tarball on storage']) {
      const p = report.files[role].replace(/^file:\/\/localhost/, '');
      assert.ok(p.startsWith(path.join(dir, 'storage')), `${role} in the storage dir: ${p}`);
      assert.ok(existsSync(p), `${role}: ${p}`);
    }
    assert.match(readFileSync(report.files['emulator request log'], 'utf8'), /POST \/server\/panda\/getJob 200/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selftest through a site storage on a real XRootD server (xrdcp copytool, root:// endpoint)', async () => {
  const xrd = await startXrootd();
  const dir = mkdtempSync(path.join(tmpdir(), 'selftest-xrd-'));
  try {
    const proto = { endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' };
    const report = await runSelftest({
      dir,
      queue: 'SITE_XRD',
      queuedata: {
        acopytools: { pr: ['xrdcp'], pw: ['xrdcp'], pl: ['xrdcp'], read_lan: ['xrdcp'], write_lan: ['xrdcp'] },
        astorages: { pr: ['SITE_DATADISK'], pw: ['SITE_DATADISK'], pl: ['SITE_DATADISK'], read_lan: ['SITE_DATADISK'], write_lan: ['SITE_DATADISK'] },
      },
      storagedata: {
        SITE_DATADISK: { name: 'SITE_DATADISK', site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [proto], write_lan: [proto], read_wan: [proto], write_wan: [proto] } },
      },
      inputBytes: 100_000,
      env: { ...xrd.env, HARVESTER_PILOT_CONFIG: '' },
    });
    for (const c of report.checks) assert.ok(c.ok, `${c.name}: ${c.detail}`);
    assert.match(report.files['output on storage'], new RegExp(`^${xrd.url}//rucio/selftest/`));
    const rel = report.files['output on storage'].slice(xrd.url.length).replace(/^\/+/, '');
    assert.ok(existsSync(path.join(xrd.root, rel)), 'output on the XRootD server disk');
    assert.match(report.checks.find((c) => c.name === 'Rucio traces only to the Rucio emulator')!.detail, /^[1-9]\d* trace\(s\)/, 'xrdcp sends traces, to the emulator');
  } finally {
    await xrd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
