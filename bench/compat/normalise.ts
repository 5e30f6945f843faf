/**
 * Normalised transcripts: per job and per reported state, every field a pilot sent with its value
 * where the value is deterministic, or a mark of its shape where it depends on the time, the run
 * or the machine (`<iso-time+hh:mm>`, `<epoch.frac>`, `<GUID>`, ...). Two pilots agree when their
 * normalised transcripts are equal: same fields, same deterministic values, same shapes.
 */
import { cpuConsumptionUnitFrom } from '../../src/job/workernode.js';
import type { CapturedRequest, RawRun } from './capture.js';
import type { MachineFacts } from './machine.js';

/** Field → set of normalised values seen (sorted). */
export type FieldValues = Record<string, string[]>;

/** One job as a pilot reported it. */
export interface JobTranscript {
  /** Reported states in order, repeats collapsed (starting, running, finished). */
  states: string[];
  /** Fields per reported state, merged over all updates in that state. */
  updates: Record<string, FieldValues>;
  /** Server-side end state. */
  end: { jobStatus: string; pilotErrorCode: number };
}

/** A run, normalised. */
export interface Transcript {
  scenario: string;
  pilot: string;
  exitCode: number | null;
  getJob: FieldValues;
  /** Other dispatcher/cache calls, in first-seen order. */
  calls: string[];
  /**
   * Every kind of request (getJob, updateJob and the others) in the order the server first saw
   * it: the start-up order (queue, worker-node map, memory limits, getJob) and what a job asks for when.
   */
  order?: string[];
  traces: FieldValues;
  jobs: JobTranscript[];
  /** ATLAS scenarios: the recorded ALRB/asetup/transform calls, masked (the memory monitor's set-ups apart). */
  commands?: string[];
  /** ATLAS scenarios: how many times the release set-up ran on its own before the payload (Pilot 3's setup verification). */
  setupVerifications?: number;
  /** ATLAS scenarios: how many times prmon was set up through ALRB (`lsetup prmon`). */
  prmonSetups?: number;
  /** update_worker_node (ATLAS): the worker-node map's fields. */
  workerNode?: FieldValues;
  /** ATLAS scenarios: the payload's environment (its difference from the pilot's), normalised per variable. */
  payloadEnv?: FieldValues;
}

/** How a field's value is treated. */
type FieldClass = (value: unknown, ctx: NormaliseContext, field: string) => string;

interface NormaliseContext {
  machine: MachineFacts;
  logLfns: Set<string>;
}

const shapeOfNumber = (v: unknown): string => {
  const s = String(v);
  if (/^-?\d+$/.test(s)) return '<int>';
  if (/^-?\d+\.\d+(e[-+]?\d+)?$/i.test(s)) return '<float>';
  return s === '' ? '' : `<not a number: ${s}>`;
};

const isoTime: FieldClass = (v) => String(v).replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)?$/, (_m, tz: string | undefined) => `<iso-time${tz ? (tz === 'Z' ? 'Z' : '+hh:mm') : ''}>`);
const epoch: FieldClass = (v) => (/^\d{9,11}(\.\d+)?$/.test(String(v)) ? (String(v).includes('.') ? '<epoch.frac>' : '<epoch>') : String(v));
const digitsMasked: FieldClass = (v) => String(v).replace(/\d+/g, 'N');
const number: FieldClass = (v) => shapeOfNumber(v);
const text: FieldClass = (v) => (String(v) === '' ? '' : '<text>');
/** Processor counts: measured from where the payload's processes last ran, so they vary with the load. */
const count: FieldClass = (v) => (Number(v) > 0 ? '<count>' : String(v));

/** GUID shapes: Pilot 3 generates upper-case for outputs, lower-case for the log. */
export function guidShape(v: unknown): string {
  const s = String(v);
  if (/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(s)) return '<GUID>';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s)) return '<guid>';
  return s;
}

/** The xml field: file entries with GUID shapes; the log's size and checksum vary with its content. */
const xml: FieldClass = (v, ctx) => {
  const s = String(v);
  if (!s.startsWith('{')) return s;
  let parsed: Record<string, Record<string, unknown>>;
  try {
    parsed = JSON.parse(s) as Record<string, Record<string, unknown>>;
  } catch {
    return `<not JSON: ${s.slice(0, 80)}>`;
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [lfn, entry] of Object.entries(parsed)) {
    const e: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(entry)) {
      if (k === 'guid') e[k] = guidShape(val);
      else if (ctx.logLfns.has(lfn) && (k === 'fsize' || k === 'adler32' || k === 'md5')) e[k] = k === 'fsize' ? `<${typeof val}>` : '<checksum>';
      else e[k] = val;
    }
    out[lfn] = e;
  }
  // key order as sent
  return JSON.stringify(out);
};

/** A number whose int-or-float form depends on its value (prmon's averages and rates). */
const anyNumber: FieldClass = (v) => (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(String(v)) ? '<number>' : shapeOfNumber(v));

