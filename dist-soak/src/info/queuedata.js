/**
 * QueueData: the typed view on a PanDA queue's CRIC/PanDA description, with Pilot 3's field names
 * and cleaning (pilot/info/queuedata.py). External names are mapped: nickname→name,
 * panda_resource→resource, cmtconfig→platform, atlas_site|gstat→site, zip_time_gap→es_stageout_gap.
 */
import { cleanBool, cleanInt, cleanStr, dictField, pick } from './clean.js';
/** Typed, cleaned queue description (Pilot 3's QueueData). */
export class QueueData {
    /** Queue name (external `nickname`). */
    name = '';
    /** e.g. production, analysis, unified. */
    type = null;
    /** PanDA resource (external `panda_resource`). */
    resource = '';
    /** Site name (external `atlas_site`, else `gstat`). */
    site = null;
    /** CRIC state: must be ACTIVE for the pilot to run. */
    state = null;
    /** PanDA status, e.g. online / offline / brokeroff / test. */
    status = '';
    appdir = '';
    /** Extra `key=value` exports for the payload. */
    environ = '';
    /** cmtconfig of the queue. */
    platform = '';
    /** e.g. GRID, hpc. */
    resource_type = '';
    /** Free-form flags: mv_final_destination, allow_wan_for_lib, IMAGE_BASE=, singularity_options=... */
    catchall = '';
    container_options = '';
    /** Container runtime by user, e.g. {pilot: 'apptainer', middleware: 'container'}. */
    container_type = {};
    /** Copytool settings by name, e.g. {rucio: {setup: ''}}. */
    copytools = null;
    /** Copytools per activity, e.g. {pr: ['rucio'], pw: ['rucio']}. */
    acopytools = null;
    acopytools_schemas = {};
    /** DDM endpoints per activity. */
    astorages = null;
    aprotocols = null;
    /** Extra parameters (allow_altstageout, pilot_*_grace, job_maxwalltime, ...). */
    params = {};
    direct_access_lan = false;
    direct_access_wan = false;
    allow_lan = true;
    allow_wan = false;
    use_pcache = false;
    is_cvmfs = true;
    /** MB: maximum work directory size (also the total input size limit). */
    maxwdir = 0;
    /** MB. */
    maxrss = 0;
    /** MB; -1 disables input size checks. */
    maxinputsize = 0;
    /** Seconds: the pilot's maximum lifetime on the resource (0 = use --lifetime). */
    maxtime = 0;
    /** Seconds (CRIC gives minutes; converted as Pilot 3 does). */
    timefloor = 0;
    corecount = 1;
    pledgedcpu = 0;
    /** Seconds (external `zip_time_gap`; 0 → 600 opportunistic / 7200). */
    es_stageout_gap = 0;
    /** Percent. */
    memkillgrace = 100;
    /** From params.allow_altstageout: true/false, or null for no preference. */
    altstageout = null;
    pilot_walltime_grace = 1.0;
    pilot_rss_grace = 2.0;
    pilot_maxwdir_grace = 1.0;
    /** The merged external record this was built from. */
    raw;
    /**
     * @throws PilotError QUEUEDATANOTOK (1117) when a dict field holds text that is not a literal
     * (Pilot 3 crashes there with a Python SyntaxError).
     */
    constructor(data) {
        this.raw = data;
        const dict = (key, def) => dictField(data, key, def, 'queuedata field');
        this.name = cleanStr(pick(data, 'nickname'), this.name);
        this.type = cleanStr(data.type, this.type);
        this.resource = cleanStr(pick(data, 'panda_resource'), this.resource);
        this.site = cleanStr(pick(data, 'atlas_site', 'gstat'), this.site);
        this.state = cleanStr(data.state, this.state);
        this.status = cleanStr(data.status, this.status);
        this.appdir = cleanStr(data.appdir, this.appdir);
        this.environ = cleanStr(data.environ, this.environ);
        this.platform = cleanStr(pick(data, 'cmtconfig'), this.platform);
        this.resource_type = cleanStr(data.resource_type, this.resource_type);
        this.catchall = cleanStr(data.catchall, this.catchall);
        const copts = cleanStr(data.container_options, this.container_options);
        this.container_options = copts.toLowerCase() === 'none' ? '' : copts;
        this.container_type = parseContainerType(cleanStr(data.container_type, ''));
        this.copytools = dict('copytools', this.copytools);
        this.acopytools = normaliseActivityMap(dict('acopytools', this.acopytools));
        this.acopytools_schemas = dict('acopytools_schemas', this.acopytools_schemas);
        this.astorages = normaliseActivityMap(dict('astorages', this.astorages));
        this.aprotocols = dict('aprotocols', this.aprotocols);
        this.params = dict('params', this.params) ?? {};
        this.direct_access_lan = cleanBool(data.direct_access_lan, this.direct_access_lan);
        this.direct_access_wan = cleanBool(data.direct_access_wan, this.direct_access_wan);
        this.allow_lan = cleanBool(data.allow_lan, this.allow_lan);
        this.allow_wan = cleanBool(data.allow_wan, this.allow_wan);
        this.use_pcache = cleanBool(data.use_pcache, this.use_pcache);
        this.is_cvmfs = cleanBool(data.is_cvmfs, this.is_cvmfs);
        this.maxwdir = cleanInt(data.maxwdir, this.maxwdir);
        this.maxrss = cleanInt(data.maxrss, this.maxrss);
        this.maxinputsize = cleanInt(data.maxinputsize, this.maxinputsize);
        this.maxtime = cleanInt(data.maxtime, this.maxtime);
        this.timefloor = cleanInt(data.timefloor, 0) * 60;
        this.corecount = cleanInt(data.corecount, this.corecount) || 1;
        this.pledgedcpu = cleanInt(data.pledgedcpu, this.pledgedcpu);
        this.es_stageout_gap = cleanInt(pick(data, 'zip_time_gap'), this.es_stageout_gap);
        this.memkillgrace = cleanInt(data.memkillgrace, this.memkillgrace);
        this.finish();
    }
    /** Pilot 3's clean(): derived values and container option fix-ups. */
    finish() {
        if (!this.es_stageout_gap)
            this.es_stageout_gap = this.pledgedcpu === -1 ? 600 : 7200;
        if (!this.container_options && this.catchall) {
            const m = /singularity_options=['"]?([^'"]+)['"]?/.exec(this.catchall) ?? /apptainer_options=['"]?([^'"]+)['"]?/.exec(this.catchall);
            if (m)
                this.container_options = m[1];
        }
        if (this.container_options && !this.container_options.includes('${workdir}') && this.container_options.includes(' --contain')) {
            this.container_options = this.container_options.replace(' --contain', ',${workdir} --contain');
        }
        const alt = this.params.allow_altstageout;
        this.altstageout = alt === undefined || alt === null ? null : Boolean(alt);
        this.pilot_walltime_grace = grace(this.params.pilot_walltime_grace, 0, 1.0);
        this.pilot_rss_grace = grace(this.params.pilot_rss_grace, 100, 2.0);
        this.pilot_maxwdir_grace = grace(this.params.pilot_maxwdir_grace, 20, 1.0);
    }
    /**
     * Allowed schemas for an activity (ordered list, `default` tried last) and copytool, from
     * acopytools_schemas; [] when nothing is configured. Does not modify the caller's list (Pilot 3
     * appends `default` to it and splits a string activity into characters: both fixed).
     */
    resolve_allowed_schemas(activity, copytool) {
        const acts = activityList(activity);
        let adat;
        for (const a of acts) {
            const v = this.acopytools_schemas[a];
            if (v && (Array.isArray(v) ? v.length : Object.keys(v).length)) {
                adat = v;
                break;
            }
        }
        if (!adat)
            return [];
        const byTool = Array.isArray(adat) ? { default: adat } : adat;
        const key = copytool && copytool in byTool ? copytool : 'default';
        return [...(byTool[key] ?? [])];
    }
    /** Queue preference for alternative stage-out (null = no preference). */
    allow_altstageout() {
        return this.altstageout;
    }
}
/** An activity argument as an ordered list with `default` appended (a new array). */
export function activityList(activity) {
    const acts = activity === null || activity === undefined || activity === '' ? [] : typeof activity === 'string' ? [activity] : [...activity];
    if (!acts.includes('default'))
        acts.push('default');
    return acts;
}
/** 'apptainer:pilot;container:middleware' → {pilot: 'apptainer', middleware: 'container'}. */
export function parseContainerType(value) {
    const out = {};
    for (const e of (value || '').split(';')) {
        const dat = e.split(':');
        if (dat.length === 2)
            out[dat[1].trim()] = dat[0].trim();
    }
    return out;
}
function grace(v, def, fallback) {
    const x = v === undefined || v === null ? def : typeof v === 'number' ? v : Number(String(v).trim() || 'x');
    return Number.isFinite(x) ? 1 + x / 100 : fallback;
}
/** Activity maps must hold lists of names; a bare string becomes a one-element list. */
function normaliseActivityMap(m) {
    if (!m)
        return m;
    const out = {};
    for (const [k, v] of Object.entries(m)) {
        if (Array.isArray(v))
            out[k] = v.map(String);
        else if (typeof v === 'string')
            out[k] = v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
    }
    return out;
}
//# sourceMappingURL=queuedata.js.map