/**
 * One walk of the job work directory serves the looping check (newest modification), the work
 * dir size check and the output/log size checks — with no `find`/`du` child processes.
 *
 * Incremental: a directory whose mtime did not change since the last walk still has the same
 * entries, so it is not read again; only the cheap lstat of each entry is repeated (sizes and
 * mtimes change without touching the directory). Symbolic links are neither followed nor counted,
 * as Pilot 3's size walk skips them.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Result of one walk. */
export interface WorkdirScan {
  /** When the walk ran, ms since the epoch. */
  time: number;
  /** Sum of regular file sizes (apparent size, like Pilot 3's get_disk_usage). */
  totalBytes: number;
  /** Regular files: path relative to the work dir → size. */
  files: Map<string, number>;
  /** Newest modification among entries the looping check counts (files and directories). */
  newest?: { path: string; mtimeMs: number };
  /** Entries visited (cost indicator). */
  entries: number;
}

/** Decides whether a path (absolute, under the work dir) is left out of the looping check's "newest file". */
export type LoopingIgnore = (workdir: string, path: string) => boolean;

/** The path as the needles are matched against: relative to the work dir, with a leading "/". */
function inWorkdir(workdir: string, path: string): string | undefined {
  if (path === workdir || path === '') return undefined;
  const rel = relative(workdir, path);
  return rel.startsWith('..') ? undefined : `/${rel.split(sep).join('/')}`;
}

/** Substring rules of a looping-ignore list (Pilot 3's remove_unwanted_files). */
export function loopingIgnoreList(needles: readonly string[], opts: { exact?: readonly string[]; suffixes?: readonly string[] } = {}): LoopingIgnore {
  return (workdir, path) => {
    const rel = inWorkdir(workdir, path);
    if (rel === undefined) return true;
    if (opts.exact?.includes(rel)) return true;
    if (opts.suffixes?.some((x) => rel.endsWith(x))) return true;
    return needles.some((n) => rel.includes(n));
  };
}

/**
 * The generic rules (Pilot 3's generic loopingjob_definitions): the work dir itself and paths with
 * "prmon", "pilotlog", ".lib.tgz", ".py", "pandaJob" — plus our built-in memory monitor's own
 * outputs (memory_monitor_*), which the pilot, not the payload, rewrites every interval.
 * Needles are matched inside the work dir (relative path), so a work dir under e.g. a ".py"
 * directory does not hide every file, as Pilot 3's match on the absolute path would.
 */
export const genericLoopingIgnore: LoopingIgnore = loopingIgnoreList(['prmon', 'pilotlog', '.lib.tgz', '.py', 'pandaJob', 'memory_monitor_']);

interface DirCache {
  mtimeMs: number;
  names: string[];
}

/** How recent (ms) a directory change must be for its cached listing to be distrusted (coarse mtime clock). */
const FRESH_MS = 2000;

/** Walks one work directory repeatedly, reusing listings of unchanged directories. */
export class WorkdirScanner {
  private readonly dirs = new Map<string, DirCache>();
  private last?: WorkdirScan;
  /** Directory listings actually read in the last walk (for tests and the bench). */
  readdirs = 0;

  constructor(readonly workdir: string, private readonly ignore: LoopingIgnore = genericLoopingIgnore) {}

  /** The last walk, if it is at most `maxAgeMs` old; otherwise a new walk. */
  scan(maxAgeMs = 0): WorkdirScan {
    const now = Date.now();
    if (this.last && maxAgeMs > 0 && now - this.last.time <= maxAgeMs) return this.last;
    const result: WorkdirScan = { time: now, totalBytes: 0, files: new Map(), entries: 0 };
    this.readdirs = 0;
    const seen = new Set<string>();
    let root: Stats;
    try {
      root = lstatSync(this.workdir);
    } catch {
      this.last = result;
      return result;
    }
    this.walk(this.workdir, root, result, seen, now);
    for (const dir of this.dirs.keys()) if (!seen.has(dir)) this.dirs.delete(dir);
    this.last = result;
    return result;
  }

  private listing(dir: string, st: Stats, now: number): string[] {
    const cached = this.dirs.get(dir);
    if (cached && cached.mtimeMs === st.mtimeMs && now - st.mtimeMs > FRESH_MS) return cached.names;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      names = [];
    }
    this.readdirs++;
    this.dirs.set(dir, { mtimeMs: st.mtimeMs, names });
    return names;
  }

  private walk(dir: string, st: Stats, out: WorkdirScan, seen: Set<string>, now: number): void {
    seen.add(dir);
    for (const name of this.listing(dir, st, now)) {
      const path = dir + sep + name;
      let s: Stats;
      try {
        s = lstatSync(path);
      } catch {
        continue; // removed meanwhile
      }
      out.entries++;
      if (s.isSymbolicLink()) continue;
      if (!this.ignore(this.workdir, path) && (!out.newest || s.mtimeMs > out.newest.mtimeMs)) {
        out.newest = { path, mtimeMs: s.mtimeMs };
      }
      if (s.isDirectory()) this.walk(path, s, out, seen, now);
      else if (s.isFile()) {
        out.totalBytes += s.size;
        out.files.set(relative(this.workdir, path), s.size);
      }
    }
  }
}
