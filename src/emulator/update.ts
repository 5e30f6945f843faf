/**
 * updateJob as panda-server processes it (JobDispatcher.updateJob + DBProxy.updateJobStatus,
 * spec §6.6): parameter mapping with the server's truncations and conversions, final states
 * stored as `holding` for the Adder, the transition rules (alreadydone, starting after running,
 * no way back from holding), lookup by PandaID *and* attemptNr, and the command answer
 * (`debug,` prefix, commandToPilot, `tobekilled` for unknown/archived jobs).
 */
import type { HandlerContext, HandlerResult } from './handlers.js';
import { HandlerError, pyInt } from './handlers.js';
import { isDebugMode } from './jobdef.js';
import type { Params } from './request.js';
import { pyDate } from './store.js';
import type { JobRecord } from './types.js';

const STATES = ['running', 'failed', 'finished', 'holding', 'starting', 'transferring'];

function pyType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'dict' : typeof v;
}

/** `value[:n]` in Python: strings (and lists) slice, anything else is a TypeError (HTTP 500). */
function slice(v: unknown, n: number): unknown {
  if (typeof v === 'string') return v.slice(0, n);
  if (Array.isArray(v)) return v.slice(0, n);
  throw new HandlerError(`'${pyType(v)}' object is not subscriptable`);
}

/** Python int(float(v)). */
function intFloat(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new HandlerError(`could not convert string to float: '${String(v)}'`);
  return Math.trunc(n);
}

function intParsable(v: unknown): boolean {
  try {
    pyInt(v);
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD HH:MM:SS' → ms (UTC), else undefined (the server ignores other formats). */
function parseDbTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return undefined;
  const t = Date.parse(v.replace(' ', 'T') + 'Z');
  return Number.isNaN(t) ? undefined : t;
}

/** Build the server's `param` map from the request (JobDispatcher.updateJob). */
function paramMap(p: Params): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== undefined && v !== null) m[k] = v;
  };
  if (p.cpuConsumptionTime !== undefined && p.cpuConsumptionTime !== null && p.cpuConsumptionTime !== '') m.cpuConsumptionTime = p.cpuConsumptionTime;
  set('cpuConsumptionUnit', p.cpuConsumptionUnit);
  if (p.cpu_architecture_level) m.cpu_architecture_level = typeof p.cpu_architecture_level === 'string' ? p.cpu_architecture_level.slice(0, 20) : p.cpu_architecture_level;
  if (p.node !== undefined && p.node !== null) m.modificationHost = slice(p.node, 128);
  if (p.transExitCode !== undefined && p.transExitCode !== null && intParsable(p.transExitCode)) m.transExitCode = p.transExitCode;
  if (p.pilotErrorCode !== undefined && p.pilotErrorCode !== null && intParsable(p.pilotErrorCode)) m.pilotErrorCode = p.pilotErrorCode;
  if (p.pilotErrorDiag !== undefined && p.pilotErrorDiag !== null) m.pilotErrorDiag = slice(p.pilotErrorDiag, 500);
  if (p.jobMetrics !== undefined && p.jobMetrics !== null) m.jobMetrics = slice(p.jobMetrics, 500);
  set('schedulerID', p.schedulerID);
  if (p.pilotID !== undefined && p.pilotID !== null) m.pilotID = slice(p.pilotID, 200);
  if (p.batchID !== undefined && p.batchID !== null) m.batchID = slice(p.batchID, 80);
  set('exeErrorCode', p.exeErrorCode);
  if (p.exeErrorDiag !== undefined && p.exeErrorDiag !== null) m.exeErrorDiag = slice(p.exeErrorDiag, 500);
  set('cpuConversion', p.cpuConversionFactor);
  set('pilotTiming', p.pilotTiming);
  set('nEvents', p.nEvents);
  set('nInputFiles', p.nInputFiles);
  if (p.jobSubStatus !== undefined && p.jobSubStatus !== null && p.jobSubStatus !== '') m.jobSubStatus = p.jobSubStatus;
  if (p.coreCount !== undefined && p.coreCount !== null && p.coreCount !== '') m.actualCoreCount = p.coreCount;
  if (p.meanCoreCount) {
    const f = Number(p.meanCoreCount);
    if (Number.isFinite(f)) m.meanCoreCount = f;
  }
  set('grid', p.grid);
  set('sourceSite', p.source_site);
  set('destinationSite', p.destination_site);
  for (const k of ['maxRSS', 'maxVMEM', 'maxSWAP', 'maxPSS']) set(k, p[k]);
  for (const k of ['avgRSS', 'avgVMEM', 'avgSWAP', 'avgPSS']) if (p[k] !== undefined && p[k] !== null) m[k] = intFloat(p[k]);
  for (const k of ['totRCHAR', 'totWCHAR', 'totRBYTES', 'totWBYTES']) if (p[k] !== undefined && p[k] !== null) m[k] = Math.min(10 ** 10 - 1, pyInt(p[k]) / 1024);
  for (const k of ['rateRCHAR', 'rateWCHAR', 'rateRBYTES', 'rateWBYTES']) if (p[k] !== undefined && p[k] !== null) m[k] = Math.min(10 ** 10 - 1, intFloat(p[k]));
  const st = parseDbTime(p.startTime);
  if (st !== undefined) m.startTime = st;
  const et = parseDbTime(p.endTime);
  if (et !== undefined) m.endTime = et;
  set('corruptedFiles', p.corruptedFiles);
  return m;
}

