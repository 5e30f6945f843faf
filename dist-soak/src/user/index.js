/**
 * Experiment plugins (Pilot 3's --pilot-user): `getPlugin(name)` returns the hooks of one
 * experiment; see {@link ExperimentPlugin} for the job runner's sequence.
 */
import { errors } from '../common/errors.js';
import { atlas } from './atlas.js';
import { generic } from './generic.js';
export { GenericPlugin, generic, shellWord } from './generic.js';
export { AtlasPlugin, atlas } from './atlas.js';
export { checkCvmfs, cvmfsBase, lastUpdateTimestamp } from './cvmfs.js';
export { getAnalysisTrf, validBaseUrls, splitBaseUrls, trfName } from './trf.js';
export { readJobReport, parseJobReportData, dig } from './jobreport.js';
export { outputFileInfo, buildFileInfo, pythonJson } from './fileinfo.js';
export { buildJobMetrics, formatJobMetrics, readEventNumber, readRucioTraceError, JOB_METRICS_MAX } from './jobmetrics.js';
const PLUGINS = { generic, atlas };
/**
 * The plugin for a --pilot-user value (case-insensitive, as Pilot 3 lower-cases PILOT_USER).
 * Unknown names are a clear error (Pilot 3 would fail on the module import).
 */
export function getPlugin(name = 'generic') {
    const p = PLUGINS[name.toLowerCase()];
    if (!p)
        throw errors.NOTIMPLEMENTED(`unknown pilot user "${name}" (known: ${Object.keys(PLUGINS).join(', ')})`);
    return p;
}
//# sourceMappingURL=index.js.map