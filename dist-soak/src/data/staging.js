/**
 * Common part of the stage-in and stage-out clients (Pilot 3's StagingClient): copytool
 * settings per activity, the copytool fallback loop and Pilot 3's choice of the final error code.
 */
import { ErrorCodes, PilotError, asPilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { getCopytool } from '../copytool/registry.js';
import { progressReporter } from './progress.js';
import { RucioClient } from './replicas.js';
import { TraceReport } from './trace.js';
const logger = log('data');
function normaliseAcopytools(v) {
    if (v === undefined || v === null)
        return {};
    if (typeof v === 'string')
        return v ? { default: [v] } : {};
    if (Array.isArray(v))
        return { default: [...v] };
    return { ...v };
}
/** Activity list with `default` appended (a copy: the caller's list is left alone). */
export function activityList(activity) {
    const list = activity === undefined ? [] : typeof activity === 'string' ? [activity] : [...activity];
    if (!list.includes('default'))
        list.push('default');
    return list;
}
/** Base class: copytool resolution and the fallback loop. */
export class StagingClient {
    info;
    opts;
    acopytools;
    trace;
    progress;
    rucioClient;
    constructor(infosys, opts = {}) {
        this.info = infosys ?? undefined;
        this.opts = opts;
        let ac = normaliseAcopytools(opts.acopytools);
        const qd = this.queuedata;
        if (qd) {
            if (!Object.keys(ac).length && qd.acopytools)
                ac = { ...qd.acopytools };
            if (!Object.keys(ac).length && qd.copytools)
                ac = { default: Object.keys(qd.copytools) };
        }
        if (!ac.default) {
            const d = opts.defaultCopytools ?? 'rucio';
            ac.default = typeof d === 'string' ? [d] : [...d];
        }
        this.acopytools = ac;
        this.trace = opts.traceReport ?? new TraceReport({ env: opts.env });
        if (!Object.values(ac).some((l) => l.length)) {
            this.trace.update({ clientState: 'BAD_COPYTOOL' });
            this.trace.send();
            throw errors.UNKNOWNCOPYTOOL('failed to resolve acopytools settings');
        }
        this.progress = opts.progress === true ? progressReporter() : typeof opts.progress === 'function' ? opts.progress : undefined;
    }
    /** Queue data from the InfoService or the options (may be undefined: no InfoSys). */
    get queuedata() {
        return (this.info?.queuedata ?? this.opts.queuedata) || undefined;
    }
    /** Storage endpoints by name (InfoService storage cache or options). */
    async ddmconf() {
        if (this.opts.storagedata)
            return this.opts.storagedata;
        const info = this.info;
        if (!info)
            return {};
        // InfoService.init prefetches every storage; asking again would reload them all
        const cached = info.storages_info ?? info.storagesInfo;
        if (cached && Object.keys(cached).length)
            return cached;
        const fn = info.resolveStorageData ?? info.resolve_storage_data;
        if (typeof fn === 'function') {
            const r = await fn.call(info);
            if (r && typeof r === 'object')
                return (r instanceof Map ? Object.fromEntries(r) : r);
        }
        return {};
    }
    /** The Rucio client (created on first use). */
    rucio() {
        if (!this.rucioClient) {
            const r = this.opts.rucio;
            this.rucioClient = r instanceof RucioClient ? r : new RucioClient({ env: this.opts.env, caFile: this.opts.caFile, ...(r ?? {}) });
        }
        return this.rucioClient;
    }
    /** Copytool names for the first activity with a non-empty acopytools entry. */
    copytoolsFor(activities) {
        for (const a of activities) {
            const l = this.acopytools[a];
            if (l?.length)
                return l;
        }
        throw errors.UNKNOWNCOPYTOOL(`failed to resolve copytool by preferred activities=${JSON.stringify(activities)}, acopytools=${JSON.stringify(this.acopytools)}`);
    }
    /** Base copy context for a call. */
    context(opts, workdir) {
        const catchall = opts.catchall ?? this.queuedata?.catchall ?? '';
        return {
            workdir,
            jobworkdir: opts.jobworkdir,
            signal: opts.signal,
            trace: this.trace,
            copytools: (this.queuedata?.copytools ?? undefined),
            mvfinaldest: catchall.includes('mv_final_destination'),
            copyType: opts.copyType,
            inputDir: opts.inputDir,
            outputDir: opts.outputDir,
            allowDirectAccess: opts.allowDirectAccess,
            env: this.opts.env,
            caFile: this.opts.caFile,
            progress: this.progress,
            timeoutS: opts.timeoutS,
        };
    }
    /**
     * Transfer files with the copytools configured for the activity, falling back to the next
     * copytool when one fails. Files end with status `transferred`, `remote_io`, `no_transfer` or
     * `failed` and a status_code. Returns the same list.
     */
    async transfer(files, opts = {}) {
        const activities = activityList(opts.activity);
        if (!files.length)
            return files;
        const start = Date.now() / 1000;
        this.trace.update({ relativeStart: start, transferStart: start });
        const copytools = this.copytoolsFor(activities);
        this.prepare(files, activities);
        const caught = [];
        try {
            for (const name of copytools) {
                opts.signal?.throwIfAborted();
                const remain = files.filter((f) => !['remote_io', 'transferred', 'no_transfer'].includes(f.status ?? ''));
                if (!remain.length)
                    break;
                let tool;
                try {
                    tool = await getCopytool(name);
                }
                catch (e) {
                    caught.push(asPilotError(e));
                    continue;
                }
                logger.info({ copytool: name, files: remain.length, activities }, 'trying copytool');
                try {
                    await this.transferFiles(tool, remain, activities, opts);
                    break;
                }
                catch (e) {
                    if (opts.signal?.aborted)
                        throw opts.signal.reason instanceof Error ? opts.signal.reason : e;
                    const err = asPilotError(e, this.isStagein ? ErrorCodes.STAGEINFAILED : ErrorCodes.STAGEOUTFAILED);
                    logger.warn({ copytool: name, code: err.code, diag: err.diag }, 'copytool failed');
                    caught.push(err);
                    if (err.code === ErrorCodes.MISSINGOUTPUTFILE)
                        throw err;
                }
            }
        }
        finally {
            await this.trace.flush(2000);
        }
        const remain = files.filter((f) => !['remote_io', 'transferred', 'no_transfer'].includes(f.status ?? ''));
        if (remain.length) {
            const err = this.finalError(caught, copytools);
            for (const f of remain) {
                if (!f.status)
                    f.status = 'failed';
                if (!f.status_code)
                    f.status_code = err.code;
            }
            if (opts.raiseException !== false)
                throw err;
        }
        return files;
    }
    /** Pilot 3's rules for the code when files remain (authentication, bad queue config, first error). */
    finalError(caught, copytools) {
        const text = caught.map((e) => e.diag).join('; ');
        const suffix = `:failed to transfer files using copytools=${JSON.stringify(copytools)}`;
        let code;
        if (text.includes('Cannot authenticate'))
            code = this.isStagein ? ErrorCodes.STAGEINAUTHENTICATIONFAILURE : ErrorCodes.STAGEOUTAUTHENTICATIONFAILURE;
        else if (text.includes('bad queue configuration'))
            code = ErrorCodes.BADQUEUECONFIGURATION;
        else if (caught.length)
            code = caught[0].code;
        else
            code = this.isStagein ? ErrorCodes.STAGEINFAILED : ErrorCodes.STAGEOUTFAILED;
        const diag = caught.length ? `${caught.map((e) => `[${e.code}] ${e.diag}`).join('; ')}${suffix}` : `no copytool could transfer the files${suffix}`;
        return new PilotError(code, diag, { cause: caught[0] });
    }
}
//# sourceMappingURL=staging.js.map