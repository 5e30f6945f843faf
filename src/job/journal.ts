/**
 * The job journal: one small JSON file per job in a spool directory, so that nothing is lost when
 * the pilot itself dies. It holds the job description, the phase, the files staged in, the payload
 * (pid, start time, marker, cgroup), the pending final update and where the log tarball is.
 *
 * Every write is atomic (temporary file, fsync, rename, fsync of the directory): a reader sees the
 * old record or the new one, never half of one, even after a power cut. A record names its owner
 * (pid + kernel start time + host); a pilot started later on the same spool claims the records of
 * dead owners (an atomic rename, so two pilots never both take one) and finishes their jobs.
 *
 * The spool directory is made with the first record, not before, and the default one is removed
 * again when the pilot ends with nothing in it: a normal run leaves nothing behind.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStat } from '../payload/proc.js';

/** Where the payload of a journaled job can be found again. */
export interface JournaledPayload {
  pid: number;
  /** Kernel start time (clock ticks) of `pid`: with the pid, names the process for life. */
  start: number;
  marker: string;
  /** cgroup v2 directory of the payload, when it runs in one. */
  cgroup?: string;
  containment: string;
}

/** One job's record (schema version 1). */
export interface JournalEntry {
  version: 1;
  jobid: string;
  owner: { pid: number; start: number; host: string };
  /** Epoch ms of the last write. */
  updated: number;
  /** running: the job is being worked on; final-pending: its final update is built, not yet accepted. */
  state: 'running' | 'final-pending';
  /** Last phase reached: stagein, payload, stageout, log, final. */
  phase: string;
  description: Record<string, unknown>;
  pilotHome: string;
  workdir: string;
  /** LFNs staged in so far. */
  staged: string[];
  payload?: JournaledPayload;
  /** The final update's body, exactly as it is (re-)sent. */
  final?: Record<string, string | number>;
  /** The log tarball: local path, and where it was staged out to. */
  logTarball?: { path: string; turl?: string; transferred: boolean };
}

/** Fields a caller may change. */
export type JournalPatch = Partial<Omit<JournalEntry, 'version' | 'jobid' | 'owner'>>;

/** Write `data` to `file` atomically and durably. */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.tmp.${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  }
}

/** This process as an owner. */
function selfOwner(): JournalEntry['owner'] {
  return { pid: process.pid, start: readStat(process.pid)?.starttime ?? 0, host: os.hostname() };
}

/** Is the owner of a record still running (same host, same pid, same start time)? */
export function ownerAlive(owner: JournalEntry['owner']): boolean {
  if (owner.host !== os.hostname()) return true; // another node's pilot: not ours to judge
  const st = readStat(owner.pid);
  return Boolean(st && st.state !== 'Z' && st.starttime === owner.start);
}

/** A journal record this pilot owns; every update is written through at once. */
export class JournalRecord {
  constructor(
    private readonly file: string,
    private entry: JournalEntry,
  ) {}

  get value(): Readonly<JournalEntry> {
    return this.entry;
  }

  update(patch: JournalPatch): void {
    this.entry = { ...this.entry, ...patch, updated: Date.now() };
    try {
      writeFileAtomic(this.file, JSON.stringify(this.entry));
    } catch (e) {
      // another pilot on the same spool removed it when it found it empty: make it again
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      makeSpool(path.dirname(this.file));
      writeFileAtomic(this.file, JSON.stringify(this.entry));
    }
  }

  /** The job is fully reported: forget it. */
  remove(): void {
    rmSync(this.file, { force: true });
    fsyncDir(path.dirname(this.file));
  }
}

