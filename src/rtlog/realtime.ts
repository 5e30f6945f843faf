/**
 * Real-time logging as Pilot 3 offers it (pilot/util/realtimelogger.py): while a job runs, the
 * lines of its log files (payload.stdout unless REALTIME_LOGFILES names others) go to a log
 * server with the job's identity (PandaJobID, TaskID, Harvester ids, PilotTimeStamp).
 *
 * Where to: `--realtime-logging-server` (`[logserver=]type;protocol://host:port`), else the
 * queue's catchall `logging=type;protocol://host:port`, else `[Pilot] rtlogging`. Types:
 * `logstash` (JSON over HTTP, as logstash's http input takes it), `fluent` (fluentd's forward
 * protocol over TCP, msgpack), `loki` (Grafana Loki's push API). `--realtime-logging-format`
 * `json` (default: one object per line, a JSON line merged in) or `text` (the line as it is).
 * Lines are batched and sent every `[Pilot] rtlogging_interval` seconds (Pilot 3: 5) and at
 * the job's end; a log server that is down costs warnings, never the job.
 */
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import path from 'node:path';
import { log } from '../common/log.js';
import { msgpack } from './msgpack.js';

const logger = log('rtlogging');

/** A log server. */
export interface RtDestination {
  type: 'logstash' | 'fluent' | 'loki';
  protocol: string;
  host: string;
  port: number;
}

