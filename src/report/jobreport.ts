/**
 * The job report: one self-contained HTML file (`job-report.html`) written into the job directory
 * just before the log tarball is made, so it travels in the tarball. Plots (inline SVG) of memory
 * (RSS, PSS, VMEM), CPU and I/O over time from the memory monitor's rows, and the job's phases
 * from the pilot's timing stamps; a summary of state, codes and files.
 *
 * The layout is fixed (header, then charts of {@link CHART} size stacked at {@link REPORT_LAYOUT})
 * so a screenshot test knows where each plot area is.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMonitorTable } from '../monitor/prmon-format.js';
import { CHART, lineChart, phaseChart, type Phase, type Series } from './svg.js';

/** File name of the report in the job directory (and the log tarball). */
export const JOB_REPORT_FILE = 'job-report.html';

/** Where the charts are (px, from the page's top-left): header height, gap, left margin, chart order. */
export const REPORT_LAYOUT = { header: 150, gap: 10, left: 10, charts: ['phases', 'memory', 'cpu', 'io'] } as const;

/** What the report shows besides the monitor's file. */
export interface JobReportInput {
  jobid: string;
  workdir: string;
  /** timing stamp (epoch seconds) by Pilot 3 key, e.g. PILOT_PRE_PAYLOAD */
  stamps: Partial<Record<string, number>>;
  /** state so far and codes */
  state: string;
  pilotErrorCode: number;
  pilotErrorDiag: string;
  transExitCode: number;
  files: Array<{ type: string; lfn: string; size?: number; status?: string | null }>;
  /** when the report is made (epoch seconds; default now) */
  now?: number;
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

const PHASES: Array<[string, string, string, string]> = [
  ['getJob', 'PILOT_PRE_GETJOB', 'PILOT_POST_GETJOB', '#8c564b'],
  ['stage-in', 'PILOT_PRE_STAGEIN', 'PILOT_POST_STAGEIN', '#1f77b4'],
  ['setup', 'PILOT_PRE_SETUP', 'PILOT_POST_SETUP', '#9467bd'],
  ['payload', 'PILOT_PRE_PAYLOAD', 'PILOT_POST_PAYLOAD', '#2ca02c'],
  ['stage-out', 'PILOT_PRE_STAGEOUT', 'PILOT_POST_STAGEOUT', '#ff7f0e'],
  ['log', 'PILOT_PRE_LOG_TAR', '', '#7f7f7f'],
];

/** The report's HTML. */
export function renderJobReport(input: JobReportInput): string {
  const now = input.now ?? Date.now() / 1000;
  let table: Record<string, number[]> = {};
  try {
    table = parseMonitorTable(readFileSync(path.join(input.workdir, 'memory_monitor_output.txt'), 'utf8')).data;
  } catch {
    // no monitor rows: empty plots, the report still says what it knows
  }
  const times = table.Time ?? [];
  const col = (name: string) => times.map((t, i) => [t, table[name]?.[i] ?? 0] as [number, number]);
  const phases: Phase[] = [];
  for (const [name, a, b, color] of PHASES) {
    const start = input.stamps[a];
    if (start === undefined) continue;
    phases.push({ name, start, end: (b ? input.stamps[b] : undefined) ?? now, color });
  }
  const t0 = Math.min(...phases.map((p) => p.start), ...(times.length ? [times[0]] : []), now);
  const t1 = Math.max(...phases.map((p) => p.end), ...(times.length ? [times.at(-1)!] : []), t0 + 1);
  const memory: Series[] = [
    { name: 'VMEM', color: '#d62728', points: col('vmem') },
    { name: 'RSS', color: '#1f77b4', points: col('rss') },
    { name: 'PSS', color: '#2ca02c', points: col('pss') },
  ];
  // CPU: cores busy (CPU seconds per wall second) over the last 5 s at each sample: the monitor
  // counts whole CPU seconds, so sample-to-sample differences would be spikes
  const cpuTotal = times.map((_, i) => (table.utime?.[i] ?? 0) + (table.stime?.[i] ?? 0));
  const cores: Array<[number, number]> = times.map((t, i) => {
    let j = i;
    while (j > 0 && t - times[j] < 5) j--;
    return [t, i === 0 ? 0 : Math.max(cpuTotal[i] - cpuTotal[j], 0) / Math.max(t - times[j], 1)];
  });
  const io: Series[] = [
    { name: 'read (rchar)', color: '#1f77b4', points: col('rchar') },
    { name: 'written (wchar)', color: '#ff7f0e', points: col('wchar') },
    { name: 'disk read', color: '#17becf', points: col('read_bytes') },
    { name: 'disk written', color: '#e377c2', points: col('write_bytes') },
  ];
  const peak = (name: string) => Math.max(0, ...(table[name] ?? []));
  const summary: Array<[string, unknown]> = [
    ['PandaID', input.jobid],
    ['state', `${input.state}${input.pilotErrorCode ? ` (pilot error ${input.pilotErrorCode}: ${input.pilotErrorDiag})` : ''}`],
    ['payload exit code', input.transExitCode],
    ['peak RSS / PSS / VMEM', `${(peak('rss') / 1024).toFixed(1)} / ${(peak('pss') / 1024).toFixed(1)} / ${(peak('vmem') / 1024).toFixed(1)} MB`],
    ['files', input.files.map((f) => `${f.type} ${f.lfn}${f.size ? ` (${f.size} B)` : ''}${f.status ? ` ${f.status}` : ''}`).join('; ')],
  ];
  const charts = [
    phaseChart('phases', 'Job phases (the final update follows the log: see pilot_timing.json)', phases, t0, t1),
    lineChart('memory', 'Memory of the payload tree', 'MB', memory, t0, t1, 1024),
    lineChart('cpu', 'CPU of the payload tree', 'cores', [{ name: 'CPU', color: '#9467bd', points: cores }], t0, t1),
    lineChart('io', 'I/O of the payload tree (cumulative)', 'MB', io, t0, t1, 1e6),
  ];
  const { header, gap, left } = REPORT_LAYOUT;
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Job ${esc(input.jobid)} report</title>
<style>html,body{margin:0;padding:0;background:#fff;font-family:sans-serif}
header{box-sizing:border-box;height:${header}px;overflow:hidden;padding:6px ${left}px}
h1{font-size:18px;margin:0 0 4px}table{border-collapse:collapse;font-size:12px}th,td{text-align:left;padding:1px 6px;border-bottom:1px solid #eee}
.chart{display:block;margin:0 0 ${gap}px ${left}px;width:${CHART.width}px;height:${CHART.height}px}</style></head>
<body><header><h1>PanDA job ${esc(input.jobid)}</h1><table>${summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></header>
${charts.join('\n')}
<p style="margin-left:${left}px;font-size:11px;color:#666">${times.length} memory monitor samples (memory_monitor_output.txt); made ${esc(new Date(now * 1000).toISOString())} by panda-pilot.</p>
</body></html>
`;
}

/** Write the report into the job directory; returns its path. */
export function writeJobReport(input: JobReportInput): string {
  const file = path.join(input.workdir, JOB_REPORT_FILE);
  writeFileSync(file, renderJobReport(input));
  return file;
}
