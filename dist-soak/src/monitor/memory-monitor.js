/**
 * The built-in memory monitor: prmon's measurements and files without the prmon binary.
 *
 * Standalone (`new MemoryMonitor({pid}).start()`) it samples a process and its descendants on its
 * own timer; inside the job monitor it is fed the shared snapshots instead (`record`). Files:
 * memory_monitor_output.txt gets a row per sample; memory_monitor_summary.json_snapshot is
 * refreshed after each sample (atomically, as prmon does) and memory_monitor_summary.json is
 * written by `stop()` — so readers that wait for the summary to appear see a finished one.
 */
import { closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fittedData } from './leak.js';
import { processTree, readNet } from './proc.js';
import { memoryFieldsFromSummary, PrmonAccumulator, prmonHeader, prmonLine, summaryText, } from './prmon-format.js';
import { takeSnapshot } from './snapshot.js';
/** prmon's time series file name as Pilot 3 passes it (--filename). */
export const MEMORY_MONITOR_OUTPUT = 'memory_monitor_output.txt';
/** prmon's summary file name as Pilot 3 passes it (--json-summary). */
export const MEMORY_MONITOR_SUMMARY = 'memory_monitor_summary.json';
/** Built-in, prmon-compatible memory monitor. */
export class MemoryMonitor {
    opts;
    acc = new PrmonAccumulator();
    timer;
    /** Open descriptor of the output file: one write per row instead of open/write/close. */
    fd;
    stopped = false;
    outputPath;
    summaryPath;
    constructor(opts) {
        this.opts = opts;
        if (opts.pid === undefined && !opts.pids)
            throw new TypeError('MemoryMonitor needs a pid or a pids() function');
        if (opts.workdir) {
            this.outputPath = join(opts.workdir, opts.outputFile ?? MEMORY_MONITOR_OUTPUT);
            this.summaryPath = join(opts.workdir, opts.summaryFile ?? MEMORY_MONITOR_SUMMARY);
        }
    }
    /** Start the standalone timer; the first sample is taken at once (as prmon does). */
    start() {
        if (this.timer || this.stopped)
            return this;
        this.writeHeader();
        this.sample();
        this.timer = setInterval(() => this.sample(), this.opts.intervalMs ?? 60_000);
        this.timer.unref();
        return this;
    }
    /** The processes currently monitored. */
    pids() {
        if (this.opts.pids) {
            try {
                return this.opts.pids();
            }
            catch {
                return [];
            }
        }
        return processTree(this.opts.pid);
    }
    /** Take one sample now and record it. */
    sample() {
        if (this.stopped)
            return undefined;
        return this.record(takeSnapshot(this.pids()));
    }
    /** Record a snapshot taken by someone else (the job monitor's shared sampler). */
    record(snap) {
        if (this.stopped)
            return undefined;
        const row = this.acc.add(snap, this.opts.network === false ? undefined : readNet());
        if (row && this.outputPath) {
            try {
                this.writeHeader();
                writeSync(this.fd, prmonLine(row));
                const tmp = `${this.summaryPath}_tmp`;
                writeFileSync(tmp, summaryText(this.acc.summary()));
                renameSync(tmp, `${this.summaryPath}_snapshot`);
            }
            catch {
                // The work dir may be going away at the end of a job; the figures stay in memory.
            }
        }
        return row;
    }
    /** All rows so far (memory_monitor_output.txt's content). */
    series() {
        return this.acc.rows;
    }
    /** prmon's summary of the rows so far. */
    summary() {
        return this.acc.summary();
    }
    /** Update fields (maxRSS, avgPSS, totRCHAR, ...) as Pilot 3 derives them from a prmon summary. */
    memoryInfo() {
        return this.acc.rows.length ? memoryFieldsFromSummary(this.acc.summary()) : {};
    }
    /** Leak fit of PSS+Swap vs Time; `final` drops the allocation/deallocation tails like Pilot 3's final update. */
    leak(final = false, fit) {
        const rows = this.acc.rows;
        return fittedData(rows.map((r) => r.Time), rows.map((r) => r.pss + r.swap), { tails: !final, fit });
    }
    /** Stop sampling and write the final summary file; returns the summary. */
    async stop() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = undefined;
        const summary = this.acc.summary();
        if (!this.stopped && this.summaryPath) {
            try {
                this.writeHeader();
                rmSync(`${this.summaryPath}_snapshot`, { force: true });
                writeFileSync(this.summaryPath, summaryText(summary));
            }
            catch {
                // see record()
            }
        }
        this.stopped = true;
        if (this.fd !== undefined)
            closeSync(this.fd);
        this.fd = undefined;
        return summary;
    }
    writeHeader() {
        if (this.fd !== undefined || this.stopped || !this.outputPath)
            return;
        this.fd = openSync(this.outputPath, 'w');
        writeSync(this.fd, prmonHeader());
    }
}
//# sourceMappingURL=memory-monitor.js.map