/**
 * The server calls Pilot 3 makes between the queue download and the first getJob (pilot.py's
 * main), in its order: the worker-node map (`update_worker_node`, then `update_worker_node_gpu`
 * with a GPU) for experiments that send it, then the memory limits (`getResourceTypes`) when the
 * experiment takes them from the server. Pilot 3 makes them one after the other before its job
 * loop starts; we start them as soon as the queue is known and let the rest of the start-up (token
 * renewal, metrics, the job steps, the getJob request's body) go on meanwhile: only the getJob
 * itself waits for {@link StartupReports.ready}, so the server still sees them first.
 */
import { setReportedCpuArchitectureLevel } from './cpulevel.js';
import { sendWorkernodeMaps, SENDS_WORKERNODE_MAP, type WorkernodeMapSender } from './workernode-map.js';

/** The server tables the job steps need from the start-up calls. */
export type ResourceTypeTable = Record<string, Record<string, unknown>>;

/** What {@link startStartupReports} needs. */
export interface StartupReportOptions {
  pilotUser: string;
  /** Server updates on (no map and no getResourceTypes with -z / update_server False). */
  updateServer: boolean;
  client?: WorkernodeMapSender & { getResourceTypes?(): Promise<ResourceTypeTable> };
  /** The experiment's CPU level tool (ATLAS: cpu_arch.py), started before the queue download. */
  cpuLevel?: Promise<string>;
  site: string;
  queue: string;
  env: NodeJS.ProcessEnv;
  pilotHome: string;
  mapFile: string;
  gpuMapFile: string;
  /** Does the experiment take the memory limits from the server (ATLAS)? */
  memoryLimitsFromServer: () => Promise<boolean>;
  logger: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

/** The running start-up calls. */
export interface StartupReports {
  /** Settled once every start-up call got its answer (or failed); never rejects. */
  ready: Promise<void>;
  /** The server's memory limits per resource type; undefined: the monitor's built-in table applies. */
  resourceTypes: Promise<ResourceTypeTable | undefined>;
}

/** Does this pilot send the worker-node map (Pilot 3's user.allow_send_workernode_map)? */
export function sendsWorkernodeMap(pilotUser: string, hasClient: boolean): boolean {
  return hasClient && SENDS_WORKERNODE_MAP.has(pilotUser.toLowerCase());
}

/** Start the start-up calls in Pilot 3's order; each one's failure is logged, never fatal. */
export function startStartupReports(o: StartupReportOptions): StartupReports {
  const maps = o.client && sendsWorkernodeMap(o.pilotUser, true)
    ? (async () => {
        // the level goes in the map and in every job update (set before the first getJob)
        const cpuArchLevel = (await o.cpuLevel?.catch(() => '')) ?? '';
        setReportedCpuArchitectureLevel(cpuArchLevel);
        await sendWorkernodeMaps({ cpuArchLevel, site: o.site, queue: o.queue, env: o.env, pilotHome: o.pilotHome, mapFile: o.mapFile, gpuMapFile: o.gpuMapFile, client: o.client!, logger: o.logger });
      })().catch((e: unknown) => o.logger.warn({ err: String(e) }, 'worker node map not sent')) // ready never rejects: getJob waits on it
    : Promise.resolve();
  const resourceTypes = maps.then(async () => {
    if (!o.updateServer || !o.client?.getResourceTypes) return undefined;
    try {
      if (!(await o.memoryLimitsFromServer())) return undefined;
      const t = await o.client.getResourceTypes();
      return t && Object.keys(t).length ? t : undefined;
    } catch (e) {
      o.logger.warn({ err: String(e) }, 'no resource types from the server (built-in memory limits apply)');
      return undefined;
    }
  });
  return { ready: resourceTypes.then(() => undefined), resourceTypes };
}
