/**
 * Done-when of the credentials work: a job with an input and an output runs end to end on a site
 * whose PanDA server, Rucio and storage all require X509 client authentication against a grid CA
 * directory (PanDA and Rucio emulators over https, XRootD with GSI), and again on a site that
 * accepts tokens only (OIDC token for PanDA, WLCG bearer token for Rucio and nginx WebDAV).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { createScenario, startPilot, type Scenario } from '../../src/demo/scenario.js';
import { startRucioEmulator, type EmulatorTls, type RucioEmulator } from '../../src/emulator/index.js';
import { makeGridCa, type GridCa } from '../support/gridca.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { FAST_XRD_ENV, putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

const RSE = 'SITE_DATADISK';
const input = randomBytes(200_000);
let inAdler = '';
let ca: GridCa;
let tls: Omit<EmulatorTls, 'require'>;

before(async () => {
  ca = makeGridCa();
  tls = { cert: readFileSync(ca.hostCert, 'utf8'), key: readFileSync(ca.hostKey, 'utf8'), ca: readFileSync(ca.caPem, 'utf8') };
  const tmp = mkdtempSync(path.join(tmpdir(), 'gridsite-'));
  writeFileSync(path.join(tmp, 'in'), input);
  inAdler = (await fileChecksums(path.join(tmp, 'in'))).adler32;
  rmSync(tmp, { recursive: true, force: true });
});
after(() => ca?.remove());

/** Transformations come from a plain-http base URL (-g), as Pilot 3's defaults often are. */
async function trfServer(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const name = path.basename(req.url ?? '');
    const file = path.join(dir, name);
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/trf`, server };
}

function siteJob(trfUrl: string): Record<string, unknown> {
  return {
    transformation: `${trfUrl}/copy.sh`,
    jobPars: 'in.root out.root',
    prodSourceLabel: 'ptest',
    inFiles: [{ lfn: 'in.root', scope: 'mc.test', size: input.length, checksum: `ad:${inAdler}`, ddm: RSE }],
    outFiles: [{ lfn: 'out.root', scope: 'mc.test', ddm: RSE }],
    logFile: { lfn: 'log.job.tgz', scope: 'mc.log', ddm: RSE },
  };
}

type Protocol = { endpoint: string; path: string; flavour: string };

async function runSite(o: {
  /** read (stage-in) and write (outputs and log) protocols of the RSE */
  read: Protocol[];
  write: Protocol[];
  copytools: { read: string[]; write: string[]; log: string[] };
  pandaTls: EmulatorTls;
  rucio: RucioEmulator;
  pfn: string;
  env: NodeJS.ProcessEnv;
}): Promise<{ scn: Scenario; res: Awaited<ReturnType<typeof startPilot>['done']> }> {
  const storages = { [RSE]: { name: RSE, site: 'SITE', type: 'DATADISK', state: 'ACTIVE', is_deterministic: true, rprotocols: {}, arprotocols: { read_lan: o.read, write_lan: o.write, read_wan: o.read, write_wan: o.write } } };
  const ct = o.copytools;
  const trfDir = mkdtempSync(path.join(tmpdir(), 'trf-'));
  writeFileSync(path.join(trfDir, 'copy.sh'), '#!/bin/bash\nset -e\ncat "$1" "$1" > "$2"\n');
  const trf = await trfServer(trfDir);
  const scn = await createScenario({
    queueOverrides: {
      acopytools: { read_lan: ct.read, pr: ct.read, write_lan: ct.write, pw: ct.write, pl: ct.log },
      astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE], pr: [RSE], pw: [RSE] },
    },
    jobs: [siteJob(trf.url)],
    config: { heartbeat: 60, update_sleep: 0.3 },
    configSections: { Rucio: { host: o.rucio.url, url: `${o.rucio.url}/traces/` } },
    emulator: { storages, tls: o.pandaTls },
  });
  o.rucio.addFile({ scope: 'mc.test', name: 'in.root', bytes: input.length, adler32: inAdler, replicas: [{ rse: RSE, pfn: o.pfn }] });
  try {
    const res = await startPilot(scn, ['-g', trf.url], { X509_CERT_DIR: ca.certDir, ...o.env }).done;
    return { scn, res };
  } finally {
    trf.server.close();
  }
}

function assertFinished(scn: Scenario, res: { code: number | null; stdout: string }): void {
  const [job] = scn.emulator.jobs();
  assert.equal(job.jobStatus, 'finished', `${job.reported.pilotErrorCode} ${job.reported.pilotErrorDiag}\n${res.stdout.slice(-4000)}`);
  assert.equal(res.code, 0);
}

describe('a grid site requiring X509 everywhere', () => {
  let xrd: XrootdServer;
  let rucio: RucioEmulator;
  before(async () => {
    [xrd, rucio] = await Promise.all([
      // GSI: only the test user's proxy gets in (grid-mapfile + authorization database)
      startXrootd({ gsi: { certDir: ca.certDir, hostCert: ca.hostCert, hostKey: ca.hostKey, gridmap: { [ca.userDn]: 'pilot' } } }),
      startRucioEmulator({ tls, x509: { [ca.userDn]: 'pilot' } }),
    ]);
  });
  after(async () => {
    await Promise.all([xrd?.stop(), rucio?.close()]);
  });

  it('stages in and out with the proxy (XRootD GSI), Rucio via /auth/x509, PanDA with the proxy as client certificate', async () => {
    const rel = `rucio/${rucioPath('mc.test', 'in.root')}`;
    putServerFile(xrd, rel, input);
    const proxy = path.join(mkdtempSync(path.join(tmpdir(), 'px-')), 'x509up');
    copyFileSync(ca.proxy({ validS: 96 * 3600 }), proxy);
    const { scn, res } = await runSite({
      read: [{ endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' }],
      write: [{ endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' }],
      copytools: { read: ['xrdcp'], write: ['xrdcp'], log: ['xrdcp'] },
      pandaTls: { ...tls, require: 'x509' },
      rucio,
      pfn: `${xrd.url}//${rel}`,
      env: { ...FAST_XRD_ENV, X509_USER_PROXY: proxy, RUCIO_AUTH_TYPE: 'x509_proxy', RUCIO_ACCOUNT: 'pilot' },
    });
    try {
      assertFinished(scn, res);
      assert.deepEqual(readFileSync(path.join(xrd.root, 'rucio', rucioPath('mc.test', 'out.root'))), Buffer.concat([input, input]));
      assert.ok(existsSync(path.join(xrd.root, 'rucio', rucioPath('mc.log', 'log.job.tgz'))));
      assert.ok(rucio.logins.some((l) => l.type === 'x509' && l.identity === ca.userDn), 'Rucio login with the proxy');
      assert.ok(rucio.traces.some((t) => t.filename === 'in.root' && t.clientState === 'DONE'), 'traces went to the https Rucio');
      assert.ok(scn.emulator.requests.every((r) => r.status !== 403), 'no PanDA call was refused');
      // the storage really requires the proxy: one from another CA is refused
      const foreignCa = makeGridCa();
      const foreign = foreignCa.proxy({ validS: 3600 });
      const dst = path.join(mkdtempSync(path.join(tmpdir(), 'xrdcp-')), 'copy');
      const denied = spawnSync('xrdcp', ['-f', `${xrd.url}//${rel}`, dst], { env: { ...process.env, ...FAST_XRD_ENV, X509_CERT_DIR: ca.certDir, X509_USER_PROXY: foreign } });
      foreignCa.remove();
      assert.notEqual(denied.status, 0, 'a proxy from another CA must not read the storage');
    } finally {
      await scn.close();
    }
  });
});

