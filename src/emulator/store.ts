/**
 * The emulator's database: jobs, queues, worker reports, PandaID sequence; persisted as one JSON
 * file written atomically (temporary file + rename) after every change, so state survives a
 * restart and a crash never leaves half a file.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { endEsJob, isEsJob } from './esjobs.js';
import { baseRecord, buildJobRecords } from './jobdef.js';
import type { JobRecord, QueueDefinition, UpdateRecord, WorkerReport } from './types.js';

/** Timeouts of the server-side daemons (Watcher, Adder), in seconds. */
export interface StoreTimeouts {
  /** running/starting jobs without an update for this long fail with code 100 (default 7200). */
  heartbeatTimeoutS: number;
  /** sent jobs without any pilot contact fail with code 102 (default 1800). */
  sentTimeoutS: number;
  /** holding jobs fail with code 103 (default 172800). */
  holdingTimeoutS: number;
  /** delay between a final update (holding) and the Adder's finished/failed (default 0). */
  adderDelayS: number;
  /** delay before a finished/failed job leaves the active table (default 0). */
  archiveDelayS: number;
}

interface Persisted {
  version: 1;
  nextPandaID: number;
  nSent: number;
  jobs: JobRecord[];
  workerReports: WorkerReport[];
  orphanUpdates?: (UpdateRecord & { jobId: string })[];
}

/**
 * Job storage with persistence and the state helpers the dispatcher and watcher share.
 * Emits 'change' (with the JobRecord) whenever a job's status changes or an update arrives.
 */
export class EmulatorStore extends EventEmitter {
  readonly jobs = new Map<number, JobRecord>();
  readonly workerReports: WorkerReport[] = [];
  /** updateJob calls for PandaIDs the server never knew. */
  readonly orphanUpdates: (UpdateRecord & { jobId: string })[] = [];
  nextPandaID: number;
  nSent = 0;
  /** True when the state was loaded from an existing file. */
  readonly restored: boolean;

