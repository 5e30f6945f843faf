import type { ExperimentPlugin } from './plugin.js';
export type { ExperimentPlugin, PluginJob, PayloadCommandContext, JobReportOutcome } from './plugin.js';
export { GenericPlugin, generic, shellWord } from './generic.js';
export { AtlasPlugin, atlas } from './atlas.js';
export { checkCvmfs, cvmfsBase, lastUpdateTimestamp, type CvmfsLayout } from './cvmfs.js';
export { getAnalysisTrf, validBaseUrls, splitBaseUrls, trfName, type TrfDownloadOptions } from './trf.js';
export { readJobReport, parseJobReportData, dig, type JobReport, type JobReportData, type ReportedOutput } from './jobreport.js';
export { outputFileInfo, buildFileInfo, pythonJson, type FileInfoSpec } from './fileinfo.js';
export { buildJobMetrics, formatJobMetrics, readEventNumber, readRucioTraceError, JOB_METRICS_MAX, type JobMetricsInput } from './jobmetrics.js';
/**
 * The plugin for a --pilot-user value (case-insensitive, as Pilot 3 lower-cases PILOT_USER).
 * Unknown names are a clear error (Pilot 3 would fail on the module import).
 */
export declare function getPlugin(name?: string): ExperimentPlugin;
