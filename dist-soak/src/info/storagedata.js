/**
 * StorageData: one DDM endpoint (RSE) description from CRIC's ddmendpoints JSON, with Pilot 3's
 * field names (pilot/info/storagedata.py): external `id` → `pk`.
 */
import { cleanBool, cleanInt, cleanStr, dictField } from './clean.js';
/** Typed, cleaned DDM endpoint description. */
export class StorageData {
    /** Storage id (external `id`). */
    pk = 0;
    name = '';
    /** e.g. DATADISK, SCRATCHDISK, LOCALGROUPDISK, OS_ES, OS_LOGS. */
    type = '';
    /** Space token (used by lsm). */
    token = '';
    is_deterministic = null;
    state = null;
    site = null;
    /** Protocol id (string) → protocol. */
    rprotocols = {};
    /** Activity (read_lan, write_wan, ...) → ordered protocols. */
    arprotocols = {};
    /** May contain bucket_id. */
    resource = null;
    copytools = null;
    acopytools = null;
    astorages = null;
    /**
     * Cache for the object-store key setup prefix (Pilot 3's get_special_setup). Quirk 4: Pilot 3
     * declares it on the class, so all endpoints share it; here each instance has its own.
     */
    special_setup = {};
    /** The external record this was built from. */
    raw;
    constructor(data) {
        this.raw = data;
        const dict = (key, def) => dictField(data, key, def, `storage data of ${String(data.name)}: field`);
        this.pk = cleanInt(data.id, this.pk);
        this.name = cleanStr(data.name, this.name);
        this.type = cleanStr(data.type, this.type);
        this.token = cleanStr(data.token, this.token);
        this.is_deterministic = cleanBool(data.is_deterministic, this.is_deterministic);
        this.state = cleanStr(data.state, this.state);
        this.site = cleanStr(data.site, this.site);
        this.rprotocols = dict('rprotocols', this.rprotocols) ?? {};
        this.arprotocols = dict('arprotocols', this.arprotocols) ?? {};
        this.resource = dict('resource', this.resource);
        this.copytools = dict('copytools', this.copytools);
        this.acopytools = dict('acopytools', this.acopytools);
        this.astorages = dict('astorages', this.astorages);
    }
    /** Protocols for the first activity (in order) that has any; [] when none. */
    protocolsFor(activities) {
        for (const a of typeof activities === 'string' ? [activities] : activities) {
            const p = this.arprotocols[a];
            if (Array.isArray(p) && p.length)
                return p;
        }
        return [];
    }
    /**
     * The shell prefix exporting S3 keys for an object-store protocol (Pilot 3's get_special_setup):
     * the protocol's `settings` name the keys, `getKeyPair` (PandaClient.getKeyPair) fetches them.
     * Undefined when the protocol is not an object-store one with key settings or the server says no.
     * Values are single-quoted for the shell; the result holds secrets: never log it.
     */
    async get_special_setup(protocolId, getKeyPair) {
        const key = String(protocolId ?? '');
        if (this.special_setup[key])
            return this.special_setup[key];
        const settings = this.rprotocols[key]?.settings;
        if (!this.isObjectStore() || !settings)
            return undefined;
        const { access_key: accessKey, secret_key: secretKey, is_secure: isSecure } = settings;
        if (!accessKey || !secretKey || isSecure === undefined || isSecure === null)
            return undefined;
        let res;
        try {
            res = await getKeyPair({ privateKeyName: String(secretKey), publicKeyName: String(accessKey) });
        }
        catch {
            return undefined;
        }
        if (Number(res.StatusCode) !== 0 || typeof res.publicKey !== 'string' || typeof res.privateKey !== 'string')
            return undefined;
        const q = (v) => `'${v.replaceAll("'", `'"'"'`)}'`;
        const secure = typeof isSecure === 'boolean' ? (isSecure ? 'True' : 'False') : String(isSecure);
        const setup = `export S3_ACCESS_KEY=${q(res.publicKey)}; export S3_SECRET_KEY=${q(res.privateKey)}; export S3_IS_SECURE=${q(secure)};`;
        this.special_setup[key] = setup;
        return setup;
    }
    /** True for object-store endpoints (event service / logs). */
    isObjectStore() {
        return this.type === 'OS_ES' || this.type === 'OS_LOGS';
    }
}
//# sourceMappingURL=storagedata.js.map