/**
 * Where every threshold and period comes from: job definition, queuedata and config, with
 * Pilot 3's formulas and defaults (spec payload-monitoring §0, §3.4–3.7). Pure functions, so they
 * are unit-tested without a payload.
 */
/** Pilot 3's defaults (default.cfg / code fallbacks). */
export const DEFAULT_SETTINGS = {
    memoryMonitorInterval: 60,
    memoryCheckPeriod: 60,
    loopingCheckPeriod: 900,
    loopingLimit: 7200,
    diskCheckPeriod: 60,
    processCheckPeriod: 300,
    freeSpaceLimit: 1024 ** 3,
    maxOutputFileSize: 500 * 1024 ** 3,
    stdoutSizeLimit: 2097152 * 1024,
    maxInputFileSizesMB: 14336,
    walltimeGrace: 180,
    lifetime: 324000,
};
/** A number from a job/queue/config value, or undefined ("", null, garbage). */
export function toNumber(v) {
    if (typeof v === 'number')
        return Number.isFinite(v) ? v : undefined;
    if (typeof v === 'string' && v.trim() !== '') {
        const n = Number(v.trim());
        return Number.isFinite(n) ? n : undefined;
    }
    return undefined;
}
const UNITS = ['B', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
/** Pilot 3's human2bytes: "2 GB" → 2147483648, "0.5kilo" → 512 (binary multiples). */
export function human2bytes(s) {
    const m = /^\s*([0-9.]*)\s*(.*?)\s*$/.exec(s);
    const num = m[1] ? Number(m[1]) : 1;
    let unit = m[2];
    unit = unit.replace(/(?<=.)(bytes?|bi|b)$/i, '').trim();
    if (!unit)
        unit = 'B';
    const names = { kilo: 1, mega: 2, giga: 3, tera: 4, peta: 5, exa: 6, zetta: 7, iotta: 8, kibi: 1, mebi: 2, gibi: 3, tebi: 4, byte: 0 };
    let k = UNITS.indexOf(unit === 'k' ? 'K' : unit.replace(/i$/, ''));
    if (k < 0)
        k = names[unit.toLowerCase()] ?? -1;
    if (k < 0 || !Number.isFinite(num))
        throw new Error(`cannot convert ${JSON.stringify(s)} to bytes`);
    return Math.trunc(num * 1024 ** k);
}
function cfg(config, key) {
    try {
        return config?.get('Pilot', key);
    }
    catch {
        return undefined; // a missing key is not an error: the default applies
    }
}
/** Resolve settings from config (section [Pilot]) with explicit overrides on top. */
export function resolveSettings(config, overrides = {}) {
    const s = { ...DEFAULT_SETTINGS };
    const num = (key) => toNumber(cfg(config, key));
    const bytes = (key) => {
        const v = cfg(config, key);
        try {
            return typeof v === 'string' && v.trim() ? human2bytes(v) : toNumber(v);
        }
        catch {
            return undefined;
        }
    };
    s.memoryCheckPeriod = num('memory_usage_verification_time') ?? s.memoryCheckPeriod;
    s.loopingCheckPeriod = num('looping_verification_time') ?? s.loopingCheckPeriod;
    const limit = num('looping_limit_default') ?? 7200;
    const limitMin = num('looping_limit_min_default') ?? 7200;
    s.loopingLimit = Math.max(limit, limitMin);
    s.diskCheckPeriod = num('disk_space_verification_time') ?? s.diskCheckPeriod;
    s.processCheckPeriod = num('process_verification_time') ?? s.processCheckPeriod;
    s.freeSpaceLimit = bytes('free_space_limit_running') ?? s.freeSpaceLimit;
    s.maxOutputFileSize = bytes('maximum_output_file_size') ?? s.maxOutputFileSize;
    const stdoutKb = num('local_size_limit_stdout');
    if (stdoutKb !== undefined)
        s.stdoutSizeLimit = stdoutKb * 1024;
    const maxIn = cfg(config, 'maximum_input_file_sizes');
    const maxInMB = toNumber(typeof maxIn === 'string' ? maxIn.replace(/\s*MB$/i, '') : maxIn);
    if (maxInMB !== undefined)
        s.maxInputFileSizesMB = maxInMB;
    s.memoryMonitorInterval = num('memory_monitor_interval') ?? s.memoryMonitorInterval;
    return { ...s, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}
/** Grace factor from the queue: the attribute (a factor) or params.<name> (percent), else `dflt`. */
export function graceFactor(queue, name, dflt) {
    const attr = toNumber(queue?.[name]);
    if (attr !== undefined && attr > 0)
        return attr;
    const pct = toNumber(queue?.params?.[name]);
    return pct !== undefined ? 1 + pct / 100 : dflt;
}
/** Built-in per-core memory (MB) when the server's resource-type table is not available. */
const BUILTIN_MAXRAMPERCORE = {
    MCORE: 2000, MCORE_HIMEM: 3000, MCORE_LOMEM: 1000, MCORE_VHIMEM: 0,
    SCORE: 2000, SCORE_HIMEM: 3000, SCORE_LOMEM: 1000, SCORE_VHIMEM: 0,
};
/** Per-core memory limit in MB for a resource type (Pilot 3's get_memory_limit; 4001 when unknown). */
export function perCoreMemoryMB(resourceType, table) {
    if (!table)
        return BUILTIN_MAXRAMPERCORE[resourceType ?? ''] ?? 4001;
    const entry = table[resourceType ?? ''];
    return entry?.maxrampercore || 4001;
}
/**
 * Memory kill threshold in kB (Pilot 3's calculate_memory_limit_kb): grace × per-core limit ×
 * job cores × 1024; VHIMEM types use queuedata.maxrss; otherwise job.minramcount (rounded up to
 * 1000 MB on pull queues) × grace × 1024; undefined when nothing applies.
 */
export function memoryLimitKb(job, queue, resourceType, opts = {}) {
    const grace = toNumber(queue?.pilot_rss_grace) || 2.0;
    const maxrss = toNumber(queue?.maxrss);
    const pqCores = Math.trunc(toNumber(queue?.corecount) || 1);
    const jobCores = Math.trunc(toNumber(job.corecount) || 1);
    let scaled;
    // As in Pilot 3, an unusable maxrss sends every type to the minramcount fallback.
    if (maxrss !== undefined && resourceType !== undefined) {
        if (!resourceType.includes('VHIMEM'))
            scaled = perCoreMemoryMB(resourceType, opts.resourceTypes) * jobCores;
        else if (resourceType.startsWith('SCORE'))
            scaled = (Math.trunc(maxrss) / pqCores) * jobCores;
        else if (resourceType.startsWith('MCORE'))
            scaled = Math.trunc(maxrss);
    }
    if (scaled)
        return Math.trunc(grace * scaled * 1024);
    let minram = toNumber(job.minramcount);
    if (minram) {
        if (!opts.pushQueue)
            minram = Math.ceil(minram / 1000) * 1000;
        return Math.trunc(grace * minram * 1024);
    }
    return undefined;
}
/**
 * Largest allowed work dir in bytes (Pilot 3's get_max_allowed_work_dir_size): queuedata.maxwdir MB
 * (config maximum_input_file_sizes when unusable), divided by the queue's cores for single-core
 * jobs, times pilot_maxwdir_grace (default 1.2).
 */
export function maxWorkdirBytes(job, queue, settings) {
    const pqCores = Math.trunc(toNumber(queue?.corecount) || 1);
    const divider = Math.trunc(toNumber(job.corecount) ?? 1) === 1 ? pqCores : 1;
    // maxwdir 0 would fail every job (Pilot 3 would); treat it as unset.
    const mb = toNumber(queue?.maxwdir) || settings.maxInputFileSizesMB || 16336;
    const bytes = Math.floor((mb * 1024 * 1024) / divider);
    return Math.trunc(bytes * graceFactor(queue, 'pilot_maxwdir_grace', 1.2));
}
/**
 * The wall-time deadline: with queuedata.params.job_maxwalltime and a job maxwalltime, job start +
 * maxwalltime × pilot_walltime_grace; else pilot start + (queuedata.maxtime or lifetime) minus the
 * grace (180 s, none within the first 180 s).
 */
export function walltimeLimit(job, queue, opts) {
    const jobMax = toNumber(job.maxwalltime);
    if (queue?.params?.job_maxwalltime && jobMax && jobMax > 0) {
        const factor = graceFactor(queue, 'pilot_walltime_grace', 1.0);
        const limit = jobMax * factor;
        return { deadline: opts.jobStart + limit * 1000, description: `time since job start has exceeded the limit (${limit} s = maxwalltime ${jobMax} s x grace ${factor})` };
    }
    const maxtime = Math.trunc(toNumber(queue?.maxtime) ?? 0);
    const maxRun = maxtime > 0 ? maxtime : opts.lifetime;
    // "since > maxRun - grace", where the grace only applies once the pilot ran for `grace` seconds.
    const at = maxRun < opts.grace ? maxRun : Math.max(opts.grace, maxRun - opts.grace);
    return { deadline: opts.pilotStart + at * 1000, description: `max running time (${maxRun} s) minus grace time (${opts.grace} s) has been exceeded` };
}
//# sourceMappingURL=limits.js.map