/**
 * The job monitor: one sampler, many watchers, one timer.
 *
 * A single unref'd timer wakes at the earliest due watcher; the sampler then reads /proc once for
 * the whole payload tree (only the files the due watchers need) and hands that snapshot to every
 * due watcher in Pilot 3's order (memory monitor, memory, looping, disk, processes). The first
 * violation is reported once through `onViolation` (the job runner kills the payload); sampling
 * continues until `stop()` so the final figures include the end of the payload. The wall-time
 * limit is a plain deadline timer: nothing needs to look at the clock in between.
 */
import { errors, type PilotError } from '../common/errors.js';
import { log } from '../common/log.js';
import { Analytics } from '../services/analytics.js';
import { hasMemoryMax, htcondorManagesCgroups, setCgroupMemoryLimit } from './cgroup-memory.js';
import { CpuTracker } from './cpu.js';
import { fittedData, type FitFunction, type LeakFit } from './leak.js';
import {
  memoryLimitKb, resolveSettings, walltimeLimit, type ConfigSource, type MonitoredJob, type MonitoredQueue,
  type MonitorSettings, type ResourceTypes,
} from './limits.js';
import { MemoryMonitor } from './memory-monitor.js';
import { memoryFieldsFromSummary, type PrmonSummary } from './prmon-format.js';
import { findPrmon, PrmonProcess, queueWantsPrmon } from './prmon.js';
import { processorsUsed, takeSnapshot, type Snapshot } from './snapshot.js';
import { diskWatcher, loopingWatcher, memoryLimitWatcher, processWatcher, type WatchContext, type Watcher } from './watchers.js';
import { WorkdirScanner, type LoopingIgnore } from './workdir-scan.js';

/** Names of the checks that can be switched on or off. */
export type CheckName = 'memoryMonitor' | 'memory' | 'looping' | 'disk' | 'processes' | 'walltime';

/** Options of {@link startJobMonitor} (the first seven are the agreed contract). */
export interface JobMonitorOptions {
  workdir: string;
  /** The payload's process tree (payload's `tree.pids()`); called once per sampling tick. */
  pids: () => number[];
  job: MonitoredJob;
  queuedata?: MonitoredQueue;
  config?: ConfigSource;
  /** Called once, with the first violation; the caller stops the payload. */
  onViolation: (e: PilotError) => void;
  signal?: AbortSignal;
  /** Overrides of periods/limits (seconds / bytes), e.g. short periods in tests. */
  settings?: Partial<MonitorSettings>;
  /** Same as `settings` (name the job runner uses); `settings` wins where both set a key. */
  overrides?: Partial<MonitorSettings>;
  /** Switch checks on/off. Default: all on, except `memory`, which Pilot 3 runs for ATLAS only. */
  checks?: Partial<Record<CheckName, boolean>>;
  /** Paths the looping check leaves out (the plugin's rules; default: the generic ones). */
  loopingIgnore?: LoopingIgnore;
  /** Pilot user (plugin) name; 'atlas' enables the memory limit check by default. */
  pilotUser?: string;
  /** Resource type (Pilot 3's --resource-type, else job.resourcetype) and the server's table. */
  resourceType?: string;
  resourceTypes?: ResourceTypes;
  /** Harvester push mode (minramcount is then not rounded up). */
  pushQueue?: boolean;
  /** Pilot start (epoch s) and lifetime (s) for the wall-time limit; job start (epoch s). */
  pilotStartTime?: number;
  lifetime?: number;
  jobStartTime?: number;
  /** 'builtin' (default), 'prmon' (use prmon if installed) or 'auto' (prmon if the queue asks and it is installed). */
  memoryMonitor?: 'builtin' | 'prmon' | 'auto';
  /** Fit used for the leak estimate; default: the services' Analytics client (Pilot 3's Fit). */
  fit?: FitFunction;
  env?: NodeJS.ProcessEnv;
  /** The payload's own cgroup v2 (containment `cgroup`): the memory limit also goes to its memory.max. */
  cgroupDir?: string;
  /** Whether cgroups manage the payload's memory (default: Pilot 3's rule, HTCondor ≥ 24.0.7). */
  useCgroups?: (env: NodeJS.ProcessEnv) => Promise<boolean>;
}

