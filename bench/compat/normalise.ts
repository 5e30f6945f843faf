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
  traces: FieldValues;
  jobs: JobTranscript[];
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
  maxRSS: number, maxVMEM: number, maxSWAP: number, maxPSS: number, avgRSS: number, avgVMEM: number, avgSWAP: number, avgPSS: number,
  totRCHAR: number, totWCHAR: number, totRBYTES: number, totWBYTES: number, rateRCHAR: number, rateWCHAR: number, rateRBYTES: number, rateWBYTES: number,
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
  return { ...run, requests: walk(run.requests) as CapturedRequest[], traces: walk(run.traces) as RawRun['traces'], jobs: walk(run.jobs) as RawRun['jobs'], masks: {}, stdoutTail: '' };
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
  return { scenario: run.scenario, pilot: run.pilot, exitCode: run.exitCode, getJob: sortValues(getJob), calls, traces: sortValues(traces), jobs };
}
