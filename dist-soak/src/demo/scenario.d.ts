/**
 * A site on one machine: a PanDA emulator with a queue and jobs, transformation scripts it serves,
 * a launch directory with the input files, and the exact Pilot 3 command line to run our pilot
 * against it. The demo (`npm start`), the integration tests and the benchmarks all use it.
 */
import { type ChildProcess } from 'node:child_process';
import { type PandaEmulator, type PandaEmulatorOptions, type RucioEmulator } from '../emulator/index.js';
/** The compiled pilot entry point. */
export declare const PILOT_MAIN: string;
/** Our default.cfg (package root/config). */
export declare const DEFAULT_CFG: string;
export interface ScenarioOptions {
    queue?: string;
    /** schedconfig fields of the queue (e.g. timefloor, acopytools). */
    queueOverrides?: Record<string, unknown>;
    /** Job definitions (the emulator's friendly format); `queue` defaults to the scenario's. */
    jobs?: Array<Record<string, unknown>>;
    /** Transformation scripts served under /trf/<name>. */
    trfs?: Record<string, string>;
    /** Files placed in the launch directory (inputs for the mv copytool). */
    inputs?: Record<string, string | Buffer>;
    /** [Pilot] config keys to override (short periods in tests). */
    config?: Record<string, string | number>;
    /** Keys of other config sections to override. */
    configSections?: Record<string, Record<string, string | number>>;
    emulator?: Partial<PandaEmulatorOptions>;
}
export interface Scenario {
    dir: string;
    launchDir: string;
    queue: string;
    emulator: PandaEmulator;
    rucio: RucioEmulator;
    configFile: string;
    /** Pilot 3's command line for this site (plus `extra`). */
    pilotArgs(extra?: string[]): string[];
    /** Environment for the pilot: config file, no CVMFS, no orphan killing. */
    pilotEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
    close(): Promise<void>;
}
/** Write a copy of default.cfg with keys replaced or added, per section. */
export declare function writeConfig(file: string, sections: Record<string, Record<string, string | number>>): Promise<void>;
/** Create the site: temp dirs, scripts, config and a running emulator. */
export declare function createScenario(opts?: ScenarioOptions): Promise<Scenario>;
export interface PilotRun {
    child: ChildProcess;
    /** Resolves when the pilot exits. */
    done: Promise<{
        code: number | null;
        signal: NodeJS.Signals | null;
        stdout: string;
        stderr: string;
        ms: number;
    }>;
}
/** Start our pilot in the scenario's launch directory. */
export declare function startPilot(scn: Scenario, extraArgs?: string[], env?: NodeJS.ProcessEnv): PilotRun;
