/**
 * The pilot's metrics for Prometheus: job state, phase durations, the payload's memory and I/O,
 * transfer bytes and rates, and the pilot's own CPU and RSS. Served as OpenMetrics on
 * `--metrics-port` (or the Prometheus text format when a scraper asks for it) and written as
 * a node_exporter textfile on `--metrics-file` at every job state change.
 *
 * Values are read when the metrics are rendered (from the job records and timing the pilot keeps
 * anyway), so nothing is counted twice and an idle pilot does no work for its metrics.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The part of a job run the metrics read (JobRun fits). */
export interface MetricsJob {
  jobid: string;
  job: { indata: Array<{ filesize?: number; status?: string | null }>; outdata: Array<{ filesize?: number; status?: string | null }>; logdata: Array<{ filesize?: number; status?: string | null }> };
  figures: { memory?: Record<string, number>; cpuConsumptionTime?: number };
  transExitCode: number;
  error?: { code: number };
}

/** The part of PilotTiming the metrics read. */
export interface MetricsTiming {
  get(id: string, key: never): number | undefined;
}

const PHASES: Array<[string, string, string]> = [
  ['getjob', 'PILOT_PRE_GETJOB', 'PILOT_POST_GETJOB'],
  ['stagein', 'PILOT_PRE_STAGEIN', 'PILOT_POST_STAGEIN'],
  ['setup', 'PILOT_PRE_SETUP', 'PILOT_POST_SETUP'],
  ['payload', 'PILOT_PRE_PAYLOAD', 'PILOT_POST_PAYLOAD'],
  ['stageout', 'PILOT_PRE_STAGEOUT', 'PILOT_POST_STAGEOUT'],
  ['log', 'PILOT_PRE_LOG_TAR', 'PILOT_POST_LOG_TAR'],
  ['final_update', 'PILOT_PRE_FINAL_UPDATE', 'PILOT_POST_FINAL_UPDATE'],
];
const STATES = ['starting', 'stagein', 'running', 'stageout', 'finished', 'failed'];

