/**
 * CPU time of the payload tree (Pilot 3's cpuConsumptionTime, spec §5.3).
 *
 * While the payload runs: the sum over live tree members of utime+stime+cutime+cstime — a process
 * that exited and was reaped inside the tree lives on in its reaper's cutime/cstime. At the end:
 * the children time the pilot itself collected since the job started (what Pilot 3 takes from
 * os.times()), which covers the reaped payload. The figure never goes down (maximum of both), so
 * the moment between a child's exit and its reaping does not make it dip.
 */
import { CLK_TCK, readStat } from './proc.js';
import { takeSnapshot } from './snapshot.js';
function selfChildrenTicks() {
    const st = readStat('self');
    return st ? st.cutime + st.cstime : 0;
}
/** Keeps the payload tree's CPU seconds. */
export class CpuTracker {
    baseline = selfChildrenTicks();
    treeMax = 0;
    /** Account a snapshot's processes. */
    observe(snap) {
        let sum = 0;
        for (const p of snap.procs)
            sum += p.utime + p.stime + p.cutime + p.cstime;
        if (sum > this.treeMax)
            this.treeMax = sum;
    }
    /** Read the tree's stat files now (cheap: stat only) and return whole seconds. */
    current(pids) {
        if (pids.length)
            this.observe(takeSnapshot(pids, {}));
        return Math.round(this.treeMax);
    }
    /** Final figure: the larger of the tree maximum and the children time the pilot collected. */
    final() {
        const reaped = (selfChildrenTicks() - this.baseline) / CLK_TCK;
        return Math.round(Math.max(this.treeMax, reaped));
    }
}
//# sourceMappingURL=cpu.js.map