/**
 * The proxy and token lifecycle with the real pilot: Pilot 3's start-up limit (PROXYTOOSHORT,
 * exit 80), a proxy whose VOMS attributes run out mid-job renewed through getProxy (the emulator
 * serves a real proxy from the test CA) and the job finishing, the same with renewal impossible
 * failing with NOVOMSPROXY before the proxy runs out, and the OIDC token refreshed at start-up and
 * used by every later call.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScenario, startPilot, type ScenarioOptions } from '../../src/demo/scenario.js';
import { readProxy, vomsTimeLeft } from '../../src/credentials/proxy-info.js';
import { makeGridCa, type GridCa } from '../support/gridca.js';

let ca: GridCa;
before(() => {
  ca = makeGridCa();
});
after(() => ca?.remove());

const PROD = 'atlas:/atlas/Role=production';
// the payload waits (for an event, not a time) until the pilot has replaced the proxy the test
// gave it (ORIG_MD5): a renewal that happened before the payload started counts too
const WAIT_FOR_NEW_PROXY = '#!/bin/bash\nn=0; while [ "$(md5sum < "$X509_USER_PROXY")" = "$ORIG_MD5" ]; do n=$((n+1)); [ $n -lt 1200 ] || exit 7; sleep 0.1; done\necho renewed\n';

/** md5sum's output for a file, as the payload computes it. */
function md5Line(file: string): string {
  return `${createHash('md5').update(readFileSync(file)).digest('hex')}  -`;
}
const SLEEP = '#!/bin/bash\nsleep 300\n';

function scenario(trf: string, extra: Partial<ScenarioOptions> = {}, config: Record<string, string | number> = {}): Promise<Awaited<ReturnType<typeof createScenario>>> {
  return createScenario({
    credentialChecks: true,
    jobs: [{ transformation: 'trf.sh', jobPars: '', prodSourceLabel: 'ptest' }],
    trfs: { 'trf.sh': trf },
    config: { heartbeat: 60, update_sleep: 0.3, proxy_checks: 'True', proxy_time_left_startup: 0, proxy_verification_time: 1, kill_grace: 1, ...config },
    ...extra,
  });
}

/** A copy of a proxy the pilot may overwrite. */
function pilotProxy(src: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'pilot-proxy-')), 'x509up');
  copyFileSync(src, f);
  return f;
}

describe('proxy lifecycle', () => {
  it('at start-up a proxy shorter than 72 h stops the pilot with PROXYTOOSHORT (exit 80), no job taken', async () => {
    const scn = await scenario(SLEEP, {}, { proxy_time_left_startup: 72 * 3600 });
    try {
      const proxy = pilotProxy(ca.proxy({ validS: 10 * 3600 }));
      const res = await startPilot(scn, [], { X509_USER_PROXY: proxy }).done;
      assert.equal(res.code, 80, res.stdout.slice(-3000));
      assert.equal(scn.emulator.requests.filter((r) => r.method === 'getJob').length, 0);
      assert.match(res.stdout, /proxy is too short for pilot startup/);
    } finally {
      await scn.close();
    }
  });

  it('VOMS attributes about to expire mid-job: a new proxy via getProxy, the job finishes', async () => {
    const fresh = ca.proxy({ validS: 96 * 3600 });
    const scn = await scenario(WAIT_FOR_NEW_PROXY, { emulator: { credentials: { proxyFiles: { [PROD]: fresh } } } });
    try {
      // due 3 s after creation: limit 1 h - grace 20 min = 2400 s needed
      const proxy = pilotProxy(ca.proxy({ validS: 5 * 3600, vomsS: 2403 }));
      const res = await startPilot(scn, [], { X509_USER_PROXY: proxy, ORIG_MD5: md5Line(proxy) }).done;
      const [job] = scn.emulator.jobs();
      assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
      assert.equal(res.code, 0);
      const calls = scn.emulator.requests.filter((r) => r.method === 'getProxy');
      assert.equal(calls.length, 1);
      assert.equal(calls[0].params?.role, PROD);
      assert.equal(readFileSync(proxy, 'utf8'), readFileSync(fresh, 'utf8'), 'the pilot proxy file now holds the renewed proxy');
      assert.doesNotMatch(res.stdout + res.stderr, /BEGIN (RSA )?PRIVATE KEY|BEGIN CERTIFICATE/, 'no proxy content in the logs');
    } finally {
      await scn.close();
    }
  });

  it('renewal impossible: the job fails with NOVOMSPROXY (1177) before the proxy runs out', async () => {
    const scn = await scenario(SLEEP);
    try {
      const proxy = pilotProxy(ca.proxy({ validS: 5 * 3600, vomsS: 2403 }));
      const res = await startPilot(scn, [], { X509_USER_PROXY: proxy }).done;
      const [job] = scn.emulator.jobs();
      assert.equal(job.jobStatus, 'failed', res.stdout.slice(-3000));
      assert.equal(Number(job.reported.pilotErrorCode), 1177, String(job.reported.pilotErrorDiag));
      assert.ok(vomsTimeLeft(readProxy(proxy))! > 1800, 'failed while the VOMS attributes were still valid');
      assert.equal(scn.emulator.requests.filter((r) => r.method === 'getProxy').length, 1);
    } finally {
      await scn.close();
    }
  });
});

