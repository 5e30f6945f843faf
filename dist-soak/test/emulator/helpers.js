/**
 * Test helpers: the two ways Pilot 3 talks to the server (request2: gzip JSON without Accept;
 * curl: form body with Accept: application/json) and a decoder for urlencoded answers that
 * behaves like Python's parse_qs (blank values dropped).
 */
import { gzipSync } from 'node:zlib';
/** POST gzip-compressed JSON to /server/panda/<method> like request2 (no Accept, no Content-Encoding). */
export async function postJson(base, method, data, headers = {}) {
    const res = await fetch(`${base}/server/panda/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: gzipSync(Buffer.from(JSON.stringify(data))),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
/** POST a form like the pilot's curl client (Accept: application/json). */
export async function postForm(base, method, data, accept = 'application/json') {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (accept)
        headers.Accept = accept;
    const res = await fetch(`${base}/server/panda/${method}`, { method: 'POST', headers, body: new URLSearchParams(data).toString() });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
/** Python parse_qs + single-value unwrap (what request2 does with urlencoded answers). */
export function parseQs(text) {
    const out = {};
    for (const [k, v] of new URLSearchParams(text)) {
        if (v === '')
            continue;
        if (k in out)
            out[k] = [].concat(out[k], v);
        else
            out[k] = v;
    }
    return out;
}
/** A settable clock for store timeouts. */
export function fakeClock(start = Date.UTC(2026, 2, 10, 12, 0, 0)) {
    let t = start;
    return { now: () => t, advance: (s) => void (t += s * 1000) };
}
/** Friendly job definition used across tests. */
export function sampleJob(extra = {}) {
    return {
        queue: 'TESTQ',
        transformation: 'run.sh',
        jobPars: '--events 10',
        taskID: 37000099,
        attemptNr: 1,
        inFiles: [
            { lfn: 'RAW._000042.data', scope: 'data23', size: 2147483648, checksum: 'ad:1a2b3c4d', guid: 'G1' },
            { lfn: 'RAW._000043.data', scope: 'data23', size: 2046820352, checksum: 'ad:5e6f7a8b', guid: 'G2', ddm: 'OTHER_DISK' },
        ],
        outFiles: [{ lfn: 'AOD._000042.pool.root.1', scope: 'mc23' }],
        logFile: { lfn: 'log._000042.job.log.tgz.1', scope: 'logs', guid: 'LOGGUID' },
        ...extra,
    };
}
/** A valid xml file report for a job's outputs and log. */
export function xmlFor(lfns) {
    return JSON.stringify(Object.fromEntries(lfns.map((l, i) => [l, { guid: `guid-${i}`, fsize: 100 + i, adler32: '0a1b2c3d', surl: `file:///x/${l}`, endpoint: 'TESTQ_LOCAL' }])));
}
//# sourceMappingURL=helpers.js.map