/** `[logserver=]type;protocol://host:port` → destination; undefined (logged) when malformed or of an unknown type. */
export function parseLogServer(text: string): RtDestination | undefined {
  const m = /^(?:logserver=)?([^;]+);([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/i.exec(text.trim());
  if (!m) {
    logger.warn({ server: text }, 'real-time logging server not understood (expected type;protocol://host:port)');
    return undefined;
  }
  const type = m[1].toLowerCase();
  if (type !== 'logstash' && type !== 'fluent' && type !== 'loki') {
    logger.warn({ type }, 'unknown real-time logging type (logstash, fluent, loki)');
    return undefined;
  }
  return { type, protocol: m[2].toLowerCase(), host: m[3].replace(/^\[|\]$/g, ''), port: Number(m[4]) };
}

/** The destination in Pilot 3's order: the option, the queue's catchall, the configuration. */
export function rtDestination(option: string | null | undefined, catchall: string | undefined, configValue: string | undefined): RtDestination | undefined {
  if (option) return parseLogServer(option);
  const fromCatchall = /logging=([^,\s]+;[^,\s]+)/.exec(catchall ?? '')?.[1];
  if (fromCatchall) return parseLogServer(fromCatchall);
  return configValue ? parseLogServer(configValue) : undefined;
}

/** Options of {@link RealtimeLogger}. */
export interface RealtimeOptions {
  destination: RtDestination;
  /** the log name (fluent tag, Loki stream label; default pilot-log) */
  logname?: string;
  format?: 'json' | 'text';
  /** fields every record carries (PandaJobID, TaskID, ...) */
  jobinfo: Record<string, unknown>;
  /** batch period in ms (default 5000) */
  intervalMs?: number;
}

/** Sends lines to one log server, batched. */
export class RealtimeLogger {
  private batch: Array<{ time: number; line: string }> = [];
  private sending: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  sent = 0;
  failures = 0;

  constructor(private readonly opts: RealtimeOptions) {
    this.timer = setInterval(() => void this.flush(), opts.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** Queue a line. */
  add(line: string): void {
    this.batch.push({ time: Date.now(), line });
  }

  /** Send what is queued (one request/message); resolves when it went or failed. */
  flush(): Promise<void> {
    const items = this.batch;
    this.batch = [];
    if (items.length) this.sending = this.sending.then(() => this.deliver(items));
    return this.sending;
  }

  /** Flush and stop the timer. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** The record of a line (json format: job identity + the line, a JSON line merged in). */
  record(item: { time: number; line: string }): Record<string, unknown> {
    const rec: Record<string, unknown> = { ...this.opts.jobinfo, PilotTimeStamp: item.time / 1000 };
    try {
      const parsed = JSON.parse(item.line) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return Object.assign(rec, parsed);
    } catch {
      // a plain line
    }
    rec.message = item.line;
    return rec;
  }

  private async deliver(items: Array<{ time: number; line: string }>): Promise<void> {
    const d = this.opts.destination;
    const text = this.opts.format === 'text';
    try {
      if (d.type === 'fluent') {
        const tag = this.opts.logname ?? 'pilot-log';
        // Forward mode: [tag, [[time, record], ...]]
        const entries = items.map((i) => [Math.floor(i.time / 1000), text ? { message: i.line } : this.record(i)]);
        await sendTcp(d.host, d.port, msgpack([tag, entries]));
      } else if (d.type === 'loki') {
        const labels: Record<string, string> = { job: this.opts.logname ?? 'pilot-log' };
        for (const k of ['PandaJobID', 'TaskID']) if (this.opts.jobinfo[k] !== undefined) labels[k] = String(this.opts.jobinfo[k]);
        const values = items.map((i) => [`${i.time}000000`, text ? i.line : JSON.stringify(this.record(i))]);
        await postJson(d, '/loki/api/v1/push', { streams: [{ stream: labels, values }] });
      } else {
        // logstash's http input: a JSON array becomes one event per element
        await postJson(d, '/', items.map((i) => (text ? { ...this.opts.jobinfo, message: i.line } : this.record(i))));
      }
      this.sent += items.length;
    } catch (e) {
      this.failures++;
      logger.warn({ server: `${d.type};${d.protocol}://${d.host}:${d.port}`, lines: items.length, err: (e as Error).message }, 'real-time log lines not delivered');
    }
  }
}

function postJson(d: RtDestination, urlPath: string, body: unknown): Promise<void> {
  const data = Buffer.from(JSON.stringify(body));
  const send = d.protocol === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send({ host: d.host, port: d.port, path: urlPath, method: 'POST', timeout: 10_000, headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

function sendTcp(host: string, port: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port, timeout: 10_000 }, () => sock.end(data));
    sock.on('timeout', () => sock.destroy(new Error('timed out')));
    sock.on('error', reject);
    sock.on('close', (hadError) => (hadError ? undefined : resolve()));
  });
}

/** Follows files as they grow and hands over complete lines. */
export class LineTailer {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly files: string[], private readonly onLine: (line: string, file: string) => void, intervalMs = 5000) {
    this.timer = setInterval(() => this.read(), intervalMs);
    this.timer.unref();
  }

  /** Read what is new in every file (also the last, unterminated line when `final`). */
  read(final = false): void {
    for (const file of this.files) {
      let fd: number | undefined;
      try {
        const size = statSync(file).size;
        const from = this.offsets.get(file) ?? 0;
        if (size > from) {
          fd = openSync(file, 'r');
          const buf = Buffer.alloc(Math.min(size - from, 4 << 20));
          const n = readSync(fd, buf, 0, buf.length, from);
          this.offsets.set(file, from + n);
          const text = (this.partial.get(file) ?? '') + buf.subarray(0, n).toString('utf8');
          const lines = text.split('\n');
          this.partial.set(file, lines.pop() ?? '');
          for (const l of lines) if (l.trim()) this.onLine(l, file);
        }
        const rest = this.partial.get(file);
        if (final && rest?.trim()) {
          this.partial.set(file, '');
          this.onLine(rest, file);
        }
      } catch {
        // not there yet
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.read(true);
  }
}

/** The files of a job to follow: REALTIME_LOGFILES (`:` or `,` separated, relative to the job directory) or payload.stdout. */
export function rtLogFiles(workdir: string, env: NodeJS.ProcessEnv, stdoutName = 'payload.stdout'): string[] {
  const names = env.REALTIME_LOGFILES ? env.REALTIME_LOGFILES.split(/[:,]/).filter(Boolean) : [stdoutName];
  return names.map((n) => (path.isAbsolute(n) ? n : path.join(workdir, n)));
}
