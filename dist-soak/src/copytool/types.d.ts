/**
 * The one interface every copytool implements, and the context a transfer runs in.
 *
 * Mirrors Pilot 3's copytool module contract (require_replicas, require_protocols, ...,
 * copy_in/copy_out) as an object, so tools can be registered, listed and tested alike.
 */
import type { StorageDataLike, TransferFile } from '../data/types.js';
/** Per-file trace handling the copytools need (implemented by src/data/trace.ts). */
export interface TraceSink {
    /** Merge fields into the current report. */
    update(fields: Record<string, unknown>): void;
    /** Send a copy of the current report (never throws, never blocks the transfer). */
    send(): void;
}
/** Progress of one file's bytes (for terminal progress bars / log lines). */
export type ProgressFn = (info: {
    lfn: string;
    bytes: number;
    total: number;
    done: boolean;
}) => void;
/** Everything a copytool may use while copying. */
export interface CopyContext {
    /** Stage-in destination directory / stage-out source directory (Pilot 3's `workdir` kwarg). */
    workdir: string;
    /** Job work directory when it differs from `workdir` (mv stage-in destination). */
    jobworkdir?: string;
    /** Cancels the transfer; the copytool kills its tool / aborts its request. */
    signal?: AbortSignal;
    /** Trace report of this transfer. */
    trace?: TraceSink;
    /** Storage endpoints by name. */
    ddmconf?: Record<string, StorageDataLike>;
    /** queuedata.copytools (per-tool `setup`). */
    copytools?: Record<string, unknown>;
    /** catchall contains `mv_final_destination`. */
    mvfinaldest?: boolean;
    /** mv: `symlink` (stage-in default), `cp`, `mv` (stage-out default). */
    copyType?: 'symlink' | 'cp' | 'mv';
    /** mv stage-in: directory holding the input files (default: parent of workdir, as Pilot 3). */
    inputDir?: string;
    /** mv stage-out: destination directory (default: parent of workdir, as Pilot 3). */
    outputDir?: string;
    /** Direct access is allowed for this job (mv refuses direct-access files then). */
    allowDirectAccess?: boolean;
    /** Environment for tools (default process.env). */
    env?: NodeJS.ProcessEnv;
    /** TLS CA bundle (PEM) for https/davs; default: system CAs (+ X509_CERT_DIR bundle if any). */
    caFile?: string;
    /** Per-file progress callback. */
    progress?: ProgressFn;
    /** Extra timeout seconds added to the size-based one (tests use negative values through timeoutS). */
    timeoutS?: number;
}
/** A copytool. Flags default as in Pilot 3 when a module does not define them. */
export interface Copytool {
    readonly name: string;
    /** Stage-in needs Rucio replicas (turl picked from them). */
    readonly requireReplicas: boolean;
    /** Stage-in needs protocols from storage data (turl built from them). */
    readonly requireInputProtocols: boolean;
    /** Stage-out needs destination protocols/turl. */
    readonly requireProtocols: boolean;
    /** Apply the size/space pre-check before stage-in. */
    readonly checkAvailableSpace: boolean;
    /** Prioritised URL schemes (undefined = any). */
    readonly allowedSchemas?: readonly string[];
    /** Download files (their `turl`) into `fspec.workdir ?? ctx.workdir`; sets status/status_code; throws PilotError on failure. */
    copyIn(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]>;
    /** Upload files (local `surl`/`pfn`/workdir/lfn) to their `turl`; sets status/status_code; throws PilotError on failure. */
    copyOut(files: TransferFile[], ctx: CopyContext): Promise<TransferFile[]>;
    /** Own destination URL builder (s3/objectstore); default is the client's deterministic one. */
    resolveSurl?(file: TransferFile, protocol: {
        endpoint: string;
        path?: string;
        id?: unknown;
    }, ddmconf: Record<string, StorageDataLike>, opts?: {
        queue?: string;
        env?: NodeJS.ProcessEnv;
    }): {
        surl: string;
        ddmendpoint?: string;
    };
}
