/**
 * The generic experiment plugin (Pilot 3's pilot/user/generic): download the transform from a
 * `-g` base URL and run `./<trf> <jobparams>` in the work dir.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { getEndSetupTime } from '../payload/analysis.js';
import { resolveContainer } from '../payload/containers.js';
import { outputFileInfo } from './fileinfo.js';
import { buildJobMetrics, readEventNumber, readRucioTraceError } from './jobmetrics.js';
import { readJobReport } from './jobreport.js';
import { getAnalysisTrf } from './trf.js';
const logger = log('user.generic');
/** Quote a word for bash only when it needs it (so ordinary names look exactly like Pilot 3's). */
export function shellWord(word) {
    return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
/** Generic user: everything Pilot 3's generic plugin does, nothing experiment-specific. */
export class GenericPlugin {
    name = 'generic';
    defaultTrfBaseUrls = ['https://storage.googleapis.com/drp-us-central1-containers', 'https://pandaserver-doma.cern.ch/trf/user'];
    validate(job) {
        const image = job.imagename;
        if (image && image.startsWith('/') && !existsSync(image))
            throw errors.IMAGENOTFOUND(`image does not exist: ${image}`);
    }
    resolveContainer(job, queuedata) {
        return resolveContainer(job, queuedata, job.workdir);
    }
    async buildPayloadCommand(job, ctx = {}) {
        const env = ctx.env ?? process.env;
        const workdir = ctx.workdir ?? job.workdir;
        const trf = await getAnalysisTrf(job.transformation, workdir, {
            ...ctx.download,
            baseUrls: ctx.trfBaseUrls,
            defaults: [...this.defaultTrfBaseUrls],
            signal: ctx.signal,
            env,
        });
        return this.runCommand(job, trf, env);
    }
    /** Pilot 3's get_analysis_run_command: optional proxy export, then `./<trf> <jobparams>`. */
    runCommand(job, trf, env) {
        let cmd = '';
        const proxy = env.X509_USER_PROXY;
        if (proxy !== undefined && !job.imagename)
            cmd += `export X509_USER_PROXY=${shellWord(proxy)};`;
        // jobparams are shell text by design (quotes, redirections); the trf name is ours to quote.
        cmd += `./${shellWord(trf)} ${job.jobparams ?? ''}`;
        return cmd.trimEnd();
    }
    parseJobReport(workdir) {
        return readJobReport(workdir);
    }
    /** Generic Pilot 3 does not interpret the report (its interpret() only fills GUIDs). */
    interpretJobReport(job, report) {
        if (report.malformed)
            logger.warn({ jobid: job.jobid, err: report.malformed }, 'malformed job report (sent as is)');
        return {};
    }
    updateJobData(job) {
        for (const f of job.outdata ?? []) {
            if (!f.guid)
                f.guid = randomUUID();
        }
    }
    /** Generic: the raw file text (Pilot 3 sends it unparsed). */
    metaData(report) {
        return report.raw;
    }
    outputFileInfo(files, checksumType = 'adler32') {
        return outputFileInfo(files, checksumType);
    }
    async jobMetrics(job, input = {}) {
        const rucio = await readRucioTraceError(job.workdir);
        return buildJobMetrics({
            actualCoreCount: job.actualcorecount,
            nEvents: job.nevents,
            nEventsW: job.neventsw,
            state: job.state,
            rucioTraceError: rucio,
            eventnumber: await readEventNumber(job.workdir),
            ...input,
        });
    }
    getEndSetupTime(workdir) {
        return getEndSetupTime(join(workdir, 'payload.stdout'));
    }
}
/** The shared generic plugin instance. */
export const generic = new GenericPlugin();
//# sourceMappingURL=generic.js.map