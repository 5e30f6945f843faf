/**
 * What the node tells the pilot beyond the batch system's variables, as Pilot 3 reads it:
 * machine/job features (the HEPiX MJF directories named by MACHINEFEATURES and JOBFEATURES, one
 * file per value) with the machine's `shutdowntime` ending the pilot ten minutes before it, and
 * the node-load rule that holds back a getJob while the node is busy (`enable_delay_to_get_job`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';

/** Machine features Pilot 3 knows (values are strings, as read). */
export const MACHINE_FEATURES = ['hs06', 'shutdowntime', 'total_cpu', 'grace_secs'] as const;
/** Job features Pilot 3 knows. */
export const JOB_FEATURES = [
  'allocated_cpu', 'hs06_job', 'shutdowntime_job', 'grace_secs_job', 'jobstart_secs', 'job_id',
  'wall_limit_secs', 'cpu_limit_secs', 'max_rss_bytes', 'max_swap_bytes', 'scratch_limit_bytes',
] as const;

/** Read the features present in an MJF directory (missing files are left out). */
export function readFeatures(dir: string | undefined, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!dir || !existsSync(dir)) return out;
  for (const name of names) {
    try {
      const v = readFileSync(path.join(dir, name), 'utf8').replace(/\n$/, '');
      if (v) out[name] = v;
    } catch {
      // not provided by this site
    }
  }
  return out;
}

/** Pilot 3's grace before the machine's shutdown time (10 minutes). */
export const SHUTDOWN_GRACE_S = 600;

/**
 * Pilot 3's shutdown-time check: true when the machine features give a shutdown time set after
 * the pilot started and now is within the grace period of it (or past it).
 */
export function shutdownTimeReached(env: NodeJS.ProcessEnv, pilotStartS: number, nowS = Date.now() / 1000): boolean {
  const raw = readFeatures(env.MACHINEFEATURES, ['shutdowntime']).shutdowntime;
  const t = raw === undefined ? NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(t) || t <= 0) return false;
  // a shutdown time from before the pilot started is stale
  if (t < pilotStartS) return false;
  return nowS > t - SHUTDOWN_GRACE_S;
}

/** Options of {@link delayToGetJob} (the node's figures can be given, for tests). */
export interface LoadRule {
  enabled: boolean;
  loadFactor: number;
  load1?: number;
  cores?: number;
}

/** Pilot 3's delay_to_get_job: hold back when the 1-minute load exceeds cores × load factor. */
export function delayToGetJob(rule: LoadRule): { delay: boolean; load1: number; maxLoad: number } {
  const load1 = rule.load1 ?? loadavg()[0];
  const maxLoad = (rule.cores ?? cpus().length) * rule.loadFactor;
  return { delay: rule.enabled && load1 > maxLoad, load1, maxLoad };
}

/** The rule from PILOT_ENABLE_DELAY_TO_GET_JOB / PILOT_LOAD_FACTOR, else [Pilot] enable_delay_to_get_job / load_factor. */
export function loadRule(env: NodeJS.ProcessEnv, config: { get(s: string, k: string, d?: string): string | undefined }): LoadRule {
  const enabled = (env.PILOT_ENABLE_DELAY_TO_GET_JOB ?? '').toLowerCase() === 'true' || /^true$/i.test(config.get('Pilot', 'enable_delay_to_get_job', 'False') ?? '');
  const fromEnv = Number.parseFloat(env.PILOT_LOAD_FACTOR ?? '');
  // (as Pilot 3, a factor of 0 from the environment counts as unset)
  const loadFactor = Number.isFinite(fromEnv) && fromEnv !== 0 ? fromEnv : Number.parseFloat(config.get('Pilot', 'load_factor', '1.2') ?? '1.2');
  return { enabled, loadFactor: Number.isFinite(loadFactor) ? loadFactor : 1.2 };
}
