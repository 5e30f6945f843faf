/** One replica of a file as the emulator stores it. */
export interface EmulatedReplica {
    rse: string;
    pfn: string;
    type?: 'DISK' | 'TAPE';
    priority?: number;
    domain?: 'lan' | 'wan';
}
/** One file (DID) with its replicas. */
export interface EmulatedFile {
    scope: string;
    name: string;
    bytes: number;
    adler32?: string;
    md5?: string;
    replicas: EmulatedReplica[];
}
/** Options of the emulator. */
export interface RucioEmulatorOptions {
    port?: number;
    host?: string;
    /** When set, every call except auth and traces needs this token. */
    token?: string;
    /** Accepted userpass credentials (account/username/password) → token. */
    userpass?: {
        account: string;
        username: string;
        password: string;
    };
    files?: EmulatedFile[];
}
/** A running Rucio emulator. */
export interface RucioEmulator {
    url: string;
    port: number;
    files: Map<string, EmulatedFile>;
    /** Trace reports received, in order. */
    traces: Record<string, unknown>[];
    /** Requests received (method + path), for assertions. */
    requests: string[];
    addFile(f: EmulatedFile): void;
    /** The next `n` requests to non-trace endpoints answer with `status`. */
    failNext(n: number, status?: number): void;
    close(): Promise<void>;
}
/** Start the Rucio emulator on 127.0.0.1 (free port unless given). */
export declare function startRucioEmulator(opts?: RucioEmulatorOptions): Promise<RucioEmulator>;
