/**
 * Fault soak (issue 13): pilots run short jobs against the emulator while it injects random
 * faults (HTTP 500, garbage, resets, empty answers, delays) and outages longer than every deadline
 * the pilots use (final update, log stage-out, lost heartbeat); now and then a pilot is SIGKILLed.
 * Pilots that exit are restarted at once (on the same work dir and journal spool). After the soak
 * the faults stop, undispatched jobs are cancelled, and pilots are restarted until the journal is
 * empty. Then every job the server handed out must have its final update exactly once.
 *
 * Duration: 600 s, or `--soak-s=N` (`npm run bench -- soak --soak-s=90`), or PANDA_BENCH_SOAK_S.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createScenario, PILOT_MAIN, type Scenario } from '../src/demo/scenario.js';
import type { BenchRow } from './stats.js';

const PILOTS = 3;
const CONFIG = {
  heartbeat: 2,
  update_sleep: 0.5,
  final_update_deadline: 4,
  log_stageout_deadline: 10,
  lost_heartbeat: 12,
  kill_grace: 1,
  getjob_nojob_sleep_min: 0.2,
  getjob_nojob_sleep_max: 0.5,
  getjob_empty_sleep: 0.2,
};
/** Longer than every deadline above. */
const OUTAGE_MS = 15_000;

function soakSeconds(): number {
  const flag = process.argv.find((a) => a.startsWith('--soak-s='));
  const v = Number(flag?.slice('--soak-s='.length) ?? process.env.PANDA_BENCH_SOAK_S ?? 600);
  return Number.isFinite(v) && v > 0 ? v : 600;
}

interface Pilot {
  child: ChildProcess;
  done: Promise<number | null>;
  out: string[];
}

function startPilot(scn: Scenario, workRoot: string): Pilot {
  const child = spawn(process.execPath, [PILOT_MAIN, ...scn.pilotArgs(['--workdir', workRoot, '-x', '3', '-v', '3'])], {
    cwd: scn.launchDir,
    env: scn.pilotEnv({ PANDA_PILOT_LOG_CONSOLE: '0' }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const out: string[] = [];
  child.stderr!.on('data', (d: Buffer) => out.push(d.toString()));
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, done, out };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchSoak(): Promise<BenchRow[]> {
  const soakS = soakSeconds();
  const scn = await createScenario({
    jobs: [{ transformation: 'quick.sh', jobPars: '0.3', prodSourceLabel: 'ptest', count: 5000 }],
    trfs: { 'quick.sh': '#!/bin/bash\nsleep "$1"\necho done\n' },
    config: CONFIG,
    queueOverrides: { timefloor: 10_000 },
    emulator: { stateFile: undefined },
  });
  const workRoot = path.join(scn.dir, 'work');
  mkdirSync(workRoot);
  const spool = path.join(workRoot, 'panda-pilot-journal');
  const exits: Record<string, number> = {};
  let started = 0;
  let sigkills = 0;
  const pilots = new Set<Pilot>();
  const launch = () => {
    const p = startPilot(scn, workRoot);
    started++;
    pilots.add(p);
    void p.done.then((code) => {
      exits[String(code)] = (exits[String(code)] ?? 0) + 1;
      pilots.delete(p);
    });
  };
  try {
    scn.emulator.chaos({ rate: 0.15, seed: 13, delayMs: 1500 });
    const t0 = Date.now();
    const end = t0 + soakS * 1000;
    const outages = Math.max(1, Math.floor(soakS / 120));
    const outageAt = Array.from({ length: outages }, (_, i) => t0 + ((i + 0.5) * soakS * 1000) / outages);
    const killEvery = Math.max(10_000, (soakS * 1000) / 8);
    let nextKill = t0 + killEvery / 2;
    while (Date.now() < end) {
      while (pilots.size < PILOTS) launch();
      if (outageAt.length && Date.now() >= outageAt[0]!) {
        outageAt.shift();
        scn.emulator.outage(OUTAGE_MS);
      }
      if (Date.now() >= nextKill) {
        nextKill += killEvery;
        const victim = [...pilots][Math.floor(Math.random() * pilots.size)];
        if (victim) {
          victim.child.kill('SIGKILL');
          sigkills++;
        }
      }
      await sleep(200);
    }
    // The faults stop; what was not handed out is cancelled; pilots wind down on their own.
    scn.emulator.clearFaults();
    for (const j of scn.emulator.jobs()) if (j.jobStatus === 'activated') scn.emulator.command(j.PandaID, 'kill');
    await Promise.all([...pilots].map((p) => p.done));
    // Pilots restart until nothing is left in the journal (each re-sends what it finds first).
    let restarts = 0;
    const pending = () => (existsSync(spool) ? readdirSync(spool).filter((f) => f.endsWith('.json')).length : 0);
    const leftAfterSoak = pending();
    while (pending() > 0 && restarts < 5) {
      restarts++;
      launch();
      await Promise.all([...pilots].map((p) => p.done));
    }
    const dispatched = scn.emulator.jobs().filter((j) => j.history.some((h) => h.status === 'sent'));
    let once = 0;
    let lost = 0;
    let repeated = 0;
    for (const j of dispatched) {
      const accepted = scn.emulator
        .updates(j.PandaID)
        .filter((u) => (u.params.state === 'finished' || u.params.state === 'failed') && !['alreadydone', 'badattemptnr'].includes(String(u.response.command)));
      if (accepted.length === 0) lost++;
      else if (accepted.length === 1) once++;
      else repeated++;
    }
    const finished = dispatched.filter((j) => j.jobStatus === 'finished').length;
    const faults = scn.emulator.chaosCounts();
    console.log(
      `soak ${soakS} s: ${started} pilots started (${sigkills} SIGKILLed, exits ${JSON.stringify(exits)}), faults ${JSON.stringify(faults)}, ` +
        `${dispatched.length} jobs handed out (${finished} finished), journal after the soak ${leftAfterSoak} → ${pending()} after ${restarts} restarts; ` +
        `final updates: ${once} exactly once, ${repeated} repeated, ${lost} lost`,
    );
    return [
      { name: 'soak duration', value: soakS, unit: 's' },
      { name: 'jobs handed out', value: dispatched.length, unit: 'jobs' },
      { name: 'injected faults (incl. outage resets)', value: Object.values(faults).reduce((a, b) => a + b, 0), unit: 'requests' },
      { name: 'pilots SIGKILLed', value: sigkills, unit: 'pilots' },
      { name: 'final updates left journaled after the soak', value: leftAfterSoak, unit: 'jobs' },
      { name: 'final updates exactly once', value: once, unit: 'jobs', goal: `= ${dispatched.length}` },
      { name: 'final updates repeated', value: repeated, unit: 'jobs', goal: '0' },
      { name: 'final updates lost', value: lost, unit: 'jobs', goal: '0' },
    ];
  } finally {
    for (const p of pilots) p.child.kill('SIGKILL');
    await scn.close();
  }
}
