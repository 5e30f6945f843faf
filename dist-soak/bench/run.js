/**
 * `npm run bench`: every benchmark of the project, medians over repeated runs, with ratios against
 * baselines measured in the same run. Sections can be chosen: `npm run bench -- pilot data`.
 * BENCH_RUNS, BENCH_SLEEP_S and the sections' own variables shorten a run: PANDA_BENCH_MONITOR_S,
 * PANDA_BENCH_DATA_MB, PANDA_BENCH_DATA_REPEAT, PANDA_BENCH_MV_FILES, BENCH_DB12_RUNS, BENCH_DB12_MS.
 * The fault soak runs only when named (`npm run bench -- soak [--soak-s=N]`, 600 s by default).
 */
import { printRows } from './stats.js';
const sections = {
    pilot: async () => (await import('./pilot.js')).benchPilot(),
    monitor: async () => (await import('./monitor.js')).benchMonitor(),
    data: async () => (await import('./data.js')).benchData(),
    services: async () => (await import('./services.js')).benchServices(),
    scale: async () => (await import('./scale.js')).benchScale(),
    slurm: async () => (await import('./scale.js')).benchSlurm(),
    soak: async () => (await import('./soak.js')).benchSoak(),
};
/** Sections too long for a plain `npm run bench`. */
const onRequest = new Set(['soak']);
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
for (const [name, fn] of Object.entries(sections)) {
    if (wanted.length ? !wanted.includes(name) : onRequest.has(name))
        continue;
    const t0 = performance.now();
    try {
        const rows = await fn();
        printRows(`${name} (${((performance.now() - t0) / 1000).toFixed(0)} s)`, rows);
    }
    catch (e) {
        console.error(`bench ${name} failed:`, e);
        process.exitCode = 1;
    }
}
//# sourceMappingURL=run.js.map