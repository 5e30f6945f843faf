/**
 * Data API behaviour around the transfers: direct access (nothing copied, TURLs for the
 * payload), traces that fail, the Rucio emulator's REST formats, space checks on a real full
 * filesystem, progress lines, log tarball rules.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tar from 'tar';
import { request } from 'undici';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { httpsCopytool } from '../../src/copytool/https.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { createLogTarball, formatProgress, stageInJob, StageInClient, TraceReport } from '../../src/data/index.js';
import { tarTimeout } from '../../src/data/logtarball.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/rucio.js';
import { FileSpec } from '../../src/info/index.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { freePort } from '../support/xrootd.js';

let rucio: RucioEmulator;
let dav: WebdavServer;
let tmp: string;
const data = randomBytes(2 * 1024 * 1024);

describe('data API around transfers', () => {
  before(async () => {
    [rucio, dav] = await Promise.all([startRucioEmulator({ token: 'T', userpass: { account: 'acc', username: 'u', password: 'p' } }), startWebdav()]);
    tmp = mkdtempSync(join(tmpdir(), 'dapi-'));
    putWebdavFile(dav, 'd/big.bin', data);
  });
  after(async () => {
    await Promise.all([rucio?.close(), dav?.stop()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('Rucio emulator speaks Rucio REST: userpass token, GET /replicas/{scope}/{name}, errors with ExceptionClass', async () => {
    rucio.addFile({ scope: 'user.x', name: 'f.root', bytes: 3, adler32: '024d0127', replicas: [{ rse: 'A', pfn: 'root://h//f.root' }, { rse: 'B', pfn: 'davs://h/f.root' }] });
    const auth = await request(`${rucio.url}/auth/userpass`, { headers: { 'X-Rucio-Account': 'acc', 'X-Rucio-Username': 'u', 'X-Rucio-Password': 'p' } });
    await auth.body.dump();
    assert.equal(auth.headers['x-rucio-auth-token'], 'T');
    const res = await request(`${rucio.url}/replicas/user.x/f.root?schemes=davs`, { headers: { 'X-Rucio-Auth-Token': 'T' } });
    const lines = (await res.body.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.deepEqual(Object.keys(lines[0].pfns), ['davs://h/f.root']);
    assert.equal(lines[0].pfns['davs://h/f.root'].rse, 'B');
    const denied = await request(`${rucio.url}/replicas/user.x/f.root`);
    await denied.body.dump();
    assert.equal(denied.statusCode, 401);
    assert.equal(denied.headers.exceptionclass, 'CannotAuthenticate');
  });

  it('client logs in with RUCIO_ACCOUNT/USERNAME/PASSWORD and a transient Rucio error is reported as 1322', async () => {
    rucio.addFile({ scope: 'user.x', name: 'big.bin', bytes: data.length, replicas: [{ rse: 'DAV', pfn: `${dav.url}/d/big.bin` }] });
    const env = { RUCIO_HOST: rucio.url, RUCIO_ACCOUNT: 'acc', RUCIO_USERNAME: 'u', RUCIO_PASSWORD: 'p', PILOT_USE_RUCIO_TRACES: 'False' };
    const w = mkdtempSync(join(tmp, 'w-'));
    const client = new StageInClient(null, { env, caFile: dav.caFile, acopytools: ['https'] });
    const [f] = await client.transfer([new FileSpec({ type: 'input', scope: 'user.x', lfn: 'big.bin', ddmendpoint: 'DAV', workdir: w })]);
    assert.equal(f.status, 'transferred');
    assert.equal(f.filesize, data.length, 'size filled from Rucio');
    rucio.failNext(1, 503);
    const w2 = mkdtempSync(join(tmp, 'w-'));
    const c2 = new StageInClient(null, { env, caFile: dav.caFile, acopytools: ['https'] });
    await assert.rejects(c2.transfer([new FileSpec({ type: 'input', scope: 'user.x', lfn: 'big.bin', ddmendpoint: 'DAV', workdir: w2 })]), (e: PilotError) => e.code === ErrorCodes.RUCIOLISTREPLICASFAILED);
  });

  it('rucio copytool with a file:// replica copies from that path (no InfoSys, default copytool)', async () => {
    const store = mkdtempSync(join(tmp, 'store-'));
    const src = join(store, rucioPath('user.x', 'local.root'));
    mkdirSync(join(src, '..'), { recursive: true });
    writeFileSync(src, 'local bytes');
    rucio.addFile({ scope: 'user.x', name: 'local.root', bytes: 11, replicas: [{ rse: 'POSIX', pfn: `file://${src}` }] });
    const w = mkdtempSync(join(tmp, 'w-'));
    const client = new StageInClient(null, { env: { RUCIO_HOST: rucio.url, RUCIO_AUTH_TOKEN: 'T', PILOT_USE_RUCIO_TRACES: 'False' } });
    const [f] = await client.transfer([new FileSpec({ type: 'input', scope: 'user.x', lfn: 'local.root', ddmendpoint: 'POSIX', workdir: w })]);
    assert.equal(f.status, 'transferred');
    assert.equal(readFileSync(join(w, 'local.root'), 'utf8'), 'local bytes');
    assert.equal(readFileSync(src, 'utf8'), 'local bytes', 'source left in place');
  });

  it('a trace endpoint that is down never fails the transfer', async () => {
    const dead = await freePort();
    const trace = new TraceReport({ url: `http://127.0.0.1:${dead}/traces/`, fields: { eventType: 'get_sm', localSite: 'DAV', remoteSite: 'DAV' }, env: {} });
    const w = mkdtempSync(join(tmp, 'w-'));
    const f = new FileSpec({ type: 'input', scope: 's', lfn: 'big.bin', workdir: w, ddmendpoint: 'DAV' });
    f.replicas = [{ pfn: `${dav.url}/d/big.bin`, ddmendpoint: 'DAV', domain: 'lan' }];
    const client = new StageInClient(null, { traceReport: trace, caFile: dav.caFile, acopytools: ['https'], env: {} });
    await client.transfer([f]);
    assert.equal(f.status, 'transferred');
    assert.equal(trace.failed >= 1, true);
    assert.equal(await trace.post(), false);
  });

  it('direct access: files stay remote (remote_io), nothing copied, TURLs in PoolFileCatalog.xml', async () => {
    const home = mkdtempSync(join(tmp, 'da-'));
    const workdir = join(home, 'PanDA_Pilot-9');
    mkdirSync(workdir);
    const f = new FileSpec({ type: 'input', scope: 'user.x', lfn: 'big.bin', ddmendpoint: 'DAV', workdir, guid: 'GUID-1', accessmode: 'direct', direct_access_lan: true });
    f.replicas = [{ pfn: `https://localhost:${dav.port}/d/big.bin`, ddmendpoint: 'DAV', domain: 'lan' }];
    const job = { jobid: 9, workdir, indata: [f], outdata: [], logdata: [], transformation: 'https://trf/runGen' };
    await stageInJob(job, { queuedata: { acopytools: { read_lan: ['https'] }, astorages: { read_lan: ['DAV'] }, direct_access_lan: true }, env: { PILOT_USE_RUCIO_TRACES: 'False' }, caFile: dav.caFile });
    assert.equal(f.status, 'remote_io');
    assert.equal(existsSync(join(workdir, 'big.bin')), false);
    const pfc = readFileSync(join(workdir, 'PoolFileCatalog.xml'), 'utf8');
    assert.match(pfc, new RegExp(`<File ID="GUID-1">[\\s\\S]*name="https://localhost:${dav.port}/d/big.bin"`));
    const base = JSON.parse(readFileSync(join(workdir, 'base_trace_report.json'), 'utf8'));
    assert.equal(base.clientState, 'FOUND_ROOT');
    assert.equal(base.stateReason, 'direct_access');
  });

  it('full disk: pre-check → NOLOCALSPACE (1098); filling up mid-transfer → 1098 and no partial file', async () => {
    const mnt = mkdtempSync(join(tmp, 'full-'));
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    assert.equal(r.status, 0, `mount tmpfs: ${r.stderr}`);
    try {
      const f = new FileSpec({ type: 'input', scope: 's', lfn: 'big.bin', workdir: mnt, filesize: data.length, ddmendpoint: 'DAV' });
      f.replicas = [{ pfn: `${dav.url}/d/big.bin`, ddmendpoint: 'DAV', domain: 'lan' }];
      const client = new StageInClient(null, { caFile: dav.caFile, acopytools: ['https'], env: { PILOT_USE_RUCIO_TRACES: 'False' } });
      await assert.rejects(client.transfer([f]), (e: PilotError) => e.code === ErrorCodes.NOLOCALSPACE);
      const g = { lfn: 'big.bin', scope: 's', turl: `${dav.url}/d/big.bin` };
      await assert.rejects(httpsCopytool.copyIn([g], { workdir: mnt, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.NOLOCALSPACE);
      assert.deepEqual(readdirSync(mnt), []);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('progress line: bytes, rate, ETA', () => {
    assert.equal(formatProgress('f.root', 512 * 1024 * 1024, 1024 * 1024 * 1024, 2), 'f.root  512.0 MiB / 1.0 GiB  256.0 MiB/s  ETA 2s');
    assert.equal(formatProgress('f.root', 100, 0, 0), 'f.root  100 B  0 B/s');
  });

  it('log tarball: one top directory, inputs/outputs/broken links left out, special files copied in', async () => {
    const home = mkdtempSync(join(tmp, 'log-'));
    const w = join(home, 'PanDA_Pilot-5');
    mkdirSync(join(w, 'sub'), { recursive: true });
    writeFileSync(join(w, 'payload.stdout'), 'out');
    writeFileSync(join(w, 'sub', 'x.txt'), 'x');
    writeFileSync(join(w, 'in.root'), 'input');
    writeFileSync(join(w, 'out.root'), 'output');
    writeFileSync(join(home, 'workernode_map.json'), '{}');
    symlinkSync(join(home, 'does-not-exist'), join(w, 'dangling'));
    const out = await createLogTarball(w, 'job.log.tgz', { tarballName: 'tarball_PandaJob_5_Q', exclude: ['in.root', 'out.root'] });
    assert.equal(out, join(home, 'job.log.tgz'));
    assert.ok(existsSync(join(w, 'job.log.tgz')), 'copy in the workdir for stage-out');
    const names: string[] = [];
    await tar.t({ file: out!, onReadEntry: (e) => void names.push(e.path) });
    assert.ok(names.every((n) => n.startsWith('tarball_PandaJob_5_Q/')), names.join());
    for (const n of ['payload.stdout', 'sub/x.txt', 'workernode_map.json']) assert.ok(names.includes(`tarball_PandaJob_5_Q/${n}`), n);
    for (const n of ['in.root', 'out.root', 'job.log.tgz', 'dangling']) assert.ok(!names.includes(`tarball_PandaJob_5_Q/${n}`), n);
    assert.equal(await createLogTarball(w, ' / '), undefined);
    await assert.rejects(createLogTarball(w, 'bad$(id).tgz'), (e: PilotError) => e.code === ErrorCodes.LOGFILECREATIONFAILURE);
    assert.equal(tarTimeout(100), 110);
    assert.equal(tarTimeout(undefined), 10800);
  });

  it('log tarball: the linked pilot log, written to all the time by another process, goes in as a copy and never breaks the archive', async () => {
    const home = mkdtempSync(join(tmp, 'log-'));
    const w = join(home, 'PanDA_Pilot-6');
    mkdirSync(w);
    writeFileSync(join(home, 'pilotlog.txt'), 'start\n'.repeat(20_000));
    symlinkSync(join('..', 'pilotlog.txt'), join(w, 'pilotlog.txt'));
    // another job slot logging: appends without pause until told to stop (it has started once a line is in)
    const writer = spawn('bash', ['-c', 'while :; do echo "slot 2 line $RANDOM" >> pilotlog.txt; done'], { cwd: home, stdio: 'ignore' });
    try {
      const before = readFileSync(join(home, 'pilotlog.txt'), 'utf8').length;
      while (readFileSync(join(home, 'pilotlog.txt'), 'utf8').length === before) await new Promise((r) => setImmediate(r));
      for (let i = 0; i < 5; i++) {
        rmSync(join(w, 'pilotlog.txt'), { force: true });
        symlinkSync(join('..', 'pilotlog.txt'), join(w, 'pilotlog.txt'));
        const out = await createLogTarball(w, `job${i}.log.tgz`, { tarballName: 'tarball_PandaJob_6_Q', copyToWorkdir: false });
        let size = -1;
        await tar.t({ file: out!, onReadEntry: (e) => void (e.path.endsWith('/pilotlog.txt') && (size = e.size)) });
        assert.ok(size >= 120_000, `pilot log in the archive (${size} bytes)`);
        assert.ok(lstatSync(join(w, 'pilotlog.txt')).isFile(), 'the link became the copy archived');
      }
      assert.ok(lstatSync(join(home, 'pilotlog.txt')).isFile(), 'the pilot log itself is untouched');
      // a link to a file outside the pilot home (a payload's) stays a link, archived dereferenced
      const elsewhere = mkdtempSync(join(tmpdir(), 'dapi-elsewhere-'));
      writeFileSync(join(elsewhere, 'ext.txt'), 'external');
      symlinkSync(join(elsewhere, 'ext.txt'), join(w, 'ext.txt'));
      const out = await createLogTarball(w, 'jobext.log.tgz', { tarballName: 'tarball_PandaJob_6_Q', copyToWorkdir: false });
      let extSize = -1;
      await tar.t({ file: out!, onReadEntry: (e) => void (e.path.endsWith('/ext.txt') && (extSize = e.size)) });
      assert.equal(extSize, 'external'.length);
      assert.ok(lstatSync(join(w, 'ext.txt')).isSymbolicLink(), 'not copied into the job directory');
      rmSync(elsewhere, { recursive: true, force: true });
    } finally {
      writer.kill('SIGKILL');
    }
  });
});
