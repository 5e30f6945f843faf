/** Test helpers: a real node:http(s) server on 127.0.0.1 that records what it receives. */
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/** Start a server (https when `tls` is given) that answers with `respond` and records requests. */
export async function startServer(respond, tls) {
    const state = { url: '', port: 0, received: [], respond, close: async () => undefined };
    const handler = (req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
            const sock = req.socket;
            const peer = typeof sock.getPeerCertificate === 'function' ? sock.getPeerCertificate() : undefined;
            const rec = {
                method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks),
                clientCertSubject: peer && peer.subject ? String(peer.subject.CN) : undefined,
            };
            state.received.push(rec);
            const out = state.respond(rec, state.received.length);
            const send = () => {
                if (out.destroy) {
                    req.socket.destroy();
                    return;
                }
                res.writeHead(out.status ?? 200, out.headers ?? { 'Content-Type': 'text/plain' });
                res.end(out.body ?? '');
            };
            if (out.delayMs)
                setTimeout(send, out.delayMs).unref();
            else
                send();
        });
    };
    const server = tls ? createHttps(tls, handler) : createHttp(handler);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    state.port = port;
    state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    state.close = () => new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
    });
    return state;
}
/** A port nothing listens on (bound, then released). */
export async function freePort() {
    const s = createHttp();
    await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
    const port = s.address().port;
    await new Promise((resolve) => s.close(() => resolve()));
    return port;
}
function openssl(args, cwd) {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}
/** Generate the test PKI in a fresh temporary directory. */
export function makePki() {
    const dir = mkdtempSync(join(tmpdir(), 'pki-'));
    const caDir = join(dir, 'certificates');
    openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA'], dir);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'], dir);
    writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf'], dir);
    openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=pilot-proxy'], dir);
    openssl(['x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '2'], dir);
    execFileSync('sh', ['-c', 'cat client.pem client.key > proxy.pem && mkdir -p certificates && cp ca.pem certificates/testca.pem'], { cwd: dir });
    return {
        dir, caDir, caCert: join(dir, 'ca.pem'), serverKey: join(dir, 'server.key'), serverCert: join(dir, 'server.pem'),
        proxyFile: join(dir, 'proxy.pem'),
    };
}
//# sourceMappingURL=helpers.js.map