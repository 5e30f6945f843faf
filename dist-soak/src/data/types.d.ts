/**
 * Shapes the data layer reads from the info system and the job.
 *
 * They are structural on purpose: `FileSpec`, `QueueData` and `StorageData` from src/info satisfy
 * them, and a library user can hand plain objects (the seed's "stage-in without InfoSys" case).
 * Field names are Pilot 3's.
 */
/** A replica candidate of an input file, as resolved from Rucio (Pilot 3's `fspec.replicas` entries). */
export interface Replica {
    pfn: string;
    ddmendpoint: string;
    domain: 'lan' | 'wan' | string;
}
/** Checksums as Pilot 3 keeps them: `{adler32?: hex8, md5?: hex32}`. */
export interface Checksums {
    adler32?: string;
    md5?: string;
}
/** A storage protocol entry (StorageData.rprotocols / arprotocols). */
export interface Protocol {
    endpoint?: string;
    path?: string;
    flavour?: string;
    id?: number | string;
    settings?: Record<string, unknown>;
}
/**
 * The FileSpec fields the data layer reads and writes (Pilot 3's names).
 * `src/info`'s FileSpec has all of them.
 */
export interface TransferFile {
    filetype?: 'input' | 'output' | 'log' | string;
    type?: string;
    lfn: string;
    scope: string;
    guid?: string;
    filesize?: number;
    checksum?: Checksums;
    dataset?: string;
    ddmendpoint?: string;
    ddmendpoint_alt?: string | null;
    workdir?: string | null;
    turl?: string;
    surl?: string;
    pfn?: string;
    domain?: string;
    replicas?: Replica[] | null;
    protocols?: Protocol[] | null;
    inputddms?: string[];
    ddm_activity?: string[] | null;
    accessmode?: string;
    allow_lan?: boolean;
    allow_wan?: boolean;
    direct_access_lan?: boolean;
    direct_access_wan?: boolean;
    storage_token?: string;
    status?: string | null;
    status_code?: number;
    checkinputsize?: boolean;
    is_altstaged?: boolean | null;
    is_tar?: boolean;
    activity?: string | string[];
    protocol_id?: number | string | null;
    mtime?: number;
}
/** Queue data fields the data layer uses (QueueData, Pilot 3 names). */
export interface QueueDataLike {
    name?: string | null;
    type?: string | null;
    acopytools?: Record<string, string[]> | null;
    acopytools_schemas?: Record<string, string[] | Record<string, string[]>> | null;
    astorages?: Record<string, string[]> | null;
    copytools?: Record<string, {
        setup?: string;
    } | unknown> | null;
    maxwdir?: number | null;
    maxinputsize?: number | null;
    direct_access_lan?: boolean | null;
    direct_access_wan?: boolean | null;
    allow_lan?: boolean | null;
    allow_wan?: boolean | null;
    catchall?: string | null;
    use_pcache?: boolean | null;
    params?: Record<string, unknown> | null;
    altstageout?: boolean | null;
}
/** Storage (DDM endpoint) fields the data layer uses (StorageData, Pilot 3 names). */
export interface StorageDataLike {
    name?: string | null;
    pk?: number | null;
    type?: string | null;
    token?: string | null;
    is_deterministic?: boolean | null;
    rprotocols?: Record<string, Protocol> | null;
    arprotocols?: Record<string, Protocol[]> | null;
    resource?: Record<string, unknown> | null;
}
/**
 * What the clients need from an InfoService: queuedata and the storage map.
 * Either method name is accepted so src/info may use Pilot 3's or camelCase naming.
 */
export interface InfoServiceLike {
    queuedata?: QueueDataLike | null;
    resolveStorageData?: (ddms?: string[] | string) => unknown;
    resolve_storage_data?: (ddms?: string[] | string) => unknown;
    storages_info?: Record<string, StorageDataLike>;
    storagesInfo?: Record<string, StorageDataLike>;
}
