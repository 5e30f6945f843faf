import { type ExitInterpretation } from './exitcode.js';
/** File names inside the job work dir (Pilot 3's config [Payload] defaults). */
export declare const PAYLOAD_FILES: {
    readonly stdout: "payload.stdout";
    readonly stderr: "payload.stderr";
    readonly errorReport: "payload_error_report.json";
    readonly jobReport: "jobReport.json";
};
/** Read at most `max` bytes of a file from its start (`fromEnd` false) or its end; "" if absent. */
export declare function readPart(path: string, max?: number, fromEnd?: boolean): Promise<string>;
/**
 * Remove `core` and `core.*` from the work dir (so they do not go into the log tarball); true when
 * one of them was `core.<payloadPid>` (Pilot 3 then sets COREDUMP).
 */
export declare function removeCoreDumps(workdir: string, payloadPid?: number): Promise<boolean>;
/** Inputs of {@link analyzePayloadExit}. */
export interface PayloadExitInfo {
    workdir: string;
    exitCode: number | null;
    signal: string | null;
    /** Payload pid (for core.<pid>). */
    pid?: number;
    /** Debug mode keeps core dumps (and then never sets COREDUMP), as Pilot 3. */
    debug?: boolean;
    /** The payload ran in a container. */
    container?: boolean;
}
/** Interpret a finished payload from its exit status and the files in its work dir. */
export declare function analyzePayloadExit(info: PayloadExitInfo): Promise<ExitInterpretation>;
/** Pilot 3's stamp pattern printed by the release setup: `HH:MM:SS YYYY/MM/DD`. */
export declare const SETUP_STAMP: RegExp;
/**
 * End of the payload's setup (epoch seconds, local time as Pilot 3 parses it) from the first
 * stamp in the first 50 lines of payload.stdout; undefined when there is none.
 */
export declare function getEndSetupTime(stdoutPath: string): Promise<number | undefined>;
