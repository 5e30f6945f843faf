/**
 * PanDA server emulator: a local HTTP server speaking panda-server's legacy dispatcher protocol
 * (getJob, updateJob, ...) plus the info-system caches a pilot reads, with job definitions from
 * JSON, persistent state, admin commands (tobekilled, debug) and fault injection for tests.
 *
 * ```ts
 * const emu = await startPandaEmulator({ queues: { DEMO: {} }, jobs: [{ queue: 'DEMO', transformation: 'run.sh' }], trfDir });
 * // pilot: --url http://127.0.0.1 --port <emu.port> -q DEMO -j managed -g <emu.url>/trf
 * await emu.close();
 * ```
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FaultInjector } from './faults.js';
import type { ChaosOptions, FaultInput } from './faults.js';
import { setDebug, type EmulatorCredentials } from './handlers.js';
import { handleRequest } from './server.js';
import { createEmulatorServer, type EmulatorTls } from './tls.js';
import type { RequestLogEntry, ServerDeps } from './server.js';
import { EmulatorStore, type StoreTimeouts } from './store.js';
import { isEsJob, killEsJob } from './esjobs.js';
import { storageData } from './queuedata.js';
import type { JobRecord, QueueDefinition, UpdateRecord } from './types.js';

export { demoSetup, DEMO_TRF_NAME, DEMO_TRF_SCRIPT } from './demo.js';
export type { DemoSetupOptions } from './demo.js';
export { startRucioEmulator, type RucioEmulator, type RucioEmulatorOptions } from './rucio.js';
export { demoQueue, demoDdmName, posixStorage, schedconfigFor, storageData } from './queuedata.js';
export type { DemoQueueOptions } from './queuedata.js';
export { JobDefinitionSchema, JobDefinitionError } from './jobdef.js';
export type { JobDefinitionInput } from './jobdef.js';
export { describeJob } from './describe.js';
export { EmulatorStore, finalizeByAdder } from './store.js';
export type { StoreTimeouts } from './store.js';
export type { ChaosOptions, FaultInput } from './faults.js';
export type { RequestLogEntry } from './server.js';
export type { JobRecord, FileRecord, UpdateRecord, EventRangeRecord, QueueDefinition, WorkerReport } from './types.js';
export { pyUrlencode, pyJsonDumps as pyJson, pyRepr, quotePlus } from '../common/pyliteral.js';
export { RESOURCE_TYPES } from './handlers.js';
export type { EmulatorCredentials } from './handlers.js';
export type { EmulatorTls } from './tls.js';

/** Options of {@link startPandaEmulator}. */
export interface PandaEmulatorOptions {
  /** Called for every request once answered (method, path, status, decoded parameters). */
  onRequest?: (e: RequestLogEntry) => void;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0 = a free port). */
  port?: number;
  /** JSON state file: loaded at start when it exists, rewritten atomically after every change. */
  stateFile?: string;
  /** Queues: name → schedconfig fields overriding the demo defaults (default `{DEMO: {}}`). */
  queues?: Record<string, QueueDefinition>;
  /**
   * Job definitions (friendly or `{queue, raw}`), added at start. With a restored state file only
   * definitions with an explicit PandaID not yet known are added.
   */
  jobs?: unknown[];
  /** Directory served as /trf/<name> (transformations the pilot downloads). */
  trfDir?: string;
  /**
   * Root of the POSIX storage endpoints in ddmendpoints.json (`<dir>/<RSE>`); kept on close.
   * Default: a directory of this emulator's own, made under the system temp dir at start and
   * removed on close, so two emulators never share (and clobber) one storage.
   */
  storageDir?: string;
  /** Explicit ddmendpoints.json entries (override the generated ones). */
  storages?: Record<string, Record<string, unknown>>;
  /** Lost-heartbeat timeout for starting/running jobs, seconds (default 7200 as the server). */
  heartbeatTimeoutS?: number;
  /** Timeout of sent jobs without pilot contact, seconds (default 1800). */
  sentTimeoutS?: number;
  /** Timeout of holding/transferring jobs, seconds (default 172800). */
  holdingTimeoutS?: number;
  /** Delay before the Adder turns a final update (holding) into finished/failed, seconds (default 0). */
  adderDelayS?: number;
  /** Delay before finished/failed jobs leave the active table, seconds (default 0). */
  archiveDelayS?: number;
  /** Server clock in ms since the epoch (default Date.now); tests inject their own. */
  clock?: () => number;
  /** First PandaID handed out (default 6500000001). */
  firstPandaID?: number;
  /** Credentials served by getProxy / get_access_token / getKeyPair. */
  credentials?: EmulatorCredentials;
  /** Pilot secrets (a string, e.g. a Python-literal dict) sent with getJob and debug updateJob answers. */
  pilotSecrets?: string;
  /**
   * Treat every caller as lacking the production/pilot role: getJob (label ≠ user) and updateJob
   * answer StatusCode 60, event and worker calls a plain refusal sentence (default false).
   */
  noProductionRole?: boolean;
  /** Period of the Watcher/Adder daemons, ms (default: a quarter of the shortest timeout, 50 ms..30 s). */
  daemonIntervalMs?: number;
  /** Serve https, requiring X509 client certificates and/or bearer tokens for the server API (see emulator/tls.ts). */
  tls?: EmulatorTls;
}

