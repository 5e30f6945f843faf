/**
 * The emulator's state file as an append-only journal of JSON lines, so that the cost of a call
 * does not grow with the number of jobs and a killed emulator loses nothing it answered:
 *
 *   {"version":2,"nextPandaID":…,"nSent":…,"jobs":[…],"workerReports":[…],"orphanUpdates":[…]}   snapshot
 *   {"j":{…JobRecord…}}                        a job's latest record (the last line of a PandaID wins)
 *   {"m":{"nextPandaID":…,"nSent":…}}           counters
 *   {"w":{…WorkerReport…}}  {"o":{…orphan update…}}
 *
 * Lines are written with one synchronous write before the answer leaves, so SIGKILL after an
 * answer never loses it; a torn last line (killed mid-write) is ignored on load. When the lines
 * after the snapshot outgrow it, the journal is compacted into a new snapshot (temporary file +
 * rename). A version-1 state file (one JSON object) is read as a snapshot.
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JobRecord, UpdateRecord, WorkerReport } from './types.js';

export type OrphanUpdate = UpdateRecord & { jobId: string };

/** Everything the journal holds. */
export interface JournalState {
  nextPandaID: number;
  nSent: number;
  jobs: JobRecord[];
  workerReports: WorkerReport[];
  orphanUpdates: OrphanUpdate[];
}

/** Worker reports and orphan updates kept in a snapshot (the newest). */
const KEEP_REPORTS = 1000;
/** Compact when the lines after the snapshot exceed max(this, 2 × the snapshot). */
const MIN_COMPACT_BYTES = 8 * 1024 * 1024;

/** Read a journal; undefined when the file does not exist. */
export function readJournal(file: string): JournalState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const st: JournalState = { nextPandaID: 0, nSent: 0, jobs: [], workerReports: [], orphanUpdates: [] };
  const jobs = new Map<number, JobRecord>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(line) as Record<string, unknown>;
    } catch {
      // only the last line can be torn (a write cut by SIGKILL or a full disk)
      if (lines.slice(i + 1).every((l) => l.trim() === '')) break;
      throw new Error(`state file ${file}: line ${i + 1} is not JSON`);
    }
    if ('version' in rec) {
      if ((rec.version !== 1 && rec.version !== 2) || !Array.isArray(rec.jobs)) throw new Error(`state file ${file}: unsupported format`);
      jobs.clear();
      for (const j of rec.jobs as JobRecord[]) jobs.set(j.PandaID, j);
      st.nextPandaID = Number(rec.nextPandaID) || 0;
      st.nSent = Number(rec.nSent) || 0;
      st.workerReports = [...((rec.workerReports as WorkerReport[] | undefined) ?? [])];
      st.orphanUpdates = [...((rec.orphanUpdates as OrphanUpdate[] | undefined) ?? [])];
    } else if (rec.j && typeof rec.j === 'object') {
      const j = rec.j as JobRecord;
      jobs.set(j.PandaID, j);
    } else if (rec.m && typeof rec.m === 'object') {
      const m = rec.m as { nextPandaID?: number; nSent?: number };
      st.nextPandaID = Math.max(st.nextPandaID, Number(m.nextPandaID) || 0);
      st.nSent = Number(m.nSent) || st.nSent;
    } else if (rec.w) st.workerReports.push(rec.w as WorkerReport);
    else if (rec.o) st.orphanUpdates.push(rec.o as OrphanUpdate);
  }
  st.jobs = [...jobs.values()];
  return st;
}

/** An open journal: append lines, compact when it grows. */
export class Journal {
  private fd: number | undefined;
  private tailBytes = 0;
  private snapshotBytes = 0;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      this.tailBytes = statSync(file).size;
    } catch {
      this.tailBytes = 0;
    }
  }

  /** Append lines (objects) in one write. */
  append(entries: object[]): void {
    if (entries.length === 0) return;
    const text = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
    if (this.fd === undefined) this.fd = openSync(this.file, 'a');
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.tailBytes += buf.length;
  }

  /** True when the lines after the snapshot have outgrown it. */
  wantsCompaction(): boolean {
    return this.tailBytes > Math.max(MIN_COMPACT_BYTES, 2 * this.snapshotBytes);
  }

  /** Replace the journal by one snapshot line (atomically). */
  compact(state: JournalState): void {
    const snap = {
      version: 2,
      nextPandaID: state.nextPandaID,
      nSent: state.nSent,
      jobs: state.jobs,
      workerReports: state.workerReports.slice(-KEEP_REPORTS),
      orphanUpdates: state.orphanUpdates.slice(-KEEP_REPORTS),
    };
    const text = JSON.stringify(snap) + '\n';
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    this.close();
    renameSync(tmp, this.file);
    this.snapshotBytes = Buffer.byteLength(text);
    this.tailBytes = 0;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
