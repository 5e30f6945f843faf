/** Native https/davs copytool against real nginx WebDAV and XRootD's XrdHttp over TLS (CAs made by the test). */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { Adler32 } from '../../src/copytool/checksum.js';
import { httpsCopytool } from '../../src/copytool/https.js';
import { adler32Combine } from '../../src/copytool/ranges.js';
import type { TransferFile } from '../../src/data/types.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { startXrootd, type XrootdServer } from '../support/xrootd.js';
import { startTcpProxy } from '../support/tcpproxy.js';
import { waitFor } from '../support/wait.js';

let dav: WebdavServer;
let slow: WebdavServer;
let tmp: string;
const data = randomBytes(2 * 1024 * 1024 + 123);
let adler: string;

describe('native https copytool on nginx WebDAV', () => {
  before(async () => {
    [dav, slow] = await Promise.all([startWebdav(), startWebdav({ limitRate: '512k' })]);
    tmp = mkdtempSync(join(tmpdir(), 'https-test-'));
    putWebdavFile(dav, 'rucio/a/f.root', data);
    putWebdavFile(slow, 'rucio/a/f.root', data);
    writeFileSync(join(tmp, 'ref'), data);
    adler = (await fileChecksums(join(tmp, 'ref'))).adler32;
  });
  after(async () => {
    await dav?.stop();
    await slow?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads over davs with TLS verification against the test CA; checksum and size checked', async () => {
    const workdir = mkdtempSync(join(tmp, 'd-'));
    const seen: number[] = [];
    const f: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, checksum: { adler32: adler }, filesize: data.length };
    await httpsCopytool.copyIn([f], { workdir, caFile: dav.caFile, progress: (p) => seen.push(p.bytes) });
    assert.deepEqual(readFileSync(join(workdir, 'f.root')), data);
    assert.equal(f.status, 'transferred');
    assert.ok(seen.length >= 1 && seen.at(-1) === data.length);
  });

  it('TLS verification is on: without the CA the download fails and leaves nothing', async () => {
    const workdir = mkdtempSync(join(tmp, 'd-'));
    const f: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root` };
    await assert.rejects(httpsCopytool.copyIn([f], { workdir }), (e: PilotError) => e.code === ErrorCodes.STAGEINFAILED && /certificate/i.test(e.diag));
    assert.equal(existsSync(join(workdir, 'f.root')), false);
  });

  it('checksum mismatch → GETADMISMATCH (1171), size mismatch → 1099, 404 → MISSINGINPUTFILE (1331)', async () => {
    const workdir = mkdtempSync(join(tmp, 'd-'));
    const bad: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, checksum: { adler32: '12345678' } };
    await assert.rejects(httpsCopytool.copyIn([bad], { workdir, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.GETADMISMATCH);
    assert.equal(existsSync(join(workdir, 'f.root')), false);
    const md5bad: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, checksum: { md5: '0'.repeat(32) } };
    await assert.rejects(httpsCopytool.copyIn([md5bad], { workdir, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.GETMD5MISMATCH);
    const size: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, filesize: 5 };
    await assert.rejects(httpsCopytool.copyIn([size], { workdir, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.STAGEINFAILED && /size mismatch/.test(e.diag));
    const missing: TransferFile = { lfn: 'g.root', scope: 's', turl: `${dav.url}/rucio/a/none.root` };
    await assert.rejects(httpsCopytool.copyIn([missing], { workdir, caFile: dav.caFile }), (e: PilotError) => e.code === ErrorCodes.MISSINGINPUTFILE);
    assert.equal(missing.status_code, ErrorCodes.MISSINGINPUTFILE);
  });

  it('uploads with PUT (parents created), stored size verified', async () => {
    const workdir = mkdtempSync(join(tmp, 'u-'));
    const out = randomBytes(100_000);
    writeFileSync(join(workdir, 'o.root'), out);
    const f: TransferFile = { lfn: 'o.root', scope: 's', turl: `${dav.url}/rucio/x/y/o.root` };
    await httpsCopytool.copyOut([f], { workdir, caFile: dav.caFile });
    assert.deepEqual(readFileSync(join(dav.root, 'rucio/x/y/o.root')), out);
    assert.equal(f.checksum?.adler32, (await fileChecksums(join(workdir, 'o.root'))).adler32);
  });

  it('server dying mid-transfer: clear error, partial file removed', async () => {
    const workdir = mkdtempSync(join(tmp, 'k-'));
    // the server dies once the body is flowing (512 kB/s: 4 s for the whole file)
    const relay = await startTcpProxy(Number(new URL(slow.httpsUrl).port));
    const f: TransferFile = { lfn: 'f.root', scope: 's', turl: `davs://localhost:${relay.port}/rucio/a/f.root` };
    const p = httpsCopytool.copyIn([f], { workdir, caFile: slow.caFile });
    await waitFor(() => relay.bytesDown > 64 * 1024, 30_000, 'download under way', 20);
    void slow.stop();
    await assert.rejects(p, (e: PilotError) => e.code === ErrorCodes.STAGEINFAILED && /f\.root/.test(e.diag));
    await relay.close();
    assert.equal(existsSync(join(workdir, 'f.root')), false);
  });

  it('a transfer slower than its timeout → STAGEINTIMEOUT (1151)', async () => {
    const s2 = await startWebdav({ limitRate: '256k' });
    try {
      putWebdavFile(s2, 'f.root', data);
      const workdir = mkdtempSync(join(tmp, 't-'));
      const f: TransferFile = { lfn: 'f.root', scope: 's', turl: `${s2.url}/f.root` };
      await assert.rejects(httpsCopytool.copyIn([f], { workdir, caFile: s2.caFile, timeoutS: 1 }), (e: PilotError) => e.code === ErrorCodes.STAGEINTIMEOUT);
      assert.equal(existsSync(join(workdir, 'f.root')), false);
    } finally {
      await s2.stop();
    }
  });

  it('parallel ranged download (3 threads): slices combined, checksum verified, mismatch caught', async () => {
    const env = { ...process.env, PANDA_PILOT_HTTPS_STREAMS: '3', PANDA_PILOT_HTTPS_RANGE_MIN_MB: '1' };
    const workdir = mkdtempSync(join(tmp, 'p-'));
    const seen: number[] = [];
    const f: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, checksum: { adler32: adler }, filesize: data.length };
    await httpsCopytool.copyIn([f], { workdir, caFile: dav.caFile, env, progress: (p) => seen.push(p.bytes) });
    assert.deepEqual(readFileSync(join(workdir, 'f.root')), data);
    assert.equal(seen.at(-1), data.length);
    const w2 = mkdtempSync(join(tmp, 'p-'));
    const bad: TransferFile = { lfn: 'f.root', scope: 's', turl: `${dav.url}/rucio/a/f.root`, checksum: { adler32: '11111111' }, filesize: data.length };
    await assert.rejects(httpsCopytool.copyIn([bad], { workdir: w2, caFile: dav.caFile, env }), (e: PilotError) => e.code === ErrorCodes.GETADMISMATCH);
    assert.equal(existsSync(join(w2, 'f.root')), false);
  });

  it('adler32Combine matches a direct computation', () => {
    const a = randomBytes(100_001);
    const b = randomBytes(77_777);
    const whole = new Adler32().update(Buffer.concat([a, b])).hex();
    const combined = adler32Combine(Number.parseInt(new Adler32().update(a).hex(), 16), Number.parseInt(new Adler32().update(b).hex(), 16), b.length);
    assert.equal(combined.toString(16).padStart(8, '0'), whole);
  });
});

