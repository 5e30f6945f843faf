/**
 * Event-service calls (spec §8): getEventRanges hands out a job's ready ranges in order while the
 * job is sent/starting/running and not being killed; updateEventRanges records range statuses
 * and answers with the version-dependent encoding quirk (version 0: JSON strings inside JSON).
 * A job out of the active table (a killed ES job is at once) gets false and tobekilled.
 */
import type { HandlerContext, HandlerResult } from './handlers.js';
import { pyInt } from './handlers.js';
import type { Params } from './request.js';
import type { EventRangeRecord, JobRecord } from './types.js';

/** getEventRanges(pandaID, jobsetID, taskID, nRanges, ...). */
export function getEventRanges(p: Params, ctx: HandlerContext): HandlerResult {
  pyInt(p.timeout ?? 60);
  if (p.segment_id !== undefined && p.segment_id !== null) pyInt(p.segment_id);
  const n = Math.max(0, Number.parseInt(String(p.nRanges ?? 10), 10) || 0);
  const rec = ctx.store.job(String(p.pandaID));
  const ranges: Record<string, unknown>[] = [];
  const killed = (rec?.commandToPilot ?? '').includes('tobekilled');
  if (rec && rec.active && ['sent', 'starting', 'running'].includes(rec.jobStatus) && !killed) {
    // ranges of a job only leave 'ready' (retries are new ranges of a new job): a cursor suffices
    let i = cursors.get(rec) ?? 0;
    for (; i < rec.eventRanges.length && ranges.length < n; i++) {
      const r = rec.eventRanges[i];
      if (r.status !== 'ready') continue;
      r.status = 'sent';
      ranges.push({ eventRangeID: r.eventRangeID, startEvent: r.startEvent, lastEvent: r.lastEvent, LFN: r.LFN, GUID: r.GUID, scope: r.scope });
    }
    cursors.set(rec, i);
    if (ranges.length) ctx.store.saveSoon();
  }
  return { type: 'dict', data: { StatusCode: 0, eventRanges: ctx.acceptJson ? ranges : JSON.stringify(ranges) } };
}

const FINAL = ['finished', 'failed', 'fatal'];

/** Per-job hand-out cursor and range index (derived, never persisted). */
const cursors = new WeakMap<JobRecord, number>();
const indexes = new WeakMap<JobRecord, Map<string, EventRangeRecord>>();

function findRange(ctx: HandlerContext, id: unknown): [JobRecord | undefined, EventRangeRecord | undefined] {
  if (typeof id !== 'string') return [undefined, undefined];
  const pandaID = id.split('-')[1];
  const rec = pandaID ? ctx.store.job(pandaID) : undefined;
  if (!rec) return [undefined, undefined];
  let index = indexes.get(rec);
  if (!index || index.size !== rec.eventRanges.length) {
    index = new Map(rec.eventRanges.map((r) => [r.eventRangeID, r]));
    indexes.set(rec, index);
  }
  return [rec, index.get(id)];
}

/** updateEventRanges(eventRanges, version, ...). */
export function updateEventRanges(p: Params, ctx: HandlerContext): HandlerResult {
  pyInt(p.timeout ?? 120);
  let version = 0;
  try {
    version = pyInt(p.version ?? 0);
  } catch {
    version = 0;
  }
  let items: unknown;
  try {
    items = JSON.parse(String(p.eventRanges));
  } catch {
    // the task buffer returns one JSON error string; the dispatcher indexes its first two characters
    return { type: 'dict', data: { StatusCode: 0, Returns: '"', Command: 'E' } };
  }
  const flat: Record<string, unknown>[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    if (item && typeof item === 'object' && Array.isArray((item as Record<string, unknown>).eventRanges)) {
      const group = item as Record<string, unknown>;
      for (const er of group.eventRanges as Record<string, unknown>[]) flat.push({ ...er, zipFile: group.zipFile, esOutput: group.esOutput });
    } else if (item && typeof item === 'object') flat.push(item as Record<string, unknown>);
  }
  const returns: (boolean | null)[] = [];
  const commands: Record<string, string | null> = {};
  for (const er of flat) {
    const [rec, range] = findRange(ctx, er.eventRangeID);
    const status = er.eventStatus;
    const idPart = typeof er.eventRangeID === 'string' ? er.eventRangeID.split('-')[1] ?? '' : '';
    // DBProxy.updateEventRanges: non-final statuses are skipped before the job is looked up
    if (status === 'running' || status === 'transferring') {
      if (range && rec?.active) range.updates.push({ ...er });
      returns.push(null);
      continue;
    }
    // a job no longer in the active table (archived, or cancelled by a kill) is told tobekilled
    if (!rec || !rec.active) {
      commands[rec ? String(rec.PandaID) : idPart] = 'tobekilled';
      returns.push(false);
      continue;
    }
    commands[String(rec.PandaID)] = rec.commandToPilot ?? null;
    const jobOk = ['sent', 'running', 'starting', 'transferring'].includes(rec.jobStatus);
    if (!range || !jobOk || typeof status !== 'string' || !FINAL.includes(status) || !['sent', 'running'].includes(range.status)) {
      returns.push(false);
      continue;
    }
    range.status = status;
    range.updates.push({ ...er, version });
    returns.push(true);
  }
  ctx.store.saveSoon();
  const data = version === 0 ? { StatusCode: 0, Returns: JSON.stringify(returns), Command: JSON.stringify(commands) } : { StatusCode: 0, Returns: returns, Command: commands };
  return { type: 'dict', data };
}
