/** Native proxy reading (node:crypto + our DER reader) cross-checked against voms-proxy-info. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fqans, parseProxy, readProxy, timeLeft, vomsTimeLeft } from '../../src/credentials/proxy-info.js';
import { makeGridCa, vomsProxyInfo, type GridCa } from '../support/gridca.js';

let ca: GridCa;
before(() => {
  ca = makeGridCa();
});
after(() => ca?.remove());

/** voms-proxy-info -all → { key: [values] } */
function infoFields(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^(\w[\w ]*?)\s*: (.*)$/.exec(line);
    if (m) out.set(m[1], [...(out.get(m[1]) ?? []), m[2].trim()]);
  }
  return out;
}

describe('proxy reading', () => {
  it('reads identity, type, VO, FQANs and both times left as voms-proxy-info does', () => {
    const file = ca.proxy({ validS: 5 * 3600, vomsS: 2 * 3600 + 600, fqans: ['/atlas/Role=production', '/atlas', '/atlas/lcg1'] });
    const info = readProxy(file);
    const all = infoFields(vomsProxyInfo(ca, file, '-all'));
    assert.equal(info.subject, all.get('subject')![0]);
    assert.equal(info.issuer, all.get('issuer')![0]);
    assert.equal(info.identity, all.get('identity')![0]);
    assert.equal(info.identity, ca.userDn);
    assert.equal(info.type, all.get('type')![0]);
    assert.equal(`${info.strength} bits`, all.get('strength')![0]);
    assert.equal(info.hasKey, true);
    assert.equal(info.voms.length, 1);
    assert.equal(info.voms[0].vo, all.get('VO')![0]);
    assert.equal(info.voms[0].uri, all.get('uri')![0]);
    assert.equal(info.voms[0].issuer, all.get('issuer')![1]);
    assert.equal(info.voms[0].subject, all.get('subject')![1]);
    assert.deepEqual(fqans(info), all.get('attribute'));
    const now = Date.now() / 1000;
    const [tl, actl] = vomsProxyInfo(ca, file, '-timeleft', '-actimeleft').trim().split('\n').map(Number);
    // both read the same certificate at about the same second
    assert.ok(Math.abs(timeLeft(info, now) - tl) <= 2, `${timeLeft(info, now)} vs ${tl}`);
    assert.ok(Math.abs(vomsTimeLeft(info, now)! - actl) <= 2, `${vomsTimeLeft(info, now)} vs ${actl}`);
    assert.ok(Math.abs(timeLeft(info, now) - 5 * 3600) <= 5);
    assert.ok(Math.abs(vomsTimeLeft(info, now)! - (2 * 3600 + 600)) <= 5);
  });

  it('a proxy without VOMS attributes has no AC time left', () => {
    const info = readProxy(ca.proxy({ validS: 3600, noVoms: true }));
    assert.deepEqual(info.voms, []);
    assert.equal(vomsTimeLeft(info), undefined);
    assert.equal(info.type, 'RFC compliant proxy');
  });

  it('a plain user certificate is an end entity; no key in the file is reported', () => {
    const info = parseProxy(readFileSync(join(ca.dir, 'user.pem'), 'utf8'));
    assert.equal(info.type, 'end entity certificate');
    assert.equal(info.identity, ca.userDn);
    assert.equal(info.hasKey, false);
  });

  it('rejects garbage and truncated certificates with a clear error', () => {
    assert.throws(() => parseProxy('not a pem'), /no certificate/);
    const pem = readFileSync(ca.proxy({ validS: 3600 }), 'utf8');
    const cert = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)![1].replace(/\s+/g, '');
    const cut = Buffer.from(cert, 'base64').subarray(0, 400).toString('base64');
    const bad = join(ca.dir, 'bad.pem');
    writeFileSync(bad, `-----BEGIN CERTIFICATE-----\n${cut}\n-----END CERTIFICATE-----\n`);
    assert.throws(() => readProxy(bad));
  });
});

describe('OIDC refresh schedule', () => {
  it('refreshes again before the token expires, then waits for the period', async () => {
    const { startTokenRenewal, jwtTimes } = await import('../../src/credentials/oidc.js');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'oidc-sched-'));
    const now = Math.floor(Date.now() / 1000);
    const jwt = (exp: number) => ['{"alg":"none"}', JSON.stringify({ iat: now, exp })].map((s) => Buffer.from(s).toString('base64url')).join('.') + '.x';
    writeFileSync(join(dir, 'tok'), jwt(now + 30)); // inside the refresh margin: due now
    assert.deepEqual(jwtTimes(jwt(now + 30)), { exp: now + 30, iat: now });
    const env = { OIDC_AUTH_TOKEN: join(dir, 'tok'), OIDC_AUTH_ORIGIN: 'o' };
    let calls = 0;
    let second: () => void = () => undefined;
    const done = new Promise<void>((r) => (second = r));
    const r = await startTokenRenewal({
      env,
      periodS: 3600,
      minWaitS: 0.05,
      refresh: async () => {
        calls++;
        // the first refresh (start-up) returns a token still about to expire, the second a long one
        writeFileSync(join(dir, 'tok'), jwt(calls === 1 ? now + 30 : now + 7200));
        if (calls === 2) second();
        return true;
      },
    });
    // the renewal timer is unref'd (it never keeps a pilot alive): the test keeps the loop running
    const keep = setInterval(() => undefined, 1000);
    await done;
    clearInterval(keep);
    r.stop();
    assert.equal(calls, 2);
  });
});

describe("Pilot 3's proxy limits", () => {
  it('start-up, job-time and grace limits give 1382 / 1373 / 1370 / 1177 / 1163 as Pilot 3 (exit codes 80 / 68)', async () => {
    const { checkProxy, PILOT3_LIMITS } = await import('../../src/credentials/proxy-check.js');
    const { shellExitCode } = await import('../../src/common/errors.js');
    const long = ca.proxy({ validS: 80 * 3600 });
    assert.equal(checkProxy(long, PILOT3_LIMITS, true).code, 0);
    // 71.5 h is less than 72 h - 20 min: too short at start-up, fine during a job
    const short = ca.proxy({ validS: 71.5 * 3600 });
    assert.equal(checkProxy(short, PILOT3_LIMITS, true).code, 1382);
    assert.equal(shellExitCode(1382), 80);
    assert.equal(checkProxy(short, PILOT3_LIMITS, false).code, 0);
    // during a job: 1 h - 20 min needed; the certificate first, then the VOMS attributes
    assert.equal(checkProxy(ca.proxy({ validS: 2000, vomsS: 2000 }), PILOT3_LIMITS, false).code, 1373);
    assert.equal(checkProxy(ca.proxy({ validS: 3 * 3600, vomsS: 2000 }), PILOT3_LIMITS, false).code, 1370);
    assert.equal(checkProxy(ca.proxy({ validS: 3 * 3600, noVoms: true }), PILOT3_LIMITS, false).code, 1177);
    assert.equal(checkProxy(undefined, PILOT3_LIMITS, true).code, 1163);
    for (const c of [1373, 1177, 1163]) assert.equal(shellExitCode(c), 68);
  });
});
