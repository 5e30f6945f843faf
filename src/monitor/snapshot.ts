/**
 * One /proc pass over the payload's process tree: the snapshot every due watcher shares.
 *
 * A snapshot is a plain object (JSON-serialisable) so watcher decisions can be unit-tested on
 * recorded snapshots. Memory in kB, CPU in seconds, I/O in bytes — prmon's units.
 */
import { CLK_TCK, readIo, readMemory, readStat, readUptime } from './proc.js';

/** One process of the payload tree at one moment. */
export interface ProcSample {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  threads: number;
  /** CPU seconds: own user/system time and that of its reaped children. */
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  /** kB. */
  vmem: number;
  rss: number;
  pss: number;
  swap: number;
  /** Bytes. */
  rchar: number;
  wchar: number;
  read_bytes: number;
  write_bytes: number;
  /** Process start, seconds after boot. */
  start: number;
  /** Process group and the CPU it last ran on (absent in hand-made samples). */
  pgrp?: number;
  processor?: number;
}

/** Tree totals (prmon's per-sample columns, before prmon's own max/int handling). */
export interface TreeTotals {
  nprocs: number;
  nthreads: number;
  zombies: number;
  vmem: number;
  rss: number;
  pss: number;
  swap: number;
  rchar: number;
  wchar: number;
  read_bytes: number;
  write_bytes: number;
  /** Seconds, own + reaped children, summed over the tree. */
  utime: number;
  stime: number;
}

/** What every due watcher receives. */
export interface Snapshot {
  /** Wall clock, ms since the epoch. */
  time: number;
  /** Seconds since boot at the same moment (to age processes like prmon's wtime). */
  uptime: number;
  procs: ProcSample[];
  totals: TreeTotals;
}

/** Which per-process files to read: stat is always read; memory and I/O only when a due watcher needs them. */
export interface SampleOptions {
  memory?: boolean;
  io?: boolean;
}

/** Read /proc once for the given pids. Vanished pids are skipped; zombies are counted but carry no memory. */
export function takeSnapshot(pids: readonly number[], opts: SampleOptions = { memory: true, io: true }): Snapshot {
  const procs: ProcSample[] = [];
  const seen = new Set<number>();
  for (const pid of pids) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    const st = readStat(pid);
    if (!st) continue;
    const zombie = st.state === 'Z' || st.state === 'X';
    const mem = opts.memory && !zombie ? readMemory(pid) : undefined;
    const io = opts.io && !zombie ? readIo(pid) : undefined;
    procs.push({
      pid,
      ppid: st.ppid,
      comm: st.comm,
      state: st.state,
      threads: st.numThreads,
      utime: st.utime / CLK_TCK,
      stime: st.stime / CLK_TCK,
      cutime: st.cutime / CLK_TCK,
      cstime: st.cstime / CLK_TCK,
      vmem: zombie ? 0 : Math.floor(st.vsize / 1024),
      rss: mem?.rss ?? 0,
      pss: mem?.pss ?? 0,
      swap: mem?.swap ?? 0,
      rchar: io?.rchar ?? 0,
      wchar: io?.wchar ?? 0,
      read_bytes: io?.read_bytes ?? 0,
      write_bytes: io?.write_bytes ?? 0,
      start: st.starttime / CLK_TCK,
      pgrp: st.pgrp,
      processor: st.processor,
    });
  }
  return { time: Date.now(), uptime: readUptime(), procs, totals: totalsOf(procs) };
}

/**
 * Processors the payload's process group ran on: distinct CPUs last used by the processes in the
 * root's group (Pilot 3's generic set_core_counts: `ps axo pgid,psr` for the payload's pgid).
 * At least 1 while the group has a process, so its presence never depends on the machine's load.
 */
export function processorsUsed(snap: Snapshot, rootPid: number): number {
  const root = snap.procs.find((p) => p.pid === rootPid);
  const pgrp = root?.pgrp ?? rootPid;
  return new Set(snap.procs.filter((p) => p.pgrp === pgrp && p.processor !== undefined && p.state !== 'Z' && p.state !== 'X').map((p) => p.processor)).size;
}

/** Sum a list of process samples into tree totals. */
export function totalsOf(procs: readonly ProcSample[]): TreeTotals {
  const t: TreeTotals = {
    nprocs: 0, nthreads: 0, zombies: 0, vmem: 0, rss: 0, pss: 0, swap: 0,
    rchar: 0, wchar: 0, read_bytes: 0, write_bytes: 0, utime: 0, stime: 0,
  };
  for (const p of procs) {
    if (p.state === 'Z' || p.state === 'X') t.zombies++;
    t.nprocs++;
    t.nthreads += p.threads;
    t.vmem += p.vmem;
    t.rss += p.rss;
    t.pss += p.pss;
    t.swap += p.swap;
    t.rchar += p.rchar;
    t.wchar += p.wchar;
    t.read_bytes += p.read_bytes;
    t.write_bytes += p.write_bytes;
    t.utime += p.utime + p.cutime;
    t.stime += p.stime + p.cstime;
  }
  return t;
}
