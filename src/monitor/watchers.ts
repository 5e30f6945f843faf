/**
 * The job monitor's checks, each `{ name, periodMs, check(snapshot, ctx) }` with Pilot 3's period,
 * threshold source and error code (spec payload-monitoring §3.3–3.6). A check returns the
 * PilotError that should stop the job, or undefined. Checks are synchronous and cheap; they share
 * the sampler's snapshot and the work dir scanner's last walk.
 */
import { statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errors, type PilotError } from '../common/errors.js';
import type { MonitoredJob, MonitoredQueue, MonitorSettings } from './limits.js';
import { maxWorkdirBytes } from './limits.js';
import type { Snapshot } from './snapshot.js';
import type { WorkdirScanner } from './workdir-scan.js';

/** Checks due in the same tick share one work dir walk. */
const SCAN_REUSE_MS = 500;

/** What a check may look at besides the snapshot. */
export interface WatchContext {
  job: MonitoredJob;
  queue?: MonitoredQueue;
  settings: MonitorSettings;
  workdir: string;
  /** When monitoring (≈ the payload) started, ms since the epoch. */
  startTime: number;
  /** Current time of this tick, ms since the epoch. */
  now: number;
  scanner: WorkdirScanner;
  /** Largest tree PSS seen so far (kB), over every sample. */
  maxPss: number;
  /** Environment (storageLimitMiB / storageRequestMiB). */
  env: NodeJS.ProcessEnv;
  /** Work dir sizes measured by the disk check (bytes, inputs/outputs deducted) — Pilot 3's job.workdirsizes. */
  workdirSizes: number[];
}

/** One periodic check. */
export interface Watcher {
  name: string;
  periodMs: number;
  /** Run on the first tick instead of after one period. */
  runAtStart?: boolean;
  /** Which /proc data the check needs; `false`: no snapshot at all. */
  needs: false | { memory?: boolean; io?: boolean };
  check(snap: Snapshot | undefined, ctx: WatchContext): PilotError | undefined;
}

/** Memory limit (Pilot 3: ATLAS memory_usage): maxPSS of the tree above the limit → PAYLOADEXCEEDMAXMEM. */
export function memoryLimitWatcher(limitKb: number, periodS: number, label: string): Watcher {
  return {
    name: 'memory',
    periodMs: periodS * 1000,
    needs: { memory: true },
    check(snap, ctx) {
      const maxPss = Math.max(ctx.maxPss, snap?.totals.pss ?? 0);
      if (maxPss > limitKb) {
        // Pilot 3 reports the standard message (add_error_code without msg); the figures are the cause.
        return errors.PAYLOADEXCEEDMAXMEM(undefined, new Error(`job has exceeded the memory limit ${maxPss} kB > ${limitKb} kB (${label})`));
      }
      return undefined;
    },
  };
}

/**
 * How far back (s) the looping check looks for modifications: Pilot 3 runs
 * `find <workdir> -mmin -<int(limit / 60)>`, i.e. whole minutes. A limit under a minute (tests
 * only) keeps its seconds: Pilot 3's `-mmin -0` would never see a file, so never kill.
 */
export function loopingWindowS(limitS: number): number {
  return limitS >= 60 ? Math.trunc(limitS / 60) * 60 : limitS;
}

/**
 * One looping verdict (Pilot 3's looping_job, integer seconds): the newest modification inside
 * the window replaces the remembered last-touch time (it is not a maximum: Pilot 3 stores the
 * newest file it finds now); none found keeps the remembered one; none ever means no verdict.
 * Looping when now − last touch > limit.
 */
export function loopingVerdict(previousS: number | undefined, newestMtimeS: number | undefined, nowS: number, limitS: number): { lastTouchedS?: number; looping: boolean } {
  const inWindow = newestMtimeS !== undefined && newestMtimeS > nowS - loopingWindowS(limitS);
  const lastTouchedS = inWindow ? newestMtimeS : previousS;
  return { lastTouchedS, looping: lastTouchedS !== undefined && nowS - lastTouchedS > limitS };
}

/**
 * Looping job (pilot/util/loopingjob.py): the newest modification in the work dir (ignoring the
 * pilot's own files) older than the looping limit → LOOPINGJOB; see {@link loopingVerdict}.
 * A gap between checks far longer than the period means the node was suspended: the gap is
 * added to the last touch time (Pilot 3 does this through pilot_heartbeat.json).
 */
