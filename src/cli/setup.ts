/**
 * The pilot's setup from its command line, configuration and environment (separate from the
 * `panda-pilot` entry point so tests and tools can build a pilot in-process).
 */
import type { PilotArgs } from './args.js';
import { fastParse, type FastAction } from './fastargs.js';
import { badUrlOption } from './urlcheck.js';
import { loadConfig, type PilotConfig } from '../config/index.js';
import { human2bytes } from '../monitor/limits.js';
import { loadRule } from '../job/sitefeatures.js';
import { killLivePayloads, type PilotSetup, type QueueInfo } from '../job/steps.js';

// The option table, put in by the bundle build (scripts/bundle.mjs); undefined in the tsc build.
declare const __PANDA_ARGS_TABLE__: FastAction[] | undefined;

/** The parsed command line: the bundle's fast path for plain command lines, else argparse (Pilot 3's exact behaviour). */
async function parseArgs(argv: string[]): Promise<PilotArgs> {
  const table = typeof __PANDA_ARGS_TABLE__ === 'undefined' ? undefined : __PANDA_ARGS_TABLE__;
  const fast = table && fastParse(argv, table);
  // a URL we cannot use goes to argparse, which prints the usage error and exits 2
  if (fast && !badUrlOption(fast as unknown as PilotArgs)) return fast as unknown as PilotArgs;
  return (await import('./args.js')).parsePilotArgs(argv);
}

/** Build the pilot's setup from parsed options, configuration and environment. */
export async function pilotSetup(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<PilotSetup> {
  const args = await parseArgs(argv);
  const config: PilotConfig = loadConfig({ env });
  const num = (key: string, fallback: number) => config.getFloat('Pilot', key, fallback);
  // Only what start-up needs loads now; job parsing (zod) loads while the getJob request is out.
  const [server, info] = await Promise.all([import('../server/index.js'), import('../info/infoservice.js')]);
  const jobdata = () => import('../info/jobdata.js');
  // The HTTP client loads while the queue data is fetched, not on the getJob path.
  if (args.update_server) void server.preloadHttp().catch(() => undefined);
  const client = args.update_server ? server.pandaClientFromArgs(args, env, { config }) : undefined;
  const { PilotCredentials } = await import('../credentials/pilot.js');
  const credentials = new PilotCredentials({
    env,
    config,
    args,
    server: client && {
      getProxy: (data, opts) => client.getProxy(data, opts),
      refreshToken: () => server.refreshOidcToken(client, env, env.PILOT_HOME || process.cwd()),
    },
  });
  const setup: PilotSetup = {
    args,
    config,
    env,
    client,
    credentials,
    logToConsole: env.PANDA_PILOT_LOG_CONSOLE !== '0',
    heartbeatS: num('heartbeat', 1800),
    debugHeartbeatS: num('debug_heartbeat', 60),
    updateSleepS: num('update_sleep', 120),
    lostHeartbeatS: num('lost_heartbeat', 10800),
    // Pilot 3 waits up to 20 x 30 s for the final update to go through.
    finalDeadlineS: num('final_update_deadline', 600),
    logDeadlineS: num('log_stageout_deadline', 600),
    hardDeadlineS: num('signal_deadline', 180),
    freeSpaceLimitMB: human2bytes(config.get('Pilot', 'free_space_limit', '2 GB')) / 2 ** 20,
    noJobSleepS: [num('getjob_nojob_sleep_min', 60), num('getjob_nojob_sleep_max', 180)],
    emptySleepS: num('getjob_empty_sleep', 60),
    harvesterJobWaitS: num('getjob_harvester_sleep', 10),
    loadRule: loadRule(env, config),
    shutdownCheckS: num('shutdowntime_check_period', 60),
    killGraceMs: 1000 * num('kill_grace', 10),
    // A running job is stopped this long before the pilot's lifetime ends (Pilot 3: 180 s).
    monitorOverrides: { walltimeGrace: num('walltime_grace', 180) },
    async loadQueue(pilotHome) {
      const svc = new info.InfoService();
      const { ExtInfoProvider } = await import('../info/extinfo.js');
      const { PilotConfigProvider } = await import('../info/providers.js');
      const ext = new ExtInfoProvider({
        cacheTimeS: info.InfoService.cache_time,
        queuedataUrl: args.queuedata_url,
        storagedataUrl: args.storagedata_url,
        env,
        cacheDir: pilotHome,
        config,
      });
      await svc.init(args.queue, new PilotConfigProvider(config), ext);
      info.checkQueueActive(svc.queuedata!);
      setup.infoservice = svc;
      return svc.queuedata as unknown as QueueInfo;
    },
    preloadJobParser: () => jobdata(),
    parseJob: async (desc, pilotHome) =>
      (await jobdata()).parseJobDescription(desc, { pilotHome, infosys: setup.infoservice as InstanceType<typeof info.InfoService> | undefined, env }) as never,
    salvageJob: async (desc) => (await jobdata()).salvageJob(desc) as never,
    workerStatus: client && args.workerpilotstatusupdate && env.HARVESTER_WORKER_ID && env.HARVESTER_ID
      ? async (status) => {
          await client.updateWorkerPilotStatus({ workerID: env.HARVESTER_WORKER_ID, harvesterID: env.HARVESTER_ID, status, site: args.queue, node_id: env.PANDA_HOSTNAME }).catch(() => undefined);
        }
      : undefined,
    fileClient: args.update_server
      ? undefined
      : (pilotHome, sourcedir) => {
          const files = server.serverClientFromArgs(args, env, { config, pilotHome, sourceDir: sourcedir }) as InstanceType<typeof server.HarvesterFileClient>;
          const harvester = server.isHarvesterMode(args, env);
          return Object.assign(files, { harvester, push: harvester && args.harvester_submitmode.toLowerCase() === 'push' });
        },
    killAll: () => killLivePayloads(1000),
    checkCvmfs: async () => {
      if (env.NO_CVMFS_OK) return undefined; // as Pilot 3: checked first, nothing loaded
      const user = await import('../user/index.js');
      return user.checkCvmfs(user.getPlugin(args.pilot_user).cvmfs, env);
    },
  };
  return setup;
}

