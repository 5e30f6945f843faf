import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { ErrorCodes } from '../../src/common/errors.js';
import { Adler32, fileChecksums } from '../../src/copytool/checksum.js';
import { resolveCommonTransferErrors } from '../../src/copytool/errormap.js';
import { rucioPath, transferTimeout } from '../../src/copytool/paths.js';
import { parseXrdcpChecksum } from '../../src/copytool/xrdcp.js';
/** zlib's adler32 is the trailer of a zlib stream: an independent reference. */
function zlibAdler(buf) {
    return deflateSync(buf).subarray(-4).toString('hex');
}
describe('copytool helpers', () => {
    it('adler32 matches zlib for known and random data, in any chunking', () => {
        assert.equal(new Adler32().update(Buffer.from('Wikipedia')).hex(), '11e60398');
        assert.equal(new Adler32().hex(), '00000001');
        const big = Buffer.alloc(3 * 1024 * 1024 + 17);
        for (let i = 0; i < big.length; i++)
            big[i] = (i * 7919) & 0xff;
        const a = new Adler32();
        for (let i = 0; i < big.length; i += 65537)
            a.update(big.subarray(i, i + 65537));
        assert.equal(a.hex(), zlibAdler(big));
        const ff = Buffer.alloc(2 * 1024 * 1024, 0xff);
        assert.equal(new Adler32().update(ff).hex(), zlibAdler(ff));
    });
    it('fileChecksums: adler32 + md5 in one pass; missing file → 1303', async () => {
        const dir = await mkdtemp(join(tmpdir(), 'ck-'));
        const data = Buffer.from('hello world\n');
        await writeFile(join(dir, 'f'), data);
        const c = await fileChecksums(join(dir, 'f'));
        assert.equal(c.adler32, '1e720467');
        assert.equal(c.md5, createHash('md5').update(data).digest('hex'));
        assert.equal(c.bytes, 12);
        await assert.rejects(fileChecksums(join(dir, 'nope')), (e) => e.code === ErrorCodes.FILEHANDLINGFAILURE);
        await rm(dir, { recursive: true });
    });
    it('rucio path: md5(scope:lfn) layout', () => {
        const h = createHash('md5').update('user.jdoe:x.root').digest('hex');
        assert.equal(rucioPath('user.jdoe', 'x.root'), `user/jdoe/${h.slice(0, 2)}/${h.slice(2, 4)}/x.root`);
    });
    it('timeout grows with size and is capped', () => {
        assert.equal(transferTimeout(0), 400);
        assert.equal(transferTimeout(5e9), 5400);
        assert.equal(transferTimeout(1e12), 10800);
    });
    it('maps tool output to Pilot 3 codes', () => {
        const cases = [
            ['Connection timeout', true, ErrorCodes.STAGEINTIMEOUT],
            ['Connection timeout', false, ErrorCodes.STAGEOUTTIMEOUT],
            ['No such file or directory', true, ErrorCodes.MISSINGINPUTFILE],
            ['No such file or directory', false, ErrorCodes.NOSUCHFILE],
            ['No space left on device', false, ErrorCodes.NOREMOTESPACE],
            ['Run: [ERROR] Server responded with an error: [3011] Unable to open', true, ErrorCodes.XRDCPERROR],
            ['does not match the checksum (adler32)', true, ErrorCodes.GETADMISMATCH],
            ['something else', true, ErrorCodes.STAGEINFAILED],
            ['x\nservice_unavailable\n', true, ErrorCodes.RUCIOSERVICEUNAVAILABLE],
        ];
        for (const [text, stagein, code] of cases)
            assert.equal(resolveCommonTransferErrors(text, stagein).rcode, code, text);
        assert.equal(resolveCommonTransferErrors('a\nDetails: the reason\n', true).error, 'the reason');
    });
    it('parses xrdcp checksum output', () => {
        assert.deepEqual(parseXrdcpChecksum('adler32: 1e3b0467 root://localhost:21094/path/f1.txt 12'), { type: 'adler32', value: '1e3b0467', size: 12 });
        assert.deepEqual(parseXrdcpChecksum('adler32: b0467 /tmp/x 3')?.value, '000b0467');
        assert.equal(parseXrdcpChecksum('nothing here'), undefined);
    });
});
//# sourceMappingURL=common.test.js.map