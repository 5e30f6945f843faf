/** The Services API benchmark (DB12-style) itself: score and run-to-run spread over 5 runs. */
import { runBenchmark } from '../src/services/benchmark.js';
import { median } from './stats.js';
export async function benchServices() {
    const runs = Number(process.env.BENCH_DB12_RUNS ?? 5);
    const durationMs = Number(process.env.BENCH_DB12_MS ?? 5000);
    const rows = [];
    for (const copies of [1, 2]) {
        const totals = [];
        for (let i = 0; i < runs; i++)
            totals.push((await runBenchmark({ copies, durationMs })).total);
        const spread = (100 * (Math.max(...totals) - Math.min(...totals))) / median(totals);
        rows.push({ name: `DB12-JS score, ${copies} cop${copies > 1 ? 'ies' : 'y'} (${durationMs / 1000} s)`, value: median(totals), unit: 'DB12-JS', runs });
        rows.push({ name: `  run-to-run spread (max−min)/median`, value: spread, unit: '%', runs, goal: '≤ 5 % on an idle machine' });
    }
    return rows;
}
//# sourceMappingURL=services.js.map