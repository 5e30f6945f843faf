/**
 * Where every threshold and period comes from: job definition, queuedata and config, with
 * Pilot 3's formulas and defaults (spec payload-monitoring §0, §3.4–3.7). Pure functions, so they
 * are unit-tested without a payload.
 */

/** The job fields the monitor reads (info's JobData satisfies it; Pilot 3 attribute names). */
export interface MonitoredJob {
  jobid?: string | number;
  corecount?: number | string | null;
  resourcetype?: string | null;
  minramcount?: number | string | null;
  maxwalltime?: number | string | null;
  looping_check?: boolean | null;
  /** Epoch seconds the job started running, when known (push queues). */
  starttime?: number | null;
  outdata?: ReadonlyArray<{ lfn: string }>;
  indata?: ReadonlyArray<{ lfn: string; status?: string | null }>;
}

/** The queuedata fields the monitor reads (info's QueueData satisfies it). */
export interface MonitoredQueue {
  maxrss?: number | string | null;
  corecount?: number | string | null;
  maxwdir?: number | string | null;
  maxtime?: number | string | null;
  /** Grace factors (1 + params.<name>/100), as Pilot 3's QueueData holds them. */
  pilot_rss_grace?: number | null;
  pilot_maxwdir_grace?: number | null;
  pilot_walltime_grace?: number | null;
  params?: Record<string, unknown> | null;
  catchall?: string | null;
}

/** Anything with a default.cfg-style `get(section, key)` (src/config's PilotConfig fits). */
export interface ConfigSource {
  get(section: string, key: string): unknown;
}

/** Periods (s), limits (bytes or s) the watchers use. */
export interface MonitorSettings {
  /** Memory monitor sampling interval (prmon --interval; Pilot 3: 60). */
  memoryMonitorInterval: number;
  /** Pilot.memory_usage_verification_time. */
  memoryCheckPeriod: number;
  /** Pilot.looping_verification_time: period and the payload age before the first check. */
  loopingCheckPeriod: number;
  /** max(Pilot.looping_limit_default, Pilot.looping_limit_min_default). */
  loopingLimit: number;
  /** Pilot.disk_space_verification_time. */
  diskCheckPeriod: number;
  /** Pilot.process_verification_time. */
  processCheckPeriod: number;
  /** Pilot.free_space_limit_running, bytes. */
  freeSpaceLimit: number;
  /** Pilot.maximum_output_file_size, bytes. */
  maxOutputFileSize: number;
  /** Pilot.local_size_limit_stdout (kB in the config), bytes. */
  stdoutSizeLimit: number;
  /** Pilot.maximum_input_file_sizes, MB: work dir limit when queuedata.maxwdir is unusable. */
  maxInputFileSizesMB: number;
  /** Seconds before the pilot's lifetime ends at which a running job is stopped (Pilot 3: 180). */
  walltimeGrace: number;
  /** Pilot lifetime, s (Pilot 3's --lifetime default 324000). */
  lifetime: number;
}

/** Pilot 3's defaults (default.cfg / code fallbacks). */
export const DEFAULT_SETTINGS: Readonly<MonitorSettings> = {
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
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * Pilot 3's convert_to_int on a config value as its config reader types it: True/true → 1,
 * False/false → 0, None/none → `dflt`, digits → the integer, any other text through Python's
 * int() (sign, surrounding blanks and digit underscores allowed; "7200.5" is not) else `dflt`.
 */
export function pyConvertToInt(v: unknown, dflt: number): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : dflt;
  if (typeof v !== 'string') return dflt;
  if (v === 'True' || v === 'true') return 1;
  if (v === 'False' || v === 'false') return 0;
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(v);
  return m ? Number(m[1]!.replace(/_/g, '')) : dflt;
}

