/**
 * Test helper: a real XRootD server (Debian xrootd-server) on a free loopback port, exporting a
 * temp directory, running as the unprivileged `xrootd` user (xrootd refuses root without -R).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/** A free TCP port on 127.0.0.1. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const s = createServer();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const port = s.address().port;
            s.close(() => resolve(port));
        });
    });
}
/** Resolve once something accepts TCP connections on the port. */
export async function waitForPort(port, timeoutMs = 10_000, proc) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (proc && (proc.exitCode !== null || proc.signalCode !== null))
            throw new Error(`server exited with ${proc.exitCode} before listening`);
        const ok = await new Promise((r) => {
            const c = connect(port, '127.0.0.1');
            c.once('connect', () => { c.destroy(); r(true); });
            c.once('error', () => r(false));
        });
        if (ok)
            return;
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`nothing listening on ${port} after ${timeoutMs} ms`);
}
/** Environment that makes xrdcp give up quickly (XRD_CONNECTIONRETRY etc.). */
export const FAST_XRD_ENV = {
    XRD_CONNECTIONRETRY: '1',
    XRD_CONNECTIONWINDOW: '2',
    XRD_REQUESTTIMEOUT: '10',
    XRD_STREAMTIMEOUT: '10',
    XRD_TIMEOUTRESOLUTION: '1',
};
function ensureUser() {
    const user = 'xrootd';
    if (spawnSync('id', [user]).status !== 0) {
        spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    }
    return user;
}
/** Kill a server started detached (its whole process group) and remove its directory. */
export async function stopServer(proc, base) {
    if (proc.exitCode === null && proc.signalCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        try {
            process.kill(-proc.pid, 'SIGKILL');
        }
        catch {
            // already gone
        }
        await done;
    }
    rmSync(base, { recursive: true, force: true });
}
/** Start xrootd exporting a fresh temp dir. */
export async function startXrootd() {
    const user = ensureUser();
    const base = mkdtempSync(join(tmpdir(), 'xrootd-'));
    const root = join(base, 'data');
    for (const d of [root, join(base, 'admin'), join(base, 'run')])
        mkdirSync(d, { recursive: true });
    const port = await freePort();
    const cfg = join(base, 'xrootd.cfg');
    writeFileSync(cfg, [
        `all.export /`,
        `oss.localroot ${root}`,
        `xrootd.chksum adler32`,
        `all.adminpath ${join(base, 'admin')}`,
        `all.pidpath ${join(base, 'run')}`,
        `xrd.trace off`,
        '',
    ].join('\n'));
    const uid = Number(spawnSync('id', ['-u', user]).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', user]).stdout.toString().trim());
    for (const d of [base, root, join(base, 'admin'), join(base, 'run')])
        chownSync(d, uid, gid);
    const proc = spawn('xrootd', ['-c', cfg, '-p', String(port), '-R', user, '-l', join(base, 'xrootd.log'), '-n', `t${port}`], { stdio: 'ignore', detached: true });
    await waitForPort(port, 10_000, proc);
    const stop = () => stopServer(proc, base);
    return { port, url: `root://127.0.0.1:${port}`, root, env: { ...process.env, ...FAST_XRD_ENV }, stop };
}
/** Put a file on the server's disk (owned by the server user so it can read/replace it). */
export function putServerFile(server, relPath, data) {
    const full = join(server.root, relPath);
    const parts = relPath.split('/').slice(0, -1);
    let dir = server.root;
    const uid = Number(spawnSync('id', ['-u', 'xrootd']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'xrootd']).stdout.toString().trim());
    for (const p of parts) {
        dir = join(dir, p);
        mkdirSync(dir, { recursive: true });
        chownSync(dir, uid, gid);
    }
    writeFileSync(full, data);
    chownSync(full, uid, gid);
    return full;
}
//# sourceMappingURL=xrootd.js.map