/** Payloads and expectations shared by the pilot's integration tests. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startPilot } from '../../src/demo/scenario.js';
import { waitFor } from './wait.js';
/** A payload that records its pid and a double-forked daemon's pid, then sleeps ($1 s, default 120). */
export const SLEEPER = [
    '#!/bin/bash',
    'echo $$ > payload.pid',
    '( setsid bash -c \'echo $$ > daemon.pid; exec sleep 300\' & )',
    'sleep "${1:-120}"',
].join('\n');
/** The trapped signals with the pilot error code and the shell exit code Pilot 3 gives each. */
export const SIGNALS = [
    ['SIGTERM', 1201, 143],
    ['SIGINT', 1208, 130],
    ['SIGQUIT', 1202, 131],
    ['SIGSEGV', 1203, 139],
    ['SIGXCPU', 1204, 152],
    ['SIGBUS', 1206, 135],
    ['SIGUSR1', 1207, 138],
];
/** Start the pilot on the scenario's first job and wait until its SLEEPER payload and daemon run. */
export async function startUntilPayload(scn, env = {}) {
    const run = startPilot(scn, [], env);
    const [job] = scn.emulator.jobs();
    const workdir = path.join(scn.launchDir, `PanDA_Pilot-${job.PandaID}`);
    await waitFor(() => existsSync(path.join(workdir, 'daemon.pid')), 30_000, 'payload started');
    const pids = ['payload.pid', 'daemon.pid'].map((f) => Number(readFileSync(path.join(workdir, f), 'utf8').trim()));
    return { run, job, workdir, pids };
}
//# sourceMappingURL=payloads.js.map