/**
 * The memory limit as a kernel limit too (Pilot 3's set_cgroups_limit in user/atlas/memory.py):
 * when Pilot 3 manages processes with cgroups — ATLAS, and HTCondor 24.0.7 or later on the node
 * (`condor_version`, pilot_cache.use_cgroups) — its first memory check writes the limit (kB ×
 * 1024) into `memory.max` of the cgroup holding the payload. Ours does the same for the
 * payload's own cgroup (payload containment `cgroup`), when that cgroup has a `memory.max` (the
 * site delegated the memory controller). A write that fails is logged, never fails the job.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log } from '../common/log.js';

const logger = log('monitor.cgroup');

/** The HTCondor version Pilot 3 needs before it uses cgroups. */
export const HTCONDOR_CGROUPS_VERSION = '24.0.7';

/** Pilot 3's is_version_sufficient: dotted integers compared as tuples. */
export function versionAtLeast(current: string, required: string): boolean {
  const a = current.split('.').map(Number);
  const b = required.split('.').map(Number);
  if (![...current.split('.'), ...required.split('.')].every((p) => /^\s*[+-]?\d+\s*$/.test(p))) return false; // Pilot 3 raises: no cgroups
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return false; // (24, 0) < (24, 0, 7)
    if (i >= b.length) return true;
    if (a[i] !== b[i]) return a[i]! > b[i]!;
  }
  return true;
}

/** Pilot 3's get_htcondor_version: the second word of `condor_version`'s first line, if it runs. */
export function htcondorVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('condor_version', [], { env, timeout: 10_000, encoding: 'utf8' }, (err, stdout) => {
      resolve(err ? undefined : stdout.split('\n')[0]?.split(/\s+/).filter(Boolean)[1]);
    });
  });
}

/** Pilot 3's use_cgroups for ATLAS: HTCondor 24.0.7 or later. */
export async function htcondorManagesCgroups(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const version = await htcondorVersion(env);
  return version !== undefined && versionAtLeast(version, HTCONDOR_CGROUPS_VERSION);
}

/** The cgroup has a memory limit we could set. */
export function hasMemoryMax(cgroupDir: string | undefined): cgroupDir is string {
  return Boolean(cgroupDir) && existsSync(join(cgroupDir!, 'memory.max'));
}

/** Write `limitKb` × 1024 into `<cgroupDir>/memory.max`; false (logged) when it cannot. */
export function setCgroupMemoryLimit(cgroupDir: string, limitKb: number): boolean {
  const path = join(cgroupDir, 'memory.max');
  try {
    writeFileSync(path, String(Math.trunc(limitKb) * 1024)); // as Pilot 3 writes it
    logger.info({ cgroup: cgroupDir, limitKb }, 'memory limit set for the payload cgroup');
    return true;
  } catch (e) {
    logger.warn({ path, err: String(e) }, 'could not set the cgroup memory limit');
    return false;
  }
}