describe('native https copytool on XRootD\'s HTTP door (XrdHttp)', () => {
  let xrd: XrootdServer;
  let dir: string;
  before(async () => {
    xrd = await startXrootd({ https: true });
    dir = mkdtempSync(join(tmpdir(), 'xrdhttp-test-'));
  });
  after(async () => {
    await xrd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads store the whole file (XrdHttp reads only `Content-Length` so spelled): bytes and adler32 checked by the server, then read back in ranges', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(join(dir, 'o.root'), body);
    const sum = (await fileChecksums(join(dir, 'o.root'))).adler32;
    const turl = `${xrd.httpsUrl!.replace('https://', 'davs://')}/rucio/x/o.root`;
    const f: TransferFile = { lfn: 'o.root', scope: 's', turl, checksum: { adler32: sum }, filesize: body.length };
    await httpsCopytool.copyOut([f], { workdir: dir, caFile: xrd.caFile });
    assert.equal(f.status, 'transferred');
    assert.deepEqual(readFileSync(join(xrd.root, 'rucio/x/o.root')), body, 'every byte stored');
    // XrdHttp's own checksum of what it stored (RFC 3230 Want-Digest)
    const head = spawnSync('curl', ['-sSI', '--cacert', xrd.caFile!, '-H', 'Want-Digest: adler32', `${xrd.httpsUrl}/rucio/x/o.root`], { encoding: 'utf8' });
    assert.match(head.stdout, new RegExp(`^Digest: adler32=${sum}\\s*$`, 'mi'), head.stdout + head.stderr);
    const back = mkdtempSync(join(dir, 'in-'));
    const env = { ...process.env, PANDA_PILOT_HTTPS_STREAMS: '3', PANDA_PILOT_HTTPS_RANGE_MIN_MB: '1' };
    const g: TransferFile = { lfn: 'o.root', scope: 's', turl, checksum: { adler32: sum }, filesize: body.length };
    await httpsCopytool.copyIn([g], { workdir: back, caFile: xrd.caFile, env });
    assert.deepEqual(readFileSync(join(back, 'o.root')), body);
  });
});