const UNITS = ['B', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/** Pilot 3's human2bytes: "2 GB" → 2147483648, "0.5kilo" → 512 (binary multiples). */
export function human2bytes(s: string): number {
  const m = /^\s*([0-9.]*)\s*(.*?)\s*$/.exec(s)!;
  const num = m[1] ? Number(m[1]) : 1;
  let unit = m[2]!;
  unit = unit.replace(/(?<=.)(bytes?|bi|b)$/i, '').trim();
  if (!unit) unit = 'B';
  const names: Record<string, number> = { kilo: 1, mega: 2, giga: 3, tera: 4, peta: 5, exa: 6, zetta: 7, iotta: 8, kibi: 1, mebi: 2, gibi: 3, tebi: 4, byte: 0 };
  let k = UNITS.indexOf(unit === 'k' ? 'K' : unit.replace(/i$/, ''));
  if (k < 0) k = names[unit.toLowerCase()] ?? -1;
  if (k < 0 || !Number.isFinite(num)) throw new Error(`cannot convert ${JSON.stringify(s)} to bytes`);
  return Math.trunc(num * 1024 ** k);
}

function cfg(config: ConfigSource | undefined, key: string): unknown {
  try {
    return config?.get('Pilot', key);
  } catch {
    return undefined; // a missing key is not an error: the default applies
  }
}

/** Resolve settings from config (section [Pilot]) with explicit overrides on top. */
export function resolveSettings(config?: ConfigSource, overrides: Partial<MonitorSettings> = {}): MonitorSettings {
  const s: MonitorSettings = { ...DEFAULT_SETTINGS };
  const num = (key: string) => toNumber(cfg(config, key));
  const bytes = (key: string) => {
    const v = cfg(config, key);
    try {
      return typeof v === 'string' && v.trim() ? human2bytes(v) : toNumber(v);
    } catch {
      return undefined;
    }
  };
  s.memoryCheckPeriod = num('memory_usage_verification_time') ?? s.memoryCheckPeriod;
  s.loopingCheckPeriod = num('looping_verification_time') ?? s.loopingCheckPeriod;
  const limit = pyConvertToInt(cfg(config, 'looping_limit_default'), 7200);
  const limitMin = pyConvertToInt(cfg(config, 'looping_limit_min_default'), 7200);
  s.loopingLimit = Math.max(limit, limitMin);
  s.diskCheckPeriod = num('disk_space_verification_time') ?? s.diskCheckPeriod;
  s.processCheckPeriod = num('process_verification_time') ?? s.processCheckPeriod;
  s.freeSpaceLimit = bytes('free_space_limit_running') ?? s.freeSpaceLimit;
  s.maxOutputFileSize = bytes('maximum_output_file_size') ?? s.maxOutputFileSize;
  const stdoutKb = num('local_size_limit_stdout');
  if (stdoutKb !== undefined) s.stdoutSizeLimit = stdoutKb * 1024;
  const maxIn = cfg(config, 'maximum_input_file_sizes');
  const maxInMB = toNumber(typeof maxIn === 'string' ? maxIn.replace(/\s*MB$/i, '') : maxIn);
  if (maxInMB !== undefined) s.maxInputFileSizesMB = maxInMB;
  s.memoryMonitorInterval = num('memory_monitor_interval') ?? s.memoryMonitorInterval;
  return { ...s, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/** Grace factor from the queue: the attribute (a factor) or params.<name> (percent), else `dflt`. */
export function graceFactor(queue: MonitoredQueue | undefined, name: 'pilot_rss_grace' | 'pilot_maxwdir_grace' | 'pilot_walltime_grace', dflt: number): number {
  const attr = toNumber(queue?.[name]);
  if (attr !== undefined && attr > 0) return attr;
  const pct = toNumber(queue?.params?.[name]);
  return pct !== undefined ? 1 + pct / 100 : dflt;
}

/** Built-in per-core memory (MB) when the server's resource-type table is not available. */
const BUILTIN_MAXRAMPERCORE: Record<string, number> = {
  MCORE: 2000, MCORE_HIMEM: 3000, MCORE_LOMEM: 1000, MCORE_VHIMEM: 0,
  SCORE: 2000, SCORE_HIMEM: 3000, SCORE_LOMEM: 1000, SCORE_VHIMEM: 0,
};

/** The server's resource-type table (getResourceTypes): name → { maxrampercore (MB), ... }. */
export type ResourceTypes = Record<string, { maxrampercore?: number | null } | undefined>;

/**
 * Per-core memory limit in MB for a resource type (Pilot 3's get_memory_limit): the server's
 * maxrampercore (4001 when the type or its value is missing); without a table — none fetched,
 * or the server's answer was empty, which Pilot 3 does not keep — the built-in one.
 */
export function perCoreMemoryMB(resourceType: string | undefined, table?: ResourceTypes): number {
  if (!table || Object.keys(table).length === 0) return BUILTIN_MAXRAMPERCORE[resourceType ?? ''] ?? 4001;
  const entry = table[resourceType ?? ''];
  return entry?.maxrampercore || 4001;
}

/** The VHIMEM types Pilot 3 knows (exact names: others fall back to minramcount). */
const SCORE_TYPES = new Set(['SCORE', 'SCORE_LOMEM', 'SCORE_HIMEM', 'SCORE_VHIMEM']);
const MCORE_TYPES = new Set(['MCORE', 'MCORE_LOMEM', 'MCORE_HIMEM', 'MCORE_VHIMEM']);

/**
 * Memory kill threshold in kB (Pilot 3's calculate_memory_limit_kb): grace × per-core limit ×
 * job cores × 1024; VHIMEM types use queuedata.maxrss; otherwise job.minramcount (rounded up to
 * 1000 MB unless the pilot runs with --harvester-submit-mode PUSH) × grace × 1024; undefined
 * when nothing applies.
 */
export function memoryLimitKb(
  job: MonitoredJob, queue: MonitoredQueue | undefined, resourceType: string | undefined,
  opts: { resourceTypes?: ResourceTypes; pushQueue?: boolean } = {},
): number | undefined {
  const grace = toNumber(queue?.pilot_rss_grace) || 2.0;
  const maxrss = toNumber(queue?.maxrss);
  const pqCores = Math.trunc(toNumber(queue?.corecount) || 1);
  const jobCores = Math.trunc(toNumber(job.corecount) || 1);
  let scaled: number | undefined;
  // As in Pilot 3, an unusable maxrss sends every type to the minramcount fallback.
  if (maxrss !== undefined && resourceType !== undefined) {
    if (!resourceType.includes('VHIMEM')) scaled = perCoreMemoryMB(resourceType, opts.resourceTypes) * jobCores;
    else if (SCORE_TYPES.has(resourceType)) scaled = (Math.trunc(maxrss) / pqCores) * jobCores;
    else if (MCORE_TYPES.has(resourceType)) scaled = Math.trunc(maxrss);
  }
  if (scaled) return Math.trunc(grace * scaled * 1024);
  let minram = toNumber(job.minramcount);
  if (minram) {
    if (!opts.pushQueue) minram = Math.ceil(minram / 1000) * 1000;
    return Math.trunc(grace * minram * 1024);
  }
  return undefined;
}

/**
 * Largest allowed work dir in bytes (Pilot 3's get_max_allowed_work_dir_size): queuedata.maxwdir MB
 * (config maximum_input_file_sizes when unusable), divided by the queue's cores for single-core
 * jobs, times pilot_maxwdir_grace (default 1.2).
 */
export function maxWorkdirBytes(job: MonitoredJob, queue: MonitoredQueue | undefined, settings: MonitorSettings): number {
  const pqCores = Math.trunc(toNumber(queue?.corecount) || 1);
  const divider = Math.trunc(toNumber(job.corecount) ?? 1) === 1 ? pqCores : 1;
  // maxwdir 0 would fail every job (Pilot 3 would); treat it as unset.
  const mb = toNumber(queue?.maxwdir) || settings.maxInputFileSizesMB || 16336;
  const bytes = Math.floor((mb * 1024 * 1024) / divider);
  return Math.trunc(bytes * graceFactor(queue, 'pilot_maxwdir_grace', 1.2));
}

/** When a job must be stopped for time, and why (Pilot 3's monitor.control / get_timeinfo). */
export interface WalltimeLimit {
  /** Epoch ms. */
  deadline: number;
  description: string;
}

/**
 * The wall-time deadline: with queuedata.params.job_maxwalltime and a job maxwalltime, job start +
 * maxwalltime × pilot_walltime_grace; else pilot start + (queuedata.maxtime or lifetime) minus the
 * grace (180 s, none within the first 180 s).
 */
export function walltimeLimit(
  job: MonitoredJob, queue: MonitoredQueue | undefined,
  opts: { lifetime: number; grace: number; pilotStart: number; jobStart: number },
): WalltimeLimit {
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