export function loopingWatcher(settings: MonitorSettings): Watcher & { lastTouched(): number | undefined } {
  const periodMs = settings.loopingCheckPeriod * 1000;
  let lastTouchedS: number | undefined;
  let lastCheck: number | undefined;
  return {
    name: 'looping',
    periodMs,
    needs: false,
    lastTouched: () => (lastTouchedS === undefined ? undefined : lastTouchedS * 1000),
    check(_snap, ctx) {
      // Pilot 3 only looks once the payload ran for the verification time.
      if (ctx.now - ctx.startTime < periodMs) return undefined;
      const gap = lastCheck === undefined ? 0 : ctx.now - lastCheck - periodMs;
      lastCheck = ctx.now;
      if (gap > 600_000 && lastTouchedS !== undefined) lastTouchedS += Math.trunc(gap / 1000);
      const scan = ctx.scanner.scan(SCAN_REUSE_MS);
      const nowS = Math.trunc(ctx.now / 1000);
      const newestS = scan.newest ? Math.trunc(scan.newest.mtimeMs / 1000) : undefined;
      const verdict = loopingVerdict(lastTouchedS, newestS, nowS, settings.loopingLimit);
      lastTouchedS = verdict.lastTouchedS;
      if (verdict.looping) {
        // Pilot 3's final diag is the standard message (kill_looping_job's add_error_code); the detail is the cause.
        const newest = scan.newest ? ` (newest file: ${scan.newest.path})` : '';
        return errors.LOOPINGJOB(undefined, new Error(`the payload has not modified any file in the work directory for ${nowS - lastTouchedS!} s `
          + `(looping limit ${settings.loopingLimit} s)${newest}: the payload was found to be looping`));
      }
      return undefined;
    },
  };
}

/** Free space (bytes) where the work dir lives; storageLimitMiB from the batch system wins, as in Pilot 3. */
export function freeSpace(path: string, env: NodeJS.ProcessEnv): number | undefined {
  const limit = Number(env.storageLimitMiB);
  if (env.storageLimitMiB && env.storageRequestMiB && Number.isFinite(limit)) return limit * 1.048576 * 1024 * 1024;
  try {
    const st = statfsSync(path);
    return Number(st.bavail) * Number(st.bsize);
  } catch {
    return undefined; // Pilot 3 ignores df failures too
  }
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

/**
 * Disk checks (Pilot 3's verify_disk_usage), first failure wins: payload log sizes → STDOUTTOOBIG,
 * free local space → NOLOCALSPACE, work dir size vs maxwdir → USERDIRTOOLARGE, output files above
 * maximum_output_file_size → OUTPUTFILETOOLARGE.
 */
export function diskWatcher(job: MonitoredJob, queue: MonitoredQueue | undefined, settings: MonitorSettings): Watcher {
  const maxWdir = maxWorkdirBytes(job, queue, settings);
  return {
    name: 'disk',
    periodMs: settings.diskCheckPeriod * 1000,
    needs: false,
    check(_snap, ctx) {
      const scan = ctx.scanner.scan(SCAN_REUSE_MS);
      // 1. payload.stdout, log.* in the work dir and workDir/tmp.stdout.* (Pilot 3's check_payload_stdout).
      for (const [rel, size] of scan.files) {
        const logLike = rel === 'payload.stdout' || (/^log\./.test(rel) && !rel.includes('/')) || /^workDir\/tmp\.stdout\./.test(rel);
        if (logLike && !rel.includes('job.log.tgz') && size > settings.stdoutSizeLimit) {
          return errors.STDOUTTOOBIG(`payload log file ${rel} is too large: ${size} B (limit ${settings.stdoutSizeLimit} B)`);
        }
      }
      // 2. local space.
      const free = freeSpace(ctx.workdir, ctx.env);
      if (free !== undefined && free <= settings.freeSpaceLimit) {
        return errors.NOLOCALSPACE(`too little space left on local disk to run job: ${Math.trunc(free)} B (need > ${settings.freeSpaceLimit} B)`);
      }
      // 3. work dir size; inputs and outputs present are deducted for the reported figure (job.workdirsizes).
      if (scan.totalBytes > maxWdir) {
        return errors.USERDIRTOOLARGE(`work directory (${ctx.workdir}) is too large: ${scan.totalBytes} B (must be < ${maxWdir} B)`);
      }
      let known = 0;
      for (const f of [...(job.indata ?? []), ...(job.outdata ?? [])]) known += scan.files.get(f.lfn) ?? 0;
      if (scan.totalBytes > 0) ctx.workdirSizes.push(scan.totalBytes - known);
      // 4. output files (an empty output is not failed while running: the payload may still be writing it).
      for (const f of job.outdata ?? []) {
        const size = scan.files.get(f.lfn) ?? sizeOf(join(ctx.workdir, f.lfn));
        if (size !== undefined && size >= settings.maxOutputFileSize) {
          return errors.OUTPUTFILETOOLARGE(`output file ${join(ctx.workdir, f.lfn)} is not within allowed size limit (${size} B > ${settings.maxOutputFileSize} B)`);
        }
      }
      return undefined;
    },
  };
}

/** Process count check (Pilot 3: every 300 s, no limit enforced; the maximum is reported). */
export function processWatcher(settings: MonitorSettings): Watcher {
  return { name: 'processes', periodMs: settings.processCheckPeriod * 1000, needs: {}, check: () => undefined };
}
