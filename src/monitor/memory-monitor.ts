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
import { fittedData, type FitFunction, type LeakFit } from './leak.js';
import { processTree, readNet } from './proc.js';
import {
  memoryFieldsFromSummary, PrmonAccumulator, prmonHeader, prmonLine, summaryText,
  type PrmonRow, type PrmonSummary,
} from './prmon-format.js';
import { takeSnapshot, type Snapshot } from './snapshot.js';

/** prmon's time series file name as Pilot 3 passes it (--filename). */
export const MEMORY_MONITOR_OUTPUT = 'memory_monitor_output.txt';
/** prmon's summary file name as Pilot 3 passes it (--json-summary). */
export const MEMORY_MONITOR_SUMMARY = 'memory_monitor_summary.json';

/** Options of {@link MemoryMonitor}. */
export interface MemoryMonitorOptions {
  /** Monitor this process and its descendants... */
  pid?: number;
  /** ...or exactly the processes this returns at each sample (a payload tree). */
  pids?: () => number[];
  /** Directory for the output files; without it nothing is written. */
  workdir?: string;
  outputFile?: string;
  summaryFile?: string;
  /** Sampling interval for the standalone timer (ms, default 60000 like Pilot 3's --interval 60). */
  intervalMs?: number;
  /** Include node-wide network counters (prmon's netmon); default true. */
  network?: boolean;
}

/** Built-in, prmon-compatible memory monitor. */
export class MemoryMonitor {
  private readonly acc = new PrmonAccumulator();
  private timer?: NodeJS.Timeout;
  /** Open descriptor of the output file: one write per row instead of open/write/close. */
  private fd?: number;
  private stopped = false;
  private readonly outputPath?: string;
  private readonly summaryPath?: string;

  constructor(private readonly opts: MemoryMonitorOptions) {
    if (opts.pid === undefined && !opts.pids) throw new TypeError('MemoryMonitor needs a pid or a pids() function');
    if (opts.workdir) {
      this.outputPath = join(opts.workdir, opts.outputFile ?? MEMORY_MONITOR_OUTPUT);
      this.summaryPath = join(opts.workdir, opts.summaryFile ?? MEMORY_MONITOR_SUMMARY);
    }
  }

  /** Start the standalone timer; the first sample is taken at once (as prmon does). */
  start(): this {
    if (this.timer || this.stopped) return this;
    this.writeHeader();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.opts.intervalMs ?? 60_000);
    this.timer.unref();
    return this;
  }

  /** The processes currently monitored. */
  pids(): number[] {
    if (this.opts.pids) {
      try {
        return this.opts.pids();
      } catch {
        return [];
      }
    }
    return processTree(this.opts.pid!);
  }

  /** Take one sample now and record it. */
  sample(): PrmonRow | undefined {
    if (this.stopped) return undefined;
    return this.record(takeSnapshot(this.pids()));
  }

  /** Record a snapshot taken by someone else (the job monitor's shared sampler). */
  record(snap: Snapshot): PrmonRow | undefined {
    if (this.stopped) return undefined;
    const row = this.acc.add(snap, this.opts.network === false ? undefined : readNet());
    if (row && this.outputPath) {
      try {
        this.writeHeader();
        writeSync(this.fd!, prmonLine(row));
        const tmp = `${this.summaryPath}_tmp`;
        writeFileSync(tmp, summaryText(this.acc.summary()));
        renameSync(tmp, `${this.summaryPath}_snapshot`);
      } catch {
        // The work dir may be going away at the end of a job; the figures stay in memory.
      }
    }
    return row;
  }

  /** All rows so far (memory_monitor_output.txt's content). */
  series(): readonly PrmonRow[] {
    return this.acc.rows;
  }

  /** prmon's summary of the rows so far. */
  summary(): PrmonSummary {
    return this.acc.summary();
  }

  /** Update fields (maxRSS, avgPSS, totRCHAR, ...) as Pilot 3 derives them from a prmon summary. */
  memoryInfo(): Record<string, number> {
    return this.acc.rows.length ? memoryFieldsFromSummary(this.acc.summary()) : {};
  }

  /** Leak fit of PSS+Swap vs Time; `final` drops the allocation/deallocation tails like Pilot 3's final update. */
  leak(final = false, fit?: FitFunction): LeakFit {
    const rows = this.acc.rows;
    return fittedData(rows.map((r) => r.Time), rows.map((r) => r.pss + r.swap), { tails: !final, fit });
  }

  /**
   * Stop sampling and write the final summary file; returns the summary. `endMs`: when the
   * payload ended (a closing row at that time makes rates cover the real elapsed time).
   */
  async stop(endMs?: number): Promise<PrmonSummary> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (endMs !== undefined && !this.stopped) {
      const row = this.acc.close(endMs);
      if (row && this.outputPath) {
        try {
          this.writeHeader();
          writeSync(this.fd!, prmonLine(row));
        } catch {
          // see record()
        }
      }
    }
    const summary = this.acc.summary();
    if (!this.stopped && this.summaryPath) {
      try {
        this.writeHeader();
        rmSync(`${this.summaryPath}_snapshot`, { force: true });
        writeFileSync(this.summaryPath, summaryText(summary));
      } catch {
        // see record()
      }
    }
    this.stopped = true;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return summary;
  }

  private writeHeader(): void {
    if (this.fd !== undefined || this.stopped || !this.outputPath) return;
    this.fd = openSync(this.outputPath, 'w');
    writeSync(this.fd, prmonHeader());
  }
}
