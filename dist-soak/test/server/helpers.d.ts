/** Test helpers: a real node:http(s) server on 127.0.0.1 that records what it receives. */
import { type IncomingMessage } from 'node:http';
import { type ServerOptions } from 'node:https';
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
export type Responder = (req: Received, n: number) => {
    status?: number;
    headers?: Record<string, string>;
    body?: string | Buffer;
    destroy?: boolean;
    delayMs?: number;
};
/** A running test server. */
export interface TestServer {
    url: string;
    port: number;
    received: Received[];
    respond: Responder;
    close(): Promise<void>;
}
/** Start a server (https when `tls` is given) that answers with `respond` and records requests. */
export declare function startServer(respond: Responder, tls?: ServerOptions): Promise<TestServer>;
/** A port nothing listens on (bound, then released). */
export declare function freePort(): Promise<number>;
/** Test PKI made with openssl: a CA, a server cert for 127.0.0.1 and a client "proxy" (cert+key in one PEM). */
export interface TestPki {
    dir: string;
    caDir: string;
    caCert: string;
    serverKey: string;
    serverCert: string;
    proxyFile: string;
}
/** Generate the test PKI in a fresh temporary directory. */
export declare function makePki(): TestPki;
