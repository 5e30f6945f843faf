import type { CvmfsLayout } from './cvmfs.js';
import type { JobReport } from './jobreport.js';
import { GenericPlugin } from './generic.js';
import type { JobReportOutcome, PluginJob } from './plugin.js';
/** ATLAS user: overrides base URLs, the command prefix and the job-report interpretation. */
export declare class AtlasPlugin extends GenericPlugin {
    readonly name: string;
    readonly defaultTrfBaseUrls: readonly string[];
    /** The repositories a job may need, checked at start-up (Pilot 3's atlas cvmfs module). */
    readonly cvmfs: CvmfsLayout;
    /** ATLAS prepends `export PandaID=<id>;` (used to find the payload inside containers). */
    protected runCommand(job: PluginJob, trf: string, env: NodeJS.ProcessEnv): string;
    /** diagnose.process_job_report, in short. */
    interpretJobReport(job: PluginJob, report: JobReport): JobReportOutcome;
    /** ATLAS takes output GUIDs from the report before generating missing ones. */
    updateJobData(job: PluginJob, report?: JobReport): void;
    /** ATLAS re-serialises the parsed report ("" when absent). */
    metaData(report: JobReport): string;
}
/** The shared ATLAS plugin instance. */
export declare const atlas: AtlasPlugin;
