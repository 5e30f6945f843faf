/**
 * prmon's file formats: the time series `memory_monitor_output.txt` and the summary
 * `memory_monitor_summary.json`, produced from our snapshots the way prmon computes them
 * (HEP-SF/prmon: memmon/countmon/cpumon/iomon/netmon/wallmon), and read back from either tool.
 *
 * Columns and units follow the prmon file Pilot 3 ships as a test resource: memory in kB,
 * CPU and wall time in whole seconds, I/O and network in bytes (cumulative), Time in epoch seconds.
 */
import type { NetCounters } from './proc.js';
import type { Snapshot } from './snapshot.js';

/** prmon's text columns, in the order of the reference file. */
export const PRMON_COLUMNS = [
  'Time', 'nprocs', 'nthreads', 'wtime', 'stime', 'utime', 'pss', 'rss', 'swap', 'vmem',
  'rchar', 'read_bytes', 'wchar', 'write_bytes', 'rx_bytes', 'rx_packets', 'tx_bytes', 'tx_packets',
] as const;

/** One prmon column name. */
export type PrmonColumn = (typeof PRMON_COLUMNS)[number];
/** One row of memory_monitor_output.txt. */
export type PrmonRow = Record<PrmonColumn, number>;

/** prmon's summary JSON (Max = peaks or totals, Avg = means or rates). */
export interface PrmonSummary {
  Avg: Record<string, number>;
  Max: Record<string, number>;
  prmon?: { Version: string };
  [key: string]: unknown;
}

/** Version string we write under "prmon" so readers can tell our files from prmon's. */
export const BUILTIN_VERSION = 'panda-pilot-builtin';

const MEMORY_KEYS = ['pss', 'rss', 'swap', 'vmem'] as const;
const COUNT_KEYS = ['nprocs', 'nthreads'] as const;
const IO_KEYS = ['rchar', 'read_bytes', 'wchar', 'write_bytes'] as const;
const NET_KEYS = ['rx_bytes', 'rx_packets', 'tx_bytes', 'tx_packets'] as const;

/** prmon keeps three decimals in averages (whole numbers above 1000). */
export function prmonAverage(v: number): number {
  const int = Math.trunc(v);
  const frac = v - int;
  if (int > 1000 || frac === 0) return int;
  return int + Math.trunc(frac * 1000) / 1000;
}

/**
 * Turns snapshots into prmon rows and keeps prmon's running statistics.
 * Feed it with {@link add}; read {@link rows} and {@link summary}.
 */
export class PrmonAccumulator {
  readonly rows: PrmonRow[] = [];
  private motherStart?: number;
  private readonly ioMax: Record<string, number> = {};
  private readonly peak: Record<string, number> = {};
  private readonly total: Record<string, number> = {};
  private wallSeconds = 0;
  private netStart?: NetCounters;
  /** clock and uptime of the latest sample, to place the closing row on the same clock */
  private lastClock?: { time: number; uptime: number };
  private closed = false;

  constructor(private readonly version = BUILTIN_VERSION) {}

