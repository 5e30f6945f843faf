/**
 * The job cycle's data steps on real servers: inputs via xrdcp falling back to native https,
 * outputs via xrdcp to XRootD, the log tarball via https to nginx WebDAV, traces to the Rucio
 * emulator, and the final update's file info.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { generateFileInfo, stageInJob, stageOutJob, stageOutLog } from '../../src/data/index.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/rucio.js';
import { parseJobDescription, type JobData } from '../../src/info/index.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { freePort, putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

let xrd: XrootdServer;
let dav: WebdavServer;
let rucio: RucioEmulator;
let home: string;
const RSE = 'TEST_DATADISK';
const input = randomBytes(400_000);
let inAdler: string;

function storagedata() {
  const root = { endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' };
  const davs = { endpoint: dav.url, path: '/rucio', flavour: 'WEBDAV' };
  return { [RSE]: { name: RSE, is_deterministic: true, arprotocols: { write_lan: [root, davs], write_wan: [davs], read_lan: [root, davs] } } };
}

function makeJob(id: number): JobData {
  const job = parseJobDescription({
    PandaID: id, taskID: 77, jobDefinitionID: 5, prodUserID: 'tester', transformation: 'run.sh',
    inFiles: 'in.root', scopeIn: 'mc.test', fsize: String(input.length), checksum: `ad:${inAdler}`, ddmEndPointIn: RSE, GUID: 'A-B-C',
    outFiles: 'out.root,log.tgz', scopeOut: 'mc.test', scopeLog: 'mc.log', logFile: 'log.tgz', logGUID: 'L-G', realDatasets: 'ds.out,ds.log', ddmEndPointOut: `${RSE},${RSE}`,
  });
  job.workdir = join(home, `PanDA_Pilot-${id}`);
  mkdirSync(job.workdir);
  return job;
}

describe('job cycle data steps', () => {
  before(async () => {
    [xrd, dav, rucio] = await Promise.all([startXrootd(), startWebdav(), startRucioEmulator()]);
    home = mkdtempSync(join(tmpdir(), 'jobcycle-'));
    const rel = `rucio/${rucioPath('mc.test', 'in.root')}`;
    putServerFile(xrd, rel, input);
    putWebdavFile(dav, rel, input);
    writeFileSync(join(home, 'ref'), input);
    inAdler = (await fileChecksums(join(home, 'ref'))).adler32;
    writeFileSync(join(home, 'pilot_heartbeat.json'), '{"beat": 1}');
  });
  after(async () => {
    await Promise.all([xrd?.stop(), dav?.stop(), rucio?.close()]);
    rmSync(home, { recursive: true, force: true });
  });

  it('stages in (xrdcp fails on a dead replica, https succeeds), out via xrdcp, log via https', async () => {
    const dead = await freePort();
    const rel = `rucio/${rucioPath('mc.test', 'in.root')}`;
    rucio.addFile({ scope: 'mc.test', name: 'in.root', bytes: input.length, adler32: inAdler, replicas: [
      { rse: RSE, pfn: `root://127.0.0.1:${dead}//${rel}`, priority: 1 },
      { rse: RSE, pfn: `${dav.url}/${rel}`, priority: 2 },
    ] });
    const queuedata = { name: 'TESTQ', acopytools: { read_lan: ['xrdcp', 'https'], write_lan: ['xrdcp'], pl: ['https'] }, astorages: { read_lan: [RSE], write_lan: [RSE], pl: [RSE] }, maxwdir: 1000 };
    const job = makeJob(1001);
    const ctx = { queuedata, storagedata: storagedata(), env: { ...xrd.env, RUCIO_HOST: rucio.url }, caFile: dav.caFile, traceUrl: `${rucio.url}/traces/`, queue: 'TESTQ' };

    await stageInJob(job, ctx);
    assert.equal(job.indata[0].status, 'transferred');
    assert.equal(job.indata[0].turl.startsWith('davs://'), true, 'the second copytool (https) moved the bytes');
    assert.deepEqual(readFileSync(join(job.workdir, 'in.root')), input);
    const failedTrace = rucio.traces.find((t) => t.filename === 'in.root' && t.clientState !== 'DONE' && t.protocol === 'root');
    assert.ok(failedTrace, 'the failed xrdcp attempt was traced');
    assert.equal(failedTrace.eventType, 'get_sm');

    const out = randomBytes(60_000);
    writeFileSync(join(job.workdir, 'out.root'), out);
    writeFileSync(join(job.workdir, 'payload.stdout'), 'hello from the payload\n');
    await stageOutJob(job, ctx);
    const o = job.outdata[0];
    assert.equal(o.status, 'transferred');
    assert.deepEqual(readFileSync(join(xrd.root, 'rucio', rucioPath('mc.test', 'out.root'))), out);

    await stageOutLog(job, ctx);
    const l = job.logdata[0];
    assert.equal(l.status, 'transferred');
    assert.ok(l.turl.startsWith(`${dav.url}/rucio/`));
    const stored = join(dav.root, 'rucio', rucioPath('mc.log', 'log.tgz'));
    const names: string[] = [];
    await tar.t({ file: stored, onReadEntry: (e) => void names.push(e.path) });
    const top = 'tarball_PandaJob_1001_TESTQ';
    assert.ok(names.includes(`${top}/payload.stdout`), names.join(','));
    assert.ok(names.includes(`${top}/pilot_heartbeat.json`));
    assert.ok(!names.some((n) => n.endsWith('/in.root') || n.endsWith('/out.root') || n.endsWith('log.tgz')), 'inputs/outputs/log left out');

    const info = generateFileInfo(job);
    assert.deepEqual(Object.keys(info).sort(), ['log.tgz', 'out.root']);
    assert.equal(info['out.root'].fsize, out.length);
    assert.equal(info['out.root'].adler32, (await fileChecksums(join(job.workdir, 'out.root'))).adler32);
    assert.equal(info['out.root'].surl, o.turl);
    assert.equal(info['out.root'].endpoint, RSE);
    assert.match(String(info['out.root'].guid), /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/);
    assert.equal(info['log.tgz'].guid, 'L-G');
    assert.ok(rucio.traces.some((t) => t.eventType === 'put_sm' && t.clientState === 'DONE' && t.filename === 'out.root'));
  });

  it('a failing input gives the job-level code; a missing output is 1165 without fallback', async () => {
    const queuedata = { name: 'TESTQ', acopytools: { read_lan: ['xrdcp'], write_lan: ['xrdcp', 'https'] }, astorages: { read_lan: [RSE], write_lan: [RSE] } };
    const job = makeJob(1002);
    job.indata[0].checksum = { adler32: '00000002' };
    const env = { ...xrd.env, RUCIO_HOST: rucio.url, PILOT_USE_RUCIO_TRACES: 'False' };
    rucio.addFile({ scope: 'mc.test', name: 'in.root', bytes: input.length, adler32: inAdler, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath('mc.test', 'in.root')}` }] });
    await assert.rejects(stageInJob(job, { queuedata, storagedata: storagedata(), env }), (e: PilotError) => e.code === ErrorCodes.GETADMISMATCH);
    assert.equal(job.indata[0].status, 'failed');
    await assert.rejects(stageOutJob(job, { queuedata, storagedata: storagedata(), env, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.MISSINGOUTPUTFILE);
  });

  it('inputs larger than maxwdir → SIZETOOLARGE (1168); unknown copytool → 1323', async () => {
    const job = makeJob(1003);
    const env = { ...xrd.env, RUCIO_HOST: rucio.url, PILOT_USE_RUCIO_TRACES: 'False' };
    job.indata[0].filesize = 5 * 1024 * 1024;
    await assert.rejects(stageInJob(job, { queuedata: { acopytools: { read_lan: ['xrdcp'] }, astorages: { read_lan: [RSE] }, maxwdir: 1 }, env }), (e: PilotError) => e.code === ErrorCodes.SIZETOOLARGE);
    const job2 = makeJob(1004);
    await assert.rejects(stageInJob(job2, { queuedata: { acopytools: { read_lan: ['teleport'] } }, env }), (e: PilotError) => e.code === ErrorCodes.UNKNOWNCOPYTOOL);
  });

  it('mv job cycle: inputs linked from the pilot home, outputs moved back', async () => {
    const job = makeJob(1005);
    writeFileSync(join(home, 'in.root'), input);
    const queuedata = { name: 'LOCAL', acopytools: { read_lan: ['mv'], write_lan: ['mv'], pl: ['mv'] }, copytools: { mv: {} } };
    const env = { PILOT_USE_RUCIO_TRACES: 'False' };
    await stageInJob(job, { queuedata, env });
    assert.deepEqual(readFileSync(join(job.workdir, 'in.root')), input);
    writeFileSync(join(job.workdir, 'out.root'), 'out');
    const outDir = mkdtempSync(join(home, 'outdir-'));
    await stageOutJob(job, { queuedata, env, outputDir: outDir });
    assert.equal(readFileSync(join(outDir, 'out.root'), 'utf8'), 'out');
    assert.equal(job.outdata[0].status, 'transferred');
  });

  it('mv with mv_final_destination on POSIX storage: inputs from the Rucio path, outputs and log to it', async () => {
    const job = makeJob(1006);
    const store = mkdtempSync(join(home, 'store-'));
    const proto = { id: 1, endpoint: 'file://localhost', path: store, flavour: 'POSIX' };
    const storagedata = { [RSE]: { name: RSE, is_deterministic: true, arprotocols: { read_lan: [proto], write_lan: [proto], read_wan: [proto], write_wan: [proto] } } };
    const inPath = join(store, rucioPath('mc.test', 'in.root'));
    mkdirSync(join(inPath, '..'), { recursive: true });
    writeFileSync(inPath, input);
    const acts = { pr: ['mv'], pw: ['mv'], pl: ['mv'], read_lan: ['mv'], write_lan: ['mv'] };
    const queuedata = { name: 'POSIXQ', catchall: 'mv_final_destination', copytools: { mv: { setup: '' } }, acopytools: acts, astorages: { pr: [RSE], pw: [RSE], pl: [RSE], read_lan: [RSE], write_lan: [RSE] } };
    const ctx = { queuedata, storagedata, env: { PILOT_USE_RUCIO_TRACES: 'False' } };
    await stageInJob(job, ctx);
    assert.deepEqual(readFileSync(join(job.workdir, 'in.root')), input);
    writeFileSync(join(job.workdir, 'out.root'), 'final output');
    await stageOutJob(job, ctx);
    await stageOutLog(job, ctx);
    assert.equal(readFileSync(join(store, rucioPath('mc.test', 'out.root')), 'utf8'), 'final output');
    assert.equal(job.outdata[0].turl, `file://localhost${join(store, rucioPath('mc.test', 'out.root'))}`);
    assert.ok(readFileSync(join(store, rucioPath('mc.log', 'log.tgz'))).length > 0);
    assert.equal(job.logdata[0].status, 'transferred');
  });
});