/** metaData (ATLAS: the job report): compared as parsed JSON, GUIDs by shape; other text as sent. */
const metaData: FieldClass = (v) => {
  const s = String(v);
  if (!s.startsWith('{')) return s;
  try {
    return JSON.stringify(JSON.parse(s, (_k, val: unknown) => (typeof val === 'string' ? guidShape(val) : val)));
  } catch {
    return s;
  }
};

/** jobMetrics: the keys in order, values by shape. */
const jobMetrics: FieldClass = (v) =>
  String(v)
    .split(' ')
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf('=');
      return i < 0 ? kv : `${kv.slice(0, i)}=${shapeOfNumber(kv.slice(i + 1)).replace(/^<not a number: .*>$/, '<text>')}`;
    })
    .join(' ');

/** pilotLog: whether it is empty, its first line with numbers masked, and whether it keeps within the 1024 bound. */
const pilotLog: FieldClass = (v) => {
  const s = String(v);
  if (!s) return '';
  // Pilot 3 cuts at 1024 characters mid-line, we at the last whole line within 1024 (issue 12):
  // what both must keep is the bound
  return `<${s.length <= 1024 ? 'at most 1024' : 'over 1024'}> ${s.split('\n')[0].replace(/\d+/g, 'N')}`;
};

/** Machine-dependent: equal to the value Pilot 3's rules give on the recorded machine facts? */
const cpuUnit: FieldClass = (v, ctx) => (String(v) === cpuConsumptionUnitFrom(ctx.machine.cpu) ? '<cpuConsumptionUnit of the machine>' : String(v));
const node: FieldClass = (v, ctx) => (String(v) === ctx.machine.hostname ? '<hostname>' : String(v));

/** Field classes by name; fields not listed are compared exactly (after masking paths). */
const CLASSES: Record<string, FieldClass> = {
  timestamp: isoTime,
  startTime: epoch,
  endTime: epoch,
  pilotTiming: digitsMasked,
  coreCount: count,
  meanCoreCount: count,
  cpuConsumptionTime: number,
  node,
  cpuConsumptionUnit: cpuUnit,
  xml,
  jobMetrics,
  pilotLog,
  stdout: text,
  // memory monitor figures
  maxRSS: number, maxVMEM: number, maxSWAP: number, maxPSS: number, avgRSS: anyNumber, avgVMEM: anyNumber, avgSWAP: anyNumber, avgPSS: anyNumber,
  totRCHAR: number, totWCHAR: number, totRBYTES: number, totWBYTES: number, rateRCHAR: anyNumber, rateWCHAR: anyNumber, rateRBYTES: anyNumber, rateWBYTES: anyNumber,
  metaData,
  // the CPU level of the recording machine (ATLAS: cpu_arch.py's answer)
  cpu_architecture_level: text,
  // update_worker_node: the machine's figures
  host_name: node, cpu_model: text, n_logical_cpus: number, n_sockets: number, cores_per_socket: number, threads_per_core: number,
  cpu_architecture: text, total_memory: number, total_local_disk: number, clock_speed: number,
  // getJob: machine figures
  cpu: number,
  mem: number,
  diskSpace: number,
  // traces
  timeStart: epoch, timeEnd: epoch, catStart: epoch, transferStart: epoch, transferEnd: epoch, validateStart: epoch, validateEnd: epoch,
  traceTimeentry: epoch, uuid: (v) => (/^[0-9a-f]{32}$/.test(String(v)) ? '<hex32>' : guidShape(v)),
  relativeStart: epoch,
  hostname: (v, ctx) => (ctx.machine.hostByAddr !== undefined && String(v) === ctx.machine.hostByAddr ? '<host by address>' : String(v)),
  ip: (v) => (v ? '<ip>' : ''),
};

/** Replace run-specific paths and URLs with placeholders (longest first). */
export function mask(value: string, masks: Record<string, string>): string {
  let s = value;
  for (const [from, to] of Object.entries(masks).sort((a, b) => b[0].length - a[0].length)) if (from) s = s.split(from).join(to);
  return s
    .replace(/PanDA_Pilot3?[-_][\w.-]+/g, '<pilot-dir>')
    .replace(/\b(?:127\.0\.0\.1|localhost):\d{2,5}\b/g, '<host:port>');
}

function normaliseValue(field: string, value: unknown, ctx: NormaliseContext): string {
  const cls = CLASSES[field];
  if (cls) return cls(value, ctx, field);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function merge(into: FieldValues, params: Record<string, unknown>, ctx: NormaliseContext): void {
  for (const [k, v] of Object.entries(params)) {
    const n = normaliseValue(k, v, ctx);
    const list = (into[k] ??= []);
    if (!list.includes(n)) list.push(n);
  }
}

function sortValues(fv: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const k of Object.keys(fv).sort()) out[k] = [...fv[k]].sort();
  return out;
}

