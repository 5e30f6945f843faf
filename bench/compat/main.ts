/**
 * `npm run compat -- --pilot3 <checkout> [--scenario a,b] [--record] [--parallel N]`
 *
 * Runs each standard scenario with Pilot 3 (sandboxed) and with our pilot, each against its own
 * fresh emulator, and prints the differences of their requests per job and state. `--record`
 * writes Pilot 3's transcripts as the fixtures `npm test` checks our pilot against
 * (test/compat/fixtures/<scenario>.json). `--fixtures` compares our pilot with the recordings
 * instead (no Pilot 3 needed); `--dump DIR` keeps each run's masked requests.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { captureRun, type PilotKind } from './capture.js';
import { FIXTURE_DIR, loadFixtures, type CompatFixture } from './fixtures.js';
import { ATLAS_COMMON_DELIBERATE, ATLAS_DELIBERATE, ATLAS_OPEN, DELIBERATE } from './deliberate.js';
import { diffTranscripts, formatDifference } from './diff.js';
import { maskRun, normalise } from './normalise.js';
import { ALL_SCENARIOS, scenario, type CompatScenario } from './scenarios.js';

function parseArgs(argv: string[]): { pilot3?: string; names: string[]; record: boolean; parallel: number; fixtures: boolean; dump?: string } {
  const out: ReturnType<typeof parseArgs> = { pilot3: process.env.PILOT3_DIR, names: ALL_SCENARIOS.map((s) => s.name), record: false, parallel: 14, fixtures: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pilot3') out.pilot3 = argv[++i];
    else if (a === '--scenario') out.names = argv[++i].split(',');
    else if (a === '--record') out.record = true;
    else if (a === '--parallel') out.parallel = Number(argv[++i]);
    else if (a === '--fixtures') out.fixtures = true;
    else if (a === '--dump') out.dump = argv[++i];
    else throw new Error(`unknown option ${a} (use --pilot3 DIR, --scenario a,b, --record, --parallel N, --fixtures, --dump DIR)`);
  }
  return out;
}

/** Run tasks with at most `n` at a time. */
async function pool<T>(tasks: Array<() => Promise<T>>, n: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.pilot3 && !args.fixtures) throw new Error('give the Pilot 3 checkout: --pilot3 DIR (or PILOT3_DIR), or --fixtures to compare with the recordings');
  if (args.fixtures && args.record) throw new Error('--record needs a live Pilot 3 run (drop --fixtures)');
  const version = args.pilot3 ? readFileSync(path.join(args.pilot3, 'PILOTVERSION'), 'utf8').trim() : '';
  const recorded = args.fixtures ? loadFixtures() : undefined;
  let previous = new Map<string, CompatFixture>();
  try {
    if (!recorded) previous = loadFixtures();
  } catch {
    // no recordings yet
  }
  const scenarios: CompatScenario[] = args.names.map(scenario);
  const t0 = Date.now();
  const tasks = scenarios.flatMap((sc) =>
    (['pilot3', 'ours'] as PilotKind[]).map((pilot) => async () => {
      if (pilot === 'pilot3' && recorded) {
        const fx = recorded.get(sc.name);
        if (!fx) throw new Error(`no recording of ${sc.name}`);
        return fx.run;
      }
      const run = await captureRun(sc, pilot, { pilot3Dir: args.pilot3 });
      if (args.dump) {
        await writeFile(path.join(args.dump, `${sc.name}.${pilot}.json`), JSON.stringify(maskRun(run), null, 1));
        await writeFile(path.join(args.dump, `${sc.name}.${pilot}.out`), run.stdoutTail);
      }
      console.log(`compat: ${sc.name} ${pilot} exit ${run.exitCode} after ${Math.round((Date.now() - t0) / 1000)} s`);
      return run;
    }),
  );
  const runs = await pool(tasks, args.parallel);
  let real = 0;
  for (const sc of scenarios) {
    const p3 = runs.find((r) => r.scenario === sc.name && r.pilot === 'pilot3')!;
    const ours = runs.find((r) => r.scenario === sc.name && r.pilot === 'ours')!;
    const ref = normalise(p3);
    const diffs = diffTranscripts(ref, normalise(ours), sc.user === 'atlas' ? [...ATLAS_COMMON_DELIBERATE, ...ATLAS_DELIBERATE, ...ATLAS_OPEN] : DELIBERATE);
    const ends = ref.jobs.map((j) => `${j.end.jobStatus}/${j.end.pilotErrorCode}`).join(', ');
    const want = sc.expect.map((e) => `${e.jobStatus}/${e.pilotErrorCode}`).join(', ');
    console.log(`\n== ${sc.name}: ${sc.what}\n   Pilot 3 against the emulator: ${ends} (expected ${want})${ends === want ? '' : '  <-- UNEXPECTED'}`);
    for (const d of diffs) console.log(`   ${d.deliberate ? '~' : '!'} ${formatDifference(d)}`);
    // A live Pilot 3 run against its previous recording: shows what varies between Pilot 3's own runs.
    const before = !recorded ? previous.get(sc.name) : undefined;
    if (before) {
      const self = diffTranscripts(normalise(before.run), ref, [...DELIBERATE, ...ATLAS_DELIBERATE]);
      console.log(`   Pilot 3 against its recording of ${before.recorded}: ${self.filter((d) => !d.deliberate).length} difference(s), ${self.filter((d) => d.deliberate).length} known race(s)`);
      for (const d of self.filter((x) => !x.deliberate)) console.log(`   ? ${formatDifference(d)}`);
    }
    const n = diffs.filter((d) => !d.deliberate).length;
    real += n;
    console.log(`   ${n} difference(s), ${diffs.length - n} deliberate`);
    if (args.record) {
      await mkdir(FIXTURE_DIR, { recursive: true });
      const fixture: CompatFixture = { scenario: sc.name, what: sc.what, pilot3Version: version, recorded: new Date().toISOString(), run: maskRun(p3), normalised: ref };
      await writeFile(path.join(FIXTURE_DIR, `${sc.name}.json`), `${JSON.stringify(fixture, null, 1)}\n`);
      console.log(`   recorded ${path.join(FIXTURE_DIR, `${sc.name}.json`)}`);
    }
  }
  console.log(`\ncompat: ${real} difference(s) on deterministic fields in ${scenarios.length} scenario(s), ${Math.round((Date.now() - t0) / 1000)} s`);
  return real ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`compat: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  },
);
