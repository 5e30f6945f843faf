/**
 * The jobMetrics string: space-separated `key=value` pairs with Pilot 3's keys and order
 * (pilot/user/atlas/jobmetrics.py), an entry only when its value is set, trimmed, and at most
 * 500 characters (cut at 500, then the possibly partial last word dropped, as Pilot 3).
 *
 * Pilot 3's generic user sends no jobMetrics at all (its hook raises NotImplementedError); we send
 * the same keys the ATLAS user does whenever we know their values, because the memory monitor's
 * leak fit and the work-dir size are useful for every experiment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
/** Maximum length the server accepts. */
export const JOB_METRICS_MAX = 500;
/** Join entries as Pilot 3 does (skip empty values) and apply the 500-character bound. */
export function formatJobMetrics(entries, max = JOB_METRICS_MAX) {
    let s = '';
    for (const [k, v] of entries) {
        if (v === undefined || v === null || v === '')
            continue;
        s += `${k}=${v} `;
    }
    s = s.trim();
    if (s.length > max) {
        const words = s.slice(0, max).split(' ');
        words.pop();
        s = words.join(' ');
    }
    return s;
}
const FINAL = new Set(['finished', 'failed', 'holding']);
/** The jobMetrics string for the given values, keys in Pilot 3's order. */
export function buildJobMetrics(m) {
    const entries = [
        ['actualCoreCount', m.actualCoreCount || undefined],
        ['nEvents', m.nEvents && m.nEvents > 0 ? m.nEvents : undefined],
        ['nEventsW', m.nEventsW && m.nEventsW > 0 ? m.nEventsW : undefined],
        ['dbTime', m.dbTime],
        ['dbData', m.dbData],
        ['resimevents', m.resimevents],
        ['workDirSize', m.state && FINAL.has(m.state) && m.workDirSize && m.workDirSize > 0 ? m.workDirSize : undefined],
        ['rucioTraceError', m.rucioTraceError && m.rucioTraceError !== '0' ? m.rucioTraceError : undefined],
        ['hs06', m.hs06],
        ['leak', m.leak],
        ['chi2', m.chi2],
        ['intersect', m.intersect],
        ['eventnumber', m.eventnumber],
    ];
    if (m.schedulerIP && m.sessionIP)
        entries.push(['schedulerIP', m.schedulerIP], ['sessionIP', m.sessionIP]);
    for (const [k, v] of Object.entries(m.extra ?? {}))
        entries.push([k, v]);
    return formatJobMetrics(entries);
}
/** Last event number from eventLoopHeartBeat.txt (" done processing event #N,"), if any. */
export async function readEventNumber(workdir) {
    let text;
    try {
        text = await readFile(join(workdir, 'eventLoopHeartBeat.txt'), 'utf8');
    }
    catch {
        return undefined;
    }
    const lines = text.trimEnd().split('\n');
    const m = / done processing event #(\d+),/.exec(lines[lines.length - 1] ?? '');
    return m ? Number(m[1]) : undefined;
}
/** Rucio trace error: env RUCIO_TRACE_ERROR, else the content of rucio_trace_error.txt ("0" when none). */
export async function readRucioTraceError(workdir, env = process.env) {
    const v = env.RUCIO_TRACE_ERROR ?? '0';
    if (v !== '0')
        return v;
    try {
        return (await readFile(join(workdir, 'rucio_trace_error.txt'), 'utf8')).trim() || '0';
    }
    catch {
        return '0';
    }
}
//# sourceMappingURL=jobmetrics.js.map