/** Label value escaping of the exposition formats. */
const lv = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${lv(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (v: number) => (Number.isFinite(v) ? String(v) : 'NaN');

/** Metrics of one pilot process. */
export class PilotMetrics {
  private readonly jobs = new Map<string, { run: MetricsJob; state: string }>();
  private readonly started = Date.now() / 1000;

  constructor(
    private readonly timing: MetricsTiming,
    private readonly info: { version: string; queue: string },
    /** refreshes a running job's figures before they are read (the monitor's latest values) */
    private readonly refresh?: (run: MetricsJob) => void,
  ) {}

  /** A job changed state (starting, stagein, running, stageout, finished, failed). */
  jobState(run: MetricsJob, state: string): void {
    this.jobs.set(run.jobid, { run, state });
  }

  /** The metrics as text: OpenMetrics (with `# EOF`) or Prometheus' text format 0.0.4. */
  render(format: 'openmetrics' | 'prometheus' = 'openmetrics'): string {
    const out: string[] = [];
    const family = (name: string, type: 'gauge' | 'counter', help: string, samples: Array<[Record<string, string>, number]>) => {
      // OpenMetrics names a counter family without _total; the text format with it
      const fam = type === 'counter' && format === 'openmetrics' ? name.replace(/_total$/, '') : name;
      out.push(`# HELP ${fam} ${help}`, `# TYPE ${fam} ${type}`);
      for (const [l, v] of samples) out.push(`${name}${labels(l)} ${num(v)}`);
    };
    family('panda_pilot_info', 'gauge', 'Pilot version and queue.', [[{ version: this.info.version, queue: this.info.queue }, 1]]);
    family('panda_pilot_start_time_seconds', 'gauge', 'Start of the pilot (Unix time).', [[{}, this.started]]);
    const runs = [...this.jobs.values()];
    for (const { run, state } of runs) if (!['finished', 'failed'].includes(state)) this.refresh?.(run);
    family('panda_pilot_jobs', 'gauge', 'Jobs of this pilot by state.', STATES.map((s) => [{ state: s }, runs.filter((j) => j.state === s).length]));
    family('panda_pilot_job_state', 'gauge', "1 for each job's current state.", runs.flatMap(({ run, state }) => STATES.map((s): [Record<string, string>, number] => [{ jobid: run.jobid, state: s }, s === state ? 1 : 0])));
    family('panda_pilot_job_error_code', 'gauge', 'Pilot error code of the job (0: none).', runs.map(({ run }) => [{ jobid: run.jobid }, run.error?.code ?? 0]));
    family('panda_pilot_job_exit_code', 'gauge', "The payload's exit code.", runs.map(({ run }) => [{ jobid: run.jobid }, run.transExitCode]));
    const phases: Array<[Record<string, string>, number]> = [];
    for (const { run } of runs) {
      for (const [phase, a, b] of PHASES) {
        const t0 = this.timing.get(run.jobid, a as never);
        const t1 = this.timing.get(run.jobid, b as never);
        if (t0 !== undefined && t1 !== undefined && t1 >= t0) phases.push([{ jobid: run.jobid, phase }, t1 - t0]);
      }
    }
    family('panda_pilot_job_phase_duration_seconds', 'gauge', 'Duration of each finished phase of a job.', phases);
    const mem: Array<[Record<string, string>, number]> = [];
    const io: Array<[Record<string, string>, number]> = [];
    for (const { run } of runs) {
      const m = run.figures.memory ?? {};
      for (const [field, stat, kind] of [['maxRSS', 'max', 'rss'], ['maxPSS', 'max', 'pss'], ['maxVMEM', 'max', 'vmem'], ['maxSWAP', 'max', 'swap'], ['avgRSS', 'avg', 'rss'], ['avgPSS', 'avg', 'pss'], ['avgVMEM', 'avg', 'vmem']] as const) {
        if (typeof m[field] === 'number' && m[field] >= 0) mem.push([{ jobid: run.jobid, stat, kind }, m[field] * 1024]);
      }
      for (const [field, kind] of [['totRCHAR', 'rchar'], ['totWCHAR', 'wchar'], ['totRBYTES', 'read_bytes'], ['totWBYTES', 'write_bytes']] as const) {
        if (typeof m[field] === 'number' && m[field] >= 0) io.push([{ jobid: run.jobid, kind }, m[field]]);
      }
    }
    family('panda_pilot_job_memory_bytes', 'gauge', "The payload tree's memory (max or avg; rss, pss, vmem, swap).", mem);
    family('panda_pilot_job_io_bytes', 'gauge', "The payload tree's I/O so far.", io);
    family('panda_pilot_job_cpu_seconds', 'gauge', "The payload tree's CPU time.", runs.map(({ run }) => [{ jobid: run.jobid }, run.figures.cpuConsumptionTime ?? 0]));
    const bytes: Array<[Record<string, string>, number]> = [];
    const rates: Array<[Record<string, string>, number]> = [];
    for (const { run } of runs) {
      const moved = (files: ReadonlyArray<{ filesize?: number; status?: string | null }>) => files.filter((f) => f.status === 'transferred').reduce((a, f) => a + (Number(f.filesize) || 0), 0);
      for (const [direction, files, a, b] of [['in', run.job.indata, 'PILOT_PRE_STAGEIN', 'PILOT_POST_STAGEIN'], ['out', [...run.job.outdata, ...run.job.logdata], 'PILOT_PRE_STAGEOUT', 'PILOT_POST_LOG_TAR']] as const) {
        const n = moved(files);
        bytes.push([{ jobid: run.jobid, direction }, n]);
        const t0 = this.timing.get(run.jobid, a as never);
        const t1 = this.timing.get(run.jobid, b as never);
        if (n > 0 && t0 !== undefined && t1 !== undefined) rates.push([{ jobid: run.jobid, direction }, n / Math.max(t1 - t0, 0.001)]);
      }
    }
    family('panda_pilot_transfer_bytes', 'gauge', 'Bytes of the files a job transferred (in: inputs; out: outputs and log).', bytes);
    family('panda_pilot_transfer_rate_bytes_per_second', 'gauge', 'Bytes per second over the stage-in / stage-out phase.', rates);
    const cpu = process.cpuUsage();
    family('panda_pilot_process_cpu_seconds_total', 'counter', "The pilot's own CPU time (user + system).", [[{}, (cpu.user + cpu.system) / 1e6]]);
    family('panda_pilot_process_resident_memory_bytes', 'gauge', "The pilot's own resident memory.", [[{}, process.memoryUsage.rss()]]);
    if (format === 'openmetrics') out.push('# EOF');
    return `${out.join('\n')}\n`;
  }

  /** Write the Prometheus text format to `file` atomically (node_exporter's textfile collector). */
  writeTextfile(file: string): void {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, this.render('prometheus'));
    renameSync(tmp, file);
  }
}

/** Serve `metrics` at `/metrics` on host:port (0: a free port); OpenMetrics unless the scraper asks for text. */
export async function startMetricsServer(metrics: PilotMetrics, port: number, host = '127.0.0.1'): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('see /metrics\n');
      return;
    }
    const open = /application\/openmetrics-text/.test(String(req.headers.accept ?? ''));
    const body = metrics.render(open ? 'openmetrics' : 'prometheus');
    res.writeHead(200, { 'Content-Type': open ? 'application/openmetrics-text; version=1.0.0; charset=utf-8' : 'text/plain; version=0.0.4; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref(); // the endpoint never keeps the pilot alive
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://${host}:${actual}/metrics`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}
