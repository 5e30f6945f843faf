/**
 * FileSpec: one input, output or log file of a job, with Pilot 3's attribute names
 * (pilot/info/filespec.py), so the data layer, the copytools and the server updates speak the
 * same vocabulary as Pilot 3's.
 *
 * Built as `new FileSpec({type: 'input', scope, lfn, workdir, ddmendpoint})`; `type` and Pilot 3's
 * `filetype` keyword are both accepted (Pilot 3 silently ignored `type=`, which only worked because
 * `input` is the default). Unknown keys are ignored, as in Pilot 3.
 */
import { errors, PilotError } from '../common/errors.js';
import { type Checksum, catalogueChecksum, validateChecksumObject } from './checksum.js';
import { type RawRecord } from './clean.js';
import { cleanBoolean, cleanNumeric, cleanString, pyStr } from './pybase.js';
import { unsafePathReason } from './safety.js';

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
export const DEFAULT_DIRECTACCESS_SCHEMAS = ['root', 'dcache', 'dcap', 'file', 'https'];

/** One file of a job (Pilot 3's FileSpec). */
export class FileSpec {
  lfn = '';
  guid = '';
  /** Bytes. */
  filesize = 0;
  /** Catalogue checksum(s), e.g. `{adler32: '1a2b3c4d'}`. */
  checksum: Checksum = {};
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
  filetype: FileType = 'input';
  /** Resolved replicas; null = not looked up yet. */
  replicas: Replica[] | null = null;
  /** Protocols resolved for the requested activity. */
  protocols: StorageProtocol[] | null = null;
  surl = '';
  /** The URL actually used for the transfer. */
  turl = '';
  /** `lan` or `wan` (domain of the chosen replica). */
  domain = '';
  mtime = 0;
  status: FileStatus | null = null;
  status_code = 0;
  /** Endpoints considered LAN for inputs. */
  inputddms: string[] = [];
  /** File-specific directory: destination for stage-in, source for stage-out. */
  workdir: string | null = null;
  protocol_id: number | string | null = null;
  is_tar = false;
  /** Activities used to pick protocols, e.g. ['read_lan', 'read_wan']. */
  ddm_activity: string[] | null = null;
  checkinputsize = true;
  is_altstaged: boolean | null = null;
  /** Set at runtime by the stage-out client (alternative destination). */
  ddmendpoint_alt?: string;
  /** Set at runtime by callers. */
  activity?: string | string[];
  pfn?: string;

  constructor(init: FileSpecInit = {}) {
    const d = init as RawRecord;
    const type = cleanString(d.filetype ?? d.type, 'input');
    if (type !== 'input' && type !== 'output' && type !== 'log') {
      throw errors.INTERNALPILOTPROBLEM(`unknown file type '${type}' (expected input, output or log)`);
    }
    // Pilot 3's BaseData rules for every loaded attribute (pybase.ts)
    this.filetype = type;
    this.lfn = cleanString(d.lfn, this.lfn);
    this.guid = cleanString(d.guid, this.guid);
    this.filesize = cleanNumeric(d.filesize, this.filesize);
    this.scope = cleanString(d.scope, this.scope);
    this.dataset = cleanString(d.dataset, this.dataset);
    this.ddmendpoint = cleanString(d.ddmendpoint, this.ddmendpoint);
    this.accessmode = cleanString(d.accessmode, this.accessmode);
    this.allow_lan = cleanBoolean(d.allow_lan, this.allow_lan);
    this.allow_wan = cleanBoolean(d.allow_wan, this.allow_wan);
    this.direct_access_lan = cleanBoolean(d.direct_access_lan, this.direct_access_lan);
    this.direct_access_wan = cleanBoolean(d.direct_access_wan, this.direct_access_wan);
    this.storage_token = cleanString(d.storage_token, this.storage_token);
    this.surl = cleanString(d.surl, this.surl);
    this.turl = cleanString(d.turl, this.turl);
    this.domain = cleanString(d.domain, this.domain);
    this.mtime = cleanNumeric(d.mtime, this.mtime);
    this.status = cleanString(d.status, null);
    this.status_code = cleanNumeric(d.status_code, this.status_code);
    this.workdir = cleanString(d.workdir, this.workdir);
    this.checkinputsize = cleanBoolean(d.checkinputsize, this.checkinputsize);
    if (Array.isArray(d.replicas)) this.replicas = d.replicas as Replica[];
    if (Array.isArray(d.protocols)) this.protocols = d.protocols as StorageProtocol[];
    // Quirk 3 (list fields given as strings become character lists in Pilot 3): we split on ','.
    if (d.inputddms !== undefined && d.inputddms !== null) this.inputddms = listOf(d.inputddms);
    if (d.ddm_activity !== undefined && d.ddm_activity !== null) this.ddm_activity = listOf(d.ddm_activity);
    if (typeof d.protocol_id === 'number' || typeof d.protocol_id === 'string') this.protocol_id = d.protocol_id;
    if (typeof d.is_tar === 'boolean') this.is_tar = d.is_tar;
    if (typeof d.is_altstaged === 'boolean') this.is_altstaged = d.is_altstaged;
    if (typeof d.ddmendpoint_alt === 'string') this.ddmendpoint_alt = d.ddmendpoint_alt;
    if (typeof d.activity === 'string' || Array.isArray(d.activity)) this.activity = d.activity as string | string[];
    if (typeof d.pfn === 'string') this.pfn = d.pfn;

    const ck = d.checksum;
    if (typeof ck === 'string') this.checksum = catalogueChecksum(ck);
    else if (ck && typeof ck === 'object') this.checksum = validateChecksumObject(ck as RawRecord);

    // Pilot 3's clean(): zip:// marks a file inside a tar; gs:// carries the source URL.
    if (this.lfn.startsWith('zip://')) {
      this.lfn = this.lfn.replaceAll('zip://', '');
      this.is_tar = true;
    } else if (this.lfn.startsWith('gs://')) {
      this.surl = this.lfn;
      this.lfn = this.lfn.slice(this.lfn.lastIndexOf('/') + 1);
    }
    this.checkNames();
  }

