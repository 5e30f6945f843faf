/** Cancellation: an aborted transfer stops at once (tool killed / request aborted), with the abort reason, and leaves no partial file. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errors } from '../../src/common/errors.js';
import { httpsCopytool } from '../../src/copytool/https.js';
import { xrdcpCopytool } from '../../src/copytool/xrdcp.js';
import { putWebdavFile, startWebdav } from '../support/webdav.js';
let slow;
let blackhole;
const sockets = new Set();
let tmp;
describe('cancelling transfers', () => {
    before(async () => {
        slow = await startWebdav({ limitRate: '256k' });
        putWebdavFile(slow, 'f.bin', randomBytes(4 * 1024 * 1024));
        tmp = mkdtempSync(join(tmpdir(), 'cancel-'));
        // accepts connections and never answers: xrdcp would wait for its own timeouts
        blackhole = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
        await new Promise((r) => blackhole.listen(0, '127.0.0.1', r));
    });
    after(async () => {
        for (const s of sockets)
            s.destroy();
        await new Promise((r) => blackhole.close(r));
        await slow.stop();
        rmSync(tmp, { recursive: true, force: true });
    });
    it('https: abort mid-download rejects with the reason and removes the partial file', async () => {
        const ac = new AbortController();
        const reason = errors.KILLSIGNAL('job killed');
        setTimeout(() => ac.abort(reason), 400);
        const t0 = Date.now();
        await assert.rejects(httpsCopytool.copyIn([{ lfn: 'f.bin', scope: 's', turl: `${slow.url}/f.bin` }], { workdir: tmp, caFile: slow.caFile, signal: ac.signal }), (e) => e === reason);
        assert.ok(Date.now() - t0 < 3000);
        assert.equal(existsSync(join(tmp, 'f.bin')), false);
    });
    it('xrdcp: abort kills the tool at once', async () => {
        const port = blackhole.address().port;
        const ac = new AbortController();
        const reason = errors.KILLSIGNAL('job killed');
        setTimeout(() => ac.abort(reason), 300);
        const t0 = Date.now();
        await assert.rejects(xrdcpCopytool.copyIn([{ lfn: 'g.bin', scope: 's', turl: `root://127.0.0.1:${port}//g.bin` }], { workdir: tmp, signal: ac.signal }), (e) => e === reason);
        assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
        assert.equal(existsSync(join(tmp, 'g.bin')), false);
    });
});
//# sourceMappingURL=cancel.test.js.map