import { type ContainerQueue, type ContainerSpec } from '../payload/containers.js';
import { type FileInfoSpec } from './fileinfo.js';
import { type JobMetricsInput } from './jobmetrics.js';
import { type JobReport } from './jobreport.js';
import type { ExperimentPlugin, JobReportOutcome, PayloadCommandContext, PluginJob } from './plugin.js';
/** Quote a word for bash only when it needs it (so ordinary names look exactly like Pilot 3's). */
export declare function shellWord(word: string): string;
/** Generic user: everything Pilot 3's generic plugin does, nothing experiment-specific. */
export declare class GenericPlugin implements ExperimentPlugin {
    readonly name: string;
    readonly defaultTrfBaseUrls: readonly string[];
    validate(job: PluginJob): void;
    resolveContainer(job: PluginJob, queuedata: ContainerQueue): ContainerSpec | undefined;
    buildPayloadCommand(job: PluginJob, ctx?: PayloadCommandContext): Promise<string>;
    /** Pilot 3's get_analysis_run_command: optional proxy export, then `./<trf> <jobparams>`. */
    protected runCommand(job: PluginJob, trf: string, env: NodeJS.ProcessEnv): string;
    parseJobReport(workdir: string): Promise<JobReport>;
    /** Generic Pilot 3 does not interpret the report (its interpret() only fills GUIDs). */
    interpretJobReport(job: PluginJob, report: JobReport): JobReportOutcome;
    updateJobData(job: PluginJob): void;
    /** Generic: the raw file text (Pilot 3 sends it unparsed). */
    metaData(report: JobReport): string;
    outputFileInfo(files: Iterable<FileInfoSpec>, checksumType?: string): string;
    jobMetrics(job: PluginJob, input?: JobMetricsInput): Promise<string>;
    getEndSetupTime(workdir: string): Promise<number | undefined>;
}
/** The shared generic plugin instance. */
export declare const generic: GenericPlugin;
