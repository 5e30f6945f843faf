/**
 * `mv` copytool: local files linked, copied or moved (Pilot 3's pilot/copytool/mv.py), using
 * filesystem calls instead of `/usr/bin/env mv|cp|ln` through a shell.
 *
 * Stage-in source: `<inputDir or parent of workdir>/<lfn>` (the pilot runs one level above the
 * job directory), or `<inputDir or workdir>/<rucio path>` with `mv_final_destination`; a local
 * `turl` (absolute path or file://) given by a library caller wins. Destination:
 * `<file workdir or jobworkdir or workdir>/<lfn>`.
 * Stage-out: `<workdir>/<lfn>` → `<outputDir or parent of workdir>/<lfn>`, or the turl's path
 * with `mv_final_destination`; without an output dir Pilot 3's ARC `output.list` is appended.
 */
import { appendFile, copyFile, mkdir, realpath, rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ErrorCodes, PilotError, errors } from '../common/errors.js';
import { log } from '../common/log.js';
import { checkLfn, checkScope, rucioPath, safeJoin } from './paths.js';
import { resolveCommonTransferErrors } from './errormap.js';
const logger = log('copytool.mv');
/** Direct-access eligibility without requiring a turl (FileSpec.is_directaccess(ensure_replica=False)). */
export function isDirectAccessCandidate(f) {
    const lfn = f.lfn.toLowerCase();
    if (lfn.includes('.tar.gz') || lfn.includes('.lib.tgz') || lfn.includes('.raw.') || lfn.startsWith('raw.'))
        return false;
    return f.accessmode === 'direct';
}
/** Local path of a `file://` URL or absolute path; undefined for remote URLs. */
export function localPathOf(url) {
    if (!url)
        return undefined;
    if (url.startsWith('file://localhost/'))
        return url.slice('file://localhost'.length);
    if (url.startsWith('file:///'))
        return url.slice('file://'.length);
    if (isAbsolute(url))
        return url;
    return undefined;
}
async function moveFile(src, dst) {
    try {
        await rename(src, dst);
    }
    catch (e) {
        if (e.code !== 'EXDEV')
            throw e;
        await copyFile(src, dst, fsConstants.COPYFILE_FICLONE);
        await unlink(src);
    }
}
async function place(kind, src, dst) {
    if (kind === 'symlink')
        return symlink(src, dst);
    // reflink where the filesystem can (as cp does), a kernel-side copy otherwise
    if (kind === 'cp')
        return copyFile(src, dst, fsConstants.COPYFILE_FICLONE);
    return moveFile(src, dst);
}
function failDiag(e, src, dst) {
    const err = e;
    const reason = err.code === 'ENOENT' ? 'No such file or directory' : err.code === 'EEXIST' ? 'File exists' : err.code === 'ENOSPC' ? 'No space left on device' : err.message;
    return `transfer of ${src} to ${dst} failed: ${reason}`;
}
/**
 * With `mv_final_destination`, an input lives at its Rucio path on the endpoint's local (file://
 * or plain path) read protocol; Pilot 3 looks under the work directory instead, which only works
 * when the storage is mounted there. undefined when the endpoint has no local protocol.
 */
function storagePath(f, ctx) {
    const ddm = ctx.ddmconf?.[f.ddmendpoint ?? ''];
    if (!ddm?.arprotocols)
        return undefined;
    for (const a of [...(f.ddm_activity ?? []), 'read_lan', 'read_wan']) {
        for (const p of ddm.arprotocols[a] ?? []) {
            const base = localPathOf(`${p.endpoint ?? ''}${p.path ?? ''}`);
            if (base)
                return join(base, rucioPath(f.scope, f.lfn));
        }
    }
    return undefined;
}
/** Files handled at once: filesystem calls wait on libuv's thread pool, so a few in flight hide the latency. */
const PARALLEL = 8;
/**
 * Run `work` over `files` with up to PARALLEL in flight. The first failure stops new work
 * (files not started keep their status, as when Pilot 3 breaks out of its loop) and is rethrown
 * once the running ones have finished.
 */
