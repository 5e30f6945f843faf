/**
 * Differences between two normalised transcripts (Pilot 3's is the reference), per job and state,
 * and the deliberate ones: differences we keep on purpose, each with the reason it is better.
 */
import type { FieldValues, Transcript } from './normalise.js';

/** One difference. */
export interface Difference {
  /** e.g. "job 1 running", "getJob", "traces", "job 2 states". */
  where: string;
  field: string;
  kind: 'missing' | 'extra' | 'value';
  pilot3?: string[];
  ours?: string[];
  /** Set when the difference is deliberate: why ours is better. */
  deliberate?: string;
}

/** A difference we keep on purpose. */
export interface Deliberate {
  field: string;
  /** Restrict to these places (prefix match on `where`, e.g. "job", "traces"); default everywhere. */
  where?: string[];
  kind?: Difference['kind'];
  /** Only when Pilot 3's (normalised) values include this one. */
  pilot3Has?: string;
  reason: string;
}

function diffFields(where: string, ref: FieldValues, ours: FieldValues, out: Difference[]): void {
  for (const k of Object.keys(ref)) {
    if (!(k in ours)) out.push({ where, field: k, kind: 'missing', pilot3: ref[k] });
    else if (JSON.stringify(ref[k]) !== JSON.stringify(ours[k])) out.push({ where, field: k, kind: 'value', pilot3: ref[k], ours: ours[k] });
  }
  for (const k of Object.keys(ours)) if (!(k in ref)) out.push({ where, field: k, kind: 'extra', ours: ours[k] });
}

/** Every difference of `ours` from `ref`, deliberate ones marked with their reason. */
export function diffTranscripts(ref: Transcript, ours: Transcript, deliberate: Deliberate[] = []): Difference[] {
  const out: Difference[] = [];
  diffFields('getJob', ref.getJob, ours.getJob, out);
  // other calls (caches, transformation downloads, worker status): the same set
  const a = [...ref.calls].sort();
  const b = [...ours.calls].sort();
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ where: 'calls', field: 'methods', kind: 'value', pilot3: a, ours: b });
  // the order the server first saw each kind of request in (e.g. the worker-node map before getJob)
  else if (ref.order && ours.order && JSON.stringify(ref.order) !== JSON.stringify(ours.order)) {
    out.push({ where: 'requests', field: 'order', kind: 'value', pilot3: [ref.order.join(' < ')], ours: [ours.order.join(' < ')] });
  }
  if (Object.keys(ref.traces).length || Object.keys(ours.traces).length) diffFields('traces', ref.traces, ours.traces, out);
  const n = Math.max(ref.jobs.length, ours.jobs.length);
  for (let i = 0; i < n; i++) {
    const a = ref.jobs[i];
    const b = ours.jobs[i];
    const where = `job ${i + 1}`;
    if (!a || !b) {
      out.push({ where, field: '(job)', kind: a ? 'missing' : 'extra' });
      continue;
    }
    if (JSON.stringify(a.states) !== JSON.stringify(b.states)) out.push({ where: `${where} states`, field: 'state', kind: 'value', pilot3: a.states, ours: b.states });
    if (JSON.stringify(a.end) !== JSON.stringify(b.end)) out.push({ where: `${where} end`, field: 'jobStatus/pilotErrorCode', kind: 'value', pilot3: [JSON.stringify(a.end)], ours: [JSON.stringify(b.end)] });
    for (const state of new Set([...Object.keys(a.updates), ...Object.keys(b.updates)])) {
      diffFields(`${where} ${state}`, a.updates[state] ?? {}, b.updates[state] ?? {}, out);
    }
  }
  if (ref.commands || ours.commands) {
    const a = ref.commands ?? [];
    const b = ours.commands ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] === b[i]) continue;
      const field = `call ${i + 1}`;
      if (b[i] === undefined) out.push({ where: 'commands', field, kind: 'missing', pilot3: [a[i]] });
      else if (a[i] === undefined) out.push({ where: 'commands', field, kind: 'extra', ours: [b[i]] });
      else out.push({ where: 'commands', field, kind: 'value', pilot3: [a[i]], ours: [b[i]] });
    }
  }
  if ((ref.setupVerifications ?? 0) !== (ours.setupVerifications ?? 0)) out.push({ where: 'commands', field: 'setup verification', kind: ours.setupVerifications ? 'value' : 'missing', pilot3: [String(ref.setupVerifications ?? 0)], ours: [String(ours.setupVerifications ?? 0)] });
  if ((ref.prmonSetups ?? 0) !== (ours.prmonSetups ?? 0)) out.push({ where: 'commands', field: 'lsetup prmon', kind: ours.prmonSetups ? 'value' : 'missing', pilot3: [String(ref.prmonSetups ?? 0)], ours: [String(ours.prmonSetups ?? 0)] });
  if (ref.workerNode || ours.workerNode) diffFields('update_worker_node', ref.workerNode ?? {}, ours.workerNode ?? {}, out);
  if (ref.payloadEnv || ours.payloadEnv) diffFields('payload env', ref.payloadEnv ?? {}, ours.payloadEnv ?? {}, out);
  for (const d of out) {
    const hit = deliberate.find(
      (x) =>
        x.field === d.field &&
        (!x.kind || x.kind === d.kind) &&
        (!x.where || x.where.some((w) => d.where.startsWith(w))) &&
        (x.pilot3Has === undefined || (d.pilot3 ?? []).includes(x.pilot3Has)),
    );
    if (hit) d.deliberate = hit.reason;
  }
  return out;
}

/** A readable line for a difference. */
export function formatDifference(d: Difference): string {
  const vals = (v?: string[]) => (v ? v.map((s) => (s.length > 160 ? `${s.slice(0, 160)}…` : s)).join(' | ') : '');
  const body = d.kind === 'missing' ? `missing (Pilot 3: ${vals(d.pilot3)})` : d.kind === 'extra' ? `extra (ours: ${vals(d.ours)})` : `Pilot 3: ${vals(d.pilot3)}  ours: ${vals(d.ours)}`;
  return `${d.where}: ${d.field} ${body}${d.deliberate ? `  [deliberate: ${d.deliberate}]` : ''}`;
}