  /** Add one sample; returns the row (undefined when the tree is empty: prmon stops sampling then). */
  add(snap: Snapshot, net?: NetCounters): PrmonRow | undefined {
    // Nothing alive (or only zombies, which carry no memory): no row, so fits see no fake drop to 0.
    if (snap.procs.length === 0 || snap.procs.every((p) => p.state === 'Z')) return undefined;
    const t = snap.totals;
    // wtime is measured from the start of the first (mother) process, as prmon's wallmon does.
    if (this.motherStart === undefined) this.motherStart = Math.min(...snap.procs.map((p) => p.start));
    this.wallSeconds = Math.max(snap.uptime - this.motherStart, 0);
    this.lastClock = { time: snap.time, uptime: snap.uptime };
    if (net && !this.netStart) this.netStart = net;
    const row = { Time: Math.floor(snap.time / 1000) } as PrmonRow;
    row.nprocs = t.nprocs;
    row.nthreads = t.nthreads;
    row.wtime = Math.floor(this.wallSeconds);
    row.stime = Math.floor(t.stime);
    row.utime = Math.floor(t.utime);
    for (const k of MEMORY_KEYS) row[k] = t[k];
    // I/O counters of exited processes disappear from /proc: prmon never lets a counter drop.
    for (const k of IO_KEYS) row[k] = this.ioMax[k] = Math.max(this.ioMax[k] ?? 0, t[k]);
    for (const k of NET_KEYS) row[k] = net && this.netStart ? Math.max(net[k] - this.netStart[k], 0) : 0;
    for (const k of [...MEMORY_KEYS, ...COUNT_KEYS]) {
      this.peak[k] = Math.max(this.peak[k] ?? 0, row[k]);
      this.total[k] = (this.total[k] ?? 0) + row[k];
    }
    this.rows.push(row);
    return row;
  }

  /**
   * The payload ended at `endMs` (epoch ms): a closing row at that time with the last counters
   * (an exited tree cannot be read any more), so rates are over the real elapsed time. Its memory
   * values repeat the last sample's and do not enter the averages.
   */
  close(endMs: number): PrmonRow | undefined {
    const last = this.last;
    if (this.closed || !last || !this.lastClock || this.motherStart === undefined) return undefined;
    this.closed = true;
    const uptime = this.lastClock.uptime + Math.max(endMs - this.lastClock.time, 0) / 1000;
    if (uptime - this.motherStart <= this.wallSeconds) return undefined;
    this.wallSeconds = uptime - this.motherStart;
    const row = { ...last, Time: Math.floor(endMs / 1000), wtime: Math.floor(this.wallSeconds) };
    this.rows.push(row);
    this.closingRow = true;
    return row;
  }

  /** the last row is {@link close}'s (not a sample) */
  private closingRow = false;

  /** The latest row, if any. */
  get last(): PrmonRow | undefined {
    return this.rows[this.rows.length - 1];
  }

