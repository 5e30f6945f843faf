/**
 * Legacy dispatcher methods (`/server/panda/<method>`) and the two new-API pilot calls, with
 * panda-server's semantics (revision 6c50e954 of JobDispatcher.py / job_complex_module.py):
 * keyword signatures (an unknown or missing keyword is an HTTP 500), dispatch filters, the
 * updateJob state machine and the commands returned to the pilot.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describeJob } from './describe.js';
import { getEventRanges, updateEventRanges } from './events.js';
import { isDebugMode, addTag, removeTag } from './jobdef.js';
import { signatureError } from './pycodec.js';
import type { Params } from './request.js';
import type { EmulatorStore } from './store.js';
import type { JobRecord } from './types.js';
import { applyUpdate } from './update.js';

/** What a handler answers: a StatusCode dict (encoded per Accept unless forced) or plain text. */
export type HandlerResult =
  | { type: 'dict'; data: Record<string, unknown>; encoding?: 'json' | 'urlencoded' }
  | { type: 'text'; body: string };

/** Handler failure the real server turns into HTTP 500 with the exception text. */
export class HandlerError extends Error {}

/** Context of one call. */
export interface HandlerContext {
  store: EmulatorStore;
  acceptJson: boolean;
  /** 'json' for gzip-JSON bodies, 'form' otherwise. */
  encoding: 'json' | 'form';
  /** Base URL of this emulator (for trf URLs). */
  baseUrl: string;
  /** Server-side secrets and credentials (getProxy, getKeyPair, get_access_token). */
  credentials: EmulatorCredentials;
  /** The pilot secrets (added to getJob answers and to debug-mode updateJob answers). */
  pilotSecrets?: string;
  /** Simulate a caller without production/pilot role (VOMS FQAN checks fail). */
  noRole?: boolean;
}

const ROLE_MSG = 'no production/pilot role in VOMS FQANs or non pilot owner';

/** The answer of a production-only method to a caller without role (StatusCode 60). */
function roleDenied(ctx: HandlerContext): HandlerResult {
  return dict(ctx.acceptJson ? { StatusCode: 60, errorDialog: ROLE_MSG } : { StatusCode: 60 });
}

/** checkPilotPermission's refusal: a plain sentence, not a StatusCode answer. */
function pilotPermission(run: Handler): Handler {
  return (p, ctx) => (ctx.noRole ? { type: 'text', body: 'production or pilot role is required' } : run(p, ctx));
}

type Handler = (p: Params, ctx: HandlerContext) => HandlerResult;

interface MethodDef {
  required: string[];
  optional: string[];
  run: Handler;
}

/** Python's int() on a parameter value (JSON number or string), HandlerError when invalid. */
export function pyInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return Number(v.trim());
  throw new HandlerError(`invalid literal for int() with base 10: '${String(v)}'`);
}

function intOrZero(v: unknown, allowFloat: boolean): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || (!allowFloat && !Number.isInteger(n))) return 0;
  return Math.max(0, Math.trunc(n));
}

function dict(data: Record<string, unknown>, encoding?: 'json' | 'urlencoded'): HandlerResult {
  return { type: 'dict', data, encoding };
}

/** Labels a getJob label may receive (JobDispatcher / construct_where_clause). */
function labelMatches(requested: string | undefined, rec: { prodSourceLabel: string; processingType: string }): boolean {
  const l = rec.prodSourceLabel;
  if (requested === undefined || requested === 'managed') return ['managed', 'test', 'prod_test', 'install'].includes(l);
  if (requested === 'user') return ['user', 'panda', 'install'].includes(l);
  if (requested === 'test') return rec.processingType === 'gangarobot' || ['prod_test', 'install', 'test'].includes(l);
  if (requested === 'unified') return ['managed', 'test', 'prod_test', 'install', 'user', 'panda'].includes(l);
  return l === requested;
}

/** Dispatch order: highest currentPriority first, then the lowest PandaID. */
function dispatchOrder(a: JobRecord, b: JobRecord): number {
  return b.currentPriority - a.currentPriority || a.PandaID - b.PandaID;
}

/** The first `n` fitting jobs in dispatch order, in one pass (no sort of the whole table). */
function pickJobs(jobs: Iterable<JobRecord>, fits: (r: JobRecord) => boolean, n: number): JobRecord[] {
  const best: JobRecord[] = [];
  for (const r of jobs) {
    if (best.length === n && dispatchOrder(r, best[n - 1]) >= 0) continue;
    if (!fits(r)) continue;
    let i = best.length;
    while (i > 0 && dispatchOrder(r, best[i - 1]) < 0) i--;
    best.splice(i, 0, r);
    if (best.length > n) best.pop();
  }
  return best;
}

