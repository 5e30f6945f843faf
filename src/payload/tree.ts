/**
 * The payload's process tree, and the only code that ever signals it.
 *
 * Membership (recomputed from /proc on every call, so late forks count):
 *  1. members of the payload's process group (the payload is spawned as a session leader);
 *  2. any process whose environment carries the unique marker we set at spawn time
 *     (`PANDA_PILOT_TREE_ID=<random>`): double-forked daemons that called setsid() keep it,
 *     which is how HTCondor tracks escaped jobs;
 *  3. descendants (by ppid) of 1 or 2, for children that both left the group and scrubbed
 *     their environment while their parent still lives.
 * Only processes started at or after the payload (kernel start time) are considered, which keeps
 * the environ reads few and excludes everything that ran before us.
 *
 *  4. every process of the payload's own cgroup, when it has one (containment.ts): nothing
 *     escapes that, scrubbed environments and double forks included.
 *
 * Unlike Pilot 3 we never signal "orphans of our user" or anything else outside this set.
 * Limits: a process that clears its environment AND is reparented to init before we look is not
 * found (only a cgroup or PID namespace could track it). A pid recycled between our scan and the
 * kill() is excluded by re-checking its start time just before signalling (a tiny window remains,
 * as Node has no pidfd API).
 * Zombies are not "left": they are dead; the direct child is reaped by Node's child_process,
 * orphans by init (or the nearest subreaper).
 */
import { readFileSync } from 'node:fs';
import { environHas, listPids, readStat, type ProcStat } from './proc.js';
import { cgroupKill, cgroupPids } from './containment.js';
import { sleep } from '../common/timing.js';
import { log } from '../common/log.js';

/** Name of the environment variable that marks every process of one payload. */
export const TREE_MARKER_ENV = 'PANDA_PILOT_TREE_ID';

const CLK_TCK = 100; // USER_HZ: 100 on every Linux architecture the pilot runs on

/** Seconds since a process started (its /proc stat starttime, in clock ticks since boot). */
function processAgeS(starttime: number, procRoot: string): number {
  try {
    const uptime = Number(readFileSync(`${procRoot}/uptime`, 'utf8').split(' ')[0]);
    return uptime - starttime / CLK_TCK;
  } catch {
    return 0;
  }
}

/** What a kill did. */
export interface KillReport {
  /** Pids that got SIGTERM. */
  terminated: number[];
  /** Pids that were still alive after the grace period and got SIGKILL. */
  killed: number[];
  /** Pids still alive (not zombies) when we gave up; empty on success. */
  remaining: number[];
}

/** Options of {@link ProcessTree}. */
export interface ProcessTreeOptions {
  /** Pid of the payload's top process (also its process-group and session id). */
  rootPid: number;
  /** Process group of the payload (defaults to rootPid). */
  pgid?: number;
  /** Value of {@link TREE_MARKER_ENV} given to the payload, if any. */
  marker?: string;
  /** Start time (clock ticks) of the root; read from /proc when omitted. */
  rootStart?: number;
  /** Root of the proc file system (tests). */
  procRoot?: string;
  /** The payload's own cgroup v2 directory, when it runs in one. */
  cgroupDir?: string;
}

const logger = log('payload.tree');

/** A payload's process tree: group members, marked escapees and their descendants. */
export class ProcessTree {
  readonly rootPid: number;
  readonly pgid: number;
  readonly marker: string | undefined;
  readonly cgroupDir: string | undefined;
  private readonly needle: Buffer | undefined;
  private readonly procRoot: string;
  private rootStart: number;
  /** pid → [starttime, marked] for processes whose environ was already read. */
  private readonly markCache = new Map<number, [number, boolean]>();

  constructor(opts: ProcessTreeOptions) {
    this.rootPid = opts.rootPid;
    this.pgid = opts.pgid ?? opts.rootPid;
    this.marker = opts.marker;
    this.cgroupDir = opts.cgroupDir;
    this.needle = opts.marker ? Buffer.from(`${TREE_MARKER_ENV}=${opts.marker}`) : undefined;
    this.procRoot = opts.procRoot ?? '/proc';
    this.rootStart = opts.rootStart ?? readStat(opts.rootPid, this.procRoot)?.starttime ?? 0;
  }

  /** Live (non-zombie) pids of the tree, root first when alive. */
  pids(): number[] {
    return this.members()
      .filter((p) => p.state !== 'Z')
      .map((p) => p.pid);
  }

