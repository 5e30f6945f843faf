/** Cancellation: an aborted transfer stops at once (tool killed / request aborted), with the abort reason, and leaves no partial file. */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errors, PilotError } from '../../src/common/errors.js';
import { httpsCopytool } from '../../src/copytool/https.js';
import { xrdcpCopytool } from '../../src/copytool/xrdcp.js';
import { putWebdavFile, startWebdav, type WebdavServer } from '../support/webdav.js';
import { startTcpProxy } from '../support/tcpproxy.js';
import { waitFor } from '../support/wait.js';

let slow: WebdavServer;
let blackhole: Server;
const sockets = new Set<Socket>();
let tmp: string;

describe('cancelling transfers', () => {
  before(async () => {
    slow = await startWebdav({ limitRate: '256k' });
    putWebdavFile(slow, 'f.bin', randomBytes(4 * 1024 * 1024));
    tmp = mkdtempSync(join(tmpdir(), 'cancel-'));
    // accepts connections and never answers: xrdcp would wait for its own timeouts
    blackhole = createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
    await new Promise<void>((r) => blackhole.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => blackhole.close(r));
    await slow.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('https: abort mid-download rejects with the reason and removes the partial file', async () => {
    const ac = new AbortController();
    const reason = errors.KILLSIGNAL('job killed');
    // abort once the body is flowing (the 256 kB/s server needs 16 s for the whole file): a
    // rejection with our reason, not a finished download, shows the request stopped there
    const relay = await startTcpProxy(Number(new URL(slow.httpsUrl).port));
    try {
      const p = httpsCopytool.copyIn([{ lfn: 'f.bin', scope: 's', turl: `davs://localhost:${relay.port}/f.bin` }], { workdir: tmp, caFile: slow.caFile, signal: ac.signal });
      await waitFor(() => relay.bytesDown > 64 * 1024, 30_000, 'download under way', 20);
      ac.abort(reason);
      await assert.rejects(p, (e: PilotError) => e === reason);
    } finally {
      await relay.close();
    }
    const part = join(tmp, 'f.bin');
    assert.equal(existsSync(part), false);
  });

  it('xrdcp: abort kills the tool at once', async () => {
    const port = (blackhole.address() as { port: number }).port;
    const ac = new AbortController();
    const reason = errors.KILLSIGNAL('job killed');
    const seen = sockets.size;
    const p = xrdcpCopytool.copyIn([{ lfn: 'g.bin', scope: 's', turl: `root://127.0.0.1:${port}//g.bin` }], { workdir: tmp, signal: ac.signal });
    // abort once xrdcp is connected and waiting on a server that never answers (its own timeouts
    // are minutes): a rejection with our reason shows the tool was stopped
    await waitFor(() => sockets.size > seen, 30_000, 'xrdcp connected', 20);
    ac.abort(reason);
    await assert.rejects(p, (e: PilotError) => e === reason);
    assert.equal(existsSync(join(tmp, 'g.bin')), false);
  });
});
