/**
 * One walk of the job work directory serves the looping check (newest modification), the work
 * dir size check and the output/log size checks — with no `find`/`du` child processes.
 *
 * Incremental: a directory whose mtime did not change since the last walk still has the same
 * entries, so it is not read again; only the cheap lstat of each entry is repeated (sizes and
 * mtimes change without touching the directory). Symbolic links are neither followed nor counted,
 * as Pilot 3's size walk skips them.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
/**
 * Paths the looping check ignores: Pilot 3's ATLAS list (a superset of the generic one), plus the
 * memory monitor's own outputs, which we write into the work dir ourselves.
 */
export function ignoredByLoopingCheck(workdir, path) {
    if (path === workdir || path === '' || path === join(workdir, 'workDir'))
        return true;
    const needles = ['prmon', '/pilot/', '/pandawnutil', 'pilotlog', '.lib.tgz', '.py', 'PoolFileCatalog', 'setup.sh',
        'pandaJob', 'runjob', 'memory_', 'mem.', 'docs/', 'DBRelease-'];
    return path.endsWith('/pilot') || needles.some((n) => path.includes(n));
}
/** How recent (ms) a directory change must be for its cached listing to be distrusted (coarse mtime clock). */
const FRESH_MS = 2000;
/** Walks one work directory repeatedly, reusing listings of unchanged directories. */
export class WorkdirScanner {
    workdir;
    ignore;
    dirs = new Map();
    last;
    /** Directory listings actually read in the last walk (for tests and the bench). */
    readdirs = 0;
    constructor(workdir, ignore = ignoredByLoopingCheck) {
        this.workdir = workdir;
        this.ignore = ignore;
    }
    /** The last walk, if it is at most `maxAgeMs` old; otherwise a new walk. */
    scan(maxAgeMs = 0) {
        const now = Date.now();
        if (this.last && maxAgeMs > 0 && now - this.last.time <= maxAgeMs)
            return this.last;
        const result = { time: now, totalBytes: 0, files: new Map(), entries: 0 };
        this.readdirs = 0;
        const seen = new Set();
        let root;
        try {
            root = lstatSync(this.workdir);
        }
        catch {
            this.last = result;
            return result;
        }
        this.walk(this.workdir, root, result, seen, now);
        for (const dir of this.dirs.keys())
            if (!seen.has(dir))
                this.dirs.delete(dir);
        this.last = result;
        return result;
    }
    listing(dir, st, now) {
        const cached = this.dirs.get(dir);
        if (cached && cached.mtimeMs === st.mtimeMs && now - st.mtimeMs > FRESH_MS)
            return cached.names;
        let names;
        try {
            names = readdirSync(dir);
        }
        catch {
            names = [];
        }
        this.readdirs++;
        this.dirs.set(dir, { mtimeMs: st.mtimeMs, names });
        return names;
    }
    walk(dir, st, out, seen, now) {
        seen.add(dir);
        for (const name of this.listing(dir, st, now)) {
            const path = dir + sep + name;
            let s;
            try {
                s = lstatSync(path);
            }
            catch {
                continue; // removed meanwhile
            }
            out.entries++;
            if (s.isSymbolicLink())
                continue;
            if (!this.ignore(this.workdir, path) && (!out.newest || s.mtimeMs > out.newest.mtimeMs)) {
                out.newest = { path, mtimeMs: s.mtimeMs };
            }
            if (s.isDirectory())
                this.walk(path, s, out, seen, now);
            else if (s.isFile()) {
                out.totalBytes += s.size;
                out.files.set(relative(this.workdir, path), s.size);
            }
        }
    }
}
//# sourceMappingURL=workdir-scan.js.map