/** A running emulator. */
export interface PandaEmulator {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Root of the POSIX storage endpoints (the configured `storageDir`, or this emulator's own). */
  readonly storageDir: string;
  /** The job store (records are live objects). */
  readonly store: EmulatorStore;
  /** Every request served (bounded log). */
  readonly requests: RequestLogEntry[];
  /** Add job definitions; returns the new records. Throws JobDefinitionError on invalid input. */
  addJobs(defs: unknown[] | unknown): JobRecord[];
  /** One job record. */
  job(pandaID: number): JobRecord | undefined;
  /** All job records. */
  jobs(): JobRecord[];
  /** updateJob calls received for a job (empty when none). */
  updates(pandaID: number): UpdateRecord[];
  /**
   * Send a command to a job: `tobekilled`/`kill` (a job not yet dispatched is cancelled at once),
   * `debug`/`debugoff` (server debug mode), `clear`, or any other string stored as commandToPilot.
   */
  command(pandaID: number, command: string): { ok: boolean; message: string };
  /** Fail the next requests of a method (see FaultInput). */
  injectFault(fault: FaultInput): void;
  /** Drop pending faults (and stop chaos and outages). */
  clearFaults(): void;
  /** Random faults while set (undefined stops them); see ChaosOptions. */
  chaos(opts: ChaosOptions | undefined): void;
  /** Reset every request for `ms` from now. */
  outage(ms: number): void;
  /** Requests failed by chaos/outages, by mode. */
  chaosCounts(): Record<string, number>;
  /** Run the Watcher/Adder once now (tests with an injected clock). */
  runDaemons(): void;
  /**
   * Resolve with the job record once `until` holds (a list of job statuses, or a predicate),
   * checked now and on every change of the job; reject after timeoutMs (default 30 s).
   */
  waitForJob(pandaID: number, until: string[] | ((rec: JobRecord) => boolean), timeoutMs?: number): Promise<JobRecord>;
  /**
   * Pilot 3 command-line options that point a pilot at this emulator for `queue`
   * (--url/-p, -q, --queuedata-url, --storagedata-url, -g for transformation downloads, -j label).
   */
  pilotArgs(queue: string, label?: string): string[];
  /** Stop listening and drop connections; remove the storage directory if the emulator made it. */
  close(): Promise<void>;
}

/** Apply an admin command to a job (shared by the library, the admin endpoint and the CLI). */
export function applyCommand(store: EmulatorStore, pandaID: number, command: string): { ok: boolean; message: string } {
  const rec = store.job(pandaID);
  if (!rec) return { ok: false, message: `PandaID=${pandaID} not found` };
  if (command === 'debug' || command === 'debugoff') {
    const msg = setDebug(store, pandaID, command === 'debug');
    return { ok: msg === 'Succeeded' || msg === 'Already set accordingly', message: msg };
  }
  if (!rec.active && rec.jobStatus !== 'defined') return { ok: false, message: `PandaID=${pandaID} not found in active DB (status ${rec.jobStatus})` };
  if (command === 'clear') rec.commandToPilot = null;
  else if ((command === 'tobekilled' || command === 'kill') && isEsJob(rec)) {
    // an event-service job leaves the active table at once, with its jobset (killEsJob)
    killEsJob(store, rec, store.now(), 'killed by panda-emulator admin');
  } else if ((command === 'tobekilled' || command === 'kill') && (rec.jobStatus === 'defined' || rec.jobStatus === 'activated')) {
    // not dispatched yet: the server cancels it directly
    rec.jobDispatcherErrorDiag = 'killed by panda-emulator admin';
    store.setStatus(rec, 'cancelled');
    store.archive(rec);
  } else rec.commandToPilot = command === 'kill' ? 'tobekilled' : command;
  store.save();
  return { ok: true, message: `PandaID=${pandaID} ${command} (status ${rec.jobStatus})` };
}

function waitForJob(store: EmulatorStore, id: number, until: string[] | ((rec: JobRecord) => boolean), timeoutMs: number): Promise<JobRecord> {
  const test = typeof until === 'function' ? until : (r: JobRecord) => until.includes(r.jobStatus);
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const rec = store.job(id);
      if (!rec || !test(rec)) return false;
      cleanup();
      resolve(rec);
      return true;
    };
    const onChange = (rec: JobRecord) => {
      if (rec.PandaID === id) check();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`job ${id} did not reach the expected state within ${timeoutMs} ms (status ${store.job(id)?.jobStatus ?? 'unknown'})`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      store.off('change', onChange);
    };
    store.on('change', onChange);
    check();
  });
}

/** Start an emulator. */
export async function startPandaEmulator(opts: PandaEmulatorOptions = {}): Promise<PandaEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const timeouts = {
    heartbeatTimeoutS: opts.heartbeatTimeoutS ?? 7200,
    sentTimeoutS: opts.sentTimeoutS ?? 1800,
    holdingTimeoutS: opts.holdingTimeoutS ?? 172800,
    adderDelayS: opts.adderDelayS ?? 0,
    archiveDelayS: opts.archiveDelayS ?? 0,
  };
  const queues = opts.queues ?? { DEMO: {} };
  // No shared default: a storage of its own, removed on close (a configured one is kept). A
  // configured path is made absolute: the pilot (elsewhere) needs it so.
  const ownStorage = opts.storageDir ? undefined : await mkdtemp(join(tmpdir(), 'panda-emulator-storage-'));
  const storageDir = ownStorage ?? resolvePath(opts.storageDir!);
  const removeOwnStorage = () => (ownStorage ? rm(ownStorage, { recursive: true, force: true }) : Promise.resolve());
  try {
    return await serveEmulator(opts, host, timeouts, queues, storageDir, removeOwnStorage);
  } catch (e) {
    await removeOwnStorage();
    throw e;
  }
}

/** The emulator proper, on its storage directory. */
async function serveEmulator(
  opts: PandaEmulatorOptions,
  host: string,
  timeouts: StoreTimeouts,
  queues: Record<string, QueueDefinition>,
  storageDir: string,
  removeOwnStorage: () => Promise<void>,
): Promise<PandaEmulator> {
  const store = new EmulatorStore(queues, opts.clock ?? Date.now, timeouts, opts.stateFile, opts.firstPandaID);
  if (opts.jobs?.length) {
    const defs = store.restored ? opts.jobs.filter((d) => d && typeof d === 'object' && ('PandaID' in d || 'raw' in d)) : opts.jobs;
    store.addJobs(defs, 'jobs');
  }
  store.save();
  // objstoreID in range updates is the storage's id: the merge job reads from that endpoint
  store.objectStoreRse = (objstoreID) => {
    const all = storageData(queues, opts.storages ?? {}, storageDir);
    const hit = Object.entries(all).find(([name, d]) => String(d.id) === String(objstoreID) || name === objstoreID);
    return hit?.[0] ?? String(objstoreID ?? '');
  };
  const faults = new FaultInjector();
  const requests: RequestLogEntry[] = [];
  let url = '';
  const deps: ServerDeps = {
    store,
    faults,
    url: () => url,
    trfDir: opts.trfDir,
    storageDir,
    storages: opts.storages ?? {},
    credentials: opts.credentials ?? {},
    pilotSecrets: opts.pilotSecrets,
    noRole: opts.noProductionRole,
    requests,
    onRequest: opts.onRequest,
    command: (id, cmd) => applyCommand(store, id, cmd),
    tls: opts.tls,
  };
  const server = createEmulatorServer((req, res) => {
    handleRequest(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(e instanceof Error ? e.message : String(e));
      } else res.destroy();
    });
  }, opts.tls);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // a deep accept queue: a thousand pilots connecting at once must not see SYN retries
    server.listen({ port: opts.port ?? 0, host, backlog: 4096 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const shortest = Math.min(timeouts.heartbeatTimeoutS, timeouts.sentTimeoutS, timeouts.holdingTimeoutS, Math.max(timeouts.adderDelayS, 0.2));
  const period = opts.daemonIntervalMs ?? Math.min(30000, Math.max(50, (shortest * 1000) / 4));
  const timer = setInterval(() => {
    if (store.runDaemons()) store.save();
  }, period);
  timer.unref();
  return {
    url,
    port,
    host,
    storageDir,
    store,
    requests,
    addJobs: (defs) => store.addJobs(Array.isArray(defs) ? defs : [defs], 'addJobs'),
    job: (id) => store.job(id),
    jobs: () => [...store.jobs.values()],
    updates: (id) => store.job(id)?.updates ?? [],
    command: (id, cmd) => applyCommand(store, id, cmd),
    injectFault: (f) => void faults.add(f),
    chaos: (o) => faults.setChaos(o),
    outage: (ms) => faults.outage(ms),
    chaosCounts: () => ({ ...faults.chaosCounts }),
    clearFaults: () => faults.clear(),
    runDaemons: () => {
      if (store.runDaemons()) store.save();
    },
    waitForJob: (id, until, timeoutMs = 30000) => waitForJob(store, id, until, timeoutMs),
    pilotArgs: (queue, label = 'managed') => [
      '--url', url, '-p', String(port), '-q', queue, '-j', label,
      '--queuedata-url', `${url}/cache/schedconfig/{pandaqueue}.all.json`,
      '--storagedata-url', `${url}/cache/ddmendpoints.json`,
      '-g', `${url}/trf`,
    ],
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => {
          store.close();
          // a storage dir that cannot be removed (a pilot still writing) must not leave close() hanging
          void removeOwnStorage().catch(() => undefined).then(() => resolve());
        });
        server.closeAllConnections();
      }),
  };
}
