/**
 * One /proc pass over the payload's process tree: the snapshot every due watcher shares.
 *
 * A snapshot is a plain object (JSON-serialisable) so watcher decisions can be unit-tested on
 * recorded snapshots. Memory in kB, CPU in seconds, I/O in bytes — prmon's units.
 */
import { CLK_TCK, readIo, readMemory, readStat, readUptime } from './proc.js';
/** Read /proc once for the given pids. Vanished pids are skipped; zombies are counted but carry no memory. */
export function takeSnapshot(pids, opts = { memory: true, io: true }) {
    const procs = [];
    const seen = new Set();
    for (const pid of pids) {
        if (seen.has(pid))
            continue;
        seen.add(pid);
        const st = readStat(pid);
        if (!st)
            continue;
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
        });
    }
    return { time: Date.now(), uptime: readUptime(), procs, totals: totalsOf(procs) };
}
/** Sum a list of process samples into tree totals. */
export function totalsOf(procs) {
    const t = {
        nprocs: 0, nthreads: 0, zombies: 0, vmem: 0, rss: 0, pss: 0, swap: 0,
        rchar: 0, wchar: 0, read_bytes: 0, write_bytes: 0, utime: 0, stime: 0,
    };
    for (const p of procs) {
        if (p.state === 'Z' || p.state === 'X')
            t.zombies++;
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
//# sourceMappingURL=snapshot.js.map