// Every signal in every phase of the pilot besides the payload (signals.test.ts): during stage-in (a
// WebDAV download that would take 20 min), during stage-out (an output going to XRootD through a
// relay that stops passing it on) and between jobs (waiting an hour after a "no job" answer). The
// signal is sent once the transfer or the wait is under way (seen in the relay or the log), so only
// the signal can end the phase: a pilot that waited would never end. Each ends with the signal's
// code, a final update and the log staged out (when there is a job); a process the pilot did not
// start survives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScenario, startPilot, type Scenario, type PilotRun } from '../../src/demo/scenario.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { startXrootd, type XrootdServer } from '../support/xrootd.js';
import { startTcpProxy } from '../support/tcpproxy.js';
import { alive, waitFor } from '../support/wait.js';
import { SIGNALS } from '../support/payloads.js';

const RSE = 'SITE_DATADISK';
let xrd: XrootdServer;
let dav: WebdavServer;

before(async () => {
  // nginx sends at most 16 kB/s per connection: a 20 MB input takes ~20 min to download.
  [xrd, dav] = await Promise.all([startXrootd(), startWebdav({ limitRate: '16k' })]);
});
after(async () => {
  await Promise.all([xrd?.stop(), dav?.stop()]);
});

function storages(rootUrl = xrd.url): Record<string, Record<string, unknown>> {
  const root = { endpoint: rootUrl, path: '//rucio', flavour: 'XROOTD' };
  const davs = { endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' };
  return { [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: [davs], write_lan: [root, davs], read_wan: [davs], write_wan: [davs] } } };
}

/** Resolves when a pilot log line on stdout matches. */
function logged(run: PilotRun, re: RegExp, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no log line matching ${re}`)), timeoutMs);
    run.child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      if (re.test(buf)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

async function assertFailedWithLog(scn: Scenario, code: number, output = ''): Promise<void> {
  const [job] = scn.emulator.jobs();
  const fin = scn.emulator.updates(job.PandaID).at(-1)!.params;
  assert.equal(fin.state, 'failed');
  assert.equal(Number(fin.pilotErrorCode), code);
  const logLines = output.split('\n').filter((l) => /log|tarball|pl"/.test(l)).slice(-8).join('\n');
  assert.ok(Object.keys(JSON.parse(String(fin.xml || '{}'))).some((l) => l.startsWith('log.')), `log file reported: ${fin.xml}\n${logLines}`);
}


/** Kill the pilot with `sig` and check the ending: right exit code and (with a job) final update with the log. */
async function signalled(run: PilotRun, scn: Scenario | undefined, sig: NodeJS.Signals, code: number, exit: number): Promise<void> {
  run.child.kill(sig);
  const res = await run.done;
  assert.equal(res.code, exit, `${sig}: ${res.stdout.slice(-3000)}`);
  if (scn) await assertFailedWithLog(scn, code, res.stdout);
}

async function stageInCase(sig: NodeJS.Signals, code: number, exit: number, n: number): Promise<void> {
  const big = randomBytes(20 * 1024 * 1024);
  const tmp = mkdtempSync(path.join(tmpdir(), 'sig-'));
  writeFileSync(path.join(tmp, 'f'), big);
  const adler = (await fileChecksums(path.join(tmp, 'f'))).adler32;
  rmSync(tmp, { recursive: true, force: true });
  const lfn = `big${n}.root`;
  const rel = `rucio/${rucioPath('mc.test', lfn)}`;
  putWebdavFile(dav, rel, big);
  const scn = await createScenario({
    queueOverrides: { acopytools: { read_lan: ['https'], write_lan: ['https'], pl: ['https'] }, astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE] } },
    jobs: [{ transformation: 'noop.sh', jobPars: '', prodSourceLabel: 'ptest', inFiles: [{ lfn, scope: 'mc.test', size: big.length, checksum: `ad:${adler}`, ddm: RSE }] }],
    trfs: { 'noop.sh': '#!/bin/bash\ntrue\n' },
    config: { heartbeat: 60, update_sleep: 0.3 },
    // distinct PandaIDs: the pilots share one storage, where log names must not collide
    emulator: { storages: storages(), firstPandaID: 7100000000 + n * 10 },
  });
  // the download runs through a relay that counts what nginx sends
  const relay = await startTcpProxy(Number(new URL(dav.httpsUrl).port));
  try {
    scn.rucio.addFile({ scope: 'mc.test', name: lfn, bytes: big.length, adler32: adler, replicas: [{ rse: RSE, pfn: `davs://localhost:${relay.port}/${rel}`, priority: 1 }] } as never);
    const run = startPilot(scn, [], { PANDA_PILOT_CA_FILE: dav.caFile });
    await logged(run, /\| trying copytool copytool=https /);
    await waitFor(() => relay.bytesDown > 32 * 1024, 60_000, 'download under way');
    await signalled(run, scn, sig, code, exit);
  } finally {
    await Promise.all([scn.close(), relay.close()]);
  }
}

// Each signal during a slow stage-in (all at once: they wait on the network, not the CPU).
test('every signal during stage-in', async () => {
  await Promise.all(SIGNALS.map(([sig, code, exit], i) => stageInCase(sig, code, exit, i)));
});

test('every signal during stage-out; a process the pilot did not start survives', async () => {
  const outsider = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  try {
    for (const [i, [sig, code, exit]] of SIGNALS.entries()) {
      // XRootD through a relay that passes the first 256 kB of each connection, then holds the
      // rest: the upload is under way and cannot finish (xrdcp's own timeouts are minutes)
      const relay = await startTcpProxy(xrd.port, { stallUpAfter: 256 * 1024 });
      const scn = await createScenario({
        queueOverrides: { acopytools: { read_lan: ['xrdcp'], write_lan: ['xrdcp'], pl: ['https'] }, astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE] } },
        jobs: [{ transformation: 'big.sh', jobPars: '', prodSourceLabel: 'ptest', outFiles: [{ lfn: 'big.out', scope: 'mc.test', ddm: RSE }] }],
        trfs: { 'big.sh': '#!/bin/bash\ntruncate -s 64M big.out\n' },
        config: { heartbeat: 60, update_sleep: 0.3 },
        emulator: { storages: storages(`root://127.0.0.1:${relay.port}`), firstPandaID: 7200000000 + i * 10 },
      });
      try {
        const run = startPilot(scn, [], { PANDA_PILOT_CA_FILE: dav.caFile });
        await logged(run, /\| trying copytool .*activities=\["write_lan"/);
        await waitFor(() => relay.bytesUp >= 256 * 1024, 60_000, 'upload under way and held');
        await signalled(run, scn, sig, code, exit);
      } finally {
        await Promise.all([scn.close(), relay.close()]);
      }
    }
    assert.equal(alive(outsider.pid!), true, 'an unrelated process survived the pilots');
  } finally {
    outsider.kill('SIGKILL');
  }
});

test('every signal between jobs (waiting after "no job"): prompt exit with the signal\'s code', async () => {
  await Promise.all(
    SIGNALS.map(async ([sig, , exit]) => {
      const scn = await createScenario({ config: { getjob_nojob_sleep_min: 3600, getjob_nojob_sleep_max: 3600 } });
      try {
        const run = startPilot(scn);
        await logged(run, /waiting 3600 s before the next getJob request/);
        await signalled(run, undefined, sig, 0, exit);
      } finally {
        await scn.close();
      }
    }),
  );
});
