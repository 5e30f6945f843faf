/**
 * Shared parts of the stagein/stageout command-line tools (Pilot 3's pilot/scripts/stagein.py and
 * stageout.py): argument conventions, the InfoService for the queue, status files.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asPilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { TraceReport } from './trace.js';
const logger = log('data.script');
/** Pilot 3's str2bool: yes/true/t/y/1 and no/false/f/n/0 (any case). */
export function str2bool(v) {
    const s = v.toLowerCase();
    if (['yes', 'true', 't', 'y', '1'].includes(s))
        return true;
    if (['no', 'false', 'f', 'n', '0'].includes(s))
        return false;
    throw new TypeError(`Boolean value expected, got ${JSON.stringify(v)}`);
}
/** Exit code of the scripts when a transfer failed (Pilot 3's TRANSFER_ERROR). */
export const TRANSFER_ERROR = 12;
/** The trace report the scripts build from their arguments. */
export async function scriptTrace(args, env) {
    const a = Object.fromEntries(['eventtype', 'localsite', 'remotesite', 'produserid', 'jobid', 'taskid', 'jobdefinitionid'].map((k) => [k, String(args[k] ?? '')]));
    const t = new TraceReport({ env, fields: { eventType: a.eventtype, localSite: a.localsite, remoteSite: a.remotesite, dataset: '' } });
    return t.init({ produserid: a.produserid.replace(/%20/g, ' '), jobid: a.jobid, taskid: a.taskid, jobdefinitionid: a.jobdefinitionid });
}
/** An initialised InfoService for the queue, or null (logged) when it cannot be resolved, as in Pilot 3. */
export async function scriptInfoService(queue, env) {
    const { InfoService } = await import('../info/infoservice.js');
    const { ExtInfoProvider } = await import('../info/extinfo.js');
    const info = new InfoService();
    try {
        await info.init(queue, null, new ExtInfoProvider({ env, cacheTimeS: InfoService.cache_time }));
        return info;
    }
    catch (e) {
        process.stderr.write(`queue information not available: ${asPilotError(e).diag}\n`);
        logger.warn({ err: asPilotError(e).diag }, 'InfoService init failed');
        return info.queuedata ? info : null;
    }
}
/** Write a status dictionary `{lfn: [...], error: [message, code]}` as JSON. */
export async function writeStatus(path, entries) {
    await writeFile(path, JSON.stringify(entries, null, 1));
}
/** `<workdir>/<name>` */
export function inWorkdir(workdir, name) {
    return join(workdir, name);
}
//# sourceMappingURL=scripts.js.map