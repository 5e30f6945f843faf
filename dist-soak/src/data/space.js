/**
 * Pre-stage-in checks: total input size against the queue's maxwdir, and free space where the
 * files will land (Pilot 3 measures the current directory — quirk 17 — we measure the destination).
 */
import { statfs } from 'node:fs/promises';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
const logger = log('space');
const MiB = 1024 * 1024;
/** Free bytes on the filesystem holding `dir` (storageLimitMiB from the batch system wins). */
export async function freeSpace(dir, env = process.env) {
    if (env.storageLimitMiB && env.storageRequestMiB) {
        const lim = Number(env.storageLimitMiB);
        if (Number.isFinite(lim))
            return lim * MiB;
    }
    try {
        const s = await statfs(dir);
        return s.bavail * s.bsize;
    }
    catch (e) {
        logger.warn({ dir, err: e.message }, 'free space unknown; check skipped');
        return undefined;
    }
}
/**
 * Raise SIZETOOLARGE (1168) when the inputs exceed maxwdir (MB), NOLOCALSPACE (1098) when they
 * do not fit on the destination filesystem. No queuedata → only the free-space check.
 */
export async function checkAvailableSpace(files, dir, queuedata, env) {
    if (queuedata?.maxinputsize === -1)
        return;
    const total = files.reduce((s, f) => s + (f.filesize ?? 0), 0);
    const maxwdir = Number(queuedata?.maxwdir ?? 0);
    const maxBytes = Number.isFinite(maxwdir) ? maxwdir * MiB : 0;
    if (maxBytes && total > maxBytes) {
        throw errors.SIZETOOLARGE(`total input size ${total} B exceeds the queue limit maxwdir=${maxwdir} MB`);
    }
    const free = await freeSpace(dir, env);
    if (free !== undefined && total > free) {
        throw errors.NOLOCALSPACE(`not enough local space for staging input files: need ${total} B, ${free} B free in ${dir}`);
    }
}
//# sourceMappingURL=space.js.map