  /**
   * A FileSpec from the values of a job description's per-file lists (JSON values of any type):
   * a checksum that is not a string is read as Python's str() of it, as Pilot 3 does.
   */
  static fromDescription(init: RawRecord): FileSpec {
    const ck = init.checksum;
    return new FileSpec({ ...init, checksum: ck === null || ck === undefined || typeof ck === 'string' ? (ck as string | null | undefined) : pyStr(ck) } as FileSpecInit);
  }

  /**
   * Reject LFNs and scopes that could escape the work directory or reach a shell (see safety.ts).
   * Code: BADOUTPUTFILENAME (1371) for output/log files (Pilot 3's code for illegal output names),
   * STAGEINFAILED (1099) for inputs (such a file cannot be staged in safely).
   */
  private checkNames(): void {
    const fail = (reason: string): PilotError =>
      this.filetype === 'input' ? errors.STAGEINFAILED(`unsafe input file: ${reason}`) : errors.BADOUTPUTFILENAME(`unsafe ${this.filetype} file: ${reason}`);
    if (this.lfn) {
      const r = unsafePathReason(this.lfn, 'LFN');
      if (r) throw fail(r);
    }
    if (this.scope) {
      const r = unsafePathReason(this.scope, 'scope', false);
      if (r) throw fail(r);
    }
  }

  /** The catalogue checksum of one type ('adler32' or 'md5'), or undefined. */
  get_checksum(type: keyof Checksum = 'adler32'): string | undefined {
    return this.checksum[type] || undefined;
  }

  /**
   * Can the payload read this input directly (remote I/O)? Never for tarballs, lib archives and
   * RAW files; otherwise when accessmode is `direct`, and (with ensureReplica) the turl uses one
   * of the allowed schemas.
   */
  is_directaccess(ensureReplica = true, allowedReplicaSchemas?: string[] | null): boolean {
    const name = this.lfn.toLowerCase();
    if (['.tar.gz', '.lib.tgz', '.raw.'].some((p) => name.includes(p)) || name.startsWith('raw.')) return false;
    let direct = this.accessmode === 'direct';
    if (ensureReplica) {
      const schemas = allowedReplicaSchemas && allowedReplicaSchemas.length ? allowedReplicaSchemas : DEFAULT_DIRECTACCESS_SCHEMAS;
      if (!this.turl || !schemas.some((s) => this.turl.startsWith(`${s}://`))) direct = false;
    }
    return direct;
  }

  /** Storage id and path convention from storage_token: "12/1000" → [12, 1000], "12" → [12, null]. */
  get_storage_id_and_path_convention(): [number | null, number | null] {
    const t = this.storage_token;
    const two = /^(\d+)\/(\d+)$/.exec(t);
    if (two) return [Number(two[1]), Number(two[2])];
    if (/^\d+$/.test(t)) return [Number(t), null];
    return [null, null];
  }

  /** True unless the file was transferred, is read remotely, or needs no transfer. */
  require_transfer(): boolean {
    return !['remote_io', 'transferred', 'no_transfer'].includes(this.status ?? '');
  }

  /** Plain-object form (for JSON status files and logs). */
  toJSON(): Record<string, unknown> {
    return { ...(this as unknown as Record<string, unknown>) };
  }
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  const s = String(v);
  return s === '' ? [] : s.split(',');
}
