/**
 * Loading queue and storage descriptions from their external sources (Pilot 3's ExtInfoProvider,
 * pilot/info/extinfo.py): PanDA's queuedata, CRIC's schedconfig and ddmendpoints, their CVMFS
 * copies, and cache files in the pilot home, tried in the user plug-in's priority order.
 *
 * Names and lifetimes are Pilot 3's: queuedata.json (3 h), agis_schedconf.cvmfs.json (60 s),
 * agis_schedconf.agis.<pq>.json (3 h), cric_pandaqueues.json (LOCAL_AGIS_SCHEDCONF, 3 h),
 * agis_ddmendpoints.agis.<ddms|ALL>.json (3 h), cric_ddmendpoints.json (LOCAL / CVMFS copy).
 */
import { join } from 'node:path';
import { errors, PilotError } from '../common/errors.js';
import { loadData, mergeDictData } from './loader.js';
/** Built-in [Information] defaults (same as config/default.cfg and Pilot 3's default.cfg). */
export const INFORMATION_DEFAULTS = {
    cache_dir: '',
    queuedata_url: 'http://pandaserver.cern.ch:25085/cache/schedconfig/{pandaqueue}.all.json',
    queuedata_cvmfs: 'CVMFS_PATH/atlas.cern.ch/repo/sw/local/etc/cric_pandaqueues.json',
    queuedata_cache: 'queuedata.json',
    queues_url: 'https://atlas-cric.cern.ch/cache/schedconfig/{pandaqueue}.json',
    queues_cvmfs: 'CVMFS_PATH/atlas.cern.ch/repo/sw/local/etc/cric_pandaqueues.json',
    queues_cache: 'cric_pandaqueues.json',
    storages_url: 'https://atlas-cric.cern.ch/cache/ddmendpoints.json',
    storages_cvmfs: 'CVMFS_PATH/atlas.cern.ch/repo/sw/local/etc/cric_ddmendpoints.json',
    storages_cache: 'cric_ddmendpoints.json',
};
/** Source priorities of the user plug-ins (pilot/user/<name>/setup.py). */
export const SOURCE_PRIORITIES = {
    schedconfig: ['LOCAL', 'CVMFS', 'CRIC', 'PANDA'],
    queuedata: ['LOCAL', 'PANDA', 'CVMFS', 'CRIC'],
    ddm: ['USER', 'LOCAL', 'CVMFS', 'CRIC', 'PANDA'],
    /** rubin puts its LOCAL storage file first. */
    ddmRubin: ['LOCAL', 'USER', 'CVMFS', 'CRIC', 'PANDA'],
};
const THREE_HOURS_S = 3 * 60 * 60;
/** Loads queue and storage data from external sources with file caching. */
export class ExtInfoProvider {
    opts;
    constructor(opts = {}) {
        this.opts = opts;
    }
    get env() {
        return this.opts.env ?? process.env;
    }
    /** An [Information] setting (config, else the built-in default). */
    setting(key) {
        const def = INFORMATION_DEFAULTS[key] ?? '';
        if (!this.opts.config)
            return def;
        try {
            return this.opts.config.get('Information', key, def);
        }
        catch {
            return def;
        }
    }
    /** The cache directory (Pilot 3: config cache_dir, else PILOT_HOME, else '.'). */
    cacheDir() {
        return this.opts.cacheDir || this.setting('cache_dir') || this.env.PILOT_HOME || '.';
    }
    cvmfsPath(setting, fname) {
        const base = this.env.ATLAS_SW_BASE || '/cvmfs';
        const url = this.setting(setting);
        return url ? url.replace('CVMFS_PATH', base) : `${base}/atlas.cern.ch/repo/sw/local/etc/${fname}`;
    }
    load(sources, priority) {
        const retry = this.opts.retrySleepMs ?? 0;
        for (const s of Object.values(sources))
            if (s && s.sleepMs === undefined && (s.nretry ?? 1) > 1)
                s.sleepMs = retry;
        return loadData(sources, priority, { ...this.opts, cacheTimeS: this.opts.cacheTimeS ?? 60 });
    }
    /** The full CRIC description of queues (dict keyed by queue name), or null. */
    async load_schedconfig_data(pandaqueues, priority) {
        const pqs = [...new Set(pandaqueues)].sort();
        const pqName = pqs.length === 1 ? pqs[0] : 'pandaqueues';
        const dir = this.cacheDir();
        const sources = {
            CVMFS: { url: this.cvmfsPath('queues_cvmfs', 'cric_pandaqueues.json'), nretry: 1, fname: join(dir, 'agis_schedconf.cvmfs.json') },
            CRIC: {
                url: this.setting('queues_url').replaceAll('{pandaqueue}', pqName),
                nretry: 3,
                cacheTimeS: THREE_HOURS_S,
                fname: join(dir, `agis_schedconf.agis.${pqName}.json`),
            },
            LOCAL: { url: this.env.LOCAL_AGIS_SCHEDCONF || null, nretry: 1, cacheTimeS: THREE_HOURS_S, fname: join(dir, this.setting('queues_cache') || 'agis_schedconf.json') },
            PANDA: null,
        };
        const pr = priority && priority.length ? priority : (this.opts.priorities?.schedconfig ?? [...SOURCE_PRIORITIES.schedconfig]);
        return asDict(await this.load(sources, pr));
    }
    /**
     * PanDA's queuedata for one queue, as `{pq: data}` (or null).
     * @throws PilotError QUEUEDATA (1116) for an empty queue name.
     */
    async load_queuedata(pandaqueue, priority) {
        if (!pandaqueue)
            throw errors.QUEUEDATA('load_queuedata(): pandaqueue name is not specified');
        const dir = this.cacheDir();
        const cache = join(dir, this.setting('queuedata_cache') || 'queuedata.json');
        // PanDA serves one queue's dict: wrap it; an {error: ...} answer is a queuedata failure.
        const pandaParser = (text) => {
            const dat = JSON.parse(text);
            if (dat && typeof dat === 'object' && !Array.isArray(dat) && 'error' in dat) {
                throw errors.QUEUEDATA(`response contains error: ${JSON.stringify(dat).slice(0, 200)}`);
            }
            return { [pandaqueue]: dat };
        };
        const url = (this.opts.queuedataUrl || this.env.QUEUEDATA_SERVER_URL || this.setting('queuedata_url')).replaceAll('{pandaqueue}', pandaqueue);
        const sources = {
            CVMFS: { url: this.cvmfsPath('queuedata_cvmfs', 'cric_pandaqueues.json'), nretry: 1, fname: join(dir, 'agis_schedconf.cvmfs.json') },
            CRIC: {
                url: this.setting('queues_url').replaceAll('{pandaqueue}', pandaqueue),
                nretry: 3,
                cacheTimeS: THREE_HOURS_S,
                fname: join(dir, `agis_schedconf.agis.${pandaqueue}.json`),
            },
            LOCAL: { url: null, nretry: 1, cacheTimeS: THREE_HOURS_S, fname: cache, parser: pandaParser },
            PANDA: { url, nretry: 3, cacheTimeS: THREE_HOURS_S, fname: cache, parser: pandaParser },
        };
        const pr = priority && priority.length ? priority : (this.opts.priorities?.queuedata ?? [...SOURCE_PRIORITIES.queuedata]);
        return asDict(await this.load(sources, pr));
    }
    /** DDM endpoint descriptions (dict keyed by endpoint name), or null. */
    async load_storage_data(ddmendpoints = [], priority) {
        const ddms = [...new Set(ddmendpoints)].sort();
        const dir = this.cacheDir();
        const tag = ddms.join('_') || 'ALL';
        const userUrl = this.opts.storagedataUrl || this.env.STORAGEDATA_SERVER_URL || this.setting('storages_url');
        const localCache = join(dir, this.setting('storages_cache') || 'agis_ddmendpoints.json');
        const sources = {
            USER: { url: userUrl, nretry: 3, cacheTimeS: THREE_HOURS_S, fname: join(dir, `agis_ddmendpoints.agis.${tag}.json`) },
            CVMFS: { url: this.cvmfsPath('storages_cvmfs', 'cric_ddmendpoints.json'), nretry: 1, fname: localCache },
            CRIC: { url: this.setting('storages_url') || INFORMATION_DEFAULTS.storages_url, nretry: 3, cacheTimeS: THREE_HOURS_S, fname: join(dir, `agis_ddmendpoints.agis.${tag}.json`) },
            LOCAL: { url: null, nretry: 1, cacheTimeS: THREE_HOURS_S, fname: localCache },
            PANDA: null,
        };
        let pr;
        if (this.env.PILOT_QUEUE === 'GOOGLE_DASK')
            pr = ['LOCAL'];
        else if (priority && priority.length)
            pr = priority;
        else if (this.opts.priorities?.ddm)
            pr = this.opts.priorities.ddm;
        else
            pr = (this.env.PILOT_USER ?? '').toLowerCase() === 'rubin' ? [...SOURCE_PRIORITIES.ddmRubin] : [...SOURCE_PRIORITIES.ddm];
        return asDict(await this.load(sources, pr));
    }
    /** PanDA queuedata merged over the CRIC schedconfig (PanDA wins), keyed by queue. */
    async resolve_queuedata(pandaqueue, opts = {}) {
        const master = await this.load_queuedata(pandaqueue);
        const full = await this.load_schedconfig_data([pandaqueue], opts.schedconfPriority);
        return mergeDictData(full ?? {}, master ?? {}) ?? {};
    }
    /** Storage descriptions for the given endpoints (all when none given). */
    async resolve_storage_data(ddmendpoints = []) {
        return (await this.load_storage_data(ddmendpoints)) ?? {};
    }
}
function asDict(v) {
    if (v === null || v === undefined)
        return null;
    if (typeof v !== 'object' || Array.isArray(v)) {
        throw new PilotError(errors.QUEUEDATANOTOK().code, `info data is not a JSON object (got ${Array.isArray(v) ? 'an array' : typeof v})`);
    }
    return v;
}
//# sourceMappingURL=extinfo.js.map