/** What the monitor measured, for the final update and jobMetrics. */
export interface MonitorSummary {
  /** CPU seconds of the payload tree (int), Pilot 3's cpuConsumptionTime. */
  cpuConsumptionTime: number;
  /** Update fields: maxRSS, maxPSS, avgPSS, totRCHAR, rateRBYTES, ... */
  memory: Record<string, number>;
  /** The prmon-style summary (what memory_monitor_summary.json holds). */
  prmon: PrmonSummary;
  /** jobMetrics entries in Pilot 3's order: actualCoreCount, workDirSize, leak, chi2, intersect (only non-empty). */
  jobMetrics: Record<string, string>;
  /** Processors the payload's process group ran on, one count per sample (Pilot 3's job.corecounts). */
  coreCounts: number[];
  maxProcesses: number;
  maxThreads: number;
  maxZombies: number;
  /** Largest measured work dir size (bytes, inputs/outputs deducted), 0 if never measured. */
  maxWorkdirSize: number;
  samples: number;
  memoryMonitor: 'builtin' | 'prmon' | 'none';
  violation?: PilotError;
}

/** A running job monitor. */
export interface JobMonitor {
  /** Stop all timers, write the final memory monitor files, return the figures. */
  /** `endMs`: when the payload ended (epoch ms), for the memory monitor's closing row. */
  stop(endMs?: number): Promise<MonitorSummary>;
  /** CPU seconds of the payload tree now (int). */
  cpuConsumptionTime(): number;
  /** Memory fields for updates (§6.4); {} before the first sample. */
  memoryInfo(): Record<string, number>;
  /** jobMetrics entries now (`final` drops the leak fit's tails, as in final updates). */
  jobMetrics(final?: boolean): Record<string, string>;
  /** The memory monitor's summary so far (memory_monitor_summary.json's content), undefined before its first sample. */
  memorySummary(): PrmonSummary | undefined;
  /** The latest snapshot. */
  latest(): Snapshot | undefined;
  /** Processor counts so far, one per sample (Pilot 3's corecounts: coreCount is the last, meanCoreCount their mean). */
  coreCounts(): number[];
  /** The settings in force (resolved periods and limits). */
  readonly settings: MonitorSettings;
}

const ORDER = ['memoryMonitor', 'memory', 'looping', 'disk', 'processes'];

/** The leak fit through the Analytics API (services), as Pilot 3's jobmetrics does. */
const analyticsFit: FitFunction = (x, y) => new Analytics().fit(x, y);