function getJob(p: Params, ctx: HandlerContext): HandlerResult {
  const { store } = ctx;
  if (ctx.noRole && p.prodSourceLabel !== 'user') return roleDenied(ctx);
  pyInt(p.timeout ?? 60);
  const siteName = String(p.siteName);
  const mem = intOrZero(p.mem, true);
  const disk = intOrZero(p.diskSpace, true);
  const remaining = p.remaining_time === undefined ? 0 : intOrZero(p.remaining_time, false);
  let label = typeof p.prodSourceLabel === 'string' ? p.prodSourceLabel : undefined;
  const inTest = Object.entries(store.queues).some(([n, q]) => (q.panda_resource ?? n) === siteName && q.status === 'test');
  if (inTest && label !== undefined && ['user', 'managed', 'unified'].includes(label)) label = 'test';
  const taskID = p.taskID !== undefined && p.taskID !== null && p.taskID !== 'NULL' ? String(p.taskID) : undefined;
  const nJobs = p.nJobs === undefined || p.nJobs === null ? undefined : Number(p.nJobs);
  const wanted = nJobs !== undefined && Number.isInteger(nJobs) && nJobs > 0 ? nJobs : 1;
  const fits = (r: JobRecord) =>
    r.active &&
    r.jobStatus === 'activated' &&
    r.computingSite === siteName &&
    (mem === 0 || r.minRamCount === 0 || r.minRamCount <= mem) &&
    (disk === 0 || r.maxDiskCount === 0 || r.maxDiskCount <= disk) &&
    (remaining === 0 || r.maxWalltime === null || r.maxWalltime <= remaining) &&
    (p.resourceType === undefined || r.resource_type === p.resourceType) &&
    (taskID === undefined || String(r.jediTaskID) === taskID) &&
    labelMatches(label, r);
  const candidates = pickJobs(store.active(), fits, wanted);
  if (candidates.length === 0) {
    return dict(ctx.acceptJson ? { StatusCode: 20, errorDialog: 'no jobs in PanDA' } : { StatusCode: 20 });
  }
  const now = store.now();
  const answers: Record<string, unknown>[] = [];
  for (const rec of candidates) {
    const nSent = store.sentCount(siteName);
    store.setStatus(rec, 'sent', now);
    rec.modificationHost = typeof p.node === 'string' ? p.node.slice(0, 128) : '';
    rec.modificationTime = now;
    rec.startTime = now;
    rec.dispatchRequest = { ...p };
    store.nSent++;
    const answer: Record<string, unknown> = { StatusCode: 0, ...describeJob(rec, { trfBaseUrl: `${ctx.baseUrl}/trf`, nSent }) };
    if (ctx.pilotSecrets && !rec.raw) answer.pilotSecrets = ctx.pilotSecrets;
    answers.push(answer);
  }
  store.save();
  if (nJobs === undefined || Number.isNaN(nJobs)) return dict(answers[0]);
  return dict({ StatusCode: 0, jobs: ctx.acceptJson ? answers : JSON.stringify(answers) });
}

function getStatus(p: Params, ctx: HandlerContext): HandlerResult {
  pyInt(p.timeout ?? 60);
  const ids = String(p.ids).split(/\s+/).filter(Boolean);
  const status: string[] = [];
  const attempts: string[] = [];
  for (const id of ids) {
    const rec = ctx.store.job(id);
    status.push(rec ? rec.jobStatus : 'notfound');
    attempts.push(rec ? String(rec.attemptNr) : '0');
  }
  return dict({ StatusCode: 0, status: status.join('+'), attemptNr: attempts.join('+') }, 'urlencoded');
}

const DEBUG_STATES = ['defined', 'activated', 'running', 'sent', 'starting', 'assigned'];

function setDebugMode(p: Params, ctx: HandlerContext): HandlerResult {
  const modeOn = p.modeOn === 'True';
  const rec = ctx.store.job(String(p.pandaID));
  return { type: 'text', body: setDebug(ctx.store, rec?.PandaID ?? Number(p.pandaID), modeOn, String(p.pandaID)) };
}

