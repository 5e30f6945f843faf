/** The fuzz tests' site: one emulator, the demo job as the base description, and the checks. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createScenario, type Scenario } from '../../src/demo/scenario.js';
import { DEMO_INPUT, DEMO_INPUT_BODY, DEMO_TRFS, demoJobs } from '../../src/demo/jobs.js';
import { describeJob } from '../../src/emulator/index.js';

export const SEED = 13;
export const IN_PROCESS = Number(process.env.FUZZ_CASES ?? 1000);
export const SANDBOXED = 24;
export const CONFIG = { heartbeat: 600, update_sleep: 0.05, final_update_deadline: 5, kill_grace: 1, log_stageout_deadline: 30 };

export async function site(): Promise<{ scn: Scenario; base: Record<string, unknown> }> {
  const scn = await createScenario({
    jobs: [demoJobs()[0]!.def],
    trfs: DEMO_TRFS,
    inputs: { [DEMO_INPUT]: DEMO_INPUT_BODY },
    config: CONFIG,
    queueOverrides: { timefloor: 600 },
    // No state file: a thousand jobs would make every save slow.
    emulator: { stateFile: undefined },
  });
  const [rec] = scn.emulator.jobs();
  const base = describeJob(rec!, { trfBaseUrl: `${scn.emulator.url}/trf`, nSent: 0 });
  scn.emulator.command(rec!.PandaID, 'kill');
  return { scn, base };
}

/** The final updates of a job, checked: at least one, each with an integer code, failed ⇒ code > 0. */
export function checkFinal(scn: Scenario, id: number, what: string): string {
  const finals = scn.emulator.updates(id).filter((u) => u.params.state === 'finished' || u.params.state === 'failed');
  assert.ok(finals.length >= 1, `${what}: no final update`);
  const p = finals.at(-1)!.params;
  const code = Number(p.pilotErrorCode);
  assert.ok(Number.isInteger(code), `${what}: pilotErrorCode ${p.pilotErrorCode}`);
  if (p.state === 'failed') assert.ok(code > 0 || Number(p.exeErrorCode) > 0 || Number(p.transExitCode) > 0, `${what}: failed without a code`);
  return `${p.state}:${code}`;
}

/** The fields a fuzzed description changed, for failure messages. */
export function changed(base: Record<string, unknown>, d: Record<string, unknown>): string {
  const keys = new Set([...Object.keys(base), ...Object.keys(d)]);
  return JSON.stringify(Object.fromEntries([...keys].filter((k) => k !== 'PandaID' && JSON.stringify(base[k]) !== JSON.stringify(d[k])).map((k) => [k, d[k] === undefined ? '<dropped>' : d[k]]))).slice(0, 600);
}

/** Files that would betray a fuzzed value reaching a shell or a path outside the work dir. */
export function betrayals(dirs: string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) for (const f of ['fuzz-pwned', 'escape', 'x;touch fuzz-pwned']) if (existsSync(path.join(d, f))) out.push(path.join(d, f));
  return out;
}