/** Start watching a running payload. */
export function startJobMonitor(opts: JobMonitorOptions): JobMonitor {
  const logger = log('monitor', { jobid: opts.job.jobid });
  const settings = resolveSettings(opts.config, { ...opts.overrides, ...opts.settings });
  const env = opts.env ?? process.env;
  const startTime = Date.now();
  const fit: FitFunction = opts.fit ?? analyticsFit;
  const enabled = (name: CheckName, dflt = true) => opts.checks?.[name] ?? dflt;
  const pidsSafe = () => {
    try {
      return opts.pids();
    } catch {
      return [];
    }
  };

  const wantPrmon = opts.memoryMonitor === 'prmon' || (opts.memoryMonitor === 'auto' && queueWantsPrmon(opts.queuedata));
  const prmonBinary = enabled('memoryMonitor') && wantPrmon ? findPrmon(env.PATH) : undefined;
  if (wantPrmon && !prmonBinary) logger.info('prmon requested but not installed: using the built-in memory monitor');
  let prmon: PrmonProcess | undefined;
  // The built-in monitor always keeps the figures; it writes the files only when prmon does not.
  const recorder = enabled('memoryMonitor')
    ? new MemoryMonitor({ pids: pidsSafe, workdir: prmonBinary ? undefined : opts.workdir })
    : undefined;

  const cpu = new CpuTracker();
  const scanner = new WorkdirScanner(opts.workdir, opts.loopingIgnore);
  const ctx: WatchContext = {
    job: opts.job, queue: opts.queuedata, settings, workdir: opts.workdir, startTime, now: startTime, scanner,
    maxPss: 0, env, workdirSizes: [],
  };
  const watchers: Watcher[] = [];
  if (recorder) {
    watchers.push({ name: 'memoryMonitor', periodMs: settings.memoryMonitorInterval * 1000, runAtStart: true, needs: { memory: true, io: true },
      check: (snap) => void (snap && recorder.record(snap)) });
  }
  const resourceType = opts.resourceType ?? opts.job.resourcetype ?? undefined;
  if (enabled('memory', (opts.pilotUser ?? '').toLowerCase() === 'atlas')) {
    const limit = memoryLimitKb(opts.job, opts.queuedata, resourceType, { resourceTypes: opts.resourceTypes, pushQueue: opts.pushQueue });
    if (limit) {
      const w = memoryLimitWatcher(limit, settings.memoryCheckPeriod, `subresource=${resourceType}, corecount=${opts.job.corecount ?? 1}`);
      if (hasMemoryMax(opts.cgroupDir)) {
        // Pilot 3 sets the cgroup limit at its first memory check, when cgroups manage the payload
        const cgroupDir = opts.cgroupDir;
        let use: boolean | undefined;
        void (opts.useCgroups ?? htcondorManagesCgroups)(env).then((u) => (use = u), () => (use = false));
        const check = w.check.bind(w);
        w.check = (snap, c) => {
          if (use) {
            use = false; // once
            setCgroupMemoryLimit(cgroupDir, limit);
          }
          return check(snap, c);
        };
      }
      watchers.push(w);
    }
    else logger.warn('could not determine memory limit - memory check skipped');
  }
  if (enabled('looping') && opts.job.looping_check !== false) watchers.push(loopingWatcher(settings));
  if (enabled('disk')) watchers.push(diskWatcher(opts.job, opts.queuedata, settings));
  if (enabled('processes')) watchers.push(processWatcher(settings));
  watchers.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  const due = new Map(watchers.map((w) => [w, startTime + (w.runAtStart ? 0 : w.periodMs)]));

  let violation: PilotError | undefined;
  let latest: Snapshot | undefined;
  let maxProcesses = 0;
  let maxThreads = 0;
  let maxZombies = 0;
  let timer: NodeJS.Timeout | undefined;
  let wallTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let finalCpu: number | undefined;
  let stopping: Promise<MonitorSummary> | undefined;

  const violate = (e: PilotError) => {
    if (violation || stopped) return;
    violation = e;
    logger.warn({ code: e.code, diag: e.diag, detail: e.cause instanceof Error ? e.cause.message : undefined }, 'monitor check failed');
    try {
      opts.onViolation(e);
    } catch (err) {
      logger.error({ err }, 'onViolation threw');
    }
  };

  const coreCounts: number[] = [];
  const observe = (snap: Snapshot) => {
    latest = snap;
    // the payload's root: the tree member whose parent is outside the tree
    const inTree = new Set(snap.procs.map((p) => p.pid));
    const root = snap.procs.filter((p) => !inTree.has(p.ppid)).sort((a, b) => a.start - b.start)[0];
    const used = root ? processorsUsed(snap, root.pid) : 0;
    if (used > 0) coreCounts.push(used);
    cpu.observe(snap);
    ctx.maxPss = Math.max(ctx.maxPss, snap.totals.pss);
    maxProcesses = Math.max(maxProcesses, snap.totals.nprocs - snap.totals.zombies);
    maxThreads = Math.max(maxThreads, snap.totals.nthreads);
    maxZombies = Math.max(maxZombies, snap.totals.zombies);
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    const now = Date.now();
    ctx.now = now;
    const ready = watchers.filter((w) => due.get(w)! <= now);
    // Due times stay on each period's grid from the start, so checks with equal (or multiple)
    // periods share a tick and a snapshot — the memory check judges a row the files also show.
    for (const w of ready) {
      const period = Math.max(w.periodMs, 10);
      due.set(w, startTime + (Math.floor((now - startTime) / period) + 1) * period);
    }
    const pids = pidsSafe();
    // Pilot 3 skips every check while the payload is not alive.
    if (pids.length > 0 && ready.length > 0) {
      const needs = ready.map((w) => w.needs).filter((n) => n !== false);
      const snap = needs.length
        ? takeSnapshot(pids, { memory: needs.some((n) => n && n.memory), io: needs.some((n) => n && n.io) })
        : undefined;
      if (snap) observe(snap);
      for (const w of ready) {
        if (violation && w.name !== 'memoryMonitor') continue;
        try {
          const e = w.check(snap, ctx);
          if (e) {
            // Keep the sample that triggered the verdict in the memory monitor's series.
            if (snap && recorder && !ready.some((r) => r.name === 'memoryMonitor') && snap.procs.some((p) => p.pss > 0)) recorder.record(snap);
            violate(e);
          }
        } catch (err) {
          logger.warn({ err, watcher: w.name }, 'monitor check threw (ignored)');
        }
      }
    }
    arm();
  };

  const arm = () => {
    if (stopped || watchers.length === 0) return;
    const next = Math.min(...due.values());
    timer = setTimeout(tick, Math.max(0, Math.min(next - Date.now(), 2 ** 31 - 1)));
    timer.unref();
  };

  if (enabled('walltime')) {
    const limit = walltimeLimit(opts.job, opts.queuedata, {
      lifetime: opts.settings?.lifetime ?? opts.lifetime ?? settings.lifetime, grace: settings.walltimeGrace,
      pilotStart: (opts.pilotStartTime ?? (Date.now() / 1000 - process.uptime())) * 1000,
      jobStart: (opts.jobStartTime ?? opts.job.starttime ?? startTime / 1000) * 1000,
    });
    const armWall = () => {
      const left = limit.deadline - Date.now();
      if (left <= 0) return violate(errors.REACHEDMAXTIME(limit.description));
      wallTimer = setTimeout(armWall, Math.min(left, 2 ** 31 - 1));
      wallTimer.unref();
    };
    armWall();
  }

  if (prmonBinary) {
    // prmon needs the payload's main process: the tree member whose parent is outside the tree.
    const pids = pidsSafe();
    const snap = takeSnapshot(pids, {});
    const inTree = new Set(snap.procs.map((p) => p.pid));
    const root = snap.procs.filter((p) => !inTree.has(p.ppid)).sort((a, b) => a.start - b.start)[0];
    if (root) prmon = new PrmonProcess(prmonBinary, root.pid, opts.workdir, settings.memoryMonitorInterval);
  }
  const onAbort = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (wallTimer) clearTimeout(wallTimer);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  tick();

  const memoryInfo = (): Record<string, number> => {
    const fromPrmon = prmon?.summary();
    if (fromPrmon) return memoryFieldsFromSummary(fromPrmon);
    return recorder?.memoryInfo() ?? {};
  };

  const leak = (final: boolean): LeakFit => {
    if (prmon) {
      const t = prmon.table().data;
      const pss = t.pss ?? [];
      const swap = t.swap ?? [];
      return fittedData(t.Time ?? [], pss.map((v, i) => v + (swap[i] ?? 0)), { tails: !final, fit });
    }
    return recorder ? recorder.leak(final, fit) : { slope: '', chi2: '', intersect: '' };
  };

  const jobMetrics = (final = false): Record<string, string> => {
    const out: Record<string, string> = {};
    // Pilot 3's generic actualcorecount: the processors the payload's group ran on at the last
    // sample (>= 1 whenever a sample saw the payload, so it never depends on the machine's load).
    const cores = coreCounts.at(-1);
    if (cores) out.actualCoreCount = String(cores);
    if (final && ctx.workdirSizes.length) {
      const max = Math.max(...ctx.workdirSizes);
      if (max > 0) out.workDirSize = String(max);
    }
    const fit = leak(final);
    if (fit.slope !== '') out.leak = fit.slope;
    if (fit.chi2 !== '') out.chi2 = fit.chi2;
    if (fit.intersect !== '') out.intersect = fit.intersect;
    return out;
  };

  return {
    settings,
    latest: () => latest,
    coreCounts: () => [...coreCounts],
    memoryInfo,
    jobMetrics,
    memorySummary: () => prmon?.summary() ?? (recorder?.series().length ? recorder.summary() : undefined),
    // After stop() the final figure (including what the pilot reaped) stays available.
    cpuConsumptionTime: () => (finalCpu ?? cpu.current(pidsSafe())),
    stop(endMs?: number): Promise<MonitorSummary> {
      stopping ??= finish(endMs);
      return stopping;
    },
  };

  async function finish(endMs?: number): Promise<MonitorSummary> {
    // One last sample while (part of) the tree may still be there.
    if (!stopped) {
      const pids = pidsSafe();
      if (pids.length) {
        const snap = takeSnapshot(pids);
        observe(snap);
        recorder?.record(snap);
      }
    }
    onAbort();
    opts.signal?.removeEventListener('abort', onAbort);
    let prmonSummary = (await recorder?.stop(endMs)) ?? { Avg: {}, Max: {} };
    if (prmon) {
      await prmon.stop();
      prmonSummary = prmon.summary() ?? prmonSummary;
    }
    finalCpu = cpu.final();
    const summary: MonitorSummary = {
      cpuConsumptionTime: finalCpu,
      memory: memoryInfo(),
      prmon: prmonSummary,
      jobMetrics: jobMetrics(true),
      coreCounts: [...coreCounts],
      maxProcesses, maxThreads, maxZombies,
      maxWorkdirSize: ctx.workdirSizes.length ? Math.max(...ctx.workdirSizes) : 0,
      samples: recorder?.series().length ?? 0,
      memoryMonitor: prmon ? 'prmon' : recorder ? 'builtin' : 'none',
      violation,
    };
    return summary;
  }
}
