/**
 * The pilot's command line, option for option the same as Pilot 3's arguments.py (3.11.5.1):
 * same long and short flags, dest names, types, defaults, choices and help texts, parsed by the
 * `argparse` npm package (a port of Python's argparse), so abbreviations, `--opt=value`, the usage
 * text and exit code 2 on a bad command line behave as they do for Pilot 3.
 */
import argparse from 'argparse';
declare const ArgumentParser: argparse.ArgumentParserConstructor;
type Parser = InstanceType<typeof ArgumentParser>;
/** Workflow names Pilot 3 accepts for `-w/--workflow`. */
export declare const WORKFLOWS: readonly ["generic", "generic_hpc", "production", "production_hpc", "analysis", "analysis_hpc", "eventservice_hpc", "stager", "payload_stageout"];
/** One of {@link WORKFLOWS}. */
export type Workflow = (typeof WORKFLOWS)[number];
/** Parsed pilot options; keys are Pilot 3's argparse dest names. */
export interface PilotArgs {
    pilot_user: string;
    workdir: string;
    cleanup: boolean;
    version_tag: string;
    update_server: boolean;
    nopilotlog: boolean;
    debug: boolean;
    redirectstdout: string;
    job_label: string;
    getjob_requests: number;
    getjob_failures: number;
    country_group: string;
    working_group: string;
    allow_other_country: boolean;
    allow_same_user: boolean;
    jobtype: string;
    workflow: Workflow;
    lifetime: number;
    leasetime: number;
    queue: string;
    resource: string | null;
    site: string | null;
    resource_type: string;
    cvmfs: boolean;
    stageout_attempts: number;
    harvester_workdir: string;
    harvester_datadir: string;
    harvester_eventstatusdump: string;
    harvester_workerattributes: string;
    harvester_submitmode: string;
    input_dir: string;
    input_destination_dir: string;
    output_dir: string;
    hpc_resource: string;
    hpc_mode: string;
    executor_type: string;
    pod: boolean;
    verify_proxy: boolean;
    verify_payload_proxy: boolean;
    token_renewal: boolean;
    cacert: string | null;
    capath: string | null;
    url: string;
    port: number;
    queuedata_url: string;
    storagedata_url: string;
    workerpilotstatusupdate: boolean;
    subscribe_to_msgsvc: boolean;
    use_https: boolean;
    baseurls: string;
    use_realtime_logging: boolean;
    realtime_logging_server: string | null;
    realtime_logname: string | null;
    use_rucio_traces: boolean;
    rucio_host: string;
}
/**
 * Pilot 3's str2bool: yes/true/t/y/1 and no/false/f/n/0 (any case); anything else is a usage error.
 */
export declare function str2bool(value: string): boolean;
/** Pilot 3's validate_resource_type: "", SCORE, MCORE, or anything starting with SCORE_ / MCORE_. */
export declare function validateResourceType(value: string): string;
/** Options for {@link createPilotArgParser}. */
export interface PilotArgParserOptions {
    /** Program name in usage and error texts (Pilot 3 prints its script name, `pilot.py`). */
    prog?: string;
    /** false: throw argparse's ArgumentError instead of printing usage and exiting with 2. */
    exitOnError?: boolean;
}
/** The argparse parser with every Pilot 3 option, in Pilot 3's order (for `--help` and tests). */
export declare function createPilotArgParser(opts?: PilotArgParserOptions): Parser;
/**
 * Parse a pilot command line (without the node/script entries, i.e. `process.argv.slice(2)`).
 * A bad command line prints the usage and `<prog>: error: ...` to stderr and exits with 2, like Pilot 3.
 */
export declare function parsePilotArgs(argv: string[], opts?: PilotArgParserOptions): PilotArgs;
export {};
