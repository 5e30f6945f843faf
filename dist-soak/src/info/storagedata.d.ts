/**
 * StorageData: one DDM endpoint (RSE) description from CRIC's ddmendpoints JSON, with Pilot 3's
 * field names (pilot/info/storagedata.py): external `id` → `pk`.
 */
import { type RawRecord } from './clean.js';
import type { StorageProtocol } from './filespec.js';
/** Typed, cleaned DDM endpoint description. */
export declare class StorageData {
    /** Storage id (external `id`). */
    pk: number;
    name: string;
    /** e.g. DATADISK, SCRATCHDISK, LOCALGROUPDISK, OS_ES, OS_LOGS. */
    type: string;
    /** Space token (used by lsm). */
    token: string;
    is_deterministic: boolean | null;
    state: string | null;
    site: string | null;
    /** Protocol id (string) → protocol. */
    rprotocols: Record<string, StorageProtocol>;
    /** Activity (read_lan, write_wan, ...) → ordered protocols. */
    arprotocols: Record<string, StorageProtocol[]>;
    /** May contain bucket_id. */
    resource: RawRecord | null;
    copytools: RawRecord | null;
    acopytools: RawRecord | null;
    astorages: RawRecord | null;
    /**
     * Cache for the object-store key setup prefix (Pilot 3's get_special_setup). Quirk 4: Pilot 3
     * declares it on the class, so all endpoints share it; here each instance has its own.
     */
    special_setup: Record<string, string>;
    /** The external record this was built from. */
    readonly raw: RawRecord;
    constructor(data: RawRecord);
    /** Protocols for the first activity (in order) that has any; [] when none. */
    protocolsFor(activities: string | string[]): StorageProtocol[];
    /**
     * The shell prefix exporting S3 keys for an object-store protocol (Pilot 3's get_special_setup):
     * the protocol's `settings` name the keys, `getKeyPair` (PandaClient.getKeyPair) fetches them.
     * Undefined when the protocol is not an object-store one with key settings or the server says no.
     * Values are single-quoted for the shell; the result holds secrets: never log it.
     */
    get_special_setup(protocolId: number | string | null | undefined, getKeyPair: (data: {
        privateKeyName: string;
        publicKeyName: string;
    }) => Promise<Record<string, unknown>>): Promise<string | undefined>;
    /** True for object-store endpoints (event service / logs). */
    isObjectStore(): boolean;
}
