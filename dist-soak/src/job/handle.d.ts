import type { RunnableJob } from './jobrun.js';
import { type JobOutcome, type RunJobContext } from './runjob.js';
/** What {@link handleDescription} needs from the pilot. */
export interface HandleDeps {
    parseJob(desc: Record<string, unknown>, pilotHome: string): Promise<RunnableJob>;
    salvageJob(desc: Record<string, unknown>): Promise<RunnableJob | undefined>;
    context: RunJobContext;
    /** Called with the job id before the job runs (pandaIDs.out, the environment). */
    onJob?(jobid: string): void;
}
/** The PandaID of a description when it is a plain positive integer (as a string), else undefined. */
export declare function plainJobId(desc: unknown): string | undefined;
/**
 * Parse and run one description. Resolves to the outcome, or undefined when the description has
 * no usable PandaID (nothing can be reported then). Never rejects.
 */
export declare function handleDescription(desc: Record<string, unknown>, deps: HandleDeps): Promise<JobOutcome | undefined>;