/** Raw run with run-specific paths masked in every string (what fixtures store). */
export function maskRun(run: RawRun): RawRun {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return mask(v, run.masks);
    if (Array.isArray(v)) return v.map(walk);
    // pilotLog is kept as sent: its length (the 1024 cut) is what is compared
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'pilotLog' ? x : walk(x)]));
    return v;
  };
  return {
    ...run,
    requests: walk(run.requests) as CapturedRequest[],
    traces: walk(run.traces) as RawRun['traces'],
    jobs: walk(run.jobs) as RawRun['jobs'],
    ...(run.commands ? { commands: walk(run.commands) as string[] } : {}),
    ...(run.payloadEnv ? { payloadEnv: walk(run.payloadEnv) as Record<string, string> } : {}),
    masks: {},
    stdoutTail: '',
  };
}

/** Normalise a (masked or raw) run. */
export function normalise(run: RawRun): Transcript {
  const masked = maskRun(run);
  const logLfns = new Set<string>();
  // log files: every LFN in xml whose name marks a log tarball
  for (const r of masked.requests) {
    const x = r.params.xml;
    if (typeof x === 'string' && x.startsWith('{')) {
      try {
        for (const lfn of Object.keys(JSON.parse(x) as object)) if (/\.log\.tgz|\.tgz(\.\d+)?$/.test(lfn)) logLfns.add(lfn);
      } catch {
        // reported as not JSON by the xml class
      }
    }
  }
  const ctx: NormaliseContext = { machine: run.machine, logLfns };
  const getJob: FieldValues = {};
  const traces: FieldValues = {};
  const calls: string[] = [];
  const byJob = new Map<string, JobTranscript>();
  for (const r of masked.requests) {
    if (r.method === 'getJob') merge(getJob, r.params, ctx);
    else if (r.method === 'updateJob') {
      const id = String(r.params.jobId);
      const state = String(r.params.state);
      // heartbeats between the transform's end and the final update: whether one comes depends on
      // how long the stage-out takes against the heartbeat period (Pilot 3's do, ours too)
      if (r.afterPayload && state === 'running') continue;
      let jt = byJob.get(id);
      if (!jt) byJob.set(id, (jt = { states: [], updates: {}, end: { jobStatus: '', pilotErrorCode: 0 } }));
      if (jt.states.at(-1) !== state) jt.states.push(state);
      merge((jt.updates[state] ??= {}), r.params, ctx);
    } else if (!calls.includes(r.method)) calls.push(r.method);
  }
  for (const t of masked.traces) merge(traces, t, ctx);
  for (const j of masked.jobs) {
    const jt = byJob.get(String(j.PandaID));
    if (jt) jt.end = { jobStatus: j.jobStatus, pilotErrorCode: j.pilotErrorCode };
  }
  const jobs = masked.jobs.map((j) => byJob.get(String(j.PandaID)) ?? { states: [], updates: {}, end: { jobStatus: j.jobStatus, pilotErrorCode: j.pilotErrorCode } });
  for (const jt of jobs) for (const s of Object.keys(jt.updates)) jt.updates[s] = sortValues(jt.updates[s]);
  const order: string[] = [];
  for (const r of masked.requests) if (!order.includes(r.method)) order.push(r.method);
  const out: Transcript = { scenario: run.scenario, pilot: run.pilot, exitCode: run.exitCode, getJob: sortValues(getJob), calls, order, traces: sortValues(traces), jobs };
  if (masked.commands) {
    // `atlasLocalSetup.sh --quiet` + `lsetup prmon`: the memory monitor's set-up (Pilot 3 relaunches it when it cannot find its pid)
    // prmon's set-up runs beside the payload, so the transform's first line may come between its two
    const calls = [...masked.commands];
    out.prmonSetups = 0;
    for (let i = 0; i < calls.length; i++) {
      if (calls[i] !== 'lsetup prmon') continue;
      let j = i - 1;
      while (j >= 0 && calls[j].startsWith('trf ')) j--;
      if (calls[j] !== 'atlasLocalSetup.sh --quiet') continue;
      calls.splice(i, 1);
      calls.splice(j, 1);
      out.prmonSetups++;
      i -= 2;
    }
    out.commands = calls;
  }
  if (out.commands) {
    // Pilot 3 verifies the release set-up first (the payload's set-up calls, then the same calls again with the transform)
    out.setupVerifications = 0;
    const t = out.commands.findIndex((c) => c.startsWith('trf '));
    for (const k of [4, 2]) {
      const c = out.commands;
      if (t >= 2 * k && JSON.stringify(c.slice(t - k, t)) === JSON.stringify(c.slice(t - 2 * k, t - k))) {
        c.splice(t - 2 * k, k);
        out.setupVerifications = 1;
        break;
      }
    }
  }
  const wn: FieldValues = {};
  for (const r of masked.requests) if (r.method === 'update_worker_node') merge(wn, r.params, ctx);
  if (Object.keys(wn).length) out.workerNode = sortValues(wn);
  if (run.commands && !masked.payloadEnv) out.payloadEnv = { '(environment)': ['<not recorded>'] };
  // every value is deterministic once masked (run paths, the server, the start values of extended variables)
  if (masked.payloadEnv) out.payloadEnv = sortValues(Object.fromEntries(Object.entries(masked.payloadEnv).map(([k, v]) => [k, [v]])));
  return out;
}

