import { type PilotRun, type Scenario } from '../../src/demo/scenario.js';
import type { JobRecord } from '../../src/emulator/index.js';
/** A payload that records its pid and a double-forked daemon's pid, then sleeps ($1 s, default 120). */
export declare const SLEEPER: string;
/** The trapped signals with the pilot error code and the shell exit code Pilot 3 gives each. */
export declare const SIGNALS: Array<[NodeJS.Signals, number, number]>;
/** Start the pilot on the scenario's first job and wait until its SLEEPER payload and daemon run. */
export declare function startUntilPayload(scn: Scenario, env?: NodeJS.ProcessEnv): Promise<{
    run: PilotRun;
    job: JobRecord;
    workdir: string;
    pids: number[];
}>;
