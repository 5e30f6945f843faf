/**
 * xrdcp copytool and StageInClient against a real XRootD server, including the seed's two
 * stage-in examples (via Rucio replica lookup, and via InfoService with local queue/storage data).
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { xrdcpCopytool } from '../../src/copytool/xrdcp.js';
import { StageInClient, StageOutClient, TraceReport } from '../../src/data/index.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/rucio.js';
import { ExtInfoProvider, FileSpec, InfoService } from '../../src/info/index.js';
import { freePort, putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

let xrd: XrootdServer;
let rucio: RucioEmulator;
let tmp: string;
const SCOPE = 'mc16_13TeV';
const LFN = 'EVNT.11320990._003958.pool.root.1';
const RSE = 'RRC-KI-T1_DATADISK';
const data = randomBytes(300_000);
let adler: string;

describe('xrdcp copytool on a real XRootD server', () => {
  before(async () => {
    xrd = await startXrootd();
    tmp = mkdtempSync(join(tmpdir(), 'xrdcp-test-'));
    putServerFile(xrd, `rucio/${rucioPath(SCOPE, LFN)}`, data);
    adler = (await fileChecksums(join(xrd.root, 'rucio', rucioPath(SCOPE, LFN)))).adler32;
    rucio = await startRucioEmulator({ token: 'tok-123' });
    rucio.addFile({ scope: SCOPE, name: LFN, bytes: data.length, adler32: adler, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath(SCOPE, LFN)}` }] });
  });
  after(async () => {
    await rucio?.close();
    await xrd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('seed example: stage-in without InfoSys (Rucio replica lookup, default copytool rucio → xrdcp)', async () => {
    const workdir = mkdtempSync(join(tmp, 'w1-'));
    const env = { ...xrd.env, RUCIO_HOST: rucio.url, RUCIO_AUTH_TOKEN: 'tok-123' };
    const client = new StageInClient(null, { env, traceReport: new TraceReport({ url: `${rucio.url}/traces/`, env, fields: { eventType: 'get_sm', localSite: RSE } }) });
    const files = [{ scope: SCOPE, lfn: LFN, workdir, ddmendpoint: RSE }];
    const xfiles = files.map((f) => new FileSpec({ type: 'input', ...f }));
    const r = await client.transfer(xfiles);
    assert.equal(r[0].status, 'transferred');
    assert.equal(r[0].status_code, 0);
    assert.deepEqual(readFileSync(join(workdir, LFN)), data);
    assert.equal(r[0].checksum.adler32, adler);
    assert.equal(r[0].filesize, data.length);
    assert.equal(r[0].domain, 'lan');
    assert.ok(rucio.requests.includes('POST /replicas/list'));
    const trace = rucio.traces.find((t) => t.filename === LFN);
    assert.ok(trace, 'a trace reached the emulator');
    assert.equal(trace.clientState, 'DONE');
    assert.equal(trace.protocol, 'root');
    assert.equal(trace.remoteSite, RSE);
  });

  it('seed example: stage-in with InfoService (local queuedata/storagedata, xrdcp)', async () => {
    const workdir = mkdtempSync(join(tmp, 'w2-'));
    const qd = {
      ANALY_TEST: {
        nickname: 'ANALY_TEST', state: 'ACTIVE', status: 'online', maxwdir: 10000,
        acopytools: { pr: ['xrdcp'], read_lan: ['xrdcp'] }, astorages: { read_lan: [RSE] },
      },
    };
    const ddm = { [RSE]: { name: RSE, id: 1, type: 'DATADISK', is_deterministic: true, state: 'ACTIVE', arprotocols: { read_lan: [{ endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' }] }, rprotocols: {} } };
    writeFileSync(join(tmp, 'qd.json'), JSON.stringify(qd.ANALY_TEST));
    writeFileSync(join(tmp, 'ddm.json'), JSON.stringify(ddm));
    writeFileSync(join(tmp, 'schedconf.json'), JSON.stringify(qd));
    // every source local: LOCAL_AGIS_SCHEDCONF keeps the CRIC source from being asked at all
    const env = { ...xrd.env, RUCIO_HOST: rucio.url, RUCIO_AUTH_TOKEN: 'tok-123', PILOT_HOME: tmp, LOCAL_AGIS_SCHEDCONF: join(tmp, 'schedconf.json') };
    const infoservice = new InfoService();
    await infoservice.init('ANALY_TEST', null, new ExtInfoProvider({ env, cacheDir: tmp, queuedataUrl: join(tmp, 'qd.json'), storagedataUrl: join(tmp, 'ddm.json') }));
    const client = new StageInClient(infoservice, { env });
    const xfiles = [new FileSpec({ type: 'input', scope: SCOPE, lfn: LFN, workdir })];
    const r = await client.transfer(xfiles, { activity: 'read_lan' });
    assert.equal(r[0].status, 'transferred');
    assert.deepEqual(readFileSync(join(workdir, LFN)), data);
  });

  it('catalog checksum mismatch → GETADMISMATCH (1171), partial file removed', async () => {
    const workdir = mkdtempSync(join(tmp, 'w3-'));
    const f = new FileSpec({ type: 'input', scope: SCOPE, lfn: LFN, workdir, checksum: 'ad:00000001' });
    f.turl = `${xrd.url}//rucio/${rucioPath(SCOPE, LFN)}`;
    await assert.rejects(xrdcpCopytool.copyIn([f], { workdir, env: xrd.env }), (e: PilotError) => e.code === ErrorCodes.GETADMISMATCH);
    assert.equal(f.status, 'failed');
    assert.equal(f.status_code, ErrorCodes.GETADMISMATCH);
    assert.equal(existsSync(join(workdir, LFN)), false);
  });

  it('missing remote file → XRDCPERROR (1362); dead server fails fast', async () => {
    const workdir = mkdtempSync(join(tmp, 'w4-'));
    const f = new FileSpec({ type: 'input', scope: SCOPE, lfn: 'nope.root', workdir });
    f.turl = `${xrd.url}//rucio/nope.root`;
    await assert.rejects(xrdcpCopytool.copyIn([f], { workdir, env: xrd.env }), (e: PilotError) => e.code === ErrorCodes.XRDCPERROR);
    const dead = await freePort();
    const g = new FileSpec({ type: 'input', scope: SCOPE, lfn: 'x.root', workdir });
    g.turl = `root://127.0.0.1:${dead}//x.root`;
    // fast: xrdcp gets the caller's XRD_CONNECTIONRETRY=1 and gives up on the refused connection
    // instead of retrying for minutes (the test's own timeout would catch a hang)
    await assert.rejects(xrdcpCopytool.copyIn([g], { workdir, env: xrd.env }), (e: PilotError) => (e.code === ErrorCodes.STAGEINFAILED || e.code === ErrorCodes.XRDCPERROR) && /refused|connect/i.test(e.diag));
  });

  it('no replica in Rucio → NOREPLICAS (1326); bad token → authentication failure (1338, Pilot 3 rule)', async () => {
    const workdir = mkdtempSync(join(tmp, 'w5-'));
    const env = { ...xrd.env, RUCIO_HOST: rucio.url, RUCIO_AUTH_TOKEN: 'tok-123' };
    const c1 = new StageInClient(null, { env });
    await assert.rejects(c1.transfer([new FileSpec({ type: 'input', scope: SCOPE, lfn: 'unknown.root', workdir, ddmendpoint: RSE })]), (e: PilotError) => e.code === ErrorCodes.NOREPLICAS);
    const c2 = new StageInClient(null, { env: { ...env, RUCIO_AUTH_TOKEN: 'wrong' } });
    await assert.rejects(c2.transfer([new FileSpec({ type: 'input', scope: SCOPE, lfn: LFN, workdir, ddmendpoint: RSE })]), (e: PilotError) => e.code === ErrorCodes.STAGEINAUTHENTICATIONFAILURE && /1322/.test(e.diag));
  });

  it('stage-out to XRootD: deterministic path, checksum verified on the server side', async () => {
    const workdir = mkdtempSync(join(tmp, 'w6-'));
    const out = randomBytes(50_000);
    writeFileSync(join(workdir, 'out.root'), out);
    const qd = { name: 'Q', acopytools: { pw: ['xrdcp'] }, astorages: { pw: ['DEST'] } };
    const storagedata = { DEST: { name: 'DEST', is_deterministic: true, arprotocols: { write_lan: [{ endpoint: xrd.url, path: '//rucio' }], write_wan: [{ endpoint: xrd.url, path: '//rucio' }] } } };
    const client = new StageOutClient(null, { queuedata: qd, storagedata, env: xrd.env });
    const f = new FileSpec({ type: 'output', scope: 'user.me', lfn: 'out.root', workdir });
    client.prepareDestinations([f], ['pw']);
    await client.transfer([f], { activity: 'pw', workdir });
    assert.equal(f.status, 'transferred');
    assert.equal(f.ddmendpoint, 'DEST');
    assert.equal(f.turl, `${xrd.url}//rucio/${rucioPath('user.me', 'out.root')}`);
    assert.deepEqual(readFileSync(join(xrd.root, 'rucio', rucioPath('user.me', 'out.root'))), out);
    assert.equal(f.checksum.adler32, (await fileChecksums(join(workdir, 'out.root'))).adler32);
  });
});