/** Make the spool directory (mode 0700: records hold job descriptions). */
function makeSpool(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Names in the spool directory; none while it does not exist yet. */
function spoolNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Options of {@link JobJournal}. */
export interface JobJournalOptions {
  /** Remove the directory in {@link JobJournal.close} when it is empty (the default spool, not a site's). */
  removeWhenEmpty?: boolean;
}

/** The spool directory, made with the first record. */
export class JobJournal {
  constructor(
    readonly dir: string,
    private readonly opts: JobJournalOptions = {},
  ) {}

  private fileOf(jobid: string): string {
    return path.join(this.dir, `${jobid.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  /** Start (or take over) the record of a job. */
  open(jobid: string, init: Pick<JournalEntry, 'description' | 'pilotHome' | 'workdir'> & JournalPatch): JournalRecord {
    const entry: JournalEntry = {
      version: 1,
      jobid,
      owner: selfOwner(),
      updated: Date.now(),
      state: 'running',
      phase: 'start',
      staged: [],
      ...init,
    };
    makeSpool(this.dir);
    const rec = new JournalRecord(this.fileOf(jobid), entry);
    rec.update({});
    return rec;
  }

  /**
   * The pilot is done with the journal: an empty default spool goes (rmdir only removes an empty
   * directory, so a record another pilot has just written stays, and that pilot makes it again).
   * Records left for a later pilot keep it.
   */
  close(): void {
    if (!this.opts.removeWhenEmpty) return;
    try {
      rmdirSync(this.dir);
    } catch {
      // not empty (something to keep), already gone, or not ours to remove
    }
  }

  /** A pilot killed between claiming a record and rewriting it left a claim file: put it back. */
  private restoreStaleClaims(): void {
    for (const name of spoolNames(this.dir)) {
      const m = /^(.+\.json)\.claim\.(\d+)$/.exec(name);
      if (!m || Number(m[2]) === process.pid || pidAlive(Number(m[2]))) continue;
      try {
        renameSync(path.join(this.dir, name), path.join(this.dir, m[1]!));
      } catch {
        // another pilot restored it
      }
    }
  }

  /** Every readable record (unreadable ones are left where they are, for a human). */
  list(): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const name of spoolNames(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const e = JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')) as JournalEntry;
        if (e.version === 1 && typeof e.jobid === 'string') out.push(e);
      } catch {
        // a foreign or damaged file: never ours to delete
      }
    }
    return out;
  }

  /**
   * Take over the records whose owner died: each is renamed to a claim name first (atomic, so of
   * two pilots starting together only one wins), re-checked, then rewritten with us as owner.
   */
  claimOrphans(): JournalRecord[] {
    const claimed: JournalRecord[] = [];
    this.restoreStaleClaims();
    for (const e of this.list()) {
      if (ownerAlive(e.owner)) continue;
      const file = this.fileOf(e.jobid);
      const claim = `${file}.claim.${process.pid}`;
      try {
        renameSync(file, claim);
      } catch {
        continue; // another pilot was faster
      }
      let entry: JournalEntry;
      try {
        entry = JSON.parse(readFileSync(claim, 'utf8')) as JournalEntry;
      } catch {
        renameSync(claim, file);
        continue;
      }
      if (ownerAlive(entry.owner)) {
        renameSync(claim, file);
        continue;
      }
      const rec = new JournalRecord(file, { ...entry, owner: selfOwner() });
      rec.update({});
      rmSync(claim, { force: true });
      claimed.push(rec);
    }
    return claimed;
  }
}

/** Is a pid alive (signal 0)? */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The spool directory: `[Pilot] journal_dir` or PANDA_PILOT_JOURNAL_DIR when set (a directory
 * shared by the pilots of a node), else `panda-pilot-journal` in the pilots' base directory
 * (the `--workdir` parent, or the launch directory) — the place a restarted pilot looks.
 */
export function journalDir(configured: string | undefined, base: string): string {
  return configured ? path.resolve(configured) : path.join(base, 'panda-pilot-journal');
}

/** The PandaID of a description when it is a plain positive integer (as a string), else undefined. */
export function plainJobId(desc: unknown): string | undefined {
  if (!desc || typeof desc !== 'object') return undefined;
  const v = (desc as Record<string, unknown>).PandaID;
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  return /^[1-9][0-9]{0,18}$/.test(s) ? s : undefined;
}
