/**
 * The emulator's database: jobs, queues, worker reports, PandaID sequence; persisted in an
 * append-only journal (./journal.ts): each save appends the records that changed since the last
 * one, so a call costs the same with 10 jobs or 100,000 and a killed emulator loses nothing.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Journal, readJournal } from './journal.js';
import { baseRecord, buildJobRecords } from './jobdef.js';
/**
 * Job storage with persistence and the state helpers the dispatcher and watcher share.
 * Emits 'change' (with the JobRecord) whenever a job's status changes or an update arrives.
 */
export class EmulatorStore extends EventEmitter {
    queues;
    clock;
    timeouts;
    stateFile;
    jobs = new Map();
    workerReports = [];
    /** updateJob calls for PandaIDs the server never knew. */
    orphanUpdates = [];
    nextPandaID;
    nSent = 0;
    /** True when the state was loaded from an existing file. */
    restored;
    journal;
    /** Jobs looked up or changed since the last save (their records are appended then). */
    dirty = new Set();
    savedWorkerReports = 0;
    savedOrphans = 0;
    savedMeta = '';
    lastDaemonRun;
    /** Active jobs (the daemons' and getJob's working set): archived jobs leave it. */
    activeJobs = new Set();
    /** Per computing site, the PandaIDs ever sent (getJob's nSent). */
    sentBySite = new Map();
    constructor(queues, clock, timeouts, stateFile, firstPandaID = 6500000001) {
        super();
        this.queues = queues;
        this.clock = clock;
        this.timeouts = timeouts;
        this.stateFile = stateFile;
        this.nextPandaID = firstPandaID;
        this.restored = false;
        if (stateFile) {
            const data = readJournal(stateFile);
            if (data) {
                for (const j of data.jobs)
                    this.index(j);
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
    index(j) {
        this.jobs.set(j.PandaID, j);
        if (j.active)
            this.activeJobs.add(j);
        if (j.history.some((h) => h.status === 'sent'))
            this.markSent(j);
    }
    markSent(j) {
        let s = this.sentBySite.get(j.computingSite);
        if (!s)
            this.sentBySite.set(j.computingSite, (s = new Set()));
        s.add(j.PandaID);
    }
    /** How many jobs of a computing site were ever sent to a pilot. */
    sentCount(site) {
        return this.sentBySite.get(site)?.size ?? 0;
    }
    /** The active jobs (not archived), in PandaID order of insertion. */
    active() {
        return this.activeJobs.values();
    }
    /** Mark a job whose record was changed outside the store's helpers (saved at the next save()). */
    touch(rec) {
        this.dirty.add(rec);
    }
    meta() {
        return JSON.stringify({ nextPandaID: this.nextPandaID, nSent: this.nSent });
    }
    snapshot() {
        return { nextPandaID: this.nextPandaID, nSent: this.nSent, jobs: [...this.jobs.values()], workerReports: this.workerReports, orphanUpdates: this.orphanUpdates };
    }
    /** Current server time (ms). */
    now() {
        return this.clock();
    }
    /**
     * Persist what changed since the last save: the records of the jobs looked up or changed, new
     * worker reports and orphan updates, the counters. No-op without a state file.
     */
    save() {
        const j = this.journal;
        if (!j) {
            this.dirty.clear();
            return;
        }
        const lines = [];
        for (const rec of this.dirty)
            lines.push({ j: rec });
        this.dirty.clear();
        for (; this.savedWorkerReports < this.workerReports.length; this.savedWorkerReports++)
            lines.push({ w: this.workerReports[this.savedWorkerReports] });
        for (; this.savedOrphans < this.orphanUpdates.length; this.savedOrphans++)
            lines.push({ o: this.orphanUpdates[this.savedOrphans] });
        const meta = this.meta();
        if (meta !== this.savedMeta) {
            lines.push({ m: JSON.parse(meta) });
            this.savedMeta = meta;
        }
        j.append(lines);
        if (j.wantsCompaction())
            j.compact(this.snapshot());
    }
    /** Close the state file (the emulator's stop), leaving it as one compact snapshot. */
    close() {
        this.dirty.clear();
        if (!this.journal)
            return;
        this.journal.compact(this.snapshot());
        this.journal.close();
    }
    /**
     * Add job definitions (friendly or raw). Definitions whose explicit PandaID already exists are
     * skipped (so a restart with the same --jobs file does not duplicate them).
     */
    addJobs(defs, where = '') {
        const added = [];
        const ctx = { queues: this.queues, now: this.now(), nextPandaID: () => this.allocId() };
        defs.forEach((def, i) => {
            const records = buildJobRecords(def, ctx, `${where}[${i}]`);
            for (const r of records) {
                if (this.jobs.has(r.PandaID))
                    continue;
                this.index(r);
                this.dirty.add(r);
                if (r.PandaID >= this.nextPandaID)
                    this.nextPandaID = r.PandaID + 1;
                added.push(r);
            }
        });
        this.save();
        return added;
    }
    allocId() {
        while (this.jobs.has(this.nextPandaID))
            this.nextPandaID++;
        return this.nextPandaID++;
    }
    /** A job by PandaID (any state). */
    job(pandaID) {
        const id = typeof pandaID === 'number' ? pandaID : Number(pandaID);
        const rec = Number.isFinite(id) ? this.jobs.get(id) : undefined;
        // a caller that looks a job up may change it: its record goes out with the next save
        if (rec)
            this.dirty.add(rec);
        return rec;
    }
    /** Change a job's status, keeping history and stateChangeTime. */
    setStatus(rec, status, now = this.now()) {
        if (rec.jobStatus !== status) {
            rec.jobStatus = status;
            rec.stateChangeTime = now;
            rec.history.push({ time: now, status });
            if (status === 'sent')
                this.markSent(rec);
            this.dirty.add(rec);
            this.emit('change', rec);
        }
    }
    /** Move a job out of the active table (finished, failed, cancelled). */
    archive(rec) {
        rec.active = false;
        this.activeJobs.delete(rec);
        this.dirty.add(rec);
    }
    /**
     * Run the server daemons once: Watcher timeouts, Adder finalisation, archiving. Returns true
     * when anything changed (the caller saves).
     */
    runDaemons() {
        const now = this.now();
        this.lastDaemonRun = now;
        let changed = false;
        for (const rec of [...this.activeJobs])
            if (this.daemonStep(rec, now))
                changed = true;
        return changed;
    }
    /**
     * The daemons at most every 25 ms of server time (what each request triggers): a thousand
     * pilots must not each pay for a scan of every job. The periodic timer and
     * {@link runDaemonsFor} cover the rest.
     */
    runDaemonsThrottled() {
        const now = this.now();
        if (this.lastDaemonRun !== undefined && now >= this.lastDaemonRun && now - this.lastDaemonRun < 25)
            return false;
        return this.runDaemons();
    }
    /** The daemons for one job (after its update: the Adder, archiving). */
    runDaemonsFor(rec) {
        return this.daemonStep(rec, this.now());
    }
    daemonStep(rec, now) {
        if (!rec.active)
            return false;
        const t = this.timeouts;
        let changed = false;
        const st = rec.jobStatus;
        if (st === 'sent' && now - rec.modificationTime > t.sentTimeoutS * 1000) {
            this.failByWatcher(rec, 102, "Sent job didn't receive reply from pilot within 30 min", now);
            changed = true;
        }
        else if ((st === 'running' || st === 'starting' || st === 'stagein' || st === 'stageout') && now - rec.modificationTime > t.heartbeatTimeoutS * 1000) {
            this.failByWatcher(rec, 100, `lost heartbeat : ${pyDate(rec.modificationTime)}`, now);
            changed = true;
        }
        else if (st === 'holding' && rec.finalPilotState && now - rec.stateChangeTime >= t.adderDelayS * 1000) {
            rec.endTime = rec.endTime ?? now;
            this.setStatus(rec, finalizeByAdder(rec), now);
            if (rec.jobStatus === 'failed')
                this.retry(rec, now);
            changed = true;
        }
        else if (st === 'holding' && now - rec.stateChangeTime > t.holdingTimeoutS * 1000) {
            this.failByWatcher(rec, 103, `timeout in holding : last heartbeat at ${pyDate(rec.endTime ?? rec.modificationTime)}`, now);
            changed = true;
        }
        else if (st === 'transferring' && now - rec.modificationTime > t.holdingTimeoutS * 1000) {
            this.failByWatcher(rec, 104, `timeout in transferring : last heartbeat at ${pyDate(rec.endTime ?? rec.modificationTime)}`, now);
            changed = true;
        }
        if ((rec.jobStatus === 'finished' || rec.jobStatus === 'failed' || rec.jobStatus === 'cancelled') && rec.active && now - rec.stateChangeTime >= t.archiveDelayS * 1000) {
            this.archive(rec);
            changed = true;
        }
        return changed;
    }
    failByWatcher(rec, code, diag, now) {
        rec.jobDispatcherErrorCode = code;
        rec.jobDispatcherErrorDiag = diag;
        rec.endTime = rec.endTime ?? now;
        this.setStatus(rec, 'failed', now);
        // the Watcher hands the job to the archiver at once: further updates get tobekilled
        this.archive(rec);
        this.retry(rec, now);
    }
    /**
     * JEDI's retry of a failed job: a new PandaID with attemptNr + 1, while attempts remain
     * (`maxAttempts` of the definition). The log LFN's trailing attempt number follows.
     */
    retry(rec, now) {
        if (!rec.maxAttempts || rec.attemptNr >= rec.maxAttempts || rec.raw)
            return undefined;
        const id = this.allocId();
        const attempt = rec.attemptNr + 1;
        const files = rec.files.map((f) => f.type === 'log' ? { ...f, GUID: randomUUID(), lfn: f.lfn.replace(new RegExp(`\\.${rec.attemptNr}$`), `.${attempt}`) } : { ...f });
        const fresh = baseRecord(id, rec.queue, rec.computingSite, now, 'activated');
        const copy = {
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
        this.index(copy);
        this.dirty.add(copy);
        this.emit('change', copy);
        return copy;
    }
}
/** `<task>-<PandaID>-<fileID>-<processID>-<attempt>` with a new PandaID and attempt. */
function retryRangeId(old, pandaID, attempt) {
    const parts = old.split('-');
    if (parts.length < 5)
        return old;
    parts[1] = String(pandaID);
    parts[parts.length - 1] = String(attempt);
    return parts.join('-');
}
/** Python's str(datetime) for a server (UTC) time in ms, DB precision: 'YYYY-MM-DD HH:MM:SS'. */
export function pyDate(ms) {
    return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
/**
 * The Adder: turn a holding job into finished/failed using the pilot's final state and its `xml`
 * file report. A 'finished' job whose outputs/log are missing from the report (or lack
 * guid/fsize/checksum) fails with ddmErrorCode 200, as adder_gen does.
 */
export function finalizeByAdder(rec) {
    if (rec.finalPilotState !== 'finished')
        return 'failed';
    let report = {};
    let ok = true;
    try {
        report = rec.xml ? JSON.parse(rec.xml) : {};
        if (report === null || typeof report !== 'object')
            throw new Error('not an object');
    }
    catch {
        ok = false;
    }
    if (ok) {
        for (const f of rec.files) {
            if (f.type === 'input')
                continue;
            const e = report[f.lfn];
            if (!e) {
                if (f.allowNoOutput)
                    continue;
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
        const noPilotError = [0, '0', undefined, 'NULL'].includes(rec.reported.pilotErrorCode);
        const noExitError = [0, '0', undefined, 'NULL'].includes(rec.reported.transExitCode);
        if (noPilotError && noExitError) {
            rec.ddmErrorCode = 200;
            rec.ddmErrorDiag = 'Could not get GUID/LFN/MD5/FSIZE/SURL from pilot JSON';
        }
        return 'failed';
    }
    return 'finished';
}
//# sourceMappingURL=store.js.map