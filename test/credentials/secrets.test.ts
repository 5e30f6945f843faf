/**
 * No secret leaves the pilot: a job runs with a VOMS proxy (renewed mid-job through getProxy), an
 * OIDC token (refreshed at start-up), a token key and a WLCG bearer token, all carrying planted
 * markers; then the pilot's output, every file it left (pilot log, heartbeat and timing files,
 * the log tarball's contents) and the payload's environment are searched for them.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { makeGridCa, type GridCa } from '../support/gridca.js';

let ca: GridCa;
before(() => {
  ca = makeGridCa();
});
after(() => ca?.remove());

/** Distinctive pieces of a PEM's body (key and certificate base64 lines). */
function pemMarkers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/-----BEGIN ([A-Z ]+)-----\n([\s\S]+?)-----END/g)) {
    const lines = m[2].split('\n').filter((l) => l.length >= 60);
    // a line from the middle of each block: random key/signature bytes, nothing shared
    out.push(lines[Math.floor(lines.length / 2)]);
  }
  return out;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

it('no proxy, key or token content in logs, log tarball, heartbeat files or the payload environment', async () => {
  const mark = () => randomBytes(8).toString('hex');
  const oldToken = `OIDC-OLD-${mark()}`;
  const newToken = `OIDC-NEW-${mark()}`;
  const tokenKey = `TOKEN-KEY-${mark()}`;
  const bearer = `BEARER-${mark()}`;
  const fresh = ca.proxy({ validS: 96 * 3600 });
  const scn = await createScenario({
    credentialChecks: true,
    jobs: [{ transformation: 'trf.sh', jobPars: '', prodSourceLabel: 'ptest', logFile: { lfn: 'log.secrets.tgz', scope: 'mc.log' } }],
    trfs: {
      // waits until the pilot replaced the proxy the test gave it (also when that happened first)
      'trf.sh': '#!/bin/bash\nenv > payload_env.txt\nn=0; while [ "$(md5sum < "$X509_USER_PROXY")" = "$ORIG_MD5" ]; do n=$((n+1)); [ $n -lt 1200 ] || exit 7; sleep 0.1; done\n',
    },
    config: { heartbeat: 60, update_sleep: 0.3, proxy_checks: 'True', proxy_time_left_startup: 0, proxy_verification_time: 1 },
    emulator: { credentials: { proxyFiles: { '*': fresh }, accessToken: newToken } },
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const proxy = join(dir, 'x509up');
    copyFileSync(ca.proxy({ validS: 5 * 3600, vomsS: 2403 }), proxy);
    writeFileSync(join(dir, 'token'), oldToken, { mode: 0o600 });
    writeFileSync(join(dir, 'key'), tokenKey, { mode: 0o600 });
    writeFileSync(join(dir, 'bt'), bearer, { mode: 0o600 });
    const markers = [oldToken, newToken, tokenKey, bearer, ...pemMarkers(proxy), ...pemMarkers(fresh)];
    const res = await startPilot(scn, [], {
      X509_USER_PROXY: proxy, X509_CERT_DIR: ca.certDir, ORIG_MD5: `${createHash('md5').update(readFileSync(proxy)).digest('hex')}  -`,
      OIDC_AUTH_TOKEN: 'token', OIDC_AUTH_ORIGIN: 'atlas.pilot', OIDC_AUTH_DIR: join(dir, 'token'), PANDA_AUTH_TOKEN_KEY: 'key',
      BEARER_TOKEN_FILE: join(dir, 'bt'),
    }).done;
    const [job] = scn.emulator.jobs();
    assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
    assert.ok(scn.emulator.requests.some((r) => r.method === 'getProxy'), 'the proxy was renewed');
    assert.ok(scn.emulator.requests.some((r) => r.method === 'get_access_token'), 'the token was refreshed');

    // unpack the log tarball next to the files the pilot left
    const tarball = filesUnder(scn.launchDir).find((f) => f.endsWith('log.secrets.tgz'));
    assert.ok(tarball, 'log tarball staged out');
    const unpacked = join(dir, 'unpacked');
    mkdirSync(unpacked);
    assert.equal(spawnSync('tar', ['xzf', tarball, '-C', unpacked]).status, 0);
    const payloadEnv = filesUnder(unpacked).find((f) => f.endsWith('payload_env.txt'));
    assert.ok(payloadEnv, 'the payload environment is in the log tarball');
    assert.match(readFileSync(payloadEnv, 'utf8'), /^X509_USER_PROXY=/m, 'the payload gets the proxy path, as in Pilot 3');
    // the refreshed token is stored next to the pilot (as Pilot 3 does), readable by its owner only
    const tokenStore = join(scn.launchDir, 'token');
    assert.equal(readFileSync(tokenStore, 'utf8'), newToken);
    assert.equal(statSync(tokenStore).mode & 0o077, 0);
    const files = [...filesUnder(scn.launchDir).filter((f) => !f.endsWith('.tgz') && f !== tokenStore), ...filesUnder(unpacked)];
    assert.ok(files.some((f) => f.endsWith('pilotlog.txt')), 'pilot log searched');
    const places: Array<[string, string]> = [['stdout', res.stdout], ['stderr', res.stderr], ...files.map((f) => [f, readFileSync(f, 'latin1')] as [string, string])];
    for (const [where, text] of places) {
      for (const m of markers) assert.ok(!text.includes(m), `secret marker ${m.slice(0, 12)}... found in ${where}`);
    }
  } finally {
    await scn.close();
  }
});