async function eachLimited(files, signal, work) {
    let next = 0;
    let failure;
    const lane = async () => {
        while (failure === undefined && next < files.length) {
            const f = files[next++];
            try {
                signal?.throwIfAborted();
                await work(f);
            }
            catch (e) {
                failure ??= e;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, lane));
    if (failure !== undefined)
        throw failure;
}
async function copyIn(files, ctx) {
    const kind = ctx.copyType ?? 'symlink';
    for (const f of files) {
        if (ctx.allowDirectAccess && isDirectAccessCandidate(f)) {
            f.status_code = ErrorCodes.BADQUEUECONFIGURATION;
            throw errors.BADQUEUECONFIGURATION('bad queue configuration - mv does not support direct access');
        }
        if (kind === 'symlink')
            f.checkinputsize = false;
    }
    if (!['cp', 'mv', 'symlink'].includes(kind))
        throw errors.STAGEINFAILED('incorrect method for copy in');
    if (!ctx.workdir)
        throw errors.STAGEINFAILED('workdir is not specified');
    for (const f of files) {
        checkLfn(f.lfn);
        checkScope(f.scope);
    }
    const made = new Set();
    await eachLimited(files, ctx.signal, async (f) => {
        let source = localPathOf(f.turl) ?? (ctx.mvfinaldest ? storagePath(f, ctx) : undefined);
        if (!source) {
            source = ctx.mvfinaldest
                ? join(ctx.inputDir ?? ctx.workdir, rucioPath(f.scope, f.lfn))
                : join(ctx.inputDir ?? dirname(ctx.workdir), f.lfn);
        }
        const destination = safeJoin(f.workdir || ctx.jobworkdir || ctx.workdir, f.lfn);
        try {
            source = await realpath(source);
            if (source === destination)
                throw Object.assign(new Error('source and destination are the same file'), { code: 'ESAME' });
            const dir = dirname(destination);
            if (!made.has(dir)) {
                await mkdir(dir, { recursive: true });
                made.add(dir);
            }
            logger.debug({ lfn: f.lfn, source, destination, kind }, 'transferring file');
            await place(kind, source, destination);
            if (kind !== 'symlink' && !f.filesize)
                f.filesize = (await stat(destination)).size;
        }
        catch (e) {
            const diag = failDiag(e, source, destination);
            const m = resolveCommonTransferErrors(diag, true);
            f.status = 'failed';
            f.status_code = m.rcode;
            throw new PilotError(m.rcode, diag, { cause: e });
        }
        f.status = 'transferred';
        f.status_code = 0;
    });
    logger.info({ files: files.length, kind }, 'mv stage-in done');
    return files;
}
/** Destination of a final-destination stage-out: the turl's path, directories created (MKDIR on failure). */
async function finalDestination(turl) {
    const path = localPathOf(turl);
    if (!path)
        throw errors.STAGEOUTFAILED(`mv final destination needs a local turl, got ${JSON.stringify(turl ?? '')}`);
    if (path.split('/').includes('..'))
        throw errors.STAGEOUTFAILED(`invalid destination ${path}`);
    try {
        await mkdir(dirname(path), { recursive: true });
    }
    catch (e) {
        throw errors.MKDIR(`caught OSError exception: ${e.message}`, e);
    }
    return path;
}
async function writeOutputList(files, dir) {
    const lines = [];
    for (const f of files) {
        let arcturl = f.turl ?? '';
        if (arcturl.startsWith('s3://')) {
            arcturl = ['rucio://rucio-lb-prod.cern.ch;failureallowed=yes/objectstores', arcturl.replace(/^s3/, 's3+rucio'), f.ddmendpoint ?? '', 'write'].join('/');
        }
        else {
            const first = Object.entries(f.checksum ?? {}).find(([, v]) => v);
            if (first)
                arcturl += `:checksumtype=${first[0]}:checksumvalue=${first[1]}`;
        }
        lines.push(`${f.lfn} ${arcturl}\n`);
    }
    await appendFile(join(dir, 'output.list'), lines.join(''));
}
async function copyOut(files, ctx) {
    const kind = ctx.copyType ?? 'mv';
    if (kind !== 'cp' && kind !== 'mv')
        throw errors.STAGEOUTFAILED('incorrect method for copy out');
    if (!ctx.workdir)
        throw errors.STAGEOUTFAILED('Workdir is not specified');
    for (const f of files) {
        ctx.signal?.throwIfAborted();
        checkLfn(f.lfn, errors.STAGEOUTFAILED);
        const source = localPathOf(f.surl) ?? safeJoin(ctx.workdir, f.lfn, errors.STAGEOUTFAILED);
        const destination = ctx.mvfinaldest
            ? await finalDestination(f.turl)
            : safeJoin(ctx.outputDir || dirname(ctx.workdir), f.lfn, errors.STAGEOUTFAILED);
        try {
            if (destination !== source) {
                logger.info({ lfn: f.lfn, source, destination, kind }, 'transferring file');
                await place(kind, source, destination);
            }
        }
        catch (e) {
            const diag = failDiag(e, source, destination);
            const m = resolveCommonTransferErrors(diag, false);
            f.status = 'failed';
            f.status_code = m.rcode;
            // never leave a half-written copy behind
            if (kind === 'cp')
                await rm(destination, { force: true }).catch(() => undefined);
            throw new PilotError(m.rcode, diag, { cause: e });
        }
        f.status = 'transferred';
        f.status_code = 0;
    }
    if (!ctx.outputDir)
        await writeOutputList(files, dirname(ctx.workdir));
    return files;
}
/** The mv copytool (no replicas, no space check; Pilot 3 flags). */
export const mvCopytool = {
    name: 'mv',
    requireReplicas: false,
    requireInputProtocols: false,
    requireProtocols: true,
    checkAvailableSpace: false,
    copyIn,
    copyOut,
};
//# sourceMappingURL=mv.js.map