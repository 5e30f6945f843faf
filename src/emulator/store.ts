/**
 * The emulator's database: jobs, queues, worker reports, PandaID sequence; persisted in an
 * append-only journal (./journal.ts): each save appends the records that changed since the last
 * one, so a call costs the same with 10 jobs or 100,000 and a killed emulator loses nothing.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { endEsJob, isEsJob } from './esjobs.js';
import { Journal, readJournal } from './journal.js';
import { baseRecord, buildJobRecords, inheritedFields } from './jobdef.js';
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
  private readonly journal?: Journal;
  /** Jobs looked up or changed since the last save (their records are appended then). */
  private readonly dirty = new Set<JobRecord>();
  private savedWorkerReports = 0;
  private savedOrphans = 0;
  private savedMeta = '';
  private lastDaemonRun?: number;
  /** Active jobs (the daemons' and getJob's working set): archived jobs leave it. */
  private readonly activeJobs = new Set<JobRecord>();
  /** Per computing site, the PandaIDs ever sent (getJob's nSent). */
  private readonly sentBySite = new Map<string, Set<number>>();

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
      const data = readJournal(stateFile);
      if (data) {
        for (const j of data.jobs) this.index(j);
        this.nextPandaID = Math.max(data.nextPandaID, firstPandaID);
        this.nSent = data.nSent;
        this.workerReports.push(...data.workerReports);
        this.orphanUpdates.push(...data.orphanUpdates);
        this.restored = true;
      }
      this.journal = new Journal(stateFile);
      // start from one compact snapshot (also turns a version-1 file into a journal)
      this.journal.compact(this.snapshot());
      this.savedWorkerReports = this.workerReports.length;
      this.savedOrphans = this.orphanUpdates.length;
      this.savedMeta = this.meta();
    }
  }

  private index(j: JobRecord): void {
    this.jobs.set(j.PandaID, j);
    if (j.active) this.activeJobs.add(j);
    if (j.history.some((h) => h.status === 'sent')) this.markSent(j);
  }

  private markSent(j: JobRecord): void {
    let s = this.sentBySite.get(j.computingSite);
    if (!s) this.sentBySite.set(j.computingSite, (s = new Set()));
    s.add(j.PandaID);
  }

  /** How many jobs of a computing site were ever sent to a pilot. */
  sentCount(site: string): number {
    return this.sentBySite.get(site)?.size ?? 0;
  }

  /** The active jobs (not archived), in PandaID order of insertion. */
  active(): IterableIterator<JobRecord> {
    return this.activeJobs.values();
  }

  /** Mark a job whose record was changed outside the store's helpers (saved at the next save()). */
  touch(rec: JobRecord): void {
    this.dirty.add(rec);
  }

  private meta(): string {
    return JSON.stringify({ nextPandaID: this.nextPandaID, nSent: this.nSent });
  }

  private snapshot() {
    return { nextPandaID: this.nextPandaID, nSent: this.nSent, jobs: [...this.jobs.values()], workerReports: this.workerReports, orphanUpdates: this.orphanUpdates };
  }

  /** Current server time (ms). */
  now(): number {
    return this.clock();
  }

  /**
   * Persist what changed since the last save: the records of the jobs looked up or changed, new
   * worker reports and orphan updates, the counters. No-op without a state file.
   */
  save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const j = this.journal;
    if (!j) {
      this.dirty.clear();
      return;
    }
    const lines: object[] = [];
    for (const rec of this.dirty) lines.push({ j: rec });
    this.dirty.clear();
    for (; this.savedWorkerReports < this.workerReports.length; this.savedWorkerReports++) lines.push({ w: this.workerReports[this.savedWorkerReports] });
    for (; this.savedOrphans < this.orphanUpdates.length; this.savedOrphans++) lines.push({ o: this.orphanUpdates[this.savedOrphans] });
    const meta = this.meta();
    if (meta !== this.savedMeta) {
      lines.push({ m: JSON.parse(meta) as object });
      this.savedMeta = meta;
    }
    j.append(lines);
    if (j.wantsCompaction()) j.compact(this.snapshot());
  }

  private saveTimer?: NodeJS.Timeout;

  /**
   * Save within 200 ms, coalescing calls: event-range calls come by the thousand and each save
   * writes the whole record of every job touched (an ES job's ranges included).
   */
  saveSoon(): void {
    if (!this.journal || this.saveTimer) return;
    this.saveTimer = setTimeout(() => this.save(), 200);
    this.saveTimer.unref();
  }

  /** Close the state file (the emulator's stop), leaving it as one compact snapshot. */
  close(): void {
    clearTimeout(this.saveTimer);
    this.dirty.clear();
    if (!this.journal) return;
    this.journal.compact(this.snapshot());
    this.journal.close();
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
        this.index(r);
        this.dirty.add(r);
        if (r.PandaID >= this.nextPandaID) this.nextPandaID = r.PandaID + 1;
        added.push(r);
      }
    });
    this.save();
    return added;
  }

  /** Add a record the server made itself (ES retries, merge jobs). */
  addRecord(rec: JobRecord): void {
    this.index(rec);
    this.dirty.add(rec);
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
    const rec = Number.isFinite(id) ? this.jobs.get(id) : undefined;
    // a caller that looks a job up may change it: its record goes out with the next save
    if (rec) this.dirty.add(rec);
    return rec;
  }

  /** Change a job's status, keeping history and stateChangeTime. */
  setStatus(rec: JobRecord, status: string, now = this.now()): void {
    if (rec.jobStatus !== status) {
      rec.jobStatus = status;
      rec.stateChangeTime = now;
      rec.history.push({ time: now, status });
      if (status === 'sent') this.markSent(rec);
      this.dirty.add(rec);
      this.emit('change', rec);
    }
  }

  /** Move a job out of the active table (finished, failed, cancelled). */
  archive(rec: JobRecord): void {
    rec.active = false;
    this.activeJobs.delete(rec);
    this.dirty.add(rec);
  }

  /**
   * Run the server daemons once: Watcher timeouts, Adder finalisation, archiving. Returns true
   * when anything changed (the caller saves).
   */
  runDaemons(): boolean {
    const now = this.now();
    this.lastDaemonRun = now;
    let changed = false;
    for (const rec of [...this.activeJobs]) if (this.daemonStep(rec, now)) changed = true;
    return changed;
  }

  /**
   * The daemons at most every 25 ms of server time (what each request triggers): a thousand
   * pilots must not each pay for a scan of every job. The periodic timer and
   * {@link runDaemonsFor} cover the rest.
   */
  runDaemonsThrottled(): boolean {
    const now = this.now();
    if (this.lastDaemonRun !== undefined && now >= this.lastDaemonRun && now - this.lastDaemonRun < 25) return false;
    return this.runDaemons();
  }

  /** The daemons for one job (after its update: the Adder, archiving). */
  runDaemonsFor(rec: JobRecord): boolean {
    return this.daemonStep(rec, this.now());
  }

  private daemonStep(rec: JobRecord, now: number): boolean {
    if (!rec.active) return false;
    const t = this.timeouts;
    let changed = false;
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
      ...inheritedFields(rec),
      attemptNr: attempt,
      maxAttempts: rec.maxAttempts,
      minRamCount: rec.minRamCount,
      maxDiskCount: rec.maxDiskCount,
      maxWalltime: rec.maxWalltime,
      files,
      eventRanges: rec.eventRanges.map((r) => ({ ...r, status: 'ready', updates: [], eventRangeID: retryRangeId(r.eventRangeID, id, attempt) })),
    };
    this.index(copy);
    this.dirty.add(copy);
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
