/**
 * Job definitions: the friendly JSON a test or a demo writes, validated with zod and turned into
 * the server-side {@link JobRecord} (files and JobSpec fields) from which `describe.ts` builds the
 * description exactly as panda-server's appendJob does. A definition with `raw` bypasses all of
 * that and is handed out verbatim (to test the pilot against malformed descriptions).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventRangeRecord, FileRecord, JobRecord, QueueDefinition } from './types.js';
import { queueDefaultDdm, queueResource, schedconfigFor } from './queuedata.js';

const inFile = z
  .object({
    lfn: z.string().min(1),
    scope: z.string().default('demo'),
    size: z.union([z.number().int().nonnegative(), z.string()]).optional(),
    fsize: z.union([z.number().int().nonnegative(), z.string()]).optional(),
    checksum: z.string().optional(),
    guid: z.string().optional(),
    ddm: z.string().optional(),
    dataset: z.string().optional(),
    prodDBlockToken: z.string().optional(),
    dispatchDBlock: z.string().optional(),
    dispatchDBlockToken: z.string().optional(),
  })
  .strict();

const outFile = z
  .object({
    lfn: z.string().min(1),
    scope: z.string().default('demo'),
    ddm: z.string().optional(),
    dataset: z.string().optional(),
    destinationDblock: z.string().optional(),
    destinationDBlockToken: z.string().optional(),
    destinationSE: z.string().optional(),
    guid: z.string().optional(),
    allowNoOutput: z.boolean().optional(),
  })
  .strict();

const eventRange = z.object({ startEvent: z.number().int(), lastEvent: z.number().int(), LFN: z.string(), GUID: z.string().optional(), scope: z.string().optional() }).strict();

/** Schema of a friendly job definition (see README of the emulator in the report). */
export const JobDefinitionSchema = z
  .object({
    queue: z.string().min(1),
    count: z.number().int().positive().max(10000).default(1),
    PandaID: z.number().int().positive().optional(),
    jobStatus: z.enum(['activated', 'defined']).default('activated'),
    prodSourceLabel: z.string().default('managed'),
    transformation: z.string().default(''),
    jobPars: z.string().default(''),
    jobName: z.string().optional(),
    attemptNr: z.number().int().nonnegative().default(1),
    /** When the job fails, retry it (new PandaID, attemptNr + 1) up to this attempt number. */
    maxAttempts: z.number().int().nonnegative().optional(),
    taskID: z.number().int().nonnegative().default(0),
    jobsetID: z.number().int().nonnegative().default(0),
    jobDefinitionID: z.number().int().nonnegative().default(0),
    reqID: z.number().int().nonnegative().optional(),
    currentPriority: z.number().int().default(1000),
    coreCount: z.number().int().nonnegative().nullable().default(1),
    minRamCount: z.number().int().nonnegative().default(0),
    maxDiskCount: z.number().int().nonnegative().default(0),
    maxCpuCount: z.number().int().nonnegative().default(0),
    maxWalltime: z.number().int().nonnegative().nullable().default(null),
    resource_type: z.string().default('SCORE'),
    swRelease: z.string().default('NULL'),
    homepackage: z.string().default('NULL'),
    cmtConfig: z.string().default('NULL'),
    processingType: z.string().default('panda-emulator'),
    transferType: z.string().default('NULL'),
    prodUserID: z.string().default('/CN=panda-emulator'),
    cloud: z.string().default('LOCAL'),
    nucleus: z.string().default(''),
    container_name: z.string().optional(),
    specialHandling: z.string().default(''),
    debug: z.boolean().optional(),
    inFiles: z.array(inFile).default([]),
    outFiles: z.array(outFile).default([]),
    logFile: outFile.partial({ lfn: true }).nullable().optional(),
    eventRanges: z.array(eventRange).optional(),
    /** Event service: attempts per range (default 3). */
    esMaxRangeAttempts: z.number().int().positive().optional(),
    /** Event service: the merge job created when all ranges are done (trf served from trfDir). */
    esMerge: z.object({ transformation: z.string().min(1), jobPars: z.string().default(''), listName: z.string().optional() }).strict().optional(),
    fields: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

const RawDefinitionSchema = z
  .object({
    queue: z.string().min(1),
    raw: z.record(z.string(), z.unknown()),
    prodSourceLabel: z.string().optional(),
    jobStatus: z.enum(['activated', 'defined']).default('activated'),
  })
  .strict();

/** A friendly definition as written (before defaults). */
export type JobDefinitionInput = z.input<typeof JobDefinitionSchema> | z.input<typeof RawDefinitionSchema>;

/** Raised for an invalid definition, with every problem in one message. */
export class JobDefinitionError extends Error {}

function parseDef<T>(schema: z.ZodType<T>, def: unknown, where: string): T {
  const r = schema.safeParse(def);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new JobDefinitionError(`invalid job definition ${where}: ${issues}`);
  }
  return r.data;
}

/** What the store provides while building records. */
export interface BuildContext {
  queues: Record<string, QueueDefinition>;
  nextPandaID: () => number;
  now: number;
}

/**
 * What a job's next attempt (JEDI's retry, an event-service consumer) keeps of the job: its
 * identity in the task, its spec and the description fields the definition set.
 */
export function inheritedFields(rec: JobRecord): Pick<JobRecord, 'prodSourceLabel' | 'currentPriority' | 'resource_type' | 'jediTaskID' | 'prodUserID' | 'processingType' | 'specialHandling' | 'spec' | 'trfName' | 'fieldOverrides' | 'retryOf'> {
  return {
    prodSourceLabel: rec.prodSourceLabel,
    currentPriority: rec.currentPriority,
    resource_type: rec.resource_type,
    jediTaskID: rec.jediTaskID,
    prodUserID: rec.prodUserID,
    processingType: rec.processingType,
    specialHandling: rec.specialHandling,
    spec: { ...rec.spec },
    trfName: rec.trfName,
    fieldOverrides: { ...rec.fieldOverrides },
    retryOf: rec.PandaID,
  };
}

/** A fresh job record with server defaults (no files, no spec). */
export function baseRecord(pandaID: number, queue: string, site: string, now: number, status: string): JobRecord {
  return {
    PandaID: pandaID,
    jobStatus: status,
    active: status !== 'defined',
    queue,
    computingSite: site,
    prodSourceLabel: 'managed',
    attemptNr: 1,
    currentPriority: 1000,
    minRamCount: 0,
    maxDiskCount: 0,
    maxWalltime: null,
    resource_type: 'SCORE',
    jediTaskID: 0,
    prodUserID: '',
    processingType: '',
    specialHandling: '',
    commandToPilot: null,
    spec: {},
    files: [],
    fieldOverrides: {},
    creationTime: now,
    modificationTime: now,
    stateChangeTime: now,
    startTime: null,
    endTime: null,
    lastHeartbeat: null,
    modificationHost: '',
    reported: {},
    jobDispatcherErrorCode: 0,
    jobDispatcherErrorDiag: '',
    ddmErrorCode: 0,
    ddmErrorDiag: '',
    xml: '',
    metaData: '',
    stdout: '',
    pilotLog: '',
    updates: [],
    history: [{ time: now, status }],
    eventRanges: [],
  };
}

function queueDef(ctx: BuildContext, queue: string): QueueDefinition {
  const def = ctx.queues[queue];
  if (!def) throw new JobDefinitionError(`invalid job definition: unknown queue '${queue}' (defined: ${Object.keys(ctx.queues).join(', ') || 'none'})`);
  return schedconfigFor(queue, def);
}

/** Turn one definition (friendly or raw) into job records; `count` makes copies with new IDs. */
export function buildJobRecords(def: unknown, ctx: BuildContext, where = ''): JobRecord[] {
  if (def && typeof def === 'object' && 'raw' in def) return [buildRawRecord(parseDef(RawDefinitionSchema, def, where), ctx)];
  const d = parseDef(JobDefinitionSchema, def, where);
  const qdef = queueDef(ctx, d.queue);
  if (d.PandaID !== undefined && d.count > 1) throw new JobDefinitionError(`invalid job definition ${where}: PandaID and count > 1 exclude each other`);
  const out: JobRecord[] = [];
  for (let i = 0; i < d.count; i++) out.push(buildFriendlyRecord(d, d.PandaID ?? ctx.nextPandaID(), qdef, ctx.now));
  return out;
}

function buildRawRecord(d: z.output<typeof RawDefinitionSchema>, ctx: BuildContext): JobRecord {
  const qdef = queueDef(ctx, d.queue);
  const idText = d.raw.PandaID;
  const parsed = typeof idText === 'number' ? idText : typeof idText === 'string' && /^\d+$/.test(idText) ? Number(idText) : NaN;
  const id = Number.isSafeInteger(parsed) && parsed > 0 ? parsed : ctx.nextPandaID();
  const rec = baseRecord(id, d.queue, queueResource(d.queue, qdef), ctx.now, d.jobStatus);
  rec.raw = d.raw;
  const label = d.prodSourceLabel ?? d.raw.prodSourceLabel;
  rec.prodSourceLabel = typeof label === 'string' ? label : 'managed';
  const att = Number(d.raw.attemptNr);
  rec.attemptNr = Number.isInteger(att) ? att : 0;
  // the task the description names: a getJob for a task (taskID) finds it, as in panda-server
  const task = Number(d.raw.taskID ?? d.raw.jediTaskID);
  if (Number.isSafeInteger(task) && task > 0) rec.jediTaskID = task;
  return rec;
}

function buildFriendlyRecord(d: z.output<typeof JobDefinitionSchema>, id: number, qdef: QueueDefinition, now: number): JobRecord {
  const site = queueResource(d.queue, qdef);
  const rec = baseRecord(id, d.queue, site, now, d.jobStatus);
  rec.prodSourceLabel = d.prodSourceLabel;
  rec.attemptNr = d.attemptNr;
  if (d.maxAttempts !== undefined) rec.maxAttempts = d.maxAttempts;
  rec.currentPriority = d.currentPriority;
  rec.minRamCount = d.minRamCount;
  rec.maxDiskCount = d.maxDiskCount;
  rec.maxWalltime = d.maxWalltime;
  rec.resource_type = d.resource_type;
  rec.jediTaskID = d.taskID;
  rec.prodUserID = d.prodUserID;
  rec.processingType = d.processingType;
  rec.specialHandling = d.specialHandling;
  if (d.debug) rec.specialHandling = addTag(rec.specialHandling, 'dm');
  rec.fieldOverrides = d.fields;
  // a bare name is a script in trfDir, served by this emulator (the pilot downloads analysis trfs)
  if (d.transformation && !d.transformation.includes('/')) rec.trfName = d.transformation;
  const ddmIn = queueDefaultDdm(qdef, ['pr', 'read_lan', 'pw']);
  const ddmOut = queueDefaultDdm(qdef, ['pw', 'write_lan', 'pr']);
  const ddmLog = queueDefaultDdm(qdef, ['pl', 'pw', 'write_lan']) || ddmOut;
  const task = d.taskID || id;
  const dsIn = `panda.${task}.input`;
  const dsOut = `panda.${task}.output`;
  rec.spec = {
    swRelease: d.swRelease,
    homepackage: d.homepackage,
    transformation: d.transformation,
    jobName: d.jobName ?? `emulator.${task}.${id}.job`,
    jobDefinitionID: d.jobDefinitionID,
    cloud: d.cloud,
    jobPars: d.jobPars,
    destinationSE: site,
    maxCpuCount: d.maxCpuCount,
    cmtConfig: d.cmtConfig,
    transferType: d.transferType,
    sourceSite: 'NULL',
    taskID: d.taskID,
    coreCount: d.coreCount,
    jobsetID: d.jobsetID,
    reqID: d.reqID ?? d.taskID,
    nucleus: d.nucleus,
    container_name: d.container_name ?? null,
  };
  for (const f of d.inFiles) {
    rec.files.push({
      type: 'input',
      lfn: f.lfn,
      scope: f.scope,
      dataset: f.dataset ?? `${f.scope}:${dsIn}`,
      GUID: f.guid ?? randomUUID(),
      fsize: f.fsize ?? f.size ?? 0,
      checksum: f.checksum ?? '', // unknown: empty (the pilot then has nothing to verify against)
      dispatchDBlock: f.dispatchDBlock ?? `panda.${task}.disp`,
      dispatchDBlockToken: f.dispatchDBlockToken ?? 'NULL',
      prodDBlock: f.dataset ?? `${f.scope}:${dsIn}`,
      prodDBlockToken: f.prodDBlockToken ?? 'NULL',
      destinationDBlock: 'NULL',
      destinationDBlockToken: 'NULL',
      destinationSE: site,
      ddmEndpoint: f.ddm ?? ddmIn,
    });
  }
  const outRecord = (f: z.output<typeof outFile> | Partial<z.output<typeof outFile>>, type: 'output' | 'log', lfn: string): FileRecord => {
    const ds = f.dataset ?? (type === 'log' ? `${dsOut.replace('.output', '.log')}` : dsOut);
    return {
      type,
      lfn,
      scope: f.scope ?? 'demo',
      dataset: ds,
      GUID: f.guid ?? (type === 'log' ? randomUUID() : 'NULL'),
      fsize: 0,
      checksum: 'NULL',
      dispatchDBlock: 'NULL',
      dispatchDBlockToken: 'NULL',
      prodDBlock: 'NULL',
      prodDBlockToken: 'NULL',
      destinationDBlock: f.destinationDblock ?? `${ds}_sub0`,
      destinationDBlockToken: f.destinationDBlockToken ?? `dst:${type === 'log' ? ddmLog : ddmOut}`,
      destinationSE: f.destinationSE ?? site,
      ddmEndpoint: f.ddm ?? (type === 'log' ? ddmLog : ddmOut),
      allowNoOutput: 'allowNoOutput' in f ? f.allowNoOutput : undefined,
    };
  };
  for (const f of d.outFiles) rec.files.push(outRecord(f, 'output', f.lfn));
  if (d.logFile !== null) {
    const lf: Partial<z.output<typeof outFile>> = d.logFile ?? {};
    rec.files.push(outRecord(lf, 'log', lf.lfn ?? `log.${task}._${String(id).padStart(6, '0')}.job.log.tgz.${d.attemptNr}`));
  }
  if (d.eventRanges) rec.eventRanges = d.eventRanges.map((r, i) => eventRangeRecord(rec, r, i));
  if (d.esMaxRangeAttempts !== undefined) rec.esMaxRangeAttempts = d.esMaxRangeAttempts;
  if (d.esMerge) rec.esMerge = d.esMerge;
  return rec;
}

function eventRangeRecord(rec: JobRecord, r: z.output<typeof eventRange>, i: number): EventRangeRecord {
  const file = rec.files.find((f) => f.type === 'input' && f.lfn === r.LFN);
  return {
    eventRangeID: `${rec.jediTaskID}-${rec.PandaID}-${i + 1}-${i + 1}-${rec.attemptNr}`,
    startEvent: r.startEvent,
    lastEvent: r.lastEvent,
    LFN: r.LFN,
    GUID: r.GUID ?? file?.GUID ?? randomUUID(),
    scope: r.scope ?? file?.scope ?? 'demo',
    status: 'ready',
    updates: [],
  };
}

/** Add a special-handling tag (comma list) once. */
export function addTag(sh: string, tag: string): string {
  const tags = sh ? sh.split(',') : [];
  return tags.includes(tag) ? sh : [...tags, tag].join(',');
}

/** Remove a special-handling tag. */
export function removeTag(sh: string, tag: string): string {
  return (sh ? sh.split(',') : []).filter((t) => t && t !== tag).join(',');
}

/** True when the job is in debug mode (tag `dm` or literal `debug`, JobSpec.is_debug_mode). */
export function isDebugMode(rec: JobRecord): boolean {
  const tags = rec.specialHandling ? rec.specialHandling.split(',') : [];
  return tags.includes('dm') || tags.includes('debug');
}
