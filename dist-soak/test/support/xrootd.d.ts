/**
 * Test helper: a real XRootD server (Debian xrootd-server) on a free loopback port, exporting a
 * temp directory, running as the unprivileged `xrootd` user (xrootd refuses root without -R).
 */
import { type ChildProcess } from 'node:child_process';
/** A running XRootD server. */
export interface XrootdServer {
    port: number;
    /** `root://127.0.0.1:<port>` */
    url: string;
    /** Local directory that `/` on the server maps to. */
    root: string;
    /** Environment for clients: fast failure against a dead server. */
    env: NodeJS.ProcessEnv;
    stop(): Promise<void>;
}
/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;
/** Resolve once something accepts TCP connections on the port. */
export declare function waitForPort(port: number, timeoutMs?: number, proc?: ChildProcess): Promise<void>;
/** Environment that makes xrdcp give up quickly (XRD_CONNECTIONRETRY etc.). */
export declare const FAST_XRD_ENV: {
    XRD_CONNECTIONRETRY: string;
    XRD_CONNECTIONWINDOW: string;
    XRD_REQUESTTIMEOUT: string;
    XRD_STREAMTIMEOUT: string;
    XRD_TIMEOUTRESOLUTION: string;
};
/** Kill a server started detached (its whole process group) and remove its directory. */
export declare function stopServer(proc: ChildProcess, base: string): Promise<void>;
/** Start xrootd exporting a fresh temp dir. */
export declare function startXrootd(): Promise<XrootdServer>;
/** Put a file on the server's disk (owned by the server user so it can read/replace it). */
export declare function putServerFile(server: XrootdServer, relPath: string, data: Buffer | string): string;
