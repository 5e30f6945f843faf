/**
 * Building a job's FileSpecs from the job description's comma-separated per-file lists, as
 * Pilot 3's JobData.prepare_infiles / prepare_outfiles do (server-protocol.md §4.2), rule for rule:
 *
 * - each list is read with clean_listdata(data.get(key, '')): a missing key is one empty entry, a
 *   null is no entry, a JSON array is taken as it is;
 * - files come from inFiles / outFiles; '' and 'NULL' entries and repeated names are skipped;
 * - every other list is read by position, and a list shorter than the file list gives the
 *   attribute's default (Pilot 3 pads with None): lists of unexpected lengths are not an error;
 * - `scopeOut` lacks the log's scope (`scopeLog`): when there is a log file, a scope list aligned
 *   with outFiles is rebuilt, and running out of scopes for a non-log entry is the one error Pilot 3
 *   raises here (a bare Exception): {@link PyRaise}, as are names Python cannot hash.
 *
 * Values are cleaned by FileSpec with Pilot 3's rules (pybase.ts); LFNs and scopes that would
 * escape the work directory are rejected there (a deliberate difference, see FileSpec).
 */
import { randomUUID } from 'node:crypto';
import { type RawRecord } from './clean.js';
import { FileSpec } from './filespec.js';
import { cleanListdata, hashKey, pyEquals, PyRaise, pyTruthy } from './pybase.js';
import type { QueueData } from './queuedata.js';

/** FileSpec attribute → job description key for inputs (Pilot 3's get_kmap, reqID left out: FileSpec ignores it). */
export const INPUT_KMAP = {
  lfn: 'inFiles',
  dataset: 'realDatasetsIn',
  guid: 'GUID',
  filesize: 'fsize',
  checksum: 'checksum',
  scope: 'scopeIn',
  storage_token: 'prodDBlockToken',
  ddmendpoint: 'ddmEndPointIn',
} as const;

/** FileSpec attribute → job description key for outputs and the log. */
export const OUTPUT_KMAP = {
  lfn: 'outFiles',
  dataset: 'realDatasets',
  scope: 'scopeOut',
  ddmendpoint: 'ddmEndPointOut',
} as const;

/** What prepareInfiles needs from the job. */
export interface InputJobContext {
  /** Analysis job (transformation is a URL) or transferType=direct → direct access by default. */
  directByDefault: boolean;
  /** `direct`/`copy` from jobPars (--accessmode, --useLocalIO), null if not set. */
  accessmode: string | null;
  queuedata?: QueueData | null;
}

const own = (d: RawRecord, k: string): unknown => (Object.prototype.hasOwnProperty.call(d, k) ? d[k] : undefined);

function lists<K extends Record<string, string>>(data: RawRecord, kmap: K): Record<keyof K, unknown[]> {
  return Object.fromEntries(Object.entries(kmap).map(([attr, key]) => [attr, cleanListdata(own(data, key))])) as Record<keyof K, unknown[]>;
}

/**
 * Call `build` for each entry of a file list Pilot 3 builds a FileSpec from: not '' or 'NULL',
 * first occurrence only, in order (so a Python exception surfaces at the entry where Pilot 3's does).
 */
function eachFile(names: unknown[], build: (i: number) => void): void {
  const seen = new Set<string>();
  names.forEach((lfn, i) => {
    const key = hashKey(lfn); // raises for unhashable entries, as `lfn in {...}` does
    if (lfn === '' || lfn === 'NULL' || seen.has(key)) return;
    seen.add(key);
    build(i);
  });
}

/** Input FileSpecs: one per distinct non-NULL LFN of inFiles, other lists aligned by position. */
export function prepareInfiles(data: RawRecord, ctx: InputJobContext): FileSpec[] {
  const src = lists(data, INPUT_KMAP);
  const qd = ctx.queuedata;
  const out: FileSpec[] = [];
  eachFile(src.lfn, (i) => {
    const at = (a: keyof typeof INPUT_KMAP): unknown => src[a][i];
    let accessmode = ctx.directByDefault && at('storage_token') !== 'local' ? 'direct' : 'copy';
    if (ctx.accessmode) accessmode = ctx.accessmode;
    const lfn = at('lfn');
    const access = qd
      ? {
          allow_lan: qd.allow_lan,
          // queues may allow WAN reads for build-job lib archives only
          allow_wan: typeof lfn === 'string' && qd.catchall.includes('allow_wan_for_lib') && lfn.includes('.lib.') ? true : qd.allow_wan,
          direct_access_lan: qd.direct_access_lan,
          direct_access_wan: qd.direct_access_wan,
        }
      : {};
    const init: RawRecord = { filetype: 'input', accessmode, ...access };
    for (const a of Object.keys(INPUT_KMAP) as Array<keyof typeof INPUT_KMAP>) init[a] = at(a);
    out.push(FileSpec.fromDescription(init));
  });
  return out;
}

/**
 * Output and log FileSpecs from outFiles (the log is the entry equal to logFile). With env
 * PILOT_LOGFILE set, the log is renamed (Pilot 3: raythena and aborted pilots).
 */
export function prepareOutfiles(data: RawRecord, env: NodeJS.ProcessEnv = process.env): { outdata: FileSpec[]; logdata: FileSpec[] } {
  const src = lists(data, OUTPUT_KMAP);
  let logLfn = own(data, 'logFile');
  const pilotLogfile = env.PILOT_LOGFILE;
  if (pilotLogfile) {
    const old = logLfn;
    if (src.lfn.length && src.lfn.some((l) => pyEquals(l, old))) src.lfn = src.lfn.map((l) => (pyEquals(l, old) ? pilotLogfile : l));
    logLfn = pilotLogfile;
  }
  const isLog = (l: unknown): boolean => pyEquals(l, logLfn);
  if (pyTruthy(logLfn)) {
    // unify scopeOut: the log's scope at the log's position, the outputs' scopes in order elsewhere
    const scopes = [...src.scope];
    src.scope = src.lfn.map((l) => {
      if (isLog(l)) return own(data, 'scopeLog');
      if (!scopes.length) throw new PyRaise('Exception', 'Failed to extract scopeOut parameter from Job structure sent by Panda, please check input format!');
      return scopes.shift();
    });
  }
  const outdata: FileSpec[] = [];
  const logdata: FileSpec[] = [];
  eachFile(src.lfn, (i) => {
    const lfn = src.lfn[i];
    const init: RawRecord = {};
    for (const a of Object.keys(OUTPUT_KMAP) as Array<keyof typeof OUTPUT_KMAP>) init[a] = src[a][i];
    if (isLog(lfn)) {
      init.filetype = 'log';
      init.guid = own(data, 'logGUID');
    } else {
      init.filetype = 'output';
      if (typeof lfn !== 'string') throw new PyRaise('AttributeError', `'${lfn === null ? 'NoneType' : typeof lfn === 'number' ? (Number.isInteger(lfn) ? 'int' : 'float') : 'bool'}' object has no attribute 'endswith'`);
      // build jobs: the lib archive gets a fresh GUID (Pilot 3's get_guid is upper-case)
      if (lfn.endsWith('.lib.tgz')) init.guid = randomUUID().toUpperCase();
    }
    (init.filetype === 'log' ? logdata : outdata).push(FileSpec.fromDescription(init));
  });
  return { outdata, logdata };
}
