/**
 * Logging: one set-up for the whole process, reached by every component's logger at each call.
 *
 * A logger (`log('copytool')`) holds no sink of its own: it hands each record to the process-wide
 * set-up when it logs, so loggers created while a module loads (before {@link initLogging}) are
 * never lost. Records made before the set-up are kept (a bounded buffer) and written when it
 * happens; with `PANDA_PILOT_LOG_LEVEL` set they also go to stderr at once.
 *
 * Layout, as Pilot 3 writes pilotlog.txt and its console:
 * `2026-12-01 09:04:01,123 | INFO     | component | function | message key=value ...`
 * (UTC, Python's asctime). `format: 'json'` writes one JSON object a line instead.
 * Secrets never reach a line: fields named like a token, key, proxy, password or authorization
 * are replaced by `[Redacted]`.
 *
 * Our own logger instead of pino: the same call signature (`logger.info(fields?, msg)`) at a
 * fraction of the start-up cost, and it knows Pilot 3's layout and the calling function.
 */
import { openSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** Level names in order of severity. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
/** Line layouts: Pilot 3's `|`-separated text, or JSON lines. */
export type LogFormat = 'pilot' | 'json';

const RANK: Record<LogLevel | 'silent', number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };
/** Python logging's level names, as Pilot 3 prints them. */
const PY_NAME: Record<LogLevel, string> = { trace: 'DEBUG', debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR', fatal: 'CRITICAL' };
const SECRET = /token|authori[sz]ation|proxy|^key$|secret|password|^cert$|cookie|login/i;
const BUFFER_MAX = 2000;

/** One log record, as handed to sinks and listeners. */
export interface LogRecord {
  /** epoch milliseconds */
  time: number;
  level: LogLevel;
  component: string;
  /** the function that logged (from the call stack), '' when unknown */
  fn: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A component's logger: pino's call signature, `logger.info({ lfn }, 'transferred')` or `logger.info('text')`. */
export interface Logger {
  trace(fields: object | string, msg?: string): void;
  debug(fields: object | string, msg?: string): void;
  info(fields: object | string, msg?: string): void;
  warn(fields: object | string, msg?: string): void;
  error(fields: object | string, msg?: string): void;
  fatal(fields: object | string, msg?: string): void;
  /** A logger with more fixed fields. */
  child(bindings: Record<string, unknown>): Logger;
  /** Would a record of this level be written anywhere? */
  isLevelEnabled(level: LogLevel): boolean;
}

interface Sink {
  level: number;
  format: LogFormat;
  fd: number;
  close: boolean;
}

/** Options for {@link initLogging}. */
export interface LogSetup {
  /** pilotlog.txt (appended; parent directories made) */
  file?: string;
  /** also to stdout, as Pilot 3's console handler */
  console?: boolean;
  /** where the console copy goes instead of stdout (`--redirect-stdout`: a file or /dev/null) */
  consoleFile?: string;
  /** lowest level written (default info) */
  level?: LogLevel | 'silent';
  /** line layout (default Pilot 3's; `PANDA_PILOT_LOG_FORMAT=json` changes the default) */
  format?: LogFormat;
}

let sinks: Sink[] = [];
let configured = false;
let early: LogRecord[] = [];
const listeners = new Set<(r: LogRecord) => void>();

function envLevel(): number | undefined {
  const v = process.env.PANDA_PILOT_LOG_LEVEL as LogLevel | undefined;
  return v && v in RANK ? RANK[v] : undefined;
}

/** Set up the process's logging: to a file (pilotlog.txt), to stdout, both, or nowhere. Records made before are written now. */
export function initLogging(opts: LogSetup): void {
  for (const s of sinks) if (s.close) closeSync(s.fd);
  const level = RANK[opts.level ?? 'info'];
  const format: LogFormat = opts.format ?? (process.env.PANDA_PILOT_LOG_FORMAT === 'json' ? 'json' : 'pilot');
  const next: Sink[] = [];
  if (opts.file) {
    mkdirSync(path.dirname(opts.file), { recursive: true });
    next.push({ level, format, fd: openSync(opts.file, 'a'), close: true });
  }
  if (opts.console && opts.consoleFile) next.push({ level, format, fd: openSync(opts.consoleFile, 'w'), close: true });
  else if (opts.console) next.push({ level, format, fd: 1, close: false });
  sinks = next;
  configured = true;
  const pending = early;
  early = [];
  for (const r of pending) writeRecord(r);
}

/** Stop writing (closes the log file); later records are dropped until the next {@link initLogging}. */
export function closeLogging(): void {
  initLogging({});
}

/** Follow every record written from now on (real-time logging, metrics); returns the unsubscribe function. */
export function onLogRecord(fn: (r: LogRecord) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The layout of a record as one line (no newline). */
export function formatRecord(r: LogRecord, format: LogFormat = 'pilot'): string {
  if (format === 'json') {
    return JSON.stringify({ time: new Date(r.time).toISOString(), level: r.level, component: r.component, function: r.fn, msg: r.msg, ...r.fields });
  }
  let extra = '';
  for (const [k, v] of Object.entries(r.fields)) if (v !== undefined) extra += ` ${k}=${fieldText(v)}`;
  return `${asctime(r.time)} | ${PY_NAME[r.level].padEnd(8)} | ${r.component.padEnd(32)} | ${r.fn.padEnd(25)} | ${r.msg}${extra}`;
}

/** Python's logging asctime in UTC: `2026-12-01 09:04:01,123`. */
function asctime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

function fieldText(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (v === undefined) return 'undefined';
  return JSON.stringify(v) ?? String(v);
}

function writeRecord(r: LogRecord): void {
  const rank = RANK[r.level];
  for (const s of sinks) {
    if (rank < s.level) continue;
    try {
      writeSync(s.fd, `${formatRecord(r, s.format)}\n`);
    } catch {
      // a full disk or closed stdout must not fail the job
    }
  }
  for (const fn of listeners) {
    try {
      fn(r);
    } catch {
      // a listener's failure is its own
    }
  }
}

function minLevel(): number {
  if (!configured) return Math.min(RANK.debug, envLevel() ?? RANK.silent);
  let m = RANK.silent;
  for (const s of sinks) m = Math.min(m, s.level);
  return listeners.size ? Math.min(m, RANK.info) : m;
}

function redacted(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET.test(k) && v !== undefined && v !== null && typeof v !== 'boolean' && typeof v !== 'number') out[k] = '[Redacted]';
    else if (v instanceof Error) out[k] = v.message;
    else if (v && typeof v === 'object' && !Array.isArray(v) && depth < 2) out[k] = redacted(v as Record<string, unknown>, depth + 1);
    else out[k] = v;
  }
  return out;
}

/** The name of the function that called the logger (V8's structured stack). */
function callerName(skip: Function): string {
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_e, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, skip);
    // frames: ComponentLogger.at, its level method, the caller
    const site = holder.stack?.[2];
    if (!site) return '';
    return site.getFunctionName() ?? site.getMethodName() ?? '<module>';
  } catch {
    return '';
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

function emit(level: LogLevel, component: string, bindings: Record<string, unknown>, a: object | string, b?: string): void {
  const fields = typeof a === 'string' ? bindings : { ...bindings, ...(a as Record<string, unknown>) };
  const r: LogRecord = {
    time: Date.now(),
    level,
    component,
    fn: callerName(emit),
    msg: typeof a === 'string' ? a : (b ?? ''),
    fields: redacted(fields),
  };
  if (configured) return writeRecord(r);
  if (early.length >= BUFFER_MAX) early.shift();
  early.push(r);
  const env = envLevel();
  if (env !== undefined && RANK[level] >= env) process.stderr.write(`${formatRecord(r)}\n`);
}

class ComponentLogger implements Logger {
  constructor(private readonly component: string, private readonly bindings: Record<string, unknown>) {}
  private at(level: LogLevel, a: object | string, b?: string): void {
    if (RANK[level] >= minLevel()) emit(level, this.component, this.bindings, a, b);
  }
  trace(a: object | string, b?: string): void { this.at('trace', a, b); }
  debug(a: object | string, b?: string): void { this.at('debug', a, b); }
  info(a: object | string, b?: string): void { this.at('info', a, b); }
  warn(a: object | string, b?: string): void { this.at('warn', a, b); }
  error(a: object | string, b?: string): void { this.at('error', a, b); }
  fatal(a: object | string, b?: string): void { this.at('fatal', a, b); }
  child(bindings: Record<string, unknown>): Logger {
    return new ComponentLogger(this.component, { ...this.bindings, ...bindings });
  }
  isLevelEnabled(level: LogLevel): boolean {
    return RANK[level] >= minLevel();
  }
}

/** A logger for one component (`log('copytool')`); usable at once, also before logging is set up. */
export function log(component: string, bindings: Record<string, unknown> = {}): Logger {
  return new ComponentLogger(component, bindings);
}