  /**
   * /proc facts of every tree member (zombies included), recomputed now. `fresh` re-reads every
   * environment instead of trusting cached "not marked" answers (the kill path uses it).
   */
  members(fresh = false): ProcStat[] {
    const stats: ProcStat[] = [];
    for (const pid of listPids(this.procRoot)) {
      const st = readStat(pid, this.procRoot);
      // Started before the payload: cannot belong to it.
      if (st && st.starttime >= this.rootStart) stats.push(st);
    }
    const groupValid = this.groupIsOurs(stats);
    const member = new Set<number>(this.cgroupDir ? cgroupPids(this.cgroupDir) : []);
    const seen = new Set<number>();
    for (const st of stats) {
      seen.add(st.pid);
      if ((groupValid && st.pgid === this.pgid) || this.isMarked(st, fresh)) member.add(st.pid);
    }
    // Forget cache entries of processes that are gone.
    for (const pid of this.markCache.keys()) if (!seen.has(pid)) this.markCache.delete(pid);
    // Descendants by ppid (fixed point; trees are shallow so this converges fast).
    let grew = true;
    while (grew) {
      grew = false;
      for (const st of stats) {
        if (!member.has(st.pid) && member.has(st.ppid)) {
          member.add(st.pid);
          grew = true;
        }
      }
    }
    const out = stats.filter((s) => member.has(s.pid));
    out.sort((a, b) => (a.pid === this.rootPid ? -1 : b.pid === this.rootPid ? 1 : a.pid - b.pid));
    return out;
  }

  /**
   * Send `signal` to every live member; returns the pids signalled.
   * Each pid's start time is re-read just before its kill() so a recycled pid is never hit.
   */
  signal(signal: NodeJS.Signals): number[] {
    const targets = this.members(true).filter((p) => p.state !== 'Z');
    const done: number[] = [];
    for (const t of targets) {
      const now = readStat(t.pid, this.procRoot);
      if (!now || now.starttime !== t.starttime) continue;
      try {
        process.kill(t.pid, signal);
        done.push(t.pid);
      } catch {
        // ESRCH: it exited in between; EPERM cannot happen for our own children.
      }
    }
    return done;
  }

  /**
   * Kill the whole tree: SIGTERM to all, wait up to `graceMs` for them to go, SIGKILL to all that
   * remain (repeated until none is left or `killWaitMs` passes), then report.
   */
  async kill(graceMs = 10_000, opts: { pollMs?: number; killWaitMs?: number } = {}): Promise<KillReport> {
    const pollMs = opts.pollMs ?? 100;
    const terminated = this.signal('SIGTERM');
    // Stopped processes only act on TERM once continued.
    if (terminated.length) this.signal('SIGCONT');
    const report: KillReport = { terminated, killed: [], remaining: [] };
    if (!terminated.length && !this.pids().length) return report;
    const graceEnd = Date.now() + graceMs;
    while (Date.now() < graceEnd && this.pids().length) await sleep(Math.min(pollMs, Math.max(1, graceEnd - Date.now())));
    const killEnd = Date.now() + (opts.killWaitMs ?? 5_000);
    const killed = new Set<number>();
    for (;;) {
      const left = this.pids();
      if (!left.length) break;
      if (Date.now() >= killEnd) {
        report.remaining = left;
        logger.warn({ left }, 'processes of the payload survived SIGKILL');
        break;
      }
      for (const pid of this.signal('SIGKILL')) killed.add(pid);
      // The kernel kills the whole cgroup at once, even processes forked after our scan.
      if (this.cgroupDir) cgroupKill(this.cgroupDir);
      await sleep(Math.min(pollMs, 50));
    }
    report.killed = [...killed];
    return report;
  }

  /**
   * Our process group is trustworthy unless its id now belongs to a different process: a pid
   * that is still in use as a group id is never recycled by Linux, so the only hazard is a new
   * process that got our (reaped) root's pid and made itself a group leader.
   */
  private groupIsOurs(stats: ProcStat[]): boolean {
    const leader = stats.find((s) => s.pid === this.pgid) ?? readStat(this.pgid, this.procRoot);
    if (!leader) return true;
    if (this.pgid !== this.rootPid) return true;
    return leader.starttime === this.rootStart;
  }

  private isMarked(st: ProcStat, fresh: boolean): boolean {
    if (!this.needle) return false;
    const cached = this.markCache.get(st.pid);
    // A zombie has no environ left; keep whatever we knew.
    if (cached && (cached[0] === st.starttime || st.state === 'Z') && (cached[1] || !fresh)) return cached[1];
    if (st.state === 'Z') return false;
    const marked = environHas(st.pid, this.needle, this.procRoot);
    // A process caught between fork and exec can show an empty environment: a "no" is only
    // remembered once the process is old enough to have settled (a "yes" always is).
    if (marked || processAgeS(st.starttime, this.procRoot) > 2) this.markCache.set(st.pid, [st.starttime, marked]);
    return marked;
  }
}
