import type { PilotConfig } from '../config/index.js';
/** The MPI rank from the launcher's environment (Slurm, PMI, Open MPI, PMIx), 0 without one. */
export declare function mpiRank(env?: NodeJS.ProcessEnv): number;
/** What the workflow reads of a job (the parsed description). */
interface HpcJob {
    jobid: string;
    transformation: string;
    jobparams: string;
    outdata: Array<{
        lfn: string;
        guid?: string;
    }>;
    logdata: Array<{
        lfn: string;
        guid?: string;
    }>;
}
/** Options of {@link runGenericHpc}. */
export interface GenericHpcOptions {
    /** `--hpc-resource` (required, as in Pilot 3). */
    resource: string;
    /** `--harvester-workdir`, else the current directory. */
    communicationPoint: string;
    config: PilotConfig;
    env: NodeJS.ProcessEnv;
    /** Parse a job definition (our job parser). */
    parseJob(desc: Record<string, unknown>, workdir: string): Promise<HpcJob>;
}
/** Outcome of the rank's job. */
export interface GenericHpcResult {
    jobid?: string;
    state: 'finished' | 'failed';
    exitCode?: number;
}
/** Run this rank's job. Never throws: a failure is reported in the work report. */
export declare function runGenericHpc(opts: GenericHpcOptions): Promise<GenericHpcResult>;
export {};
