/**
 * The per-file bookkeeping every byte-moving copytool shares (Pilot 3's copytools repeat it in
 * each module): validate names, trace the start, run the transfer, and then either mark the file
 * transferred and trace DONE, or remove the partial file, mark it failed with the error's code,
 * trace the failure and stop at the first failed file.
 */
import { rm } from 'node:fs/promises';
import { errors, PilotError } from '../common/errors.js';
import { checkLfn, checkScope, safeJoin } from './paths.js';
import { traceDone, traceStart } from './tracefields.js';
/** Where an input lands: `<file workdir or ctx.workdir>/<lfn>`, names checked first. */
export function inputDestination(f, ctx) {
    checkLfn(f.lfn);
    checkScope(f.scope);
    if (!f.turl)
        throw errors.STAGEINFAILED(`no turl for ${f.lfn}`);
    return { turl: f.turl, dst: safeJoin(f.workdir || ctx.workdir, f.lfn) };
}
/** What an output is read from: its absolute surl, else `<ctx.workdir>/<lfn>`; names checked first. */
export function outputSource(f, ctx) {
    checkLfn(f.lfn, errors.STAGEOUTFAILED);
    if (!f.turl)
        throw errors.STAGEOUTFAILED(`no destination turl for ${f.lfn}`);
    const src = f.surl && f.surl.startsWith('/') ? f.surl : safeJoin(ctx.workdir, f.lfn, errors.STAGEOUTFAILED);
    return { turl: f.turl, src };
}
/** Transfer `files` one after the other with the shared bookkeeping; `prepare` may throw before any trace. */
export async function transferEach(files, ctx, isStagein, prepare) {
    for (const f of files) {
        const t = prepare(f);
        traceStart(ctx, f, t.url);
        try {
            await t.run();
        }
        catch (e) {
            if (t.partial)
                await rm(t.partial, { force: true }).catch(() => undefined);
            if (ctx.signal?.aborted)
                throw e;
            const fallback = isStagein ? errors.STAGEINFAILED : errors.STAGEOUTFAILED;
            const err = e instanceof PilotError ? e : fallback(String(e?.message ?? e), e);
            f.status = 'failed';
            f.status_code = err.code;
            traceDone(ctx, false, isStagein, err.diag, err.state, err.code);
            throw err;
        }
        ctx.progress?.({ lfn: f.lfn, bytes: f.filesize ?? 0, total: f.filesize ?? 0, done: true });
        f.status = 'transferred';
        f.status_code = 0;
        traceDone(ctx, true, isStagein);
    }
    return files;
}
//# sourceMappingURL=perfile.js.map