/** Toggle debug mode (special handling `dm`) as the server's setDebugMode does; returns its sentence. */
export function setDebug(store: EmulatorStore, pandaID: number, modeOn: boolean, shown = String(pandaID)): string {
  const rec = store.job(pandaID);
  if (!rec || !rec.active) return `PandaID=${shown} not found in active DB`;
  if (!DEBUG_STATES.includes(rec.jobStatus)) {
    return `Cannot set debugMode since the job status is ${rec.jobStatus} which is not in one of ['${DEBUG_STATES.join("', '")}']`;
  }
  if (modeOn === isDebugMode(rec)) return 'Already set accordingly';
  rec.specialHandling = modeOn ? addTag(rec.specialHandling, 'dm') : removeTag(removeTag(rec.specialHandling, 'dm'), 'debug');
  store.save();
  return 'Succeeded';
}

function updateWorkerPilotStatus(p: Params, ctx: HandlerContext): HandlerResult {
  pyInt(p.timeout ?? 60);
  if (p.status !== 'started' && p.status !== 'finished') {
    return { type: 'text', body: "Invalid worker state. The worker state has to be in ('started', 'finished')" };
  }
  ctx.store.workerReports.push({ time: ctx.store.now(), method: 'updateWorkerPilotStatus', params: { ...p } });
  ctx.store.save();
  return dict({ StatusCode: 0 });
}

/** ATLAS resource types as the server's table holds them. */
export const RESOURCE_TYPES = [
  { resource_name: 'SCORE', mincore: 1, maxcore: 1, minrampercore: null, maxrampercore: 2000 },
  { resource_name: 'SCORE_HIMEM', mincore: 1, maxcore: 1, minrampercore: 2001, maxrampercore: null },
  { resource_name: 'MCORE', mincore: 2, maxcore: null, minrampercore: null, maxrampercore: 2000 },
  { resource_name: 'MCORE_HIMEM', mincore: 2, maxcore: null, minrampercore: 2001, maxrampercore: null },
];

function getResourceTypes(p: Params): HandlerResult {
  pyInt(p.timeout ?? 30);
  return dict({ StatusCode: 0, Returns: 0, ResourceTypes: RESOURCE_TYPES });
}

const EMULATOR_DN = '/CN=panda-emulator-client';

/** Server-side credentials: a fixed proxy text, or proxy files per VOMS role read at each call. */
export interface EmulatorCredentials {
  proxy?: string;
  /** VOMS role (e.g. `atlas:/atlas/Role=production`, `atlas`; `*` for any) → proxy PEM file, read at every getProxy. */
  proxyFiles?: Record<string, string>;
  accessToken?: string;
  keyPairs?: Record<string, string>;
  userSecrets?: Record<string, string>;
}

function proxyFor(role: string, c: EmulatorCredentials): string | undefined {
  const file = c.proxyFiles?.[role] ?? c.proxyFiles?.['*'];
  if (file) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }
  return c.proxy;
}

function getProxy(p: Params, ctx: HandlerContext): HandlerResult {
  const proxy = proxyFor(String(p.role ?? ''), ctx.credentials);
  if (!proxy) return dict({ StatusCode: 90, errorDialog: `proxy not found for ${String(p.dn ?? EMULATOR_DN)}` }, 'json');
  return dict({ StatusCode: 0, errorDialog: '', userProxy: proxy }, 'json');
}

function getAccessToken(p: Params, ctx: HandlerContext): HandlerResult {
  const token = ctx.credentials.accessToken;
  if (!token) return dict({ StatusCode: 90, errorDialog: `token not found for ${String(p.client_name)}` }, 'json');
  return dict({ StatusCode: 0, errorDialog: '', userProxy: token }, 'json');
}

function getKeyPair(p: Params, ctx: HandlerContext): HandlerResult {
  const keys = ctx.credentials.keyPairs ?? {};
  for (const name of [String(p.publicKeyName), String(p.privateKeyName)]) {
    if (!(name in keys)) {
      return dict({ StatusCode: 80, errorDialog: `getKeyPair ${String(p.publicKeyName)}/${String(p.privateKeyName)} json=${ctx.acceptJson ? 'True' : 'False'}: failed for 'panda-emulator-client' since ${name} is missing on ${hostname()}` });
    }
  }
  return dict({ StatusCode: 0, publicKey: keys[String(p.publicKeyName)], privateKey: keys[String(p.privateKeyName)] });
}

export const UPDATE_OPTIONAL = (
  'token transExitCode pilotErrorCode pilotErrorDiag timestamp timeout xml node workdir cpuConsumptionTime cpuConsumptionUnit ' +
  'remainingSpace schedulerID pilotID siteName messageLevel pilotLog metaData cpuConversionFactor exeErrorCode exeErrorDiag ' +
  'pilotTiming computingElement startTime endTime nEvents nInputFiles batchID attemptNr jobMetrics stdout jobSubStatus coreCount ' +
  'maxRSS maxVMEM maxSWAP maxPSS avgRSS avgVMEM avgSWAP avgPSS totRCHAR totWCHAR totRBYTES totWBYTES rateRCHAR rateWCHAR ' +
  'rateRBYTES rateWBYTES corruptedFiles meanCoreCount cpu_architecture_level grid source_site destination_site'
).split(' ');

const GETJOB_OPTIONAL = (
  'token timeout cpu mem diskSpace prodSourceLabel node computingElement AtlasRelease prodUserID getProxyKey countryGroup ' +
  'workingGroup allowOtherCountry taskID nJobs background resourceType harvester_id worker_id schedulerID jobType viaTopic remaining_time'
).split(' ');

/** Legacy methods by name with their Python keyword signatures. */
export const LEGACY_METHODS: Record<string, MethodDef> = {
  getJob: { required: ['siteName'], optional: GETJOB_OPTIONAL, run: getJob },
  updateJob: { required: ['jobId', 'state'], optional: UPDATE_OPTIONAL, run: (p, ctx) => (ctx.noRole ? roleDenied(ctx) : applyUpdate(p, ctx)) },
  getStatus: { required: ['ids'], optional: ['timeout'], run: getStatus },
  setDebugMode: { required: ['pandaID', 'modeOn'], optional: [], run: setDebugMode },
  updateWorkerPilotStatus: { required: ['site', 'workerID', 'harvesterID', 'status'], optional: ['timeout', 'node_id'], run: pilotPermission(updateWorkerPilotStatus) },
  getResourceTypes: { required: [], optional: ['timeout'], run: getResourceTypes },
  getProxy: { required: [], optional: ['role', 'dn'], run: getProxy },
  get_access_token: { required: ['client_name'], optional: ['token_key'], run: getAccessToken },
  getKeyPair: { required: ['publicKeyName', 'privateKeyName'], optional: [], run: getKeyPair },
  getEventRanges: { required: ['pandaID', 'jobsetID'], optional: ['taskID', 'nRanges', 'timeout', 'scattered', 'segment_id'], run: pilotPermission(getEventRanges) },
  updateEventRanges: { required: ['eventRanges'], optional: ['timeout', 'version', 'pandaID'], run: pilotPermission(updateEventRanges) },
};

function workerNode(method: string): Handler {
  return (p, ctx) => {
    ctx.store.workerReports.push({ time: ctx.store.now(), method, params: { ...p } });
    ctx.store.save();
    return dict({ success: true, message: `${method} done`, data: null }, 'json');
  };
}

/** New-API pilot methods (`/api/v1/pilot/<method>`). */
export const API_PILOT_METHODS: Record<string, MethodDef> = {
  update_worker_node: {
    required: ['site', 'host_name', 'cpu_model'],
    optional: 'panda_queue n_logical_cpus n_sockets cores_per_socket threads_per_core cpu_architecture cpu_architecture_level clock_speed total_memory total_local_disk timeout'.split(' '),
    run: workerNode('update_worker_node'),
  },
  update_worker_node_gpu: {
    required: ['site', 'host_name', 'vendor', 'model', 'count'],
    optional: 'vram architecture framework framework_version driver_version timeout'.split(' '),
    run: workerNode('update_worker_node_gpu'),
  },
};

/**
 * New-API credential methods (`/api/v1/creds/<method>`). get_user_secrets answers
 * `{success, message, data}` with the secrets asked for (the message broker login, MB_USERNAME
 * and MB_PASSWORD, for --subscribe-to-msgsvc). The legacy /server/panda/get_user_secrets that
 * Pilot 3 still calls is gone from panda-server, so it is not here either.
 */
export const API_CREDS_METHODS: Record<string, MethodDef> = {
  get_user_secrets: {
    required: [],
    optional: ['keys', 'timeout'],
    run: (p, ctx) => {
      const all = ctx.credentials.userSecrets ?? {};
      const raw = p.keys;
      const wanted = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' && raw ? raw.split(',') : Object.keys(all);
      const data = Object.fromEntries(wanted.filter((k) => k in all).map((k) => [k, all[k]]));
      return dict({ success: true, message: '', data }, 'json');
    },
  },
};

/** Call a method with Python's keyword checking; signature problems raise HandlerError (→ 500). */
export function callMethod(def: MethodDef, name: string, p: Params, ctx: HandlerContext): HandlerResult {
  const err = signatureError(name, def.required, def.optional, Object.keys(p));
  if (err) throw new HandlerError(err);
  return def.run(p, ctx);
}
