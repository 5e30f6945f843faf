/**
 * Containment: what makes every process of a payload findable, so that none survives the job.
 *
 *  - `cgroup`: the payload runs in its own cgroup v2 (created under the pilot's own cgroup, where
 *    the node lets us write there). A process cannot leave a cgroup it did not get write access
 *    to, whatever it does to its environment, session or parent; `cgroup.kill` ends them all.
 *  - `pidns`: the payload runs in its own PID namespace (bubblewrap, `--unshare-pid`); orphans are
 *    reparented to the namespace's init, so they stay descendants of the payload, and all die
 *    with that init.
 *  - `marker`: process group + environment marker + descendants only (see tree.ts); a daemon that
 *    scrubs its environment and double-forks escapes it. The fallback where nothing better works.
 *
 * `auto` (the default) takes the first that works here. The choice is logged once per pilot.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { log } from '../common/log.js';

/** A containment method. */
export type ContainmentMode = 'cgroup' | 'pidns' | 'marker';

/** What the payload runs in. */
export interface Containment {
  mode: ContainmentMode;
  /** The payload's own cgroup directory (mode `cgroup`). */
  cgroupDir?: string;
  /** The argv to execute (the payload's, wrapped). */
  argv: string[];
}

const logger = log('payload.containment');

/** The cgroup v2 mount point (from /proc/self/mountinfo), or undefined. */
export function cgroup2Mount(mountinfo = '/proc/self/mountinfo'): string | undefined {
  try {
    for (const line of readFileSync(mountinfo, 'utf8').split('\n')) {
      const [pre, post] = line.split(' - ');
      if (post?.startsWith('cgroup2 ')) return pre.split(' ')[4];
    }
  } catch {
    // no /proc: no cgroup
  }
  return undefined;
}

/** The directory of this process's own cgroup v2, or undefined. */
export function ownCgroupDir(): string | undefined {
  const mount = cgroup2Mount();
  if (!mount) return undefined;
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('0::'));
    if (!line) return undefined;
    return path.join(mount, line.slice(3));
  } catch {
    return undefined;
  }
}

/** Create the payload's cgroup (undefined when we may not). */
export function createPayloadCgroup(name: string): string | undefined {
  const parent = ownCgroupDir();
  if (!parent) return undefined;
  const dir = path.join(parent, `panda-payload-${name}`);
  try {
    mkdirSync(dir);
    // Only usable if we may also move a process into it.
    if (!existsSync(path.join(dir, 'cgroup.procs'))) throw new Error('no cgroup.procs');
    return dir;
  } catch {
    try {
      rmdirSync(dir);
    } catch {
      // nothing was created
    }
    return undefined;
  }
}

/** Pids in a cgroup (empty when it is gone). */
export function cgroupPids(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** SIGKILL everything in the cgroup at once (cgroup.kill, kernel 5.14+); false when unsupported. */
export function cgroupKill(dir: string): boolean {
  try {
    writeFileSync(path.join(dir, 'cgroup.kill'), '1');
    return true;
  } catch {
    return false;
  }
}

/** Remove an empty payload cgroup (a still-populated one stays, for the next pilot or a human). */
export function removeCgroup(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch {
    return !existsSync(dir);
  }
}

/**
 * Remove a payload cgroup once the kernel has let go of its last process: right after a SIGKILL
 * the dying processes keep it populated for a moment (rmdir answers EBUSY), so this retries for up
 * to `waitMs`. Resolves whether it is gone.
 */
export async function removeCgroupWhenEmpty(dir: string, waitMs = 2000): Promise<boolean> {
  const end = Date.now() + waitMs;
  for (;;) {
    if (removeCgroup(dir)) return true;
    if (Date.now() >= end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

let bwrapWorks: boolean | undefined;

/** Can bubblewrap give us a PID namespace here? (probed once) */
export function pidNamespaceAvailable(): boolean {
  bwrapWorks ??= spawnSync('bwrap', [...BWRAP_ARGS, 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return bwrapWorks;
}

/** Everything visible as it is, a new PID namespace with its own /proc; bwrap's reaper is its init. */
const BWRAP_ARGS = ['--dev-bind', '/', '/', '--unshare-pid', '--proc', '/proc', '--'];

let announced: string | undefined;

/**
 * Wrap `argv` in the containment `want` asks for (`auto`: best available). Containers keep their
 * own namespaces, so they get the cgroup or the marker only.
 */
export function contain(argv: string[], want: ContainmentMode | 'auto', name: string, opts: { container?: boolean } = {}): Containment {
  const order: ContainmentMode[] = want === 'auto' ? ['cgroup', 'pidns', 'marker'] : [want, 'marker'];
  for (const mode of order) {
    if (mode === 'cgroup') {
      const cgroupDir = createPayloadCgroup(name);
      if (!cgroupDir) continue;
      // The shell joins the cgroup, then becomes the payload: nothing runs outside it.
      return finish({ mode, cgroupDir, argv: ['/bin/sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', cgroupDir, ...argv] }, want);
    }
    if (mode === 'pidns') {
      if (opts.container || !pidNamespaceAvailable()) continue;
      return finish({ mode, argv: ['bwrap', ...BWRAP_ARGS, ...argv] }, want);
    }
    return finish({ mode: 'marker', argv }, want);
  }
  return finish({ mode: 'marker', argv }, want);
}

function finish(c: Containment, want: string): Containment {
  const key = `${want}:${c.mode}`;
  if (announced !== key) {
    announced = key;
    const level = c.mode === 'marker' ? 'warn' : 'info';
    logger[level]({ containment: c.mode, requested: want }, c.mode === 'marker' ? 'payload containment: environment marker only (a daemon that scrubs its environment can escape)' : `payload containment: ${c.mode}`);
  }
  return c;
}

/** Parse a configured containment ('auto' for anything else, with a warning). */
export function parseContainmentMode(v: string | undefined): ContainmentMode | 'auto' {
  const s = (v ?? '').trim().toLowerCase();
  if (s === '' || s === 'auto') return 'auto';
  if (s === 'cgroup' || s === 'pidns' || s === 'marker') return s;
  logger.warn({ value: v }, 'unknown payload containment, using auto');
  return 'auto';
}
