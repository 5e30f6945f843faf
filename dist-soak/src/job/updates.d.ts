import type { JobRun } from './jobrun.js';
import type { PilotTiming } from './timing.js';
/** What the update builder needs to know about the pilot. */
export interface UpdateContext {
    node: string;
    siteName?: string;
    versionTag: string;
    pilotVersion: string;
    timing: PilotTiming;
    env: NodeJS.ProcessEnv;
    /** config File.checksum_type: which checksum the output file info carries. */
    checksumType?: string;
}
export type UpdateBody = Record<string, string | number>;
/** pilotID: GTAG|batch type|version tag|pilot version (batch part omitted without a batch system). */
export declare function pilotId(ctx: UpdateContext): string;
/** Fields sent in every update (heartbeats and final). */
export declare function commonFields(run: JobRun, state: string, ctx: UpdateContext): UpdateBody;
/** The final update: common fields plus errors, exit codes, timing, output file info and metadata. */
export declare function finalFields(run: JobRun, ctx: UpdateContext, pilotLog: string): UpdateBody;
