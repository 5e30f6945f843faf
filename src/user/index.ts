/**
 * Experiment plugins (Pilot 3's --pilot-user): `getPlugin(name)` returns the hooks of one
 * experiment; see {@link ExperimentPlugin} for the job runner's sequence.
 */
import { errors } from '../common/errors.js';
import { atlas } from './atlas/index.js';
import { darkside } from './darkside.js';
import { eic } from './eic.js';
import { generic } from './generic.js';
import { rubin } from './rubin.js';
import { ska } from './ska.js';
import { sphenix } from './sphenix.js';
import type { ExperimentPlugin } from './plugin.js';

export type { ExperimentPlugin, PluginJob, PayloadCommandContext, ContainerContext, JobReportOutcome } from './plugin.js';
export { GenericPlugin, generic, shellWord } from './generic.js';
export { AtlasPlugin, atlas } from './atlas/index.js';
export { checkCvmfs, cvmfsBase, lastUpdateTimestamp, type CvmfsLayout } from './cvmfs.js';
export { getAnalysisTrf, validBaseUrls, splitBaseUrls, trfName, type TrfDownloadOptions } from './trf.js';
export { readJobReport, parseJobReportData, dig, type JobReport, type JobReportData, type ReportedOutput } from './jobreport.js';
export { utilityCommands, extractSetup, PREPROCESS_DONE_CODES, type UtilityCommands } from './utilities.js';
export { outputFileInfo, buildFileInfo, type FileInfoSpec } from './fileinfo.js';
export { buildJobMetrics, formatJobMetrics, readEventNumber, readRucioTraceError, JOB_METRICS_MAX, type JobMetricsInput } from './jobmetrics.js';

export { RubinPlugin, rubin } from './rubin.js';
export { SphenixPlugin, sphenix } from './sphenix.js';
export { EicPlugin, eic, alrbUserPlatform } from './eic.js';
export { SkaPlugin, ska } from './ska.js';
export { DarksidePlugin, darkside } from './darkside.js';

/** Every --pilot-user value Pilot 3 accepts (its pilot/user/<name> modules). */
const PLUGINS: Record<string, ExperimentPlugin> = { generic, atlas, rubin, sphenix, eic, ska, darkside };

/** The --pilot-user values we accept. */
export const PILOT_USERS: readonly string[] = Object.keys(PLUGINS);

/**
 * The plugin for a --pilot-user value (case-insensitive, as Pilot 3 lower-cases PILOT_USER).
 * Unknown names are a clear error (Pilot 3 would fail on the module import).
 */
export function getPlugin(name = 'generic'): ExperimentPlugin {
  const p = PLUGINS[name.toLowerCase()];
  if (!p) throw errors.NOTIMPLEMENTED(`unknown pilot user "${name}" (known: ${Object.keys(PLUGINS).join(', ')})`);
  return p;
}
