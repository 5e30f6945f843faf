/**
 * Rucio trace reports (Pilot 3's pilot/util/tracereport.py): same keys and defaults, POSTed as
 * JSON to `[Rucio] url` / a configured URL. Sending is fire-and-forget with a short timeout; a
 * failed trace is logged and never fails a transfer.
 *
 * Deviations: `send()` reports success truthfully (quirk 11) and the internal `ipv`/`workdir`
 * are never part of the JSON; no curl fallback (the POST either works or is logged).
 */
import { createHash, randomUUID } from 'node:crypto';
import { lookup, lookupService } from 'node:dns/promises';
import { hostname as osHostname } from 'node:os';
import { httpRequest } from '../server/http.js';
import { tlsOptionsFor } from '../credentials/tls.js';
import { log } from '../common/log.js';
import { now } from '../common/timing.js';
import { PILOT_VERSION } from '../common/version.js';
import type { TraceSink } from '../copytool/types.js';

const logger = log('trace');

/** Pilot 3's production trace endpoint (its default `[Rucio] url`); pass it explicitly to use it. */
export const DEFAULT_TRACE_URL = 'https://rucio-lb-prod.cern.ch/traces/';

/** The trace report's keys (Pilot 3's names). */
export type TraceFields = Record<string, unknown>;

/** Job fields a trace report is initialised from (JobData names). */
export interface TraceJob {
  jobid?: string | number;
  taskid?: string | number;
  produserid?: string;
  jobdefinitionid?: string | number;
}

/** Options of a trace report. */
export interface TraceOptions {
  /**
   * Where to POST (default: env PANDA_PILOT_TRACE_URL). Without a URL nothing is sent: the pilot
   * passes its configured `[Rucio] url`; a library user or a test never reaches a production
   * service by accident.
   */
  url?: string;
  /** Extra initial fields (eventType, localSite, remoteSite, dataset, ...). */
  fields?: TraceFields;
  env?: NodeJS.ProcessEnv;
  /** Per-POST timeout (ms). */
  timeoutMs?: number;
  /** Pilot version for eventVersion (default: the Pilot 3 release we speak for). */
  version?: string;
}

/** A trace report: a mutable set of fields plus send(). */
export class TraceReport implements TraceSink {
  readonly fields: TraceFields;
  readonly url: string | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;
  private readonly pending = new Set<Promise<boolean>>();
  /** Number of traces that reached the server (2xx). */
  sent = 0;
  /** Number of failed POSTs. */
  failed = 0;

  constructor(opts: TraceOptions = {}) {
    this.env = opts.env ?? process.env;
    this.url = opts.url || this.env.PANDA_PILOT_TRACE_URL || undefined;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.fields = {
      eventType: '',
      // Pilot 3: "<pilot version>+<Rucio client version>"; we use no Rucio client, as Pilot 3 without one
      eventVersion: `${opts.version ?? PILOT_VERSION}+`,
      protocol: null,
      clientState: 'INIT_REPORT',
      localSite: this.env.RUCIO_LOCAL_SITE_ID ?? '',
      remoteSite: '',
      timeStart: null,
      catStart: null,
      relativeStart: null,
      transferStart: null,
      validateStart: null,
      timeEnd: null,
      dataset: '',
      version: null,
      duid: null,
      filename: null,
      guid: null,
      filesize: null,
      usr: null,
      appid: null,
      hostname: '',
      ip: '',
      suspicious: '0',
      usrdn: '',
      url: null,
      stateReason: null,
      uuid: null,
      taskid: '',
      pq: this.env.PILOT_SITENAME ?? '',
      ...(opts.fields ?? {}),
    };
  }

  /** Fill the job part (Pilot 3's init(job)): anonymised user, app id, host, uuid, timeStart. */
  async init(job: TraceJob = {}): Promise<this> {
    const produserid = job.produserid ?? '';
    Object.assign(this.fields, {
      clientState: 'INIT_REPORT',
      usr: createHash('md5').update(produserid).digest('hex'),
      appid: job.jobid !== undefined ? String(job.jobid) : null,
      usrdn: produserid,
      taskid: job.taskid !== undefined ? String(job.taskid) : '',
      timeStart: now(),
      uuid: job.jobdefinitionid ? createHash('md5').update(`ppilot_${job.jobdefinitionid}`).digest('hex') : randomUUID().replace(/-/g, ''),
    });
    // As Pilot 3: the host's IPv4 address and the name that address resolves back to
    // (socket.gethostbyname / gethostbyaddr), 'unknown' when the name does not resolve.
    const host = this.env.PANDA_HOSTNAME ?? osHostname();
    try {
      this.fields.ip = (await lookup(host, { family: 4 })).address;
    } catch {
      this.fields.ip = '0.0.0.0';
    }
    try {
      this.fields.hostname = (await lookupService(String(this.fields.ip), 0)).hostname || 'unknown';
    } catch {
      this.fields.hostname = 'unknown';
    }
    return this;
  }

  /** Merge fields. */
  update(fields: TraceFields): void {
    Object.assign(this.fields, fields);
  }

  /** Pilot 3's verify_trace: needs eventType, localSite and remoteSite. */
  isValid(): boolean {
    if (this.env.RUCIO_LOCAL_SITE_ID) this.fields.localSite = this.env.RUCIO_LOCAL_SITE_ID;
    if (typeof this.fields.stateReason === 'string') this.fields.stateReason = this.fields.stateReason.replace(/\\/g, '');
    return !!this.fields.eventType && !!this.fields.localSite && !!this.fields.remoteSite;
  }

  /** Send a snapshot of the report in the background (see {@link flush}). */
  send(): void {
    const p = this.post();
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** POST the current fields; resolves true on a 2xx answer, never rejects. */
  async post(): Promise<boolean> {
    if (this.env.PILOT_USE_RUCIO_TRACES === 'False') return true;
    if (!this.fields.protocol && typeof this.fields.url === 'string') {
      const m = /^([a-z0-9+.-]+):\/\//i.exec(this.fields.url);
      if (m) this.fields.protocol = m[1];
    }
    if (!this.url) {
      logger.debug('trace not sent: no trace URL configured');
      return false;
    }
    if (!this.isValid()) {
      logger.debug('trace not sent: eventType, localSite or remoteSite missing');
      return false;
    }
    const body = JSON.stringify(this.fields);
    try {
      // traces are anonymous: the grid CA directory verifies the server, no client certificate
      const res = await httpRequest({
        url: this.url,
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
        timeoutMs: this.timeoutMs,
        connectTimeoutMs: this.timeoutMs,
        tls: tlsOptionsFor(this.url, { env: this.env, clientCert: false }),
      });
      if (res.status >= 200 && res.status < 300) {
        this.sent++;
        return true;
      }
      logger.warn({ status: res.status }, 'trace rejected');
    } catch (e) {
      logger.warn({ err: (e as Error).message }, 'trace not sent');
    }
    this.failed++;
    return false;
  }

  /** Wait (bounded) for traces still in flight. */
  async flush(maxMs = 5000): Promise<void> {
    if (!this.pending.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.pending]), new Promise((r) => { timer = setTimeout(r, maxMs); })]);
    clearTimeout(timer);
  }
}
