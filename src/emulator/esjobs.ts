/**
 * What panda-server/JEDI do when an event-service job ends (DBProxy.ppEventServiceJob, reduced to
 * what a pilot can observe): finished ranges are done; failed ranges come back as new ranges with
 * the next attempt number until the task's attempts are used up; ranges the pilot never finished
 * (still ready/sent/running) are released from this job and handed to the retry; fatal ones are never
 * retried. When ranges remain, a new consumer job of the same jobset gets them; when none remain
 * and some were done, the merge job is created: its inputs are the outputs the pilot reported
 * (per-range objects, or zip files), listed for the payload with writeToFile.
 *
 * Killing an event-service job is {@link killEsJob}: the range states `cancelled` and `discarded`
 * come from there, never from the pilot (updateEventRanges takes only running, transferring,
 * finished, failed and fatal).
 */
import { randomUUID } from 'node:crypto';
import { baseRecord, inheritedFields } from './jobdef.js';
import type { EventRangeRecord, FileRecord, JobRecord } from './types.js';

/** The store operations needed (EmulatorStore). */
export interface EsStore {
  allocId(): number;
  addRecord(rec: JobRecord): void;
  jobs: Map<number, JobRecord>;
}

/** True for a job with event ranges (an ES consumer), not its merge. */
export function isEsJob(rec: JobRecord): boolean {
  return rec.eventRanges.length > 0 && !rec.esMergeOf;
}

function rangeId(r: EventRangeRecord, pandaID: number, attempt: number): string {
  const parts = r.eventRangeID.split('-');
  parts[1] = String(pandaID);
  parts[parts.length - 1] = String(attempt);
  return parts.join('-');
}

function attemptOf(r: EventRangeRecord): number {
  return Number(r.eventRangeID.split('-').pop()) || 1;
}

function copyJob(rec: JobRecord, id: number, now: number): JobRecord {
  const fresh = baseRecord(id, rec.queue, rec.computingSite, now, 'activated');
  return {
    ...fresh,
    ...inheritedFields(rec),
    attemptNr: rec.attemptNr + 1,
    files: rec.files.map((f) => (f.type === 'log' ? { ...f, GUID: randomUUID(), lfn: `${f.lfn.replace(/\.\d+$/, '')}.${rec.attemptNr + 1}` } : { ...f })),
    esMaxRangeAttempts: rec.esMaxRangeAttempts,
    esMerge: rec.esMerge,
  };
}

/** The outputs a finished range's update named: `{lfn, objstoreID}` (zip file or per-range object). */
function outputOf(r: EventRangeRecord): { lfn: string; zip: boolean; objstoreID: unknown } | undefined {
  const u = [...r.updates].reverse().find((x) => x.eventStatus === 'finished');
  if (!u) return undefined;
  const zip = u.zipFile as Record<string, unknown> | undefined;
  if (zip && typeof zip.lfn === 'string') return { lfn: zip.lfn, zip: true, objstoreID: zip.objstoreID };
  if (typeof u.lfn === 'string') return { lfn: u.lfn, zip: false, objstoreID: u.objstoreID };
  return undefined;
}

/**
 * Post-process an ES job that just ended (finished or failed). Returns the job it created (retry
 * consumer or merge), if any.
 */
