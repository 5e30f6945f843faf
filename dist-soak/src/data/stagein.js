/**
 * StageInClient (Pilot 3's pilot/api/data.py StageInClient): replicas (from the files or Rucio),
 * replica choice LAN before WAN, direct-access marking, size/space pre-check, copy.
 *
 * Deviation: without queue data (the seed's "stage-in without InfoSys") the size check is
 * skipped instead of crashing (quirk 7), so that example works.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '../common/log.js';
import { checkLfn, checkScope } from '../copytool/paths.js';
import { requireProtocols, resolveAllowedSchemas } from './protocols.js';
import { chooseReplica, noReplicas, resolveReplicas } from './replicas.js';
import { checkAvailableSpace } from './space.js';
import { StagingClient } from './staging.js';
const logger = log('stagein');
/** Schemas allowed for direct access on the LAN (Pilot 3's direct_localinput_allowed_schemas). */
export const DIRECT_LOCALINPUT_SCHEMAS = ['root', 'dcache', 'dcap', 'file', 'https'];
/** Schemas allowed for direct access over the WAN. */
export const DIRECT_REMOTEINPUT_SCHEMAS = ['root', 'https'];
/** Schemas allowed for WAN copies. */
export const REMOTEINPUT_SCHEMAS = ['root', 'gsiftp', 'dcap', 'srm', 'storm', 'https'];
/** FileSpec.is_directaccess(ensure_replica, allowed) as Pilot 3 defines it. */
export function isDirectAccess(f, ensureReplica = true, allowed = DIRECT_LOCALINPUT_SCHEMAS) {
    const lfn = f.lfn.toLowerCase();
    if (lfn.includes('.tar.gz') || lfn.includes('.lib.tgz') || lfn.includes('.raw.') || lfn.startsWith('raw.'))
        return false;
    if (f.accessmode !== 'direct')
        return false;
    if (ensureReplica)
        return !!f.turl && allowed.some((s) => f.turl.startsWith(`${s}://`));
    return true;
}
/** Stage-in client. */
export class StageInClient extends StagingClient {
    isStagein = true;
    /** Pilot 3's prepare_inputddms: LAN endpoints from astorages (or the file's own endpoint). */
    prepareInputddms(files, activities = ['read_lan']) {
        const astorages = this.queuedata?.astorages ?? {};
        let ddms = [];
        for (const a of activities) {
            if (astorages[a]?.length) {
                ddms = astorages[a];
                break;
            }
        }
        for (const f of files) {
            if (f.inputddms?.length)
                continue;
            f.inputddms = ddms.length ? [...ddms] : f.ddmendpoint ? [f.ddmendpoint] : [];
        }
    }
    prepare(files) {
        for (const f of files) {
            checkLfn(f.lfn);
            checkScope(f.scope);
        }
        this.prepareInputddms(files);
        for (const f of files) {
            if (f.ddm_activity)
                continue;
            f.ddm_activity = [...((f.inputddms ?? []).includes(f.ddmendpoint ?? '') ? ['read_lan'] : []), 'read_wan'];
            if ((this.opts.env ?? process.env).PILOT_ES_EXECUTOR_TYPE === 'raythena')
                f.status = 'no_transfer';
        }
    }
    /** Pick a replica per file: LAN first, then WAN (NOREPLICAS when neither fits). */
    selectReplicas(tool, files, activities) {
        const qdSchemas = resolveAllowedSchemas(this.queuedata, activities, tool.name);
        const allowed = qdSchemas.length ? qdSchemas : tool.allowedSchemas;
        for (const f of files) {
            let r;
            if (f.allow_lan !== false) {
                const primary = f.direct_access_lan && isDirectAccess(f, false) ? DIRECT_LOCALINPUT_SCHEMAS : undefined;
                r = chooseReplica(f, primary, allowed, 'lan');
            }
            if (!r && f.allow_wan) {
                const primary = f.direct_access_wan && isDirectAccess(f, false) ? DIRECT_REMOTEINPUT_SCHEMAS : undefined;
                // Pilot 3 lets this narrowed list leak into later files (quirk 6); ours is per file.
                const wanAllowed = allowed ? allowed.filter((s) => REMOTEINPUT_SCHEMAS.includes(s)) : REMOTEINPUT_SCHEMAS;
                r = chooseReplica(f, primary, wanAllowed, 'wan');
            }
            if (!r)
                throw noReplicas(f, allowed);
            f.turl = r.pfn;
            f.surl = r.surl;
            f.ddmendpoint = r.ddmendpoint;
            f.domain = r.domain;
        }
    }
    /** Mark direct-access files `remote_io` and record their trace (Pilot 3's set_status_for_direct_access). */
    async markDirectAccess(files, workdir, opts) {
        const env = this.opts.env ?? process.env;
        let wroteBase = false;
        for (const f of files) {
            const lan = f.domain === 'lan' && f.direct_access_lan && isDirectAccess(f, true, DIRECT_LOCALINPUT_SCHEMAS);
            const wan = f.domain === 'wan' && f.direct_access_wan && isDirectAccess(f, true, DIRECT_REMOTEINPUT_SCHEMAS);
            if (!lan && !wan)
                continue;
            f.status = 'remote_io';
            f.status_code = 0;
            if (env.ALRB_XCACHE_PROXY && lan && !f.turl.startsWith('${ALRB_XCACHE_PROXY}'))
                f.turl = '${ALRB_XCACHE_PROXY}' + f.turl;
            this.trace.update({
                localSite: env.RUCIO_LOCAL_SITE_ID ?? f.ddmendpoint,
                remoteSite: f.ddmendpoint,
                filesize: f.filesize,
                filename: f.lfn,
                guid: (f.guid ?? '').replace(/-/g, ''),
                scope: f.scope,
                dataset: f.dataset ?? '',
                url: f.turl,
                clientState: 'FOUND_ROOT',
                stateReason: 'direct_access',
            });
            const verifyLog = opts.remoteFileVerificationLog ?? 'remotefileslog.txt';
            if (verifyLog) {
                if (!wroteBase) {
                    await writeFile(join(f.workdir || workdir, 'base_trace_report.json'), JSON.stringify(this.trace.fields));
                    wroteBase = true;
                }
            }
            else {
                this.trace.send();
            }
            logger.info({ lfn: f.lfn, turl: f.turl }, 'direct access: file will be read remotely');
        }
    }
    async transferFiles(tool, files, activities, opts) {
        const workdir = opts.workdir ?? files[0]?.workdir ?? process.cwd();
        if (tool.requireReplicas && files.length) {
            const unresolved = files.filter((f) => f.replicas === null || f.replicas === undefined);
            if (unresolved.length)
                await resolveReplicas(unresolved, this.rucio(), opts.signal);
            this.selectReplicas(tool, files, activities);
        }
        if (tool.requireInputProtocols) {
            requireProtocols(files, tool, { activities, queuedata: this.queuedata, ddmconf: await this.ddmconf(), localDir: opts.inputDir, env: this.opts.env });
        }
        await this.markDirectAccess(files, workdir, opts);
        const remain = files.filter((f) => !['direct', 'remote_io', 'transferred', 'no_transfer'].includes(f.status ?? ''));
        if (!remain.length)
            return;
        if (tool.checkAvailableSpace)
            await checkAvailableSpace(remain, remain[0].workdir || workdir, this.queuedata, this.opts.env);
        const ctx = this.context(opts, workdir);
        ctx.ddmconf = await this.ddmconf();
        await tool.copyIn(remain, ctx);
    }
    /** Transfer (download) files; see {@link StagingClient.transfer}. */
    transfer(files, opts = {}) {
        return super.transfer(files, opts);
    }
}
//# sourceMappingURL=stagein.js.map