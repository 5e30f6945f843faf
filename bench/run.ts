/**
 * `npm run bench`: every benchmark of the project, medians over repeated runs, with ratios against
 * baselines measured in the same run. Sections can be chosen: `npm run bench -- pilot data`.
 * BENCH_RUNS, BENCH_SLEEP_S and the sections' own variables shorten a run: PANDA_BENCH_MONITOR_S,
 * PANDA_BENCH_DATA_MB, PANDA_BENCH_DATA_REPEAT, PANDA_BENCH_MV_FILES, BENCH_DB12_RUNS, BENCH_DB12_MS,
 * PANDA_BENCH_ES_SIZES, PANDA_BENCH_ES_S3_SIZES, PANDA_BENCH_ES_PILOT_RANGES.
 * `footprint` and `soak` are not run by default (they take minutes; `npm run bench -- footprint
 * [--pilot3 DIR]`, `npm run bench -- soak [--soak-s=N]`, the soak 600 s by default).
 */
import { printRows, type BenchRow } from './stats.js';

const sections: Record<string, () => Promise<BenchRow[]>> = {
  pilot: async () => (await import('./pilot.js')).benchPilot(),
  monitor: async () => (await import('./monitor.js')).benchMonitor(),
  data: async () => (await import('./data.js')).benchData(),
  services: async () => (await import('./services.js')).benchServices(),
  eventservice: async () => (await import('./eventservice.js')).benchEventService(),
  atlas: async () => (await import('./atlas.js')).benchAtlas(),
  scale: async () => (await import('./scale.js')).benchScale(),
  slurm: async () => (await import('./scale.js')).benchSlurm(),
  footprint: async () => (await import('./footprint.js')).benchFootprint(),
  soak: async () => (await import('./soak.js')).benchSoak(),
};
/** Sections too long for a plain `npm run bench`. */
const onRequest = new Set(['footprint', 'soak']);

// options with a separate value (e.g. `--pilot3 DIR`) are the sections' own; `--soak-s=N` carries its own
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1]?.startsWith('--') && !all[i - 1]!.includes('=')));
for (const [name, fn] of Object.entries(sections)) {
  if (wanted.length ? !wanted.includes(name) : onRequest.has(name)) continue;
  const t0 = performance.now();
  try {
    const rows = await fn();
    printRows(`${name} (${((performance.now() - t0) / 1000).toFixed(0)} s)`, rows);
  } catch (e) {
    console.error(`bench ${name} failed:`, e);
    process.exitCode = 1;
  }
}
