/**
 * Memory Monitoring API (Pilot 3's pilot/api/memorymonitor.py, which only stores a prmon command;
 * here it really monitors).
 *
 * ```ts
 * const mon = await new MemoryMonitoring({ pid, workdir, intervalMs: 1000 }).start();
 * ...
 * await mon.stop();
 * mon.series();        // prmon columns: Time, pss, rss, swap, vmem, ... (kB, s)
 * mon.summary();       // prmon's summary JSON (Max/Avg)
 * mon.analyzeLeak();   // fit of pss+swap over Time: slope in kB/s, Pilot 3's strings
 * ```
 *
 * The built-in monitor (src/monitor, prmon-compatible files, no binary needed) is the default;
 * `tool: 'prmon'` runs the prmon executable from PATH the way Pilot 3 starts it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCodes, PilotError } from '../common/errors.js';
import { sleep } from '../common/timing.js';
import { MEMORY_MONITOR_OUTPUT, MEMORY_MONITOR_SUMMARY, MemoryMonitor } from '../monitor/memory-monitor.js';
import { findPrmon, PrmonProcess, readSummary } from '../monitor/prmon.js';
import { memoryFieldsFromSummary } from '../monitor/prmon-format.js';
import { Analytics } from './analytics.js';
import { Services } from './services.js';
import { readTable } from './table.js';
/** A memory monitor on one process tree, with its time series, summary and leak analysis. */
export class MemoryMonitoring extends Services {
    /** The monitored process (Pilot 3 copies its keyword options onto the instance, so do we). */
    pid;
    /** Directory of memory_monitor_output.txt and memory_monitor_summary.json. */
    workdir;
    /** The monitoring tool. */
    tool;
    /** Pilot 3's `user` option, as given. */
    user;
    intervalMs;
    network;
    builtin;
    prmon;
    prmonBinary;
    finalSummary;
    stopped = false;
    constructor(options) {
        super();
        if (!Number.isInteger(options?.pid) || options.pid <= 0) {
            throw new PilotError(ErrorCodes.NOTDEFINED, `memory monitoring needs a process id, got ${String(options?.pid)}`);
        }
        const intervalMs = options.intervalMs ?? 60_000;
        if (!Number.isFinite(intervalMs) || intervalMs < 10) {
            throw new PilotError(ErrorCodes.NOTDEFINED, `memory monitoring interval must be at least 10 ms, got ${intervalMs}`);
        }
        this.pid = options.pid;
        this.workdir = options.workdir ?? mkdtempSync(join(tmpdir(), 'memory-monitoring-'));
        this.tool = options.tool ?? 'builtin';
        this.user = options.user;
        this.intervalMs = intervalMs;
        this.network = options.network ?? true;
    }
    /** Whether the monitor has been started and not stopped. */
    get running() {
        return (this.builtin !== undefined || this.prmon !== undefined) && !this.stopped;
    }
    /**
     * Start monitoring. Throws NOSUCHPROCESS when the pid does not exist, NOSUCHFILE when prmon was
     * asked for but is not on PATH. Starting twice is a no-op.
     */
    async start() {
        if (this.builtin || this.prmon)
            return this;
        if (this.stopped)
            throw new PilotError(ErrorCodes.NOTDEFINED, 'memory monitoring was stopped; create a new monitor');
        if (!existsSync(`/proc/${this.pid}`))
            throw new PilotError(ErrorCodes.NOSUCHPROCESS, `no such process: ${this.pid}`);
        if (this.tool === 'prmon') {
            this.prmonBinary = findPrmon();
            if (!this.prmonBinary)
                throw new PilotError(ErrorCodes.NOSUCHFILE, 'prmon was requested but is not on PATH');
            this.prmon = new PrmonProcess(this.prmonBinary, this.pid, this.workdir, this.intervalMs / 1000);
        }
        else {
            this.builtin = new MemoryMonitor({ pid: this.pid, workdir: this.workdir, intervalMs: this.intervalMs, network: this.network }).start();
        }
        return this;
    }
    /** Pilot 3's execute(): starts the monitor. */
    execute() {
        return this.start();
    }
    /** Take one extra sample now (built-in monitor only; prmon samples on its own clock). */
    sample() {
        this.builtin?.sample();
    }
    /** Stop monitoring and return the final summary (also written to memory_monitor_summary.json). */
    async stop() {
        if (this.stopped)
            return this.finalSummary;
        this.stopped = true;
        if (this.builtin)
            this.finalSummary = await this.builtin.stop();
        else if (this.prmon) {
            await this.prmon.stop();
            this.finalSummary = readSummary(this.workdir);
        }
        return this.finalSummary;
    }
    /** The command that monitors the process: prmon's command line, or "builtin". */
    getCommand() {
        if (this.tool !== 'prmon')
            return 'builtin';
        const s = Math.max(1, Math.round(this.intervalMs / 1000));
        return `${this.prmonBinary ?? 'prmon'} --pid ${this.pid} --filename ${MEMORY_MONITOR_OUTPUT} --json-summary ${MEMORY_MONITOR_SUMMARY} --interval ${s}`;
    }
    /** Pilot 3 spelling of {@link MemoryMonitoring.getCommand}. */
    get_command() {
        return this.getCommand();
    }
    /** Path of the time series file (memory_monitor_output.txt). */
    getFilename() {
        return join(this.workdir, MEMORY_MONITOR_OUTPUT);
    }
    /** Pilot 3 spelling of {@link MemoryMonitoring.getFilename}. */
    get_filename() {
        return this.getFilename();
    }
    /** The time series so far: prmon column → values (memory in kB, Time in epoch seconds). */
    async series() {
        if (this.builtin) {
            const rows = this.builtin.series();
            const table = Object.create(null);
            for (const row of rows) {
                for (const [k, v] of Object.entries(row))
                    (table[k] ??= []).push(v);
            }
            return table;
        }
        return readTable(this.getFilename());
    }
    /** prmon's summary so far (the final one after stop), or undefined before the first sample. */
    summary() {
        if (this.finalSummary)
            return this.finalSummary;
        if (this.builtin)
            return this.builtin.series().length ? this.builtin.summary() : undefined;
        return readSummary(this.workdir);
    }
    /** Pilot 3's get_results(): the summary. */
    get_results() {
        return this.summary();
    }
    /** The job update fields Pilot 3 derives from the summary (maxRSS, avgPSS, totRCHAR, ...). */
    memoryInfo() {
        const s = this.summary();
        return s ? memoryFieldsFromSummary(s) : {};
    }
    /**
     * Leak analysis in one call: Pilot 3's fit of `yName` (default pss+swap) against Time over the
     * series so far (≥ 100 samples: iterative edge trimming; `final`: without the tails).
     */
    async analyzeLeak(options = {}) {
        return analyzeLeakTable(await this.series(), options);
    }
}
/** The leak analysis of a memory time series table (prmon or old MemoryMonitor columns). */
export function analyzeLeakTable(table, options = {}) {
    const client = new Analytics();
    const [x, y] = client.extractFromTable(table, 'Time', options.yName ?? 'pss+swap');
    const strings = client.fittedDataFromSeries(x, y, { tails: !options.final, precision: options.precision, reportZeroSlope: options.reportZeroSlope });
    const lf = client.leakFit(x, y, { tails: !options.final });
    return {
        ...strings,
        slopeKBps: lf?.fit.slope(),
        intersectValue: lf?.fit.intersect(),
        chi2Value: lf?.fit.chi2(),
        samples: Math.min(x.length, y.length),
        fittedSamples: lf?.x.length ?? 0,
    };
}
/** The leak analysis of a memory_monitor_output.txt file (missing/unreadable → no fit). */
export async function analyzeLeakFile(filename, options = {}) {
    return analyzeLeakTable(await readTable(filename), options);
}
/**
 * Monitor a process until it exits, `durationMs` passes or `signal` aborts, then return its
 * series, summary and leak analysis (`final` by default: the first 5 and last 2 samples, where
 * the process allocates and releases its memory, are left out): the whole API in one call.
 */
export async function monitorProcess(options) {
    const monitor = await new MemoryMonitoring(options).start();
    const deadline = options.durationMs === undefined ? Infinity : Date.now() + options.durationMs;
    const pollMs = Math.min(options.intervalMs ?? 60_000, 250);
    // Node has no exit event for a process it did not start: look at /proc/<pid> a few times a second
    try {
        while (Date.now() < deadline && !isGone(options.pid)) {
            await sleep(Math.max(1, Math.min(pollMs, deadline - Date.now())), options.signal);
        }
    }
    catch (e) {
        if (!options.signal?.aborted)
            throw e;
    }
    const summary = await monitor.stop();
    const series = await monitor.series();
    // the process has ended: analyse as Pilot 3's final update (without allocation/deallocation tails)
    return { monitor, series, summary, leak: analyzeLeakTable(series, { final: true, ...options.analysis }) };
}
/** The process has exited (no /proc entry, or a zombie waiting to be reaped). */
function isGone(pid) {
    try {
        // state is the field after "(comm)"
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
    }
    catch {
        return true;
    }
}
//# sourceMappingURL=memorymonitoring.js.map