/**
 * The start-up CVMFS check (Pilot 3's check_cvmfs): for an experiment that declares CVMFS mount
 * points, every one must exist (files among them must be readable) and the last-update file must
 * carry a positive timestamp; otherwise the pilot stops with CVMFSISNOTALIVE (1377, exit 64).
 * An experiment without mount points (generic) is not checked, as in Pilot 3. `--nocvmfs` (-b) or
 * NO_CVMFS_OK skips the check.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { errors } from '../common/errors.js';
import { log } from '../common/log.js';
/** The CVMFS root: ATLAS_SW_BASE when a site moved it (HPC), else /cvmfs. */
export function cvmfsBase(env) {
    return env.ATLAS_SW_BASE || '/cvmfs';
}
/** The timestamp of a last-update file ("date | host | epoch"), 0 when unreadable. */
export function lastUpdateTimestamp(file) {
    try {
        const parts = readFileSync(file, 'utf8').split('\n')[0].split('|');
        const t = parts.length >= 3 ? Number.parseInt(parts[2].trim(), 10) : 0;
        return Number.isFinite(t) ? t : 0;
    }
    catch {
        return 0;
    }
}
/** Check CVMFS as Pilot 3 does; undefined when fine (or not checked), else the PilotError. */
export function checkCvmfs(layout, env) {
    const logger = log('cvmfs');
    if (env.NO_CVMFS_OK) {
        logger.info('skipping cvmfs checks (NO_CVMFS_OK)');
        return undefined;
    }
    if (!layout || layout.mountPoints.length === 0)
        return undefined;
    const base = cvmfsBase(env);
    for (const raw of layout.mountPoints) {
        const p = raw.replace('CVMFS_BASE', base);
        if (!existsSync(p))
            return errors.CVMFSISNOTALIVE(`CVMFS is not available at ${p}`);
        if (p.includes('lastUpdate')) {
            try {
                if (!statSync(p).isFile())
                    throw new Error('not a file');
                readFileSync(p);
            }
            catch (e) {
                return errors.CVMFSISNOTALIVE(`failed to open ${p}: ${e.message}`);
            }
        }
    }
    const t = lastUpdateTimestamp(layout.lastUpdateFile.replace('CVMFS_BASE', base));
    if (t <= 0)
        return errors.CVMFSISNOTALIVE('CVMFS is not responding (no last-update timestamp)');
    logger.info({ lastUpdate: t }, 'CVMFS has been validated');
    return undefined;
}
//# sourceMappingURL=cvmfs.js.map