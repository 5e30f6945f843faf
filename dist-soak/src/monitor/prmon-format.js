/** prmon's text columns, in the order of the reference file. */
export const PRMON_COLUMNS = [
    'Time', 'nprocs', 'nthreads', 'wtime', 'stime', 'utime', 'pss', 'rss', 'swap', 'vmem',
    'rchar', 'read_bytes', 'wchar', 'write_bytes', 'rx_bytes', 'rx_packets', 'tx_bytes', 'tx_packets',
];
/** Version string we write under "prmon" so readers can tell our files from prmon's. */
export const BUILTIN_VERSION = 'panda-pilot-builtin';
const MEMORY_KEYS = ['pss', 'rss', 'swap', 'vmem'];
const COUNT_KEYS = ['nprocs', 'nthreads'];
const IO_KEYS = ['rchar', 'read_bytes', 'wchar', 'write_bytes'];
const NET_KEYS = ['rx_bytes', 'rx_packets', 'tx_bytes', 'tx_packets'];
/** prmon keeps three decimals in averages (whole numbers above 1000). */
export function prmonAverage(v) {
    const int = Math.trunc(v);
    const frac = v - int;
    if (int > 1000 || frac === 0)
        return int;
    return int + Math.trunc(frac * 1000) / 1000;
}
/**
 * Turns snapshots into prmon rows and keeps prmon's running statistics.
 * Feed it with {@link add}; read {@link rows} and {@link summary}.
 */
