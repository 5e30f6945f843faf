/** Small statistics and table helpers for the benchmarks. */
export function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/**
 * Print rows as an aligned table. The ratio column compares with the baseline measured in the same
 * run: for times it is baseline/ours (a speed ratio: > 1 means we are faster), else ours/baseline.
 */
export function printRows(title, rows) {
    const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
    const table = [['measure', 'median', 'unit', 'runs', 'baseline', 'ratio', 'goal']];
    const ratio = (r) => (!r.baseline ? '' : r.unit === 's' || r.unit === 'ms' ? (r.baseline / r.value).toFixed(3) : (r.value / r.baseline).toFixed(3));
    for (const r of rows) {
        table.push([
            r.name,
            fmt(r.value),
            r.unit,
            r.runs === undefined ? '' : String(r.runs),
            r.baseline === undefined ? '' : `${fmt(r.baseline)} (${r.baselineName ?? 'baseline'})`,
            ratio(r),
            r.goal ?? '',
        ]);
    }
    const w = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
    console.log(`\n== ${title}`);
    for (const row of table)
        console.log(row.map((c, i) => c.padEnd(w[i])).join('  '));
}
//# sourceMappingURL=stats.js.map