/**
 * InfoService: the facade over the providers (Pilot 3's pilot/info/infoservice.py). It resolves
 * one queue's QueueData (config > job > external sources, merged key-wise) and the storages it
 * may use, and caches both for the life of the object.
 */
import { errors, PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { ExtInfoProvider } from './extinfo.js';
import { mergeDictData } from './loader.js';
import { JobInfoProvider, PilotConfigProvider } from './providers.js';
import { QueueData } from './queuedata.js';
import { StorageData } from './storagedata.js';
const logger = log('info');
/** The queue and storage information for one PanDA queue. */
export class InfoService {
    /** Default cache time of the external provider (s). */
    static cache_time = 60;
    pandaqueue = null;
    /** The queue's description; null until init() succeeded. */
    queuedata = null;
    queues_info = {};
    storages_info = {};
    confinfo = null;
    jobinfo = null;
    extinfo = new ExtInfoProvider({ cacheTimeS: InfoService.cache_time });
    storage_id2ddmendpoint = {};
    ddmendpoint2storage_id = {};
    /**
     * Resolve the queue (and prefetch all storages).
     * @throws PilotError UNKNOWNEXCEPTION (1301) for an empty queue name; QUEUEDATA (1116) when the
     * queue cannot be found; provider errors as they are.
     */
    async init(pandaqueue, confinfo, extinfo, jobinfo) {
        this.confinfo = confinfo ?? new PilotConfigProvider();
        this.jobinfo = jobinfo ?? null;
        this.extinfo = extinfo ?? new ExtInfoProvider({ cacheTimeS: InfoService.cache_time });
        this.pandaqueue = pandaqueue;
        if (!pandaqueue)
            throw errors.UNKNOWNEXCEPTION('failed to initialize InfoService: panda queue name is not set');
        this.queues_info = {};
        this.storages_info = {};
        this.queuedata = await this.resolve_queuedata(pandaqueue);
        if (!this.queuedata || !this.queuedata.name) {
            throw errors.QUEUEDATA(`failed to resolve queuedata for queue=${pandaqueue}, wrong PandaQueue name?`);
        }
        await this.resolve_storage_data();
    }
    requireInit(what) {
        if (this.pandaqueue === null)
            throw errors.UNKNOWNEXCEPTION(`failed to call ${what}(): InfoService instance is not initialized. Call init() first!`);
    }
    providers() {
        return [this.confinfo, this.jobinfo, this.extinfo].filter((p) => !!p);
    }
    /** Merge every provider's answer, the first provider winning (Pilot 3's _resolve_data, merge=True). */
    async merged(call) {
        let acc = {};
        for (const p of this.providers().reverse()) {
            try {
                const r = await call(p);
                if (r === undefined)
                    continue;
                acc = mergeDictData(acc, r ?? {});
            }
            catch (e) {
                // A provider that fails is skipped, as in Pilot 3; the caller reports missing data.
                logger.warn({ provider: p.constructor.name, err: e.message }, 'info provider failed: skipped');
            }
        }
        return acc;
    }
    /** Source priority for the CRIC schedconfig (config, then job, then the default list). */
    resolve_schedconf_sources() {
        this.requireInit('resolve_schedconf_sources');
        for (const p of [this.confinfo, this.jobinfo]) {
            const r = p?.resolve_schedconf_sources?.();
            if (r && r.length)
                return r;
        }
        return ['LOCAL', 'CVMFS', 'CRIC', 'PANDA'];
    }
    /** The QueueData of a queue (cached), or null when no source knows it. */
    async resolve_queuedata(pandaqueue) {
        this.requireInit('resolve_queuedata');
        if (!(pandaqueue in this.queues_info)) {
            const schedconfPriority = this.resolve_schedconf_sources();
            const r = await this.merged((p) => p.resolve_queuedata?.(pandaqueue, { schedconfPriority }));
            const qd = r[pandaqueue];
            if (qd && typeof qd === 'object' && Object.keys(qd).length)
                this.queues_info[pandaqueue] = new QueueData(qd);
        }
        return this.queues_info[pandaqueue] ?? null;
    }
    /**
     * Storage descriptions (cached); loads when nothing is asked for or something is missing.
     * Returns the whole cache (name → StorageData), as Pilot 3 does.
     * @throws PilotError UNKNOWNEXCEPTION (1301) when a requested endpoint cannot be found.
     */
    async resolve_storage_data(ddmendpoints) {
        const wanted = ddmendpoints ? (typeof ddmendpoints === 'string' ? [ddmendpoints] : ddmendpoints) : [];
        const missing = wanted.filter((d) => !(d in this.storages_info));
        if (!wanted.length || missing.length) {
            const r = await this.merged((p) => p.resolve_storage_data?.(missing));
            if (wanted.length) {
                const notResolved = wanted.filter((d) => !(d in r) && !(d in this.storages_info)).sort();
                if (notResolved.length)
                    throw errors.UNKNOWNEXCEPTION(`internal error: Failed to load storage details for ddms=${JSON.stringify(notResolved)}`);
            }
            for (const [name, dat] of Object.entries(r)) {
                if (dat && typeof dat === 'object' && !Array.isArray(dat))
                    this.storages_info[name] = new StorageData(dat);
            }
        }
        return this.storages_info;
    }
    /** Fill the endpoint ↔ storage id maps (bucket ids included). */
    async resolve_ddmendpoint_storageid(ddmendpoint) {
        if (!ddmendpoint || !(ddmendpoint in this.ddmendpoint2storage_id)) {
            const storages = await this.resolve_storage_data(ddmendpoint ? [ddmendpoint] : []);
            for (const [name, st] of Object.entries(storages)) {
                this.ddmendpoint2storage_id[name] = st.pk;
                this.storage_id2ddmendpoint[st.pk] = name;
                const bucket = st.resource?.bucket_id;
                if (bucket !== undefined && bucket !== null && bucket !== '' && bucket !== 0)
                    this.storage_id2ddmendpoint[Number(bucket)] = name;
            }
        }
    }
    /** @throws PilotError NOTDEFINED (1311) when the endpoint has no storage id. */
    async get_storage_id(ddmendpoint) {
        if (!(ddmendpoint in this.ddmendpoint2storage_id)) {
            try {
                await this.resolve_ddmendpoint_storageid(ddmendpoint);
            }
            catch (e) {
                if (!(e instanceof PilotError))
                    throw e;
            }
        }
        const id = this.ddmendpoint2storage_id[ddmendpoint];
        if (id === undefined)
            throw errors.NOTDEFINED(`cannot find the storage id for ddmendpoint: ${ddmendpoint}`);
        return id;
    }
    /** @throws PilotError NOTDEFINED (1311) when no endpoint has this storage (or bucket) id. */
    async get_ddmendpoint(storageId) {
        const id = Number.parseInt(String(storageId), 10);
        if (!Number.isFinite(id))
            throw errors.NOTDEFINED(`invalid storage id: ${String(storageId)}`);
        if (!(id in this.storage_id2ddmendpoint))
            await this.resolve_ddmendpoint_storageid();
        const name = this.storage_id2ddmendpoint[id];
        if (name === undefined)
            throw errors.NOTDEFINED(`cannot find ddmendpoint for storage id: ${id}`);
        return name;
    }
}
/** The process-wide InfoService (Pilot 3's `pilot.info.infosys`); call init() before use. */
export const infosys = new InfoService();
/**
 * A fully initialised InfoService for the pilot's queue (queue data and all storages), built from
 * the pilot configuration, environment and --queuedata-url/--storagedata-url.
 * @throws PilotError QUEUEDATA (1116) when the queue cannot be resolved.
 */
export async function createInfoService(opts) {
    const svc = new InfoService();
    await svc.init(opts.queue, new PilotConfigProvider(opts.config ?? null), new ExtInfoProvider({ cacheTimeS: InfoService.cache_time, ...opts }));
    return svc;
}
/**
 * Resolve one queue's QueueData from config and external sources (what the pilot does at start;
 * like Pilot 3's init it also prefetches the storage descriptions into the cache).
 * @throws PilotError QUEUEDATA (1116) when the queue cannot be resolved.
 */
export async function loadQueuedata(opts) {
    return (await createInfoService(opts)).queuedata;
}
/**
 * The InfoService of one job (Pilot 3's create_job): the pilot's providers plus the job's
 * overrides (platform, --overwriteQueueData, --overwriteStorageData).
 */
export async function createJobInfoService(job, base = infosys) {
    if (!base.pandaqueue)
        throw errors.UNKNOWNEXCEPTION('createJobInfoService(): the base InfoService is not initialized');
    const svc = new InfoService();
    await svc.init(base.pandaqueue, base.confinfo, base.extinfo, new JobInfoProvider(job));
    return svc;
}
/**
 * The start-up queue check of pilot.py: CRIC state must be ACTIVE, PanDA status must not be offline.
 * @throws PilotError PANDAQUEUENOTACTIVE (1359) / PANDAQUEUENOTONLINE (1386).
 */
export function checkQueueActive(queuedata) {
    if (queuedata.state !== 'ACTIVE') {
        throw errors.PANDAQUEUENOTACTIVE(`specified queue is NOT ACTIVE: ${queuedata.name} (state=${queuedata.state ?? 'None'})`);
    }
    if ((queuedata.status ?? '').toLowerCase() === 'offline') {
        throw errors.PANDAQUEUENOTONLINE(`specified queue is offline: ${queuedata.name}`);
    }
}
//# sourceMappingURL=infoservice.js.map