describe('a grid site accepting tokens only', () => {
  let dav: WebdavServer;
  let rucio: RucioEmulator;
  const storageToken = `st.${randomBytes(12).toString('hex')}`;
  const pandaToken = `pt.${randomBytes(12).toString('hex')}`;
  before(async () => {
    [dav, rucio] = await Promise.all([
      startWebdav({ bearerToken: storageToken, hostCert: { cert: ca.hostCert, key: ca.hostKey, ca: ca.caPem } }),
      startRucioEmulator({ tls, oidcTokens: [storageToken] }),
    ]);
  });
  after(async () => {
    await Promise.all([dav?.stop(), rucio?.close()]);
  });

  it('stages with the WLCG bearer token (davs), Rucio with the token, PanDA with the OIDC token; no proxy anywhere', async () => {
    const rel = `rucio/${rucioPath('mc.test', 'in.root')}`;
    putWebdavFile(dav, rel, input);
    const dir = mkdtempSync(path.join(tmpdir(), 'tok-'));
    writeFileSync(path.join(dir, 'bt'), storageToken, { mode: 0o600 });
    writeFileSync(path.join(dir, 'panda_token'), pandaToken, { mode: 0o600 });
    const { scn, res } = await runSite({
      read: [{ endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' }],
      write: [{ endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' }],
      copytools: { read: ['https'], write: ['https'], log: ['https'] },
      pandaTls: { ...tls, require: 'token', tokens: [pandaToken] },
      rucio,
      pfn: `${dav.url}/${rel}`,
      env: {
        X509_USER_PROXY: path.join(dir, 'no-proxy-here'), BEARER_TOKEN_FILE: path.join(dir, 'bt'), RUCIO_AUTH_TYPE: 'oidc',
        OIDC_AUTH_TOKEN: 'panda_token', OIDC_AUTH_ORIGIN: 'atlas.pilot', OIDC_AUTH_DIR: path.join(dir, 'panda_token'),
      },
    });
    try {
      assertFinished(scn, res);
      assert.deepEqual(readFileSync(path.join(dav.root, 'rucio', rucioPath('mc.test', 'out.root'))), Buffer.concat([input, input]));
      assert.ok(existsSync(path.join(dav.root, 'rucio', rucioPath('mc.log', 'log.job.tgz'))));
      assert.equal(rucio.logins.length, 0, 'no Rucio login: the token is used as is');
      const out = res.stdout + res.stderr;
      assert.ok(!out.includes(storageToken) && !out.includes(pandaToken), 'no token in the pilot output');
    } finally {
      await scn.close();
    }
  });
});
