/**
 * A queue naming Pilot 3's `lsm` and `objectstore` copytools runs its job instead of failing
 * with 1323: inputs and outputs through the site's lsm-get/lsm-put commands (real scripts on
 * PATH, as sites install them), the log to an OS_LOGS object store (s3rver) via objectstore.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { freePort } from '../support/xrootd.js';

let s3: S3rver;
let s3url = '';
let base = '';
before(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'movers-'));
  const port = await freePort();
  s3 = new S3rver({ port, address: '127.0.0.1', silent: true, directory: path.join(base, 's3'), configureBuckets: [{ name: 'logs' }] });
  await s3.run();
  s3url = `s3://127.0.0.1:${port}`;
});
after(async () => {
  await s3?.close();
  rmSync(base, { recursive: true, force: true });
});

/** The site's movers: root://site.example//<path> lives under $SITE_STORE/<path>. */
function siteCommands(bin: string): void {
  mkdirSync(bin, { recursive: true });
  const map = 'local() { printf "%s" "$SITE_STORE/${1#root://site.example//}"; }';
  writeFileSync(path.join(bin, 'lsm-get'), `#!/bin/bash\nset -e\n${map}\nsrc=$(local "$1")\n[ -f "$src" ] || { echo "No such file or directory: $1" >&2; exit 2; }\ncp "$src" "$2"\n`);
  writeFileSync(path.join(bin, 'lsm-put'), `#!/bin/bash\nset -e\n${map}\nprintf '%s\\n' "$@" > "$SITE_STORE/lsm-put.args"\nwhile [ "$#" -gt 2 ]; do shift; done\ndst=$(local "$2")\nmkdir -p "$(dirname "$dst")"\ncp "$1" "$dst"\n`);
  for (const c of ['lsm-get', 'lsm-put']) chmodSync(path.join(bin, c), 0o755);
}

it('lsm for inputs and outputs, objectstore (S3) for the log: the job finishes', async () => {
  const store = path.join(base, 'store');
  const bin = path.join(base, 'bin');
  siteCommands(bin);
  const input = randomBytes(50_000);
  const rel = `rucio/${rucioPath('mc.test', 'in.dat')}`;
  mkdirSync(path.dirname(path.join(store, rel)), { recursive: true });
  writeFileSync(path.join(store, rel), input);
  const tmpIn = path.join(base, 'in.dat');
  writeFileSync(tmpIn, input);
  const adler = (await fileChecksums(tmpIn)).adler32;
  const se = { endpoint: 'root://site.example', path: '//rucio', flavour: 'XROOTD' };
  const storages = {
    SITE_DATADISK: { name: 'SITE_DATADISK', site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, token: 'ATLASDATADISK', rprotocols: {}, arprotocols: { read_lan: [se], write_lan: [se], read_wan: [se], write_wan: [se] } },
    SITE_LOGS: { name: 'SITE_LOGS', site: 'SITE', type: 'OS_LOGS', state: 'ACTIVE', is_deterministic: false, rprotocols: {}, arprotocols: { write_lan: [{ endpoint: s3url, path: '/logs', id: 9 }], write_wan: [{ endpoint: s3url, path: '/logs', id: 9 }], read_lan: [{ endpoint: s3url, path: '/logs', id: 9 }] } },
  };
  const scn = await createScenario({
    queueOverrides: {
      acopytools: { read_lan: ['lsm'], pr: ['lsm'], write_lan: ['lsm'], pw: ['lsm'], pl: ['objectstore'] },
      astorages: { read_lan: ['SITE_DATADISK'], pr: ['SITE_DATADISK'], write_lan: ['SITE_DATADISK'], pw: ['SITE_DATADISK'], pl: ['SITE_LOGS'] },
    },
    jobs: [{
      transformation: 'copy.sh', jobPars: 'in.dat out.dat', prodSourceLabel: 'ptest',
      inFiles: [{ lfn: 'in.dat', scope: 'mc.test', size: input.length, checksum: `ad:${adler}`, ddm: 'SITE_DATADISK' }],
      outFiles: [{ lfn: 'out.dat', scope: 'mc.test', ddm: 'SITE_DATADISK' }],
      logFile: { lfn: 'log.movers.tgz', scope: 'mc.log', ddm: 'SITE_LOGS' },
    }],
    trfs: { 'copy.sh': '#!/bin/bash\nset -e\ncat "$1" "$1" > "$2"\n' },
    config: { heartbeat: 60, update_sleep: 0.3 },
    emulator: { storages },
  });
  try {
    scn.rucio.addFile({ scope: 'mc.test', name: 'in.dat', bytes: input.length, adler32: adler, replicas: [{ rse: 'SITE_DATADISK', pfn: `root://site.example//${rel}` }] });
    const res = await startPilot(scn, [], {
      PATH: `${bin}:${process.env.PATH}`, SITE_STORE: store,
      S3_IS_SECURE: 'False', S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER',
    }).done;
    const [job] = scn.emulator.jobs();
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    const out = path.join(store, 'rucio', rucioPath('mc.test', 'out.dat'));
    assert.deepEqual(readFileSync(out), Buffer.concat([input, input]));
    const args = readFileSync(path.join(store, 'lsm-put.args'), 'utf8').split('\n');
    assert.deepEqual(args.slice(0, 4), ['--size', String(input.length * 2), '-t', 'ATLASDATADISK']);
    assert.equal(args[4], '--checksum');
    assert.match(args[5], /^adler32:[0-9a-f]{8}$/);
    assert.ok(existsSync(path.join(base, 's3', 'logs', 'log.movers.tgz._S3rver_object')), 'log object in the bucket (s3rver layout)');
    const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
    const xml = JSON.parse(String(fin.xml)) as Record<string, Record<string, unknown>>;
    assert.equal(xml['log.movers.tgz'].surl, `${s3url}/logs/log.movers.tgz`);
  } finally {
    await scn.close();
  }
});
