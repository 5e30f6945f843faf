import { type Checksum } from './checksum.js';
export type { Checksum };
/** The three kinds of file a job has. */
export type FileType = 'input' | 'output' | 'log';
/** A resolved input replica (Rucio list_replicas entry after sorting). */
export interface Replica {
    pfn: string;
    ddmendpoint: string;
    domain: string;
    [key: string]: unknown;
}
/** A storage protocol entry (StorageData.rprotocols / arprotocols element). */
export interface StorageProtocol {
    endpoint?: string;
    path?: string;
    flavour?: string;
    id?: number;
    settings?: Record<string, unknown>;
    [key: string]: unknown;
}
/** Transfer states a FileSpec goes through (null = not handled yet). */
export type FileStatus = 'transferred' | 'failed' | 'remote_io' | 'no_transfer' | (string & {});
/** Constructor argument: any FileSpec attribute (loosely typed, cleaned like Pilot 3 does) plus `type`. */
export interface FileSpecInit {
    type?: FileType;
    filetype?: FileType;
    lfn?: string | null;
    guid?: string | null;
    filesize?: number | string | null;
    checksum?: string | Checksum | null;
    scope?: string | null;
    dataset?: string | null;
    ddmendpoint?: string | null;
    accessmode?: string | null;
    allow_lan?: boolean | string | null;
    allow_wan?: boolean | string | null;
    direct_access_lan?: boolean | string | null;
    direct_access_wan?: boolean | string | null;
    storage_token?: string | null;
    replicas?: Replica[] | null;
    protocols?: StorageProtocol[] | null;
    surl?: string | null;
    turl?: string | null;
    domain?: string | null;
    mtime?: number | string | null;
    status?: FileStatus | null;
    status_code?: number | string | null;
    inputddms?: string[] | string | null;
    workdir?: string | null;
    protocol_id?: number | string | null;
    is_tar?: boolean | null;
    ddm_activity?: string[] | string | null;
    checkinputsize?: boolean | string | null;
    is_altstaged?: boolean | null;
    [key: string]: unknown;
}
/** Schemas Pilot 3 accepts for a direct-access turl when none are given. */
export declare const DEFAULT_DIRECTACCESS_SCHEMAS: string[];
/** One file of a job (Pilot 3's FileSpec). */
export declare class FileSpec {
    lfn: string;
    guid: string;
    /** Bytes. */
    filesize: number;
    /** Catalogue checksum(s), e.g. `{adler32: '1a2b3c4d'}`. */
    checksum: Checksum;
    scope: string;
    dataset: string;
    /** DDM endpoint (RSE): source for inputs, destination for outputs. */
    ddmendpoint: string;
    /** `direct` or `copy` (set from the job for inputs). */
    accessmode: string;
    allow_lan: boolean;
    allow_wan: boolean;
    direct_access_lan: boolean;
    direct_access_wan: boolean;
    /** PanDA prodDBlockToken: `local`, `<storage id>` or `<id>/<path convention>`. */
    storage_token: string;
    filetype: FileType;
    /** Resolved replicas; null = not looked up yet. */
    replicas: Replica[] | null;
    /** Protocols resolved for the requested activity. */
    protocols: StorageProtocol[] | null;
    surl: string;
    /** The URL actually used for the transfer. */
    turl: string;
    /** `lan` or `wan` (domain of the chosen replica). */
    domain: string;
    mtime: number;
    status: FileStatus | null;
    status_code: number;
    /** Endpoints considered LAN for inputs. */
    inputddms: string[];
    /** File-specific directory: destination for stage-in, source for stage-out. */
    workdir: string | null;
    protocol_id: number | string | null;
    is_tar: boolean;
    /** Activities used to pick protocols, e.g. ['read_lan', 'read_wan']. */
    ddm_activity: string[] | null;
    checkinputsize: boolean;
    is_altstaged: boolean | null;
    /** Set at runtime by the stage-out client (alternative destination). */
    ddmendpoint_alt?: string;
    /** Set at runtime by callers. */
    activity?: string | string[];
    pfn?: string;
    constructor(init?: FileSpecInit);
    /**
     * Reject LFNs and scopes that could escape the work directory or reach a shell (see safety.ts).
     * Code: BADOUTPUTFILENAME (1371) for output/log files (Pilot 3's code for illegal output names),
     * STAGEINFAILED (1099) for inputs (such a file cannot be staged in safely).
     */
    private checkNames;
    /** The catalogue checksum of one type ('adler32' or 'md5'), or undefined. */
    get_checksum(type?: keyof Checksum): string | undefined;
    /**
     * Can the payload read this input directly (remote I/O)? Never for tarballs, lib archives and
     * RAW files; otherwise when accessmode is `direct`, and (with ensureReplica) the turl uses one
     * of the allowed schemas.
     */
    is_directaccess(ensureReplica?: boolean, allowedReplicaSchemas?: string[] | null): boolean;
    /** Storage id and path convention from storage_token: "12/1000" → [12, 1000], "12" → [12, null]. */
    get_storage_id_and_path_convention(): [number | null, number | null];
    /** True unless the file was transferred, is read remotely, or needs no transfer. */
    require_transfer(): boolean;
    /** Plain-object form (for JSON status files and logs). */
    toJSON(): Record<string, unknown>;
}