describe('OIDC token', () => {
  const jwt = (exp: number, tag: string) =>
    ['{"alg":"none"}', JSON.stringify({ exp, iat: Math.floor(Date.now() / 1000), sub: tag })].map((s) => Buffer.from(s).toString('base64url')).join('.') + '.sig';
  const sha = (t: string) => createHash('sha256').update(t).digest('hex').slice(0, 16);

  it('is refreshed at start-up (get_access_token) and the new token goes with every later call', async () => {
    const oldToken = jwt(Math.floor(Date.now() / 1000) + 7200, 'old');
    const newToken = jwt(Math.floor(Date.now() / 1000) + 7200, 'new');
    const scn = await scenario('#!/bin/bash\necho ok\n', { emulator: { credentials: { accessToken: newToken } } }, { proxy_checks: 'False' });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'oidc-'));
      writeFileSync(join(dir, 'token'), oldToken, { mode: 0o600 });
      writeFileSync(join(dir, 'key'), 'TOKEN-KEY-MARKER', { mode: 0o600 });
      const res = await startPilot(scn, [], {
        OIDC_AUTH_TOKEN: 'token', OIDC_AUTH_ORIGIN: 'atlas.pilot', OIDC_AUTH_DIR: join(dir, 'token'), PANDA_AUTH_TOKEN_KEY: 'key',
      }).done;
      assert.equal(res.code, 0, res.stdout.slice(-3000));
      const reqs = scn.emulator.requests;
      const refresh = reqs.findIndex((r) => r.method === 'get_access_token');
      assert.ok(refresh >= 0, 'token refreshed');
      assert.equal(reqs[refresh].bearer, sha(oldToken), 'the refresh authenticates with the current token');
      const later = reqs.slice(refresh + 1).filter((r) => r.method === 'getJob' || r.method === 'updateJob');
      assert.ok(later.length >= 2);
      for (const r of later) assert.equal(r.bearer, sha(newToken), `${r.method} carries the refreshed token`);
      const out = res.stdout + res.stderr;
      for (const secret of [oldToken, newToken, 'TOKEN-KEY-MARKER']) assert.ok(!out.includes(secret), 'no token in the logs');
    } finally {
      await scn.close();
    }
  });
});

describe('unified queues', () => {
  it('an analysis job gets a user proxy (getProxy role atlas) for its payload only; it is gone before the log tarball', async () => {
    const userProxy = ca.proxy({ validS: 96 * 3600, fqans: ['/atlas'] });
    const scn = await scenario('#!/bin/bash\nset -e\necho "$X509_USER_PROXY" > proxy_path.txt\ncmp -s "$X509_USER_PROXY" "$USER_PROXY_SRC"\n', {
      queueOverrides: { type: 'unified' },
      emulator: { credentials: { proxyFiles: { atlas: userProxy } } },
      jobs: [{ transformation: 'trf.sh', jobPars: '', prodSourceLabel: 'ptest', logFile: { lfn: 'log.unified.tgz', scope: 'user.log' } }],
    });
    try {
      const proxy = pilotProxy(ca.proxy({ validS: 96 * 3600 }));
      const before = readFileSync(proxy, 'utf8');
      const res = await startPilot(scn, [], { X509_USER_PROXY: proxy, USER_PROXY_SRC: userProxy }).done;
      const [job] = scn.emulator.jobs();
      assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-3000)}`);
      const calls = scn.emulator.requests.filter((r) => r.method === 'getProxy');
      assert.deepEqual(calls.map((c) => [c.params?.role, c.params?.dn]), [['atlas', 'atlpilo2']]);
      assert.equal(readFileSync(proxy, 'utf8'), before, "the pilot's own proxy is untouched");
      // the payload saw its own proxy file in the job dir; the log tarball does not carry it
      const unpacked = mkdtempSync(join(tmpdir(), 'unified-'));
      const { spawnSync } = await import('node:child_process');
      assert.equal(spawnSync('tar', ['xzf', join(scn.launchDir, 'log.unified.tgz'), '-C', unpacked]).status, 0);
      const listing = spawnSync('find', [unpacked], { encoding: 'utf8' }).stdout;
      const seen = readFileSync(spawnSync('find', [unpacked, '-name', 'proxy_path.txt'], { encoding: 'utf8' }).stdout.trim(), 'utf8').trim();
      assert.match(seen, /PanDA_Pilot-\d+\/x509up-unified$/);
      assert.doesNotMatch(listing, /x509up-unified/);
    } finally {
      await scn.close();
    }
  });
});
