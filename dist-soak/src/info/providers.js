/**
 * The two override providers of the InfoService: the pilot configuration (Pilot 3's
 * PilotConfigProvider, pilot/info/configinfo.py) and the job definition (JobInfoProvider,
 * pilot/info/jobinfo.py). Priority is config > job > external sources.
 */
import { log } from '../common/log.js';
import { parsePythonLiteral } from './pyliteral.js';
const logger = log('info');
/**
 * Overrides from the pilot configuration: only `[Information] acopytools` (a Python-literal
 * dict), as in Pilot 3. Quirk 2: Pilot 3 also sends `maxwdir_broken` and `es_stageout_gap: 601`,
 * which no QueueData field reads; we leave them out.
 */
export class PilotConfigProvider {
    config;
    constructor(config = null) {
        this.config = config;
    }
    resolve_schedconf_sources() {
        return null;
    }
    resolve_queuedata(pandaqueue) {
        const data = {};
        let text = '';
        try {
            text = this.config?.get('Information', 'acopytools', '') ?? '';
        }
        catch {
            text = '';
        }
        if (text.trim()) {
            try {
                data.acopytools = parsePythonLiteral(text);
            }
            catch (e) {
                logger.warn({ err: e.message }, 'config [Information] acopytools is not a valid dict: ignored');
            }
        }
        return { [pandaqueue]: data };
    }
}
/** Overrides from a job: its platform (cmtconfig) and --overwriteQueueData/--overwriteStorageData. */
export class JobInfoProvider {
    job;
    constructor(job) {
        this.job = job;
    }
    resolve_schedconf_sources() {
        return null;
    }
    resolve_queuedata(pandaqueue) {
        const data = {};
        if (this.job.platform)
            data.cmtconfig = this.job.platform;
        Object.assign(data, this.job.overwrite_queuedata ?? {});
        return { [pandaqueue]: data };
    }
    resolve_storage_data(ddmendpoints = []) {
        const master = this.job.overwrite_storagedata ?? {};
        const wanted = ddmendpoints.length ? new Set(ddmendpoints) : new Set(Object.keys(master));
        return Object.fromEntries(Object.entries(master).filter(([k]) => wanted.has(k)));
    }
}
//# sourceMappingURL=providers.js.map