/** The updateJob handler. */
export function applyUpdate(p: Params, ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  const state = p.state;
  if (p.jobId === 'NULL') return { type: 'dict', data: { StatusCode: 0 } };
  if (typeof state !== 'string' || !STATES.includes(state)) return { type: 'dict', data: { StatusCode: 0 } };
  const param = paramMap(p);
  let attemptNr: number | null = null;
  if (p.attemptNr !== undefined && p.attemptNr !== null) {
    try {
      attemptNr = pyInt(p.attemptNr);
    } catch {
      attemptNr = null;
    }
  }
  const stdout = p.stdout !== undefined && p.stdout !== '' ? slice(p.stdout, 2048) : '';
  pyInt(p.timeout ?? 60);
  const pandaID = pyInt(p.jobId);
  const now = store.now();
  const rec = store.job(pandaID);
  const [command, found] = updateStatus(rec, state, param, attemptNr, now, ctx);
  const data: Record<string, unknown> = { StatusCode: 0, command };
  // TaskBuffer adds the pilot secrets to answers whose command mentions debug
  if (ctx.pilotSecrets && command.includes('debug')) data.pilotSecrets = ctx.pilotSecrets;
  if (rec && found) {
    if (typeof p.pilotLog === 'string' && p.pilotLog !== '') rec.pilotLog = p.pilotLog;
    if (typeof p.metaData === 'string' && p.metaData !== '') rec.metaData = p.metaData;
    if (typeof stdout === 'string' && stdout !== '') rec.stdout = stdout;
    if (!['badattemptnr', 'alreadydone'].includes(command) && (state === 'finished' || state === 'failed')) {
      rec.xml = typeof p.xml === 'string' ? p.xml : '';
      rec.finalPilotState = state;
    }
  }
  const entry = { time: now, params: { ...p }, encoding: ctx.encoding, response: data, jobStatus: rec?.jobStatus ?? 'notfound' };
  if (rec) rec.updates.push(entry);
  else store.orphanUpdates.push({ jobId: String(p.jobId), ...entry });
  if (rec) store.runDaemonsFor(rec);
  store.save();
  if (rec) store.emit('change', rec);
  return { type: 'dict', data };
}

/** DBProxy.updateJobStatus: the command string for the pilot, and whether the job row was found. */
function updateStatus(rec: JobRecord | undefined, pilotState: string, param: Record<string, unknown>, attemptNr: number | null, now: number, ctx: HandlerContext): [string, boolean] {
  if (!rec || !rec.active || rec.jobStatus === 'defined' || (attemptNr !== null && rec.attemptNr !== attemptNr)) return ['tobekilled', false];
  return [transition(rec, pilotState, param, now, ctx), true];
}