export class PrmonAccumulator {
    version;
    rows = [];
    motherStart;
    ioMax = {};
    peak = {};
    total = {};
    wallSeconds = 0;
    netStart;
    constructor(version = BUILTIN_VERSION) {
        this.version = version;
    }
    /** Add one sample; returns the row (undefined when the tree is empty: prmon stops sampling then). */
    add(snap, net) {
        // Nothing alive (or only zombies, which carry no memory): no row, so fits see no fake drop to 0.
        if (snap.procs.length === 0 || snap.procs.every((p) => p.state === 'Z'))
            return undefined;
        const t = snap.totals;
        // wtime is measured from the start of the first (mother) process, as prmon's wallmon does.
        if (this.motherStart === undefined)
            this.motherStart = Math.min(...snap.procs.map((p) => p.start));
        this.wallSeconds = Math.max(snap.uptime - this.motherStart, 0);
        if (net && !this.netStart)
            this.netStart = net;
        const row = { Time: Math.floor(snap.time / 1000) };
        row.nprocs = t.nprocs;
        row.nthreads = t.nthreads;
        row.wtime = Math.floor(this.wallSeconds);
        row.stime = Math.floor(t.stime);
        row.utime = Math.floor(t.utime);
        for (const k of MEMORY_KEYS)
            row[k] = t[k];
        // I/O counters of exited processes disappear from /proc: prmon never lets a counter drop.
        for (const k of IO_KEYS)
            row[k] = this.ioMax[k] = Math.max(this.ioMax[k] ?? 0, t[k]);
        for (const k of NET_KEYS)
            row[k] = net && this.netStart ? Math.max(net[k] - this.netStart[k], 0) : 0;
        for (const k of [...MEMORY_KEYS, ...COUNT_KEYS]) {
            this.peak[k] = Math.max(this.peak[k] ?? 0, row[k]);
            this.total[k] = (this.total[k] ?? 0) + row[k];
        }
        this.rows.push(row);
        return row;
    }
    /** The latest row, if any. */
    get last() {
        return this.rows[this.rows.length - 1];
    }
    /** prmon's summary from the rows so far (Max: peaks/totals; Avg: means, and rates per wall second). */
    summary() {
        const last = this.last;
        const n = this.rows.length;
        const Max = {};
        const Avg = {};
        if (last) {
            for (const k of [...MEMORY_KEYS, ...COUNT_KEYS]) {
                Max[k] = this.peak[k] ?? 0;
                Avg[k] = prmonAverage((this.total[k] ?? 0) / n);
            }
            // Rates divide by wall clock ticks, at least one tick (prmon's get_wallclock_clock_t).
            const wall = Math.max(this.wallSeconds, 0.01);
            for (const k of [...IO_KEYS, ...NET_KEYS]) {
                Max[k] = last[k];
                Avg[k] = prmonAverage(last[k] / wall);
            }
            for (const k of ['utime', 'stime', 'wtime'])
                Max[k] = last[k];
        }
        return { Avg: sortKeys(Avg), Max: sortKeys(Max), prmon: { Version: this.version } };
    }
}
function sortKeys(o) {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
/** The header line of memory_monitor_output.txt (with newline). */
export function prmonHeader() {
    return PRMON_COLUMNS.join('\t') + '\n';
}
/** One data line of memory_monitor_output.txt (with newline). */
export function prmonLine(row) {
    return PRMON_COLUMNS.map((c) => String(row[c])).join('\t') + '\n';
}
/** The summary as prmon writes it (keys sorted, two-space indent, trailing newline). */
export function summaryText(summary) {
    return JSON.stringify(summary, null, 2) + '\n';
}
/** Parse memory_monitor_output.txt of either tool: first line names the columns; empty fields are dropped. */
export function parseMonitorTable(text) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const columns = (lines[0] ?? '').split('\t').filter((f) => f !== '');
    const data = Object.fromEntries(columns.map((c) => [c, []]));
    for (const line of lines.slice(1)) {
        const fields = line.split('\t').filter((f) => f !== '');
        fields.forEach((f, i) => {
            const col = columns[i];
            if (col !== undefined)
                data[col].push(Number(f));
        });
    }
    return { columns, data };
}
/** The update fields Pilot 3 sends from a memory monitor summary (§6.4); -1s when the standard keys are missing. */
export function memoryFieldsFromSummary(summary) {
    const out = {};
    const max = summary?.Max ?? {};
    const avg = summary?.Avg ?? {};
    const legacy = 'maxRSS' in max;
    const pick = legacy
        ? { maxRSS: max.maxRSS, maxVMEM: max.maxVMEM, maxSWAP: max.maxSwap, maxPSS: max.maxPSS, avgRSS: avg.avgRSS, avgVMEM: avg.avgVMEM, avgSWAP: avg.avgSwap, avgPSS: avg.avgPSS }
        : { maxRSS: max.rss, maxVMEM: max.vmem, maxSWAP: max.swap, maxPSS: max.pss, avgRSS: avg.rss, avgVMEM: avg.vmem, avgSWAP: avg.swap, avgPSS: avg.pss };
    if (Object.values(pick).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        for (const k of Object.keys(pick))
            out[k] = -1;
    }
    else {
        for (const [k, v] of Object.entries(pick))
            out[k] = k.startsWith('max') ? Math.trunc(v) : v;
    }
    const io = legacy
        ? { totRCHAR: max.totRCHAR, totWCHAR: max.totWCHAR, totRBYTES: max.totRBYTES, totWBYTES: max.totWBYTES, rateRCHAR: avg.rateRCHAR, rateWCHAR: avg.rateWCHAR, rateRBYTES: avg.rateRBYTES, rateWBYTES: avg.rateWBYTES }
        : { totRCHAR: max.rchar, totWCHAR: max.wchar, totRBYTES: max.read_bytes, totWBYTES: max.write_bytes, rateRCHAR: avg.rchar, rateWCHAR: avg.wchar, rateRBYTES: avg.read_bytes, rateWBYTES: avg.write_bytes };
    // Pilot 3 adds the I/O fields only when all of them are there.
    if (Object.values(io).every((v) => typeof v === 'number' && Number.isFinite(v))) {
        for (const [k, v] of Object.entries(io))
            out[k] = k.startsWith('tot') ? Math.trunc(v) : v;
    }
    return out;
}
/**
 * Summary from a prmon text table when no JSON exists yet (Pilot 3's get_average_summary_dictionary_prmon):
 * max and integer mean of vmem/pss/rss/swap, with the legacy key names Pilot 3 produces there.
 */
export function summaryFromTable(table) {
    const col = (k) => {
        const name = table.columns.find((c) => c.toLowerCase() === k);
        return (name ? table.data[name] : []).filter((v) => Number.isFinite(v));
    };
    const vals = { VMEM: col('vmem'), PSS: col('pss'), RSS: col('rss'), Swap: col('swap') };
    if (vals.PSS.length === 0)
        return undefined;
    const Max = {};
    const Avg = {};
    for (const [k, v] of Object.entries(vals)) {
        Max[`max${k}`] = v.length ? Math.max(...v) : 0;
        Avg[`avg${k}`] = v.length ? Math.trunc(v.reduce((a, b) => a + b, 0) / v.length) : 0;
    }
    return { Max, Avg };
}
//# sourceMappingURL=prmon-format.js.map