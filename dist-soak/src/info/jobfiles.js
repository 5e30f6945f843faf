/**
 * Building a job's FileSpecs from the job description's comma-separated per-file lists
 * (Pilot 3's JobData.prepare_infiles / prepare_outfiles, server-protocol.md §4.2).
 *
 * Alignment decisions (Pilot 3 pads a short list with None and silently uses 0 for a bad size,
 * which fails much later, after transfers, with a misleading error):
 * - A per-file list that is absent or empty means "not given" (the URL-encoded answer drops empty
 *   values, and the server sends "" when it cannot resolve endpoints). A list that is present must
 *   have one entry per file, else NOTSAMELENGTH (1312): the server built every list in one loop,
 *   so a different length means a corrupted description.
 * - `scopeOut` holds the outputs' scopes only (the log's is `scopeLog`); a count different from the
 *   number of non-log outputs is NOTSAMELENGTH too (Pilot 3 raises a bare Exception when it runs out).
 * - A file size that is not a non-negative integer ("", NULL, None mean unknown → 0) is
 *   CONVERSIONFAILURE (1302).
 * - Checksums: see checksum.ts (UNKNOWNCHECKSUMTYPE 1314). LFNs/scopes: see FileSpec (1099/1371).
 * `reqID` is listed among Pilot 3's input keys but is a job-level number: not checked for length.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../common/errors.js';
import { isNullish } from './checksum.js';
import { splitList } from './clean.js';
import { FileSpec } from './filespec.js';
/** FileSpec attribute → job description key for inputs (Pilot 3's get_kmap). */
export const INPUT_KMAP = {
    lfn: 'inFiles',
    dataset: 'realDatasetsIn',
    guid: 'GUID',
    filesize: 'fsize',
    checksum: 'checksum',
    scope: 'scopeIn',
    storage_token: 'prodDBlockToken',
    ddmendpoint: 'ddmEndPointIn',
};
/** FileSpec attribute → job description key for outputs and the log. */
export const OUTPUT_KMAP = {
    lfn: 'outFiles',
    dataset: 'realDatasets',
    scope: 'scopeOut',
    ddmendpoint: 'ddmEndPointOut',
};
function checkLength(name, list, n, what) {
    if (list.length && list.length !== n) {
        throw errors.NOTSAMELENGTH(`job description field ${name} has ${list.length} entries but ${what} has ${n}`);
    }
}
function fileSize(raw, lfn) {
    if (raw === undefined || isNullish(raw))
        return 0;
    const s = raw.trim();
    if (!/^\d+$/.test(s))
        throw errors.CONVERSIONFAILURE(`file size '${raw}' of ${lfn} is not a non-negative integer`);
    return Number(s);
}
/** Input FileSpecs: one per distinct non-NULL LFN of inFiles, other lists aligned by position. */
export function prepareInfiles(data, ctx) {
    const src = Object.fromEntries(Object.entries(INPUT_KMAP).map(([attr, key]) => [attr, splitList(data[key])]));
    const n = src.lfn.length;
    for (const [attr, key] of Object.entries(INPUT_KMAP))
        if (attr !== 'lfn')
            checkLength(key, src[attr], n, 'inFiles');
    const qd = ctx.queuedata;
    const out = [];
    const seen = new Set();
    src.lfn.forEach((lfn, i) => {
        if (lfn === '' || lfn === 'NULL' || seen.has(lfn))
            return;
        seen.add(lfn);
        const at = (a) => src[a][i];
        const token = at('storage_token');
        let accessmode = ctx.directByDefault && token !== 'local' ? 'direct' : 'copy';
        if (ctx.accessmode)
            accessmode = ctx.accessmode;
        const access = qd
            ? {
                allow_lan: qd.allow_lan,
                // queues may allow WAN reads for build-job lib archives only
                allow_wan: qd.allow_wan || (qd.catchall.includes('allow_wan_for_lib') && lfn.includes('.lib.')),
                direct_access_lan: qd.direct_access_lan,
                direct_access_wan: qd.direct_access_wan,
            }
            : {};
        out.push(new FileSpec({
            type: 'input',
            lfn,
            dataset: at('dataset'),
            guid: at('guid'),
            filesize: fileSize(at('filesize'), lfn),
            checksum: at('checksum') ?? null,
            scope: at('scope'),
            storage_token: token,
            ddmendpoint: at('ddmendpoint'),
            accessmode,
            ...access,
        }));
    });
    return out;
}
/**
 * Output and log FileSpecs from outFiles (the log is the entry equal to logFile). With env
 * PILOT_LOGFILE set, the log is renamed (Pilot 3: raythena and aborted pilots).
 */
export function prepareOutfiles(data, env = process.env) {
    const src = Object.fromEntries(Object.entries(OUTPUT_KMAP).map(([attr, key]) => [attr, splitList(data[key])]));
    let logLfn = typeof data.logFile === 'string' ? data.logFile : '';
    const pilotLogfile = env.PILOT_LOGFILE;
    if (pilotLogfile) {
        if (logLfn)
            src.lfn = src.lfn.map((l) => (l === logLfn ? pilotLogfile : l));
        logLfn = pilotLogfile;
    }
    const n = src.lfn.length;
    checkLength('realDatasets', src.dataset, n, 'outFiles');
    checkLength('ddmEndPointOut', src.ddmendpoint, n, 'outFiles');
    // scopeOut lacks the log: rebuild a list aligned with outFiles.
    const nonLog = src.lfn.filter((l) => !logLfn || l !== logLfn).length;
    if (src.scope.length !== nonLog && (src.scope.length || nonLog)) {
        throw errors.NOTSAMELENGTH(`job description field scopeOut has ${src.scope.length} entries but outFiles has ${nonLog} non-log files`);
    }
    const scopeLog = data.scopeLog === null || data.scopeLog === undefined ? '' : String(data.scopeLog);
    const scopes = [...src.scope];
    const alignedScopes = src.lfn.map((l) => (logLfn && l === logLfn ? scopeLog : scopes.shift() ?? ''));
    const outdata = [];
    const logdata = [];
    const seen = new Set();
    src.lfn.forEach((lfn, i) => {
        if (lfn === '' || lfn === 'NULL' || seen.has(lfn))
            return;
        seen.add(lfn);
        const isLog = !!logLfn && lfn === logLfn;
        // build jobs: the lib archive gets a fresh GUID (Pilot 3's get_guid is upper-case)
        const guid = isLog ? data.logGUID : lfn.endsWith('.lib.tgz') ? randomUUID().toUpperCase() : undefined;
        const spec = new FileSpec({
            type: isLog ? 'log' : 'output',
            lfn,
            dataset: src.dataset[i],
            scope: alignedScopes[i],
            ddmendpoint: src.ddmendpoint[i],
            guid: guid === undefined || guid === null ? undefined : String(guid),
        });
        (isLog ? logdata : outdata).push(spec);
    });
    return { outdata, logdata };
}
//# sourceMappingURL=jobfiles.js.map