function transition(rec: JobRecord, pilotState: string, param: Record<string, unknown>, now: number, ctx: HandlerContext): string {
  let jobStatus = pilotState;
  let updateStateChange = false;
  if (pilotState === 'failed' || pilotState === 'finished') {
    jobStatus = 'holding';
    updateStateChange = true;
    param.jobDispatcherErrorDiag = null;
  } else if (pilotState === 'holding' || pilotState === 'transferring') {
    param.jobDispatcherErrorDiag = `set to ${pilotState} by the pilot at ${pyDate(now)}`;
  }
  let ret = '';
  if (isDebugMode(rec)) ret += 'debug,';
  if (rec.commandToPilot) ret += `${rec.commandToPilot},`;
  ret = ret.slice(0, -1) || 'NULL';
  const old = rec.jobStatus;
  const storedDiag = rec.jobDispatcherErrorDiag;
  if (old === 'failed' && ['holding', 'transferring', 'starting', 'running'].includes(jobStatus)) return 'alreadydone';
  if (old === 'transferring' && jobStatus === 'holding' && !storedDiag) return 'alreadydone';
  if (old === 'holding' && jobStatus === 'holding' && (!('jobDispatcherErrorDiag' in param) || param.jobDispatcherErrorDiag)) return ret;
  if (old === 'holding' && jobStatus === 'holding' && !storedDiag && 'jobDispatcherErrorDiag' in param && !param.jobDispatcherErrorDiag) return 'alreadydone';
  if (old === 'merging') return ret;
  if ((old === 'holding' || old === 'transferring') && (jobStatus === 'running' || jobStatus === 'starting')) return ret;
  const oldBatch = rec.reported.batchID;
  const newBatch = param.batchID;
  const numeric = /^\d+\.*\d+$/;
  if (typeof oldBatch === 'string' && oldBatch && typeof newBatch === 'string' && newBatch && oldBatch !== newBatch && !numeric.test(oldBatch) && !numeric.test(newBatch)) {
    rec.reported.supErrorDiag = `got an update request with invalid batchID=${newBatch.replace(/\n/g, '')}`;
    return 'tobekilled';
  }
  if (old === 'running' && jobStatus === 'starting') jobStatus = old;
  // "AND NOT jobStatus='holding'" in the UPDATE: holding never goes back to transferring
  if (jobStatus === 'transferring' && old === 'holding') return ret;
  for (const [k, v] of Object.entries(param)) {
    if (k === 'corruptedFiles') continue;
    if (k === 'jobDispatcherErrorDiag') {
      rec.jobDispatcherErrorDiag = (v as string | null) ?? '';
      continue;
    }
    if (k === 'modificationHost') rec.modificationHost = String(v);
    else if (k === 'startTime') rec.startTime = v as number;
    else if (k === 'endTime') rec.endTime = v as number;
    // a leading '-' of a string error code is dropped ("store positive error code even for pilot retry")
    else if (k === 'pilotErrorCode' && typeof v === 'string' && v.startsWith('-')) rec.reported[k] = v.slice(1);
    else rec.reported[k] = v;
    if (k === 'jobMetrics' && typeof v === 'string') {
      const leak = /leak=(-?\d+\.*\d+)/.exec(v);
      if (leak) rec.reported.memory_leak = Math.trunc(Number(leak[1]));
      const chi2 = /chi2=(-?\d+\.*\d+)/.exec(v);
      if (chi2) rec.reported.memory_leak_x2 = Math.min(Number(chi2[1]), 10 ** 11 - 1);
    }
  }
  if ((jobStatus === 'holding' || (jobStatus === 'transferring' && old === 'running')) && rec.endTime === null && !('endTime' in param)) rec.endTime = now;
  if ((old === 'sent' || old === 'starting') && jobStatus === 'running' && !('startTime' in param)) rec.startTime = now;
  if (updateStateChange && old === jobStatus) rec.stateChangeTime = now;
  ctx.store.setStatus(rec, jobStatus, now);
  rec.modificationTime = now;
  rec.lastHeartbeat = now;
  return ret;
}
