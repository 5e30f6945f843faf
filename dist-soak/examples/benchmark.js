/**
 * Example: DB12-style CPU benchmark with a site-report style summary.
 *
 *   BENCHMARK_COPIES=2 BENCHMARK_SECONDS=5 node dist/examples/benchmark.js
 *
 * Env: BENCHMARK_COPIES (default: one per CPU), BENCHMARK_SECONDS (measured time, default 5),
 * BENCHMARK_WARMUP_SECONDS (default 1). Prints the report as JSON on stdout.
 */
import { services } from 'panda-pilot/api';
const num = (name) => (process.env[name] ? Number(process.env[name]) : undefined);
const seconds = num('BENCHMARK_SECONDS') ?? 5;
const warmup = num('BENCHMARK_WARMUP_SECONDS') ?? 1;
const report = await services.runBenchmark({
    copies: num('BENCHMARK_COPIES'),
    durationMs: Math.round(seconds * 1000),
    warmupMs: Math.round(warmup * 1000),
});
const m = report.machine;
console.error(`${m.cpuModel} (${m.logicalCores} logical CPUs), ${(m.memoryTotal / 2 ** 30).toFixed(1)} GiB, kernel ${m.kernel}, load ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
for (const c of report.perCopy)
    console.error(`copy ${c.copy}: ${c.score.toFixed(1)} ${report.unit} (on CPU time ${c.cpuScore.toFixed(1)}, on wall time ${c.wallScore.toFixed(1)})`);
console.error(`total ${report.total.toFixed(1)}, mean ${report.mean.toFixed(1)} ${report.unit}`);
console.log(JSON.stringify(report));
//# sourceMappingURL=benchmark.js.map