  constructor(
    readonly queues: Record<string, QueueDefinition>,
    readonly clock: () => number,
    readonly timeouts: StoreTimeouts,
    readonly stateFile?: string,
    firstPandaID = 6500000001,
  ) {
    super();
    this.nextPandaID = firstPandaID;
    this.restored = false;
    if (stateFile) {
      let text: string | undefined;
      try {
        text = readFileSync(stateFile, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      if (text !== undefined) {
        const data = JSON.parse(text) as Persisted;
        if (data.version !== 1 || !Array.isArray(data.jobs)) throw new Error(`state file ${stateFile}: unsupported format`);
        for (const j of data.jobs) this.jobs.set(j.PandaID, j);
        this.nextPandaID = Math.max(data.nextPandaID, firstPandaID);
        this.nSent = data.nSent ?? 0;
        this.workerReports.push(...(data.workerReports ?? []));
        this.orphanUpdates.push(...(data.orphanUpdates ?? []));
        this.restored = true;
      }
    }
  }

  /** Current server time (ms). */
  now(): number {
    return this.clock();
  }

  private saveTimer?: NodeJS.Timeout;

  /**
   * Save within 200 ms, coalescing calls: event-range calls come by the thousand and a state
   * file write costs the whole state each time. close() writes what is pending.
   */
  saveSoon(): void {
    if (!this.stateFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 200);
    this.saveTimer.unref();
  }

  /** Write the state file (atomically); no-op without a state file. */
  save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.stateFile) return;
    const data: Persisted = { version: 1, nextPandaID: this.nextPandaID, nSent: this.nSent, jobs: [...this.jobs.values()], workerReports: this.workerReports.slice(-1000), orphanUpdates: this.orphanUpdates.slice(-1000) };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.stateFile);
  }

  /**
   * Add job definitions (friendly or raw). Definitions whose explicit PandaID already exists are
   * skipped (so a restart with the same --jobs file does not duplicate them).
   */
  addJobs(defs: unknown[], where = ''): JobRecord[] {
    const added: JobRecord[] = [];
    const ctx = { queues: this.queues, now: this.now(), nextPandaID: () => this.allocId() };
    defs.forEach((def, i) => {
      const records = buildJobRecords(def, ctx, `${where}[${i}]`);
      for (const r of records) {
        if (this.jobs.has(r.PandaID)) continue;
        this.jobs.set(r.PandaID, r);
        if (r.PandaID >= this.nextPandaID) this.nextPandaID = r.PandaID + 1;
        added.push(r);
      }
    });
    this.save();
    return added;
  }

  /** Add a record the server made itself (retries, merge jobs). */
  addRecord(rec: JobRecord): void {
    this.jobs.set(rec.PandaID, rec);
    this.emit('change', rec);
  }

  /** The RSE name of an object store id (objstoreID of range updates); set by the emulator. */
  objectStoreRse: (objstoreID: unknown) => string = (id) => String(id ?? '');

  /** Next free PandaID. */
  allocId(): number {
    while (this.jobs.has(this.nextPandaID)) this.nextPandaID++;
    return this.nextPandaID++;
  }

  /** A job by PandaID (any state). */
  job(pandaID: number | string): JobRecord | undefined {
    const id = typeof pandaID === 'number' ? pandaID : Number(pandaID);
    return Number.isFinite(id) ? this.jobs.get(id) : undefined;
  }

  /** Change a job's status, keeping history and stateChangeTime. */
  setStatus(rec: JobRecord, status: string, now = this.now()): void {
    if (rec.jobStatus !== status) {
      rec.jobStatus = status;
      rec.stateChangeTime = now;
      rec.history.push({ time: now, status });
      this.emit('change', rec);
    }
  }

  /** Move a job out of the active table (finished, failed, cancelled). */
  archive(rec: JobRecord): void {
    rec.active = false;
  }

  /**
   * Run the server daemons once: Watcher timeouts, Adder finalisation, archiving. Returns true
   * when anything changed (the caller saves).
   */
  runDaemons(): boolean {
    const now = this.now();
    const t = this.timeouts;
    let changed = false;
    for (const rec of [...this.jobs.values()]) {
      if (!rec.active) continue;
      const st = rec.jobStatus;
      if (st === 'sent' && now - rec.modificationTime > t.sentTimeoutS * 1000) {
        this.failByWatcher(rec, 102, "Sent job didn't receive reply from pilot within 30 min", now);
        changed = true;
      } else if ((st === 'running' || st === 'starting' || st === 'stagein' || st === 'stageout') && now - rec.modificationTime > t.heartbeatTimeoutS * 1000) {
        this.failByWatcher(rec, 100, `lost heartbeat : ${pyDate(rec.modificationTime)}`, now);
        changed = true;
      } else if (st === 'holding' && rec.finalPilotState && now - rec.stateChangeTime >= t.adderDelayS * 1000) {
        rec.endTime = rec.endTime ?? now;
        this.setStatus(rec, finalizeByAdder(rec), now);
        // ES jobs: JEDI's event-service post-processing (retry consumer or merge) replaces job retries
        if (isEsJob(rec)) endEsJob(this, rec, now, this.objectStoreRse);
        else if (rec.jobStatus === 'failed') this.retry(rec, now);
        changed = true;
      } else if (st === 'holding' && now - rec.stateChangeTime > t.holdingTimeoutS * 1000) {
        this.failByWatcher(rec, 103, `timeout in holding : last heartbeat at ${pyDate(rec.endTime ?? rec.modificationTime)}`, now);
        changed = true;
      } else if (st === 'transferring' && now - rec.modificationTime > t.holdingTimeoutS * 1000) {
        this.failByWatcher(rec, 104, `timeout in transferring : last heartbeat at ${pyDate(rec.endTime ?? rec.modificationTime)}`, now);
        changed = true;
      }
      if ((rec.jobStatus === 'finished' || rec.jobStatus === 'failed' || rec.jobStatus === 'cancelled') && rec.active && now - rec.stateChangeTime >= t.archiveDelayS * 1000) {
        this.archive(rec);
        changed = true;
      }
    }
    return changed;
  }

  private failByWatcher(rec: JobRecord, code: number, diag: string, now: number): void {
    rec.jobDispatcherErrorCode = code;
    rec.jobDispatcherErrorDiag = diag;
    rec.endTime = rec.endTime ?? now;
    this.setStatus(rec, 'failed', now);
    // the Watcher hands the job to the archiver at once: further updates get tobekilled
    this.archive(rec);
    if (isEsJob(rec)) endEsJob(this, rec, now, this.objectStoreRse);
    else this.retry(rec, now);
  }

  /**
   * JEDI's retry of a failed job: a new PandaID with attemptNr + 1, while attempts remain
   * (`maxAttempts` of the definition). The log LFN's trailing attempt number follows.
   */
  private retry(rec: JobRecord, now: number): JobRecord | undefined {
    if (!rec.maxAttempts || rec.attemptNr >= rec.maxAttempts || rec.raw) return undefined;
    const id = this.allocId();
    const attempt = rec.attemptNr + 1;
    const files = rec.files.map((f) =>
      f.type === 'log' ? { ...f, GUID: randomUUID(), lfn: f.lfn.replace(new RegExp(`\\.${rec.attemptNr}$`), `.${attempt}`) } : { ...f },
    );
    const fresh = baseRecord(id, rec.queue, rec.computingSite, now, 'activated');
    const copy: JobRecord = {
      ...fresh,
      prodSourceLabel: rec.prodSourceLabel,
      attemptNr: attempt,
      maxAttempts: rec.maxAttempts,
      retryOf: rec.PandaID,
      currentPriority: rec.currentPriority,
      minRamCount: rec.minRamCount,
      maxDiskCount: rec.maxDiskCount,
      maxWalltime: rec.maxWalltime,
      resource_type: rec.resource_type,
      jediTaskID: rec.jediTaskID,
      prodUserID: rec.prodUserID,
      processingType: rec.processingType,
      specialHandling: rec.specialHandling,
      spec: { ...rec.spec },
      files,
      trfName: rec.trfName,
      fieldOverrides: { ...rec.fieldOverrides },
      eventRanges: rec.eventRanges.map((r) => ({ ...r, status: 'ready', updates: [], eventRangeID: retryRangeId(r.eventRangeID, id, attempt) })),
    };
    this.jobs.set(id, copy);
    this.emit('change', copy);
    return copy;
  }
}

