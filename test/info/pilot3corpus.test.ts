// Our job parser against Pilot 3's own, over the job-description corpus: every attribute of every
// description must be what Pilot 3's JobData/FileSpec made of it (test/fixtures/jobdefs, recorded by
// scripts/record-pilot3 from Pilot 3 itself; see README "Job-description corpus").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCodes } from '../../src/common/errors.js';
import { PilotError } from '../../src/common/errors.js';
import { parseJobDescription, QueueData, type JobData } from '../../src/info/index.js';
import { shlexSplit } from '../../src/info/jobparams.js';
import type { FileSpec } from '../../src/info/filespec.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const fixtures = path.join(root, 'test/fixtures/jobdefs');

interface Entry {
  name: string;
  /** Environment of the parse (ATHENA_PROC_NUMBER, PILOT_LOGFILE, IMAGE_BASE), none by default. */
  env?: Record<string, string>;
  desc: Record<string, unknown>;
}
interface Recording {
  name: string;
  ok: boolean;
  job?: Record<string, unknown>;
  methods?: Record<string, unknown>;
  indata?: Record<string, unknown>[];
  outdata?: Record<string, unknown>[];
  logdata?: Record<string, unknown>[];
  exception?: { type: string; message: string; stage: string; where: string };
}

const jsonl = <T>(text: string): T[] => text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
const corpus = (set: string) => jsonl<Entry>(readFileSync(path.join(fixtures, `${set}.jsonl`), 'utf8'));
const recordings = (set: string) => jsonl<Recording>(gunzipSync(readFileSync(path.join(fixtures, `pilot3-${set}.jsonl.gz`))).toString('utf8'));

/** The queue scripts/record-pilot3.py gives the job's InfoService (QUEUE there). */
const QUEUE = new QueueData({ name: 'CORPUS_QUEUE', allow_lan: true, allow_wan: false, direct_access_lan: true, direct_access_wan: false, catchall: 'allow_wan_for_lib other=1' });

/**
 * Pilot 3 attribute name → ours, where they differ (none today: JobData and FileSpec use Pilot 3's
 * names; kept as the one place to map them should one ever change).
 */
const JOB_NAMES: Record<string, string> = {};
const FILE_NAMES: Record<string, string> = {};

/** Attributes Pilot 3 types as int: a Python bool there is an int (True == 1), which ours holds as the number. */
const INT_ATTRS = new Set(['corecount', 'attemptnr', 'maxcpucount', 'maxwalltime', 'minramcount', 'requestid', 'filesize', 'mtime', 'status_code']);
const GENERATED_GUID = '<generated: get_guid(), upper-case uuid4>';
const UPPER_UUID4 = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

/**
 * Documented value mappings (README "Job-description corpus"); everything else must be equal:
 * - jobparams: the same shell words (Pilot 3 re-quotes them with shlex.quote, we keep the
 *   server's quoting: a deliberate difference); the exact text when Python's shlex cannot split it;
 * - taskid: Pilot 3's None (no taskID in the description) is our '';
 * - checksum: Pilot 3 stores the words NULL/None as a checksum, we store none (deliberate);
 * - the GUID Pilot 3 generates for a build job's lib archive: random, compared by its form.
 */
function sameValue(attr: string, p3: unknown, ours: unknown): boolean {
  if (INT_ATTRS.has(attr) && typeof p3 === 'boolean') p3 = Number(p3);
  if (attr === 'jobparams' && typeof p3 === 'string' && typeof ours === 'string') {
    const a = shlexSplit(p3);
    const b = shlexSplit(ours);
    return a && b ? JSON.stringify(a.map((w) => w.value)) === JSON.stringify(b.map((w) => w.value)) : p3 === ours;
  }
  if (attr === 'taskid' && p3 === null) return ours === '';
  if (attr === 'guid' && p3 === GENERATED_GUID) return typeof ours === 'string' && UPPER_UUID4.test(ours);
  if (attr === 'checksum' && p3 && typeof p3 === 'object') {
    const vals = Object.values(p3 as Record<string, string>);
    if (vals.length === 1 && ['null', 'none'].includes(vals[0]!.trim().toLowerCase())) return JSON.stringify(ours) === '{}';
  }
  return canonical(p3) === canonical(ours ?? null);
}