export function endEsJob(store: EsStore, rec: JobRecord, now: number, objectStoreRse: (objstoreID: unknown) => string): JobRecord | undefined {
  const maxAttempts = rec.esMaxRangeAttempts ?? 3;
  const again: EventRangeRecord[] = [];
  for (const r of rec.eventRanges) {
    if (r.status === 'failed' && attemptOf(r) < maxAttempts) again.push({ ...r, updates: [], status: 'ready', attempt: attemptOf(r) + 1 } as EventRangeRecord & { attempt: number });
    else if (r.status === 'ready' || r.status === 'sent' || r.status === 'running') {
      r.status = 'released';
      again.push({ ...r, updates: [], status: 'ready', attempt: attemptOf(r) } as EventRangeRecord & { attempt: number });
    }
  }
  if (again.length) {
    const id = store.allocId();
    const copy = copyJob(rec, id, now);
    copy.eventRanges = again.map((r) => {
      const { attempt, ...rest } = r as EventRangeRecord & { attempt: number };
      return { ...rest, eventRangeID: rangeId(r, id, attempt) };
    });
    store.addRecord(copy);
    return copy;
  }
  // Nothing left: merge what the whole jobset produced, once, when its last consumer ended.
  const jobset = [...store.jobs.values()].filter((j) => isEsJob(j) && j.jediTaskID === rec.jediTaskID && j.spec.jobsetID === rec.spec.jobsetID);
  if (jobset.some((j) => j.active && !['finished', 'failed', 'cancelled'].includes(j.jobStatus) && j !== rec)) return undefined;
  if (!rec.esMerge || [...store.jobs.values()].some((j) => j.esMergeOf?.includes(rec.PandaID))) return undefined;
  const outputs = new Map<string, { lfn: string; zip: boolean; objstoreID: unknown }>();
  for (const j of jobset) for (const r of j.eventRanges) if (r.status === 'finished') {
    const o = outputOf(r);
    if (o) outputs.set(o.lfn, o);
  }
  if (!outputs.size) return undefined;
  const id = store.allocId();
  const merge = copyJob(rec, id, now);
  merge.attemptNr = 1;
  merge.retryOf = undefined;
  merge.esMergeOf = jobset.map((j) => j.PandaID);
  merge.trfName = rec.esMerge.transformation;
  merge.spec.transformation = rec.esMerge.transformation;
  merge.spec.jobPars = rec.esMerge.jobPars;
  merge.spec.coreCount = 1;
  const site = rec.computingSite;
  const inputs: FileRecord[] = [...outputs.values()].map((o) => ({
    type: 'input', lfn: o.zip ? `zip://${o.lfn}` : o.lfn, scope: 'transient', dataset: `panda.${rec.jediTaskID}.es`, GUID: randomUUID(), fsize: 0, checksum: '',
    dispatchDBlock: 'NULL', dispatchDBlockToken: 'NULL', prodDBlock: `panda.${rec.jediTaskID}.es`, prodDBlockToken: 'NULL', destinationDBlock: 'NULL', destinationDBlockToken: 'NULL',
    destinationSE: site, ddmEndpoint: objectStoreRse(o.objstoreID),
  }));
  const log = (f: FileRecord): FileRecord => ({ ...f, GUID: randomUUID(), lfn: `log.${rec.jediTaskID}._${id}.merge.log.tgz.1` });
  merge.files = [...inputs, ...rec.files.filter((f) => f.type !== 'input').map((f) => (f.type === 'log' ? log(f) : { ...f }))];
  merge.fieldOverrides = { ...merge.fieldOverrides, eventServiceMerge: 'True', writeToFile: `${rec.esMerge.listName ?? 'inputFor_merge'}:${[...outputs.keys()].join(',')}` };
  store.addRecord(merge);
  return merge;
}

/** The store operations a kill needs (EmulatorStore). */
export interface EsKillStore {
  jobs: Map<number, JobRecord>;
  setStatus(rec: JobRecord, status: string, now?: number): void;
  archive(rec: JobRecord): void;
}

/** Range states no kill changes (EventServiceUtils: finished, done, discarded, cancelled, failed, fatal, corrupted). */
const SETTLED = ['finished', 'done', 'discarded', 'cancelled', 'failed', 'fatal', 'corrupted'];

/** JobSpec.notDiscardEvents(): the `de` special-handling tag keeps finished ranges of killed jobs. */
function notDiscardEvents(rec: JobRecord): boolean {
  return rec.specialHandling.split(',').includes('de');
}

function cancel(store: EsKillStore, rec: JobRecord, now: number, diag: string, extra: Partial<JobRecord> = {}): void {
  Object.assign(rec, { commandToPilot: 'tobekilled', taskBufferErrorDiag: diag, ...extra });
  rec.endTime ??= now;
  store.setStatus(rec, 'cancelled', now);
  store.archive(rec);
}

/**
 * panda-server's killJob for an event-service job (DBProxy.killJob with eventService set, then
 * killEventServiceConsumers and killUnusedEventRanges): the job leaves the active table at once
 * as `cancelled` — its pilot's later range updates and final update are refused with tobekilled —
 * and no retry consumer or merge job follows. Ranges it never handed out are cancelled (unless
 * notDiscardEvents); the ranges it holds stay as they are. Every other active consumer of the
 * jobset is cancelled too (jobSubStatus es_killed, taskBufferErrorCode 120
 * EC_EventServiceKillOK); their finished ranges are discarded (unless notDiscardEvents) and the
 * rest not yet settled are cancelled. Returns the consumers killed with it.
 */
export function killEsJob(store: EsKillStore, rec: JobRecord, now: number, diag: string): number[] {
  const keep = notDiscardEvents(rec);
  cancel(store, rec, now, diag);
  if (!keep) for (const r of rec.eventRanges) if (r.status === 'ready') r.status = 'cancelled';
  const killed: number[] = [];
  for (const j of store.jobs.values()) {
    if (j === rec || !j.active || !isEsJob(j) || j.jediTaskID !== rec.jediTaskID || j.spec.jobsetID !== rec.spec.jobsetID) continue;
    cancel(store, j, now, `killed since an associated consumer PandaID=${rec.PandaID} was killed`, { jobSubStatus: 'es_killed', taskBufferErrorCode: 120 });
    for (const r of j.eventRanges) {
      if ((r.status === 'finished' || r.status === 'done') && !keep) r.status = 'discarded';
      else if (!SETTLED.includes(r.status)) r.status = 'cancelled';
    }
    killed.push(j.PandaID);
  }
  return killed;
}
