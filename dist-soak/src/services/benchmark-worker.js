/**
 * One benchmark copy, run in a worker thread by {@link runBenchmark} (benchmark.ts).
 *
 * Protocol (shared Int32Array, indexes in {@link CTL}): the worker says "ready", waits for GO,
 * runs the DB12 loop for the warm-up time (DB12 ignores its zeroth iteration so CPUs with
 * variable clocks settle), measures for the configured time, then keeps working until every
 * copy has finished measuring (DB12's extra iteration against tail effects) and reports.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CTL, db12Run, db12State } from './benchmark-kernel.js';
const USER_HZ = 100; // /proc reports times in USER_HZ, fixed at 100 by the Linux ABI
/** CPU seconds of this thread (utime + stime of /proc/thread-self/stat), or undefined off Linux. */
function threadCpuSeconds() {
    try {
        const stat = readFileSync('/proc/thread-self/stat', 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
    }
    catch {
        return undefined;
    }
}
function median(values) {
    if (values.length === 0)
        return NaN;
    const v = values.slice().sort((a, b) => a - b);
    const m = v.length >> 1;
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
function main(input) {
    const ctl = new Int32Array(input.control);
    const st = db12State(input.seed);
    parentPort.postMessage({ type: 'ready' });
    Atomics.wait(ctl, CTL.GO, 0);
    const stopped = () => Atomics.load(ctl, CTL.STOP) !== 0;
    const t0 = performance.now();
    while (performance.now() - t0 < input.warmupMs && !stopped())
        db12Run(st, input.chunk);
    const cpu0 = threadCpuSeconds();
    const w0 = performance.now();
    const d0 = st.draws;
    // per-chunk times: their median is the speed of an uninterrupted stretch of work
    const chunkMs = [];
    let c0 = w0;
    while (c0 - w0 < input.durationMs && !stopped()) {
        db12Run(st, input.chunk);
        const c1 = performance.now();
        chunkMs.push(c1 - c0);
        c0 = c1;
    }
    const cpu1 = threadCpuSeconds();
    const wallSeconds = (performance.now() - w0) / 1000;
    const draws = st.draws - d0;
    Atomics.sub(ctl, CTL.MEASURING, 1);
    while (Atomics.load(ctl, CTL.MEASURING) > 0 && !stopped())
        db12Run(st, input.chunk);
    const thread = cpu0 !== undefined && cpu1 !== undefined && cpu1 > cpu0;
    const mean = st.m1 / st.draws;
    const out = {
        type: 'result',
        draws,
        cpuSeconds: thread ? cpu1 - cpu0 : wallSeconds,
        wallSeconds,
        cpuSource: thread ? 'thread' : 'wall',
        medianChunkMs: median(chunkMs),
        mean,
        variance: st.m2 / st.draws - mean * mean,
    };
    parentPort.postMessage(out);
}
if (parentPort && workerData)
    main(workerData);
//# sourceMappingURL=benchmark-worker.js.map