/** JSON with sorted keys: dicts compare by content (Python's and ours keep insertion order, which carries no meaning). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

type Parsed = { job: JobData } | { error: PilotError | Error };

function parseOurs(desc: Record<string, unknown>, env: Record<string, string> = {}): Parsed {
  try {
    return { job: parseJobDescription(structuredClone(desc), { env: { ...env }, queuedata: QUEUE }) };
  } catch (e) {
    return { error: e as Error };
  }
}

const show = (v: unknown) => (JSON.stringify(v) ?? 'undefined').slice(0, 160);

/** The differences between our parse and Pilot 3's recording of one description ([] when identical). */
function differences(rec: Recording, ours: Parsed): string[] {
  if (!rec.ok) {
    if ('job' in ours) return [`Pilot 3 raises ${rec.exception!.type} (${rec.exception!.where}: ${rec.exception!.message.slice(0, 100)}), ours parses it`];
    const code = ours.error instanceof PilotError ? ours.error.code : undefined;
    if (code !== ErrorCodes.UNKNOWNEXCEPTION) return [`Pilot 3 raises ${rec.exception!.type}, ours fails with ${code ?? ours.error.message} instead of UNKNOWNEXCEPTION (1301)`];
    // the same Python exception type; literal_eval's SyntaxError and ValueError count as one (we do not parse Python expressions)
    const type = /\((\w+): /.exec(ours.error.message)?.[1];
    const cls = (t: string | undefined) => (t === 'SyntaxError' ? 'ValueError' : t);
    return cls(type) === cls(rec.exception!.type) ? [] : [`Pilot 3 raises ${rec.exception!.type} (${rec.exception!.message.slice(0, 100)}), ours ${type}: ${ours.error.message.slice(0, 150)}`];
  }
  if ('error' in ours) return [`Pilot 3 parses it, ours throws: ${ours.error instanceof PilotError ? ours.error.code : ''} ${ours.error.message.slice(0, 200)}`];
  const out: string[] = [];
  const job = ours.job as unknown as Record<string, unknown>;
  for (const [attr, p3] of Object.entries(rec.job!)) {
    const mine = job[JOB_NAMES[attr] ?? attr];
    if (!sameValue(attr, p3, mine)) out.push(`job.${attr}: Pilot 3 ${show(p3)}, ours ${show(mine)}`);
  }
  for (const [m, p3] of Object.entries(rec.methods!)) {
    const mine = (job[m] as () => unknown).call(ours.job);
    if (!sameValue(m, p3, mine)) out.push(`job.${m}(): Pilot 3 ${show(p3)}, ours ${show(mine)}`);
  }
  for (const list of ['indata', 'outdata', 'logdata'] as const) {
    const p3 = rec[list]!;
    const mine = ours.job[list] as FileSpec[];
    if (p3.length !== mine.length) {
      out.push(`${list}: Pilot 3 has ${p3.length} files (${show(p3.map((f) => f.lfn))}), ours ${mine.length} (${show(mine.map((f) => f.lfn))})`);
      continue;
    }
    p3.forEach((f, i) => {
      const g = mine[i] as unknown as Record<string, unknown>;
      for (const [attr, v] of Object.entries(f)) {
        const name = FILE_NAMES[attr] ?? attr;
        if (!sameValue(attr, v, g[name])) out.push(`${list}[${i}].${attr}: Pilot 3 ${show(v)}, ours ${show(g[name])}`);
      }
    });
  }
  return out;
}

function compareSet(set: string): { total: number; same: number; report: string[] } {
  const entries = corpus(set);
  const recs = new Map(recordings(set).map((r) => [r.name, r]));
  assert.equal(recs.size, entries.length, `every ${set} description has a Pilot 3 recording (re-run scripts/record-pilot3)`);
  let same = 0;
  const report: string[] = [];
  for (const e of entries) {
    const rec = recs.get(e.name);
    assert.ok(rec, `recording for ${e.name}`);
    const diffs = differences(rec, parseOurs(e.desc, e.env));
    if (diffs.length === 0) same++;
    else report.push(`${e.name}:\n    ${diffs.slice(0, 6).join('\n    ')}`);
  }
  return { total: entries.length, same, report };
}

test('job-description corpus: every description parses as Pilot 3 parses it', () => {
  const { total, same, report } = compareSet('corpus');
  console.log(`${same}/${total} descriptions identical to Pilot 3`);
  assert.ok(total >= 500, `corpus has ${total} descriptions`);
  if (process.env.CORPUS_REPORT) writeFileSync(process.env.CORPUS_REPORT, report.join('\n'));
  assert.equal(report.length, 0, `${report.length} descriptions differ from Pilot 3; the first ones:\n  ${report.slice(0, 15).join('\n  ')}`);
});

test('job-description corpus: names our safety policy rejects (deliberate difference), else as Pilot 3', () => {
  const entries = corpus('security');
  const recs = new Map(recordings('security').map((r) => [r.name, r]));
  assert.equal(recs.size, entries.length, 'every security description has a Pilot 3 recording (re-run scripts/record-pilot3)');
  const SAFETY = new Set<number>([ErrorCodes.STAGEINFAILED, ErrorCodes.BADOUTPUTFILENAME, ErrorCodes.CONVERSIONFAILURE]);
  let rejected = 0;
  let identical = 0;
  const wrong: string[] = [];
  for (const e of entries) {
    const rec = recs.get(e.name)!;
    const ours = parseOurs(e.desc, e.env);
    if ('error' in ours && ours.error instanceof PilotError && SAFETY.has(ours.error.code) && /unsafe|cannot name a work directory/.test(ours.error.message)) rejected++;
    else if (differences(rec, ours).length === 0) identical++;
    else wrong.push(`${e.name}: ${differences(rec, ours).slice(0, 3).join('; ')}`);
  }
  console.log(`${entries.length} descriptions with names outside our path-safety policy: ${rejected} rejected deliberately, ${identical} identical to Pilot 3 (Pilot 3 accepts ${[...recs.values()].filter((r) => r.ok).length})`);
  assert.ok(rejected > 0);
  assert.deepEqual(wrong, []);
});
