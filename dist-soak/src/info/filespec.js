/**
 * FileSpec: one input, output or log file of a job, with Pilot 3's attribute names
 * (pilot/info/filespec.py), so the data layer, the copytools and the server updates speak the
 * same vocabulary as Pilot 3's.
 *
 * Built as `new FileSpec({type: 'input', scope, lfn, workdir, ddmendpoint})`; `type` and Pilot 3's
 * `filetype` keyword are both accepted (Pilot 3 silently ignored `type=`, which only worked because
 * `input` is the default). Unknown keys are ignored, as in Pilot 3.
 */
import { errors } from '../common/errors.js';
import { parseChecksum, validateChecksumObject } from './checksum.js';
import { cleanBool, cleanInt, cleanStr } from './clean.js';
import { unsafePathReason } from './safety.js';
/** Schemas Pilot 3 accepts for a direct-access turl when none are given. */
export const DEFAULT_DIRECTACCESS_SCHEMAS = ['root', 'dcache', 'dcap', 'file', 'https'];
/** One file of a job (Pilot 3's FileSpec). */
export class FileSpec {
    lfn = '';
    guid = '';
    /** Bytes. */
    filesize = 0;
    /** Catalogue checksum(s), e.g. `{adler32: '1a2b3c4d'}`. */
    checksum = {};
    scope = '';
    dataset = '';
    /** DDM endpoint (RSE): source for inputs, destination for outputs. */
    ddmendpoint = '';
    /** `direct` or `copy` (set from the job for inputs). */
    accessmode = '';
    allow_lan = true;
    allow_wan = false;
    direct_access_lan = false;
    direct_access_wan = false;
    /** PanDA prodDBlockToken: `local`, `<storage id>` or `<id>/<path convention>`. */
    storage_token = '';
    filetype = 'input';
    /** Resolved replicas; null = not looked up yet. */
    replicas = null;
    /** Protocols resolved for the requested activity. */
    protocols = null;
    surl = '';
    /** The URL actually used for the transfer. */
    turl = '';
    /** `lan` or `wan` (domain of the chosen replica). */
    domain = '';
    mtime = 0;
    status = null;
    status_code = 0;
    /** Endpoints considered LAN for inputs. */
    inputddms = [];
    /** File-specific directory: destination for stage-in, source for stage-out. */
    workdir = null;
    protocol_id = null;
    is_tar = false;
    /** Activities used to pick protocols, e.g. ['read_lan', 'read_wan']. */
    ddm_activity = null;
    checkinputsize = true;
    is_altstaged = null;
    /** Set at runtime by the stage-out client (alternative destination). */
    ddmendpoint_alt;
    /** Set at runtime by callers. */
    activity;
    pfn;
    constructor(init = {}) {
        const d = init;
        const type = cleanStr(d.filetype ?? d.type, 'input');
        if (type !== 'input' && type !== 'output' && type !== 'log') {
            throw errors.INTERNALPILOTPROBLEM(`unknown file type '${type}' (expected input, output or log)`);
        }
        this.filetype = type;
        this.lfn = cleanStr(d.lfn, this.lfn);
        this.guid = cleanStr(d.guid, this.guid);
        this.filesize = cleanInt(d.filesize, this.filesize);
        this.scope = cleanStr(d.scope, this.scope);
        this.dataset = cleanStr(d.dataset, this.dataset);
        this.ddmendpoint = cleanStr(d.ddmendpoint, this.ddmendpoint);
        this.accessmode = cleanStr(d.accessmode, this.accessmode);
        this.allow_lan = cleanBool(d.allow_lan, this.allow_lan);
        this.allow_wan = cleanBool(d.allow_wan, this.allow_wan);
        this.direct_access_lan = cleanBool(d.direct_access_lan, this.direct_access_lan);
        this.direct_access_wan = cleanBool(d.direct_access_wan, this.direct_access_wan);
        this.storage_token = cleanStr(d.storage_token, this.storage_token);
        this.surl = cleanStr(d.surl, this.surl);
        this.turl = cleanStr(d.turl, this.turl);
        this.domain = cleanStr(d.domain, this.domain);
        this.mtime = cleanInt(d.mtime, this.mtime);
        this.status = d.status === undefined || d.status === null ? null : cleanStr(d.status, '');
        this.status_code = cleanInt(d.status_code, this.status_code);
        this.workdir = cleanStr(d.workdir, this.workdir);
        this.checkinputsize = cleanBool(d.checkinputsize, this.checkinputsize);
        if (Array.isArray(d.replicas))
            this.replicas = d.replicas;
        if (Array.isArray(d.protocols))
            this.protocols = d.protocols;
        // Quirk 3 (list fields given as strings become character lists in Pilot 3): we split on ','.
        if (d.inputddms !== undefined && d.inputddms !== null)
            this.inputddms = listOf(d.inputddms);
        if (d.ddm_activity !== undefined && d.ddm_activity !== null)
            this.ddm_activity = listOf(d.ddm_activity);
        if (typeof d.protocol_id === 'number' || typeof d.protocol_id === 'string')
            this.protocol_id = d.protocol_id;
        if (typeof d.is_tar === 'boolean')
            this.is_tar = d.is_tar;
        if (typeof d.is_altstaged === 'boolean')
            this.is_altstaged = d.is_altstaged;
        if (typeof d.ddmendpoint_alt === 'string')
            this.ddmendpoint_alt = d.ddmendpoint_alt;
        if (typeof d.activity === 'string' || Array.isArray(d.activity))
            this.activity = d.activity;
        if (typeof d.pfn === 'string')
            this.pfn = d.pfn;
        const ck = d.checksum;
        if (typeof ck === 'string')
            this.checksum = parseChecksum(ck);
        else if (ck && typeof ck === 'object')
            this.checksum = validateChecksumObject(ck);
        // Pilot 3's clean(): zip:// marks a file inside a tar; gs:// carries the source URL.
        if (this.lfn.startsWith('zip://')) {
            this.lfn = this.lfn.slice('zip://'.length);
            this.is_tar = true;
        }
        else if (this.lfn.startsWith('gs://')) {
            this.surl = this.lfn;
            this.lfn = this.lfn.slice(this.lfn.lastIndexOf('/') + 1);
        }
        this.checkNames();
    }
    /**
     * Reject LFNs and scopes that could escape the work directory or reach a shell (see safety.ts).
     * Code: BADOUTPUTFILENAME (1371) for output/log files (Pilot 3's code for illegal output names),
     * STAGEINFAILED (1099) for inputs (such a file cannot be staged in safely).
     */
    checkNames() {
        const fail = (reason) => this.filetype === 'input' ? errors.STAGEINFAILED(`unsafe input file: ${reason}`) : errors.BADOUTPUTFILENAME(`unsafe ${this.filetype} file: ${reason}`);
        if (this.lfn) {
            const r = unsafePathReason(this.lfn, 'LFN');
            if (r)
                throw fail(r);
        }
        if (this.scope) {
            const r = unsafePathReason(this.scope, 'scope', false);
            if (r)
                throw fail(r);
        }
    }
    /** The catalogue checksum of one type ('adler32' or 'md5'), or undefined. */
    get_checksum(type = 'adler32') {
        return this.checksum[type] || undefined;
    }
    /**
     * Can the payload read this input directly (remote I/O)? Never for tarballs, lib archives and
     * RAW files; otherwise when accessmode is `direct`, and (with ensureReplica) the turl uses one
     * of the allowed schemas.
     */
    is_directaccess(ensureReplica = true, allowedReplicaSchemas) {
        const name = this.lfn.toLowerCase();
        if (['.tar.gz', '.lib.tgz', '.raw.'].some((p) => name.includes(p)) || name.startsWith('raw.'))
            return false;
        let direct = this.accessmode === 'direct';
        if (ensureReplica) {
            const schemas = allowedReplicaSchemas && allowedReplicaSchemas.length ? allowedReplicaSchemas : DEFAULT_DIRECTACCESS_SCHEMAS;
            if (!this.turl || !schemas.some((s) => this.turl.startsWith(`${s}://`)))
                direct = false;
        }
        return direct;
    }
    /** Storage id and path convention from storage_token: "12/1000" → [12, 1000], "12" → [12, null]. */
    get_storage_id_and_path_convention() {
        const t = this.storage_token;
        const two = /^(\d+)\/(\d+)$/.exec(t);
        if (two)
            return [Number(two[1]), Number(two[2])];
        if (/^\d+$/.test(t))
            return [Number(t), null];
        return [null, null];
    }
    /** True unless the file was transferred, is read remotely, or needs no transfer. */
    require_transfer() {
        return !['remote_io', 'transferred', 'no_transfer'].includes(this.status ?? '');
    }
    /** Plain-object form (for JSON status files and logs). */
    toJSON() {
        return { ...this };
    }
}
function listOf(v) {
    if (Array.isArray(v))
        return v.map(String);
    const s = String(v);
    return s === '' ? [] : s.split(',');
}
//# sourceMappingURL=filespec.js.map