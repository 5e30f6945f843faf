/** The stagein/stageout command-line tools as real processes against a real XRootD server. */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCodes } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/rucio.js';
import { freePort, putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

const CLI = resolve(fileURLToPath(import.meta.url), '../../../src/cli');
let xrd: XrootdServer;
let rucio: RucioEmulator;
let tmp: string;
let env: NodeJS.ProcessEnv;
const RSE = 'CLI_DATADISK';
const data = randomBytes(20_000);

function run(script: string, args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, [join(CLI, script), ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => res({ code, stderr }));
  });
}

const common = ['--eventtype', 'get_sm', '--localsite', RSE, '--remotesite', RSE, '--produserid', 'Some%20User', '--jobid', '42', '--taskid', '7', '--jobdefinitionid', '3'];

describe('stagein/stageout tools', () => {
  before(async () => {
    xrd = await startXrootd();
    rucio = await startRucioEmulator();
    tmp = mkdtempSync(join(tmpdir(), 'cli-'));
    putServerFile(xrd, `rucio/${rucioPath('sc', 'in.dat')}`, data);
    const qd = { nickname: 'CLIQ', state: 'ACTIVE', type: 'production', maxwdir: 1000, acopytools: { pr: ['xrdcp'], pw: ['xrdcp'] }, astorages: { pr: [RSE], pw: [RSE] } };
    const proto = { endpoint: xrd.url, path: '//rucio' };
    const ddm = { [RSE]: { name: RSE, is_deterministic: true, arprotocols: { read_lan: [proto], write_lan: [proto], write_wan: [proto] } } };
    writeFileSync(join(tmp, 'qd.json'), JSON.stringify(qd));
    writeFileSync(join(tmp, 'sched.json'), JSON.stringify({ CLIQ: qd }));
    writeFileSync(join(tmp, 'ddm.json'), JSON.stringify(ddm));
    env = { ...xrd.env, PILOT_HOME: tmp, QUEUEDATA_SERVER_URL: join(tmp, 'qd.json'), LOCAL_AGIS_SCHEDCONF: join(tmp, 'sched.json'), STORAGEDATA_SERVER_URL: join(tmp, 'ddm.json'), PILOT_USE_RUCIO_TRACES: 'False', RUCIO_HOST: rucio.url };
  });
  after(async () => {
    await xrd?.stop();
    await rucio?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stagein: replica dictionary in, files staged via Rucio lookup + xrdcp, stagein_status.json out', async () => {
    const w = mkdtempSync(join(tmp, 'w-'));
    const adler = (await fileChecksums(join(xrd.root, 'rucio', rucioPath('sc', 'in.dat')))).adler32;
    rucio.addFile({ scope: 'sc', name: 'in.dat', bytes: data.length, adler32: adler, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath('sc', 'in.dat')}` }] });
    const entry = { guid: 'G', scope: 'sc', dataset: 'ds', ddmendpoint: RSE, filesize: data.length, checksum: adler, allowlan: true, allowwan: false, directaccesslan: false, directaccesswan: false, istar: false, accessmode: 'copy', storagetoken: '' };
    writeFileSync(join(w, 'stagein_replicas.json'), JSON.stringify({ 'in.dat': entry }));
    const r = await run('stagein.js', ['-q', 'CLIQ', '-w', w, '--replicadictionary', 'stagein_replicas.json', ...common], w);
    assert.equal(r.code, 0, r.stderr);
    const st = JSON.parse(readFileSync(join(w, 'stagein_status.json'), 'utf8'));
    assert.deepEqual(st['in.dat'], ['transferred', 0, `${xrd.url}//rucio/${rucioPath('sc', 'in.dat')}`, RSE]);
    assert.equal(st.error[1], 0);
    assert.deepEqual(readFileSync(join(w, 'in.dat')), data);
    // the transfer's line (from a logger made at module load) reaches stageinlog.txt
    assert.match(readFileSync(join(w, 'stageinlog.txt'), 'utf8'), /\| INFO +\| progress +\| \S+ +\| transferred lfn=in\.dat bytes=\d+/);

    // Rucio unreachable (--rucio_host): clean failure with 1322 and exit 12
    const w2 = mkdtempSync(join(tmp, 'w-'));
    writeFileSync(join(w2, 'stagein_replicas.json'), JSON.stringify({ 'in.dat': entry }));
    const dead = await freePort();
    const r2 = await run('stagein.js', ['-q', 'CLIQ', '-w', w2, '--replicadictionary', 'stagein_replicas.json', '--rucio_host', `http://127.0.0.1:${dead}`, ...common], w2);
    assert.equal(r2.code, 12, r2.stderr);
    const st2 = JSON.parse(readFileSync(join(w2, 'stagein_status.json'), 'utf8'));
    assert.equal(st2.error[1], ErrorCodes.RUCIOLISTREPLICASFAILED);
    assert.equal(st2['in.dat'][0], 'failed');
  });

  it('stagein: unreadable replica dictionary → exit 1', async () => {
    const w = mkdtempSync(join(tmp, 'w-'));
    const r = await run('stagein.js', ['-q', 'CLIQ', '-w', w, '--replicadictionary', 'missing.json', ...common], w);
    assert.equal(r.code, 1);
  });

  it('stageout: files uploaded to the pw endpoint, stageout_status.json written', async () => {
    const w = mkdtempSync(join(tmp, 'w-'));
    const out = randomBytes(30_000);
    writeFileSync(join(w, 'o1.dat'), out);
    const r = await run('stageout.js', ['-q', 'CLIQ', '-w', w, '--lfns', 'o1.dat', '--scopes', 'sc', '--datasets', 'ds', '--ddmendpoints', RSE, '--guids', 'G1', ...common], w);
    assert.equal(r.code, 0, r.stderr);
    const st = JSON.parse(readFileSync(join(w, 'stageout_status.json'), 'utf8'));
    assert.equal(st['o1.dat'][0], 'transferred');
    assert.equal(st['o1.dat'][3], `${xrd.url}//rucio/${rucioPath('sc', 'o1.dat')}`);
    assert.equal(st['o1.dat'][4], (await fileChecksums(join(w, 'o1.dat'))).adler32);
    assert.equal(st.error[1], 0);
    assert.deepEqual(readFileSync(join(xrd.root, 'rucio', rucioPath('sc', 'o1.dat'))), out);
    // second run writes the .log variant; a missing file fails with 1165 and exit 12
    const r2 = await run('stageout.js', ['-q', 'CLIQ', '-w', w, '--lfns', 'absent.dat', '--scopes', 'sc', '--datasets', 'ds', '--ddmendpoints', RSE, '--guids', 'G2', ...common], w);
    assert.equal(r2.code, 12);
    const st2 = JSON.parse(readFileSync(join(w, 'stageout_status.json.log'), 'utf8'));
    assert.equal(st2.error[1], ErrorCodes.MISSINGOUTPUTFILE);
  });
});
