/** A running WebDAV server. */
export interface WebdavServer {
    port: number;
    /** `davs://localhost:<port>` */
    url: string;
    /** `https://localhost:<port>` */
    httpsUrl: string;
    /** Directory served as `/`. */
    root: string;
    /** PEM CA bundle that signed the server certificate. */
    caFile: string;
    stop(): Promise<void>;
}
/** Make a CA and a server certificate for localhost/127.0.0.1 in `dir`. */
export declare function makeCerts(dir: string): {
    ca: string;
    cert: string;
    key: string;
};
/** Start nginx WebDAV (TLS). `limitRate` (e.g. '2m') slows responses, for mid-transfer failure tests. */
export declare function startWebdav(opts?: {
    limitRate?: string;
}): Promise<WebdavServer>;
/** Put a file in the served tree (world-readable). */
export declare function putWebdavFile(server: WebdavServer, relPath: string, data: Buffer | string): string;