  /** prmon's summary from the rows so far (Max: peaks/totals; Avg: means, and rates per wall second). */
  summary(): PrmonSummary {
    const last = this.last;
    const n = this.rows.length - (this.closingRow ? 1 : 0);
    const Max: Record<string, number> = {};
    const Avg: Record<string, number> = {};
    if (last) {
      for (const k of [...MEMORY_KEYS, ...COUNT_KEYS]) {
        Max[k] = this.peak[k] ?? 0;
        Avg[k] = prmonAverage((this.total[k] ?? 0) / n);
      }
      // Rates per second of the tree's real elapsed time (up to the payload's end when known);
      // at least one second, so a rate never exceeds its total (prmon divides by >= one tick).
      const wall = Math.max(this.wallSeconds, 1);
      for (const k of [...IO_KEYS, ...NET_KEYS]) {
        Max[k] = last[k];
        Avg[k] = prmonAverage(last[k] / wall);
      }
      for (const k of ['utime', 'stime', 'wtime'] as const) Max[k] = last[k];
    }
    return { Avg: sortKeys(Avg), Max: sortKeys(Max), prmon: { Version: this.version } };
  }
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The header line of memory_monitor_output.txt (with newline). */
export function prmonHeader(): string {
  return PRMON_COLUMNS.join('\t') + '\n';
}

/** One data line of memory_monitor_output.txt (with newline). */
export function prmonLine(row: PrmonRow): string {
  return PRMON_COLUMNS.map((c) => String(row[c])).join('\t') + '\n';
}

/** The summary as prmon writes it (keys sorted, two-space indent, trailing newline). */
export function summaryText(summary: PrmonSummary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** A column table read from a memory monitor text file (prmon or the old MemoryMonitor). */
export interface MonitorTable {
  columns: string[];
  /** column → values (numbers; unparsable fields become NaN). */
  data: Record<string, number[]>;
}

/** Parse memory_monitor_output.txt of either tool: first line names the columns; empty fields are dropped. */
export function parseMonitorTable(text: string): MonitorTable {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const columns = (lines[0] ?? '').split('\t').filter((f) => f !== '');
  const data: Record<string, number[]> = Object.fromEntries(columns.map((c) => [c, [] as number[]]));
  for (const line of lines.slice(1)) {
    const fields = line.split('\t').filter((f) => f !== '');
    fields.forEach((f, i) => {
      const col = columns[i];
      if (col !== undefined) data[col]!.push(Number(f));
    });
  }
  return { columns, data };
}

/** The update fields Pilot 3 sends from a memory monitor summary (§6.4); -1s when the standard keys are missing. */
export function memoryFieldsFromSummary(summary: Partial<PrmonSummary> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  const max = summary?.Max ?? {};
  const avg = summary?.Avg ?? {};
  const legacy = 'maxRSS' in max;
  const pick = legacy
    ? { maxRSS: max.maxRSS, maxVMEM: max.maxVMEM, maxSWAP: max.maxSwap, maxPSS: max.maxPSS, avgRSS: avg.avgRSS, avgVMEM: avg.avgVMEM, avgSWAP: avg.avgSwap, avgPSS: avg.avgPSS }
    : { maxRSS: max.rss, maxVMEM: max.vmem, maxSWAP: max.swap, maxPSS: max.pss, avgRSS: avg.rss, avgVMEM: avg.vmem, avgSWAP: avg.swap, avgPSS: avg.pss };
  if (Object.values(pick).some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    for (const k of Object.keys(pick)) out[k] = -1;
  } else {
    for (const [k, v] of Object.entries(pick)) out[k] = k.startsWith('max') ? Math.trunc(v as number) : (v as number);
  }
  const io = legacy
    ? { totRCHAR: max.totRCHAR, totWCHAR: max.totWCHAR, totRBYTES: max.totRBYTES, totWBYTES: max.totWBYTES, rateRCHAR: avg.rateRCHAR, rateWCHAR: avg.rateWCHAR, rateRBYTES: avg.rateRBYTES, rateWBYTES: avg.rateWBYTES }
    : { totRCHAR: max.rchar, totWCHAR: max.wchar, totRBYTES: max.read_bytes, totWBYTES: max.write_bytes, rateRCHAR: avg.rchar, rateWCHAR: avg.wchar, rateRBYTES: avg.read_bytes, rateWBYTES: avg.write_bytes };
  // Pilot 3 adds the I/O fields only when all of them are there.
  if (Object.values(io).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    for (const [k, v] of Object.entries(io)) out[k] = k.startsWith('tot') ? Math.trunc(v as number) : (v as number);
  }
  return out;
}

/**
 * Summary from a prmon text table when no JSON exists yet (Pilot 3's get_average_summary_dictionary_prmon):
 * max and integer mean of vmem/pss/rss/swap, with the legacy key names Pilot 3 produces there.
 */
export function summaryFromTable(table: MonitorTable): PrmonSummary | undefined {
  const col = (k: string) => {
    const name = table.columns.find((c) => c.toLowerCase() === k);
    return (name ? table.data[name]! : []).filter((v) => Number.isFinite(v));
  };
  const vals = { VMEM: col('vmem'), PSS: col('pss'), RSS: col('rss'), Swap: col('swap') };
  if (vals.PSS.length === 0) return undefined;
  const Max: Record<string, number> = {};
  const Avg: Record<string, number> = {};
  for (const [k, v] of Object.entries(vals)) {
    Max[`max${k}`] = v.length ? Math.max(...v) : 0;
    Avg[`avg${k}`] = v.length ? Math.trunc(v.reduce((a, b) => a + b, 0) / v.length) : 0;
  }
  return { Max, Avg };
}
