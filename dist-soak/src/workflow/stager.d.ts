import type { JobSteps } from '../job/runjob.js';
/** Options of {@link stagerSteps}. */
export interface StagerOptions {
    /** Lease time, seconds. */
    leaseS: number;
    /** Where staged inputs go (`--input-destination-dir`; default: the job's work dir). */
    inputDestination?: string;
    /** `--pod`: a job without inputs ends as soon as it is reported running. */
    pod?: boolean;
}
/** The generic steps with the payload replaced by the lease and stage-out limited to the log. */
export declare function stagerSteps(steps: JobSteps, opts: StagerOptions): JobSteps;
