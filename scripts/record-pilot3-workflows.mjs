#!/usr/bin/env node
// Records how Pilot 3 (PILOT3_DIR) ends for each -w workflow name other than generic, generic_hpc
// and stager, against our emulator: its exit code and its last log line. Pilot 3 runs inside
// ../shared/tools/pilot3-sandbox.sh (PILOT3_SANDBOX). Output: test/fixtures/pilot3-workflows.json.
// usage: npm run build && PILOT3_DIR=/path/to/pilot3 node scripts/record-pilot3-workflows.mjs
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario } from '../dist/src/demo/scenario.js';

const pilot3 = process.env.PILOT3_DIR;
if (!pilot3) throw new Error('PILOT3_DIR must name a Pilot 3 checkout');
const sandbox = process.env.PILOT3_SANDBOX ?? path.resolve(import.meta.dirname, '../../shared/tools/pilot3-sandbox.sh');
const names = ['production', 'production_hpc', 'analysis', 'analysis_hpc', 'eventservice_hpc', 'payload_stageout'];
const out = { pilot3: path.basename(pilot3), workflows: {} };
await Promise.all(names.map(async (w) => {
  const scn = await createScenario({ jobs: [{ transformation: 'run.sh', jobPars: '', prodSourceLabel: 'ptest' }], trfs: { 'run.sh': '#!/bin/bash\necho hi\n' } });
  try {
    const args = [...scn.pilotArgs(), '-w', w];
    const child = spawn(sandbox, [scn.launchDir, '--', 'python3', path.join(pilot3, 'pilot.py'), ...args], { env: scn.pilotEnv() });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const code = await new Promise((r) => child.on('close', (c) => r(c)));
    const jobs = scn.emulator.jobs().map((j) => j.jobStatus);
    const last = log.trim().split('\n').filter((l) => /exit code|Error|error/.test(l)).slice(-2).map((l) => l.replace(/^.*\| /, ''));
    out.workflows[w] = { exitCode: code, jobStates: jobs, getJobCalls: scn.emulator.requests.filter((r) => r.method === 'getJob').length, lastLines: last };
  } finally {
    await scn.close();
  }
}));
writeFileSync(path.resolve(import.meta.dirname, '../test/fixtures/pilot3-workflows.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
