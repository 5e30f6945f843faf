import { type JobOutcome, type RunJobContext } from './runjob.js';
import { JobJournal } from './journal.js';
import { type PilotSetup, type StepContext } from './steps.js';
import type { JobSteps } from './runjob.js';
import type { UpdateSender } from './reporter.js';
/** Our release; Pilot 3's protocol version we are compatible with is reported in pilotID. */
export declare const PILOT_VERSION = "3.11.5.1";
/**
 * Exit code of a pilot that leaves a final update in the journal (the server never accepted it
 * before final_update_deadline): the job is not lost, the next pilot on the spool re-sends it.
 * Distinct from every Pilot 3 exit code (64–83 and the signal codes).
 */
export declare const FINAL_UPDATE_JOURNALED_EXIT = 85;
export interface PilotResult {
    exitCode: number;
    errorCode: number;
    outcomes: JobOutcome[];
}
/** Run the pilot with already-parsed setup (see cli/pilot.ts); resolves to the process exit code. */
export declare function runPilot(setup: PilotSetup): Promise<PilotResult>;
/** What {@link jobContext} needs besides the setup. */
export interface JobContextOptions extends StepContext {
    pilotLogFile?: string;
    journal?: JobJournal;
}
/**
 * The context every job of this pilot runs in: its steps (the generic ones unless given), the
 * reporter's settings (the server client unless given) and the journal.
 */
export declare function jobContext(setup: PilotSetup, o: JobContextOptions, over?: {
    steps?: JobSteps;
    client?: UpdateSender;
}): RunJobContext;