/** `<task>-<PandaID>-<fileID>-<processID>-<attempt>` with a new PandaID and attempt. */
function retryRangeId(old: string, pandaID: number, attempt: number): string {
  const parts = old.split('-');
  if (parts.length < 5) return old;
  parts[1] = String(pandaID);
  parts[parts.length - 1] = String(attempt);
  return parts.join('-');
}

/** Python's str(datetime) for a server (UTC) time in ms, DB precision: 'YYYY-MM-DD HH:MM:SS'. */
export function pyDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The Adder: turn a holding job into finished/failed using the pilot's final state and its `xml`
 * file report. A 'finished' job whose outputs/log are missing from the report (or lack
 * guid/fsize/checksum) fails with ddmErrorCode 200, as adder_gen does.
 */
export function finalizeByAdder(rec: JobRecord): 'finished' | 'failed' {
  if (rec.finalPilotState !== 'finished') return 'failed';
  let report: Record<string, Record<string, unknown>> = {};
  let ok = true;
  try {
    report = rec.xml ? (JSON.parse(rec.xml) as Record<string, Record<string, unknown>>) : {};
    if (report === null || typeof report !== 'object') throw new Error('not an object');
  } catch {
    ok = false;
  }
  if (ok) {
    for (const f of rec.files) {
      if (f.type === 'input') continue;
      // an ES job's outputs are its ranges' (reported with updateEventRanges); only its log is a file
      if (f.type === 'output' && isEsJob(rec)) continue;
      const e = report[f.lfn];
      if (!e) {
        if (f.allowNoOutput) continue;
        ok = false;
        break;
      }
      const hasSum = e.adler32 !== undefined && e.adler32 !== null ? true : e.md5sum !== undefined && e.md5sum !== null;
      if (e.fsize === undefined || e.fsize === null || !hasSum) {
        ok = false;
        break;
      }
    }
  }
  if (!ok) {
    const noPilotError = [0, '0', undefined, 'NULL'].includes(rec.reported.pilotErrorCode as never);
    const noExitError = [0, '0', undefined, 'NULL'].includes(rec.reported.transExitCode as never);
    if (noPilotError && noExitError) {
      rec.ddmErrorCode = 200;
      rec.ddmErrorDiag = 'Could not get GUID/LFN/MD5/FSIZE/SURL from pilot JSON';
    }
    return 'failed';
  }
  return 'finished';
}
