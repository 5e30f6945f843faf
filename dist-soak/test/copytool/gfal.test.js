/** gfal copytool (gfal-copy, Debian gfal2) against a real XRootD server. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCodes } from '../../src/common/errors.js';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { gfalCopytool } from '../../src/copytool/gfal.js';
import { putServerFile, startXrootd } from '../support/xrootd.js';
let xrd;
let tmp;
const data = randomBytes(100_000);
let adler;
describe('gfal copytool on a real XRootD server', () => {
    before(async () => {
        xrd = await startXrootd();
        tmp = mkdtempSync(join(tmpdir(), 'gfal-'));
        putServerFile(xrd, 'd/f.root', data);
        writeFileSync(join(tmp, 'ref'), data);
        adler = (await fileChecksums(join(tmp, 'ref'))).adler32;
    });
    after(async () => {
        await xrd?.stop();
        rmSync(tmp, { recursive: true, force: true });
    });
    it('downloads with the catalog checksum checked by gfal-copy (-K)', async () => {
        const w = mkdtempSync(join(tmp, 'w-'));
        const f = { lfn: 'f.root', scope: 's', turl: `${xrd.url}//d/f.root`, checksum: { adler32: adler }, filesize: data.length };
        await gfalCopytool.copyIn([f], { workdir: w, env: xrd.env });
        assert.deepEqual(readFileSync(join(w, 'f.root')), data);
        assert.equal(f.status, 'transferred');
    });
    it('checksum mismatch → GETADMISMATCH (1171); missing source → MISSINGINPUTFILE (1331); nothing left behind', async () => {
        const w = mkdtempSync(join(tmp, 'w-'));
        const bad = { lfn: 'f.root', scope: 's', turl: `${xrd.url}//d/f.root`, checksum: { adler32: '00000001' } };
        await assert.rejects(gfalCopytool.copyIn([bad], { workdir: w, env: xrd.env }), (e) => e.code === ErrorCodes.GETADMISMATCH);
        assert.equal(existsSync(join(w, 'f.root')), false);
        const missing = { lfn: 'g.root', scope: 's', turl: `${xrd.url}//d/none.root` };
        await assert.rejects(gfalCopytool.copyIn([missing], { workdir: w, env: xrd.env }), (e) => e.code === ErrorCodes.MISSINGINPUTFILE);
        assert.equal(missing.status, 'failed');
    });
    it('uploads a local file to root://', async () => {
        const w = mkdtempSync(join(tmp, 'w-'));
        const out = randomBytes(40_000);
        writeFileSync(join(w, 'o.root'), out);
        const f = { lfn: 'o.root', scope: 's', turl: `${xrd.url}//up/o.root`, checksum: { adler32: (await fileChecksums(join(w, 'o.root'))).adler32 } };
        await gfalCopytool.copyOut([f], { workdir: w, env: xrd.env });
        assert.deepEqual(readFileSync(join(xrd.root, 'up/o.root')), out);
    });
});
//# sourceMappingURL=gfal.test.js.map