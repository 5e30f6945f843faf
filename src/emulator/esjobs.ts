/**
 * What panda-server/JEDI do when an event-service job ends (DBProxy.ppEventServiceJob, reduced to
 * what a pilot can observe): finished ranges are done; failed ranges come back as new ranges with
 * the next attempt number until the task's attempts are used up; ranges the pilot never finished
 * (still ready/sent/running) are released from this job and handed to the retry; fatal ones are never
 * retried. When ranges remain, a new consumer job of the same jobset gets them; when none remain
 * and some were done, the merge job is created: its inputs are the outputs the pilot reported
 * (per-range objects, or zip files), listed for the payload with writeToFile.
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
