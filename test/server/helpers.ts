/** Test helpers: a real node:http(s) server on 127.0.0.1 that records what it receives. */
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps, type ServerOptions } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** One received request. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** subject of the client certificate, when one was presented (https) */
  clientCertSubject?: string;
}

/** How the server answers: status, headers, body. */
export type Responder = (req: Received, n: number) => { status?: number; headers?: Record<string, string>; body?: string | Buffer; destroy?: boolean; delayMs?: number };

/** A running test server. */
export interface TestServer {
  url: string;
  port: number;
  received: Received[];
  /** Answers fully handed to the kernel so far (the response's 'finish'). */
  answered: number;
  respond: Responder;
  close(): Promise<void>;
}

/** Start a server (https when `tls` is given) that answers with `respond` and records requests. */
export async function startServer(respond: Responder, tls?: ServerOptions): Promise<TestServer> {
  const state: TestServer = { url: '', port: 0, received: [], answered: 0, respond, close: async () => undefined };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const sock = req.socket as TLSSocket;
      const peer = typeof sock.getPeerCertificate === 'function' ? sock.getPeerCertificate() : undefined;
      const rec: Received = {
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
        res.once('finish', () => state.answered++);
        res.writeHead(out.status ?? 200, out.headers ?? { 'Content-Type': 'text/plain' });
        res.end(out.body ?? '');
      };
      if (out.delayMs) setTimeout(send, out.delayMs).unref();
      else send();
    });
  };
  const server: Server = tls ? createHttps(tls, handler) : createHttp(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.port = port;
  state.url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
  return state;
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = createHttp();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Test PKI made with openssl: a CA, a server cert for 127.0.0.1 and a client "proxy" (cert+key in one PEM). */
export interface TestPki {
  dir: string;
  caDir: string;
  caCert: string;
  serverKey: string;
  serverCert: string;
  proxyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** Generate the test PKI in a fresh temporary directory. */
export function makePki(): TestPki {
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
