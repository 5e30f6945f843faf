/**
 * Activity lookups the data layer needs: which copytools and which DDM endpoints serve an
 * activity (`pr`, `pw`, `read_lan`, `write_lan`, `pl`, `es_events`, ...). A lookup walks an
 * ordered activity list and takes the first non-empty entry (data-api.md §3.1, §3.3, §3.4).
 */
import { errors } from '../common/errors.js';
import { activityList } from './queuedata.js';
/**
 * The activity → copytools map a staging client uses (StagingClient constructor, steps 3–5):
 * the caller's value (string → {default: [s]}, list → {default: list}); else the queue's
 * acopytools; else {default: names of queuedata.copytools}; then `default` added from
 * `defaultCopytools` when missing.
 * @throws PilotError UNKNOWNCOPYTOOL (1323) when nothing at all is configured.
 */
export function resolveAcopytools(queuedata, acopytools, defaultCopytools = 'rucio') {
    let map = {};
    if (typeof acopytools === 'string')
        map = acopytools ? { default: [acopytools] } : {};
    else if (Array.isArray(acopytools))
        map = { default: [...acopytools] };
    else if (acopytools && typeof acopytools === 'object')
        map = Object.fromEntries(Object.entries(acopytools).map(([k, v]) => [k, [...v]]));
    if (queuedata) {
        if (!Object.keys(map).length && queuedata.acopytools)
            map = Object.fromEntries(Object.entries(queuedata.acopytools).map(([k, v]) => [k, [...v]]));
        if (!Object.keys(map).length && queuedata.copytools && Object.keys(queuedata.copytools).length)
            map = { default: Object.keys(queuedata.copytools) };
    }
    if (!map.default) {
        const def = typeof defaultCopytools === 'string' ? (defaultCopytools ? [defaultCopytools] : []) : [...defaultCopytools];
        if (def.length)
            map.default = def;
    }
    if (!Object.values(map).some((v) => v.length))
        throw errors.UNKNOWNCOPYTOOL('failed to resolve acopytools settings');
    return map;
}
/**
 * Copytool names for an activity list (first non-empty entry, `default` tried last; the caller's
 * list is not modified, unlike Pilot 3's quirk 16).
 * @throws PilotError UNKNOWNCOPYTOOL (1323) when no activity has copytools.
 */
export function copytoolsForActivity(acopytools, activity) {
    for (const a of activityList(activity)) {
        const v = acopytools[a];
        if (v && v.length)
            return [...v];
    }
    throw errors.UNKNOWNCOPYTOOL(`failed to resolve copytool by preferred activities=${JSON.stringify(activityList(activity))}, acopytools=${JSON.stringify(acopytools)}`);
}
/** DDM endpoints for an activity list from queuedata.astorages (first non-empty entry; no `default`), [] if none. */
export function storagesForActivity(queuedata, activity) {
    const astorages = queuedata?.astorages ?? {};
    for (const a of typeof activity === 'string' ? [activity] : activity) {
        const v = astorages[a];
        if (v && v.length)
            return [...v];
    }
    return [];
}
/** Stage-in activities for the queue and job (classic stage-in). */
export function stageInActivities(queuedata, isAnalysis) {
    const unifiedAnalysis = queuedata?.type === 'unified' && isAnalysis;
    return { copytool: ['read_lan'], storages: unifiedAnalysis ? ['read_lan_analysis', 'read_lan'] : ['read_lan'] };
}
/** Stage-out activities for outputs (or, with `log`, for the log file). */
export function stageOutActivities(queuedata, isAnalysis, log = false) {
    const base = queuedata?.type === 'unified' && isAnalysis ? ['write_lan_analysis', 'write_lan', 'w'] : ['write_lan', 'w'];
    return log ? ['pl', ...base] : base;
}
//# sourceMappingURL=activities.js.map