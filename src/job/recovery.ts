/**
 * What a pilot does first with the journal: take over the jobs of dead pilots on the same spool.
 * A pending final update is re-sent as it was built (with the log it names); a job whose pilot
 * died before that has its payload found (cgroup, or process group + marker) and killed, and is
 * then finished by the caller: log tarball from its work dir, final update with KILLSIGNAL.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { log } from '../common/log.js';
import { sleep } from '../common/timing.js';
import type { JournalEntry, JournalRecord, JobJournal } from './journal.js';
import type { UpdateSender } from './reporter.js';

const logger = log('recovery');

/** What the journal held for us at start-up. */
export interface Recovered {
  /** Final updates re-sent and accepted. */
  resent: string[];
  /** Final updates still not accepted (kept journaled). */
  kept: string[];
  /** Jobs interrupted before their final update (payload killed): the caller finishes them. */
  interrupted: JournalRecord[];
}

/** Options of {@link recoverJournal}. */
export interface RecoveryOptions {
  client: UpdateSender | undefined;
  updateSleepS: number;
  finalDeadlineS: number;
  killGraceMs: number;
}

/** Kill what is left of a journaled payload (nothing when it is gone). */
export async function killJournaledPayload(entry: JournalEntry, graceMs: number): Promise<number[]> {
  const p = entry.payload;
  if (!p) return [];
  const { ProcessTree, removeCgroupWhenEmpty } = await import('../payload/index.js');
  const tree = new ProcessTree({ rootPid: p.pid, pgid: p.pid, marker: p.marker, rootStart: p.start, cgroupDir: p.cgroup && existsSync(p.cgroup) ? p.cgroup : undefined });
  const found = tree.pids();
  if (!found.length) {
    if (p.cgroup) await removeCgroupWhenEmpty(p.cgroup);
    return [];
  }
  const report = await tree.kill(graceMs);
  if (p.cgroup && !report.remaining.length) await removeCgroupWhenEmpty(p.cgroup);
  logger.warn({ jobid: entry.jobid, containment: p.containment, pids: found, remaining: report.remaining }, 'payload of a dead pilot killed');
  return found;
}

/** Send a journaled final update body until accepted or `deadlineS` passes. */
export async function resendFinal(client: UpdateSender, body: Record<string, string | number>, o: { updateSleepS: number; deadlineS: number }): Promise<boolean> {
  const deadline = Date.now() + o.deadlineS * 1000;
  for (;;) {
    try {
      const answer = await client.updateJob(body, { attempts: 1 });
      if (Number(answer.StatusCode ?? 0) === 0) return true;
      logger.warn({ jobid: body.jobId, StatusCode: answer.StatusCode }, 'journaled final update refused');
    } catch (e) {
      logger.warn({ jobid: body.jobId, err: (e as Error).message }, 'journaled final update failed');
    }
    if (Date.now() + o.updateSleepS * 1000 > deadline) return false;
    await sleep(o.updateSleepS * 1000);
  }
}

/**
 * Claim the dead pilots' records, kill their payloads, re-send their pending final updates.
 * Interrupted jobs are returned for the caller to finish (it needs the queue for the log).
 */
export async function recoverJournal(journal: JobJournal, o: RecoveryOptions): Promise<Recovered> {
  const out: Recovered = { resent: [], kept: [], interrupted: [] };
  const records = journal.claimOrphans();
  if (records.length) logger.warn({ journal: journal.dir, jobs: records.map((r) => r.value.jobid) }, 'jobs of a dead pilot found in the journal');
  for (const rec of records) {
    const e = rec.value;
    await killJournaledPayload(e, o.killGraceMs);
    if (e.state !== 'final-pending' || !e.final) {
      out.interrupted.push(rec);
      continue;
    }
    if (!o.client) {
      out.kept.push(e.jobid);
      continue;
    }
    logger.info({ jobid: e.jobid, state: e.final.state, log: e.logTarball }, 're-sending a journaled final update');
    if (await resendFinal(o.client, e.final, { updateSleepS: o.updateSleepS, deadlineS: o.finalDeadlineS })) {
      rec.remove();
      removeWorkdir(e);
      out.resent.push(e.jobid);
      logger.info({ jobid: e.jobid }, 'journaled final update accepted');
    } else {
      out.kept.push(e.jobid);
      logger.error({ jobid: e.jobid }, 'journaled final update still not accepted: kept for the next pilot');
    }
  }
  return out;
}

/** The job's work dir, once its final update is in (only a PanDA_Pilot-<id> dir of the record). */
function removeWorkdir(e: JournalEntry): void {
  if (path.basename(e.workdir) !== `PanDA_Pilot-${e.jobid}`) return;
  rmSync(e.workdir, { recursive: true, force: true });
}
