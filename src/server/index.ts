/**
 * Server communication: PandaClient (HTTP, Pilot 3's wire behaviour) and HarvesterFileClient
 * (files) behind one interface, plus URL resolution and the wire codecs. Importing this module is
 * cheap: the HTTP library is loaded on the first request.
 */
import type { PilotArgs } from '../cli/args.js';
import { loadConfig, type PilotConfig } from '../config/index.js';
import { PandaClient, type PandaClientOptions } from './client.js';
import { HarvesterFileClient, isHarvesterMode } from './harvester.js';
import type { PilotServerClient } from './types.js';
import { resolvePandaServer } from './url.js';

export { PandaClient, PILOT_VERSION, type PandaClientOptions } from './client.js';
export { HarvesterFileClient, isHarvesterMode, findFile, timeStamp, writeJsonFile, type HarvesterFileOptions } from './harvester.js';
export { resolvePandaServer, commandUrl, randomizePandaServer, PANDA_ALIAS_HOST } from './url.js';
export { decodeAnswer, decodeJsonAnswer, formEncode, gzipJson, parseQsl, parseQuery } from './codec.js';
export { quotePlus } from '../common/pyliteral.js';
export { oidcTokenInfo, locateToken, x509ProxyPath, caDirectory, splitPem } from './auth.js';
export { closeHttpAgents, preloadHttp } from './http.js';
export { refreshOidcToken, parseTokenAnswer } from './token.js';
export type { PilotServerClient, RequestOptions, UpdateJobOptions, ServerAnswer, JobFilesInfo, FileLike } from './types.js';

/**
 * A PandaClient for the parsed command line: base URL from `--url`/`-p` (or `[Pilot] pandaserver`),
 * event-service/key/proxy calls to $PANDA_SERVER_URL (else the same URL), `--cacert`/`--capath`,
 * and timeouts from the config (http_maxtime, http_connect_timeout, update_sleep).
 */
export function pandaClientFromArgs(
  args: Pick<PilotArgs, 'url' | 'port'> & Partial<Pick<PilotArgs, 'cacert' | 'capath' | 'update_server'>>,
  env: NodeJS.ProcessEnv = process.env,
  opts: { config?: PilotConfig } & Partial<PandaClientOptions> = {},
): PandaClient {
  const { config: cfg, ...overrides } = opts;
  const config = cfg ?? loadConfig({ env });
  const url = resolvePandaServer(args.url, args.port, config.get('Pilot', 'pandaserver'));
  return new PandaClient({
    url,
    esUrl: env.PANDA_SERVER_URL || url,
    env,
    cacert: args.cacert ?? null,
    capath: args.capath ?? null,
    timeoutS: config.getFloat('Pilot', 'http_maxtime', 120),
    connectTimeoutS: config.getFloat('Pilot', 'http_connect_timeout', 100),
    updateSleepS: config.getFloat('Pilot', 'update_sleep', 120),
    randomizeAlias: args.update_server ?? true,
    ...overrides,
  });
}

/**
 * The transport the pilot should use: PandaClient when server updates are on (`-z` not given),
 * else HarvesterFileClient (Harvester files in Harvester mode, heartbeat.json otherwise).
 */
export function serverClientFromArgs(
  args: PilotArgs,
  env: NodeJS.ProcessEnv = process.env,
  opts: { config?: PilotConfig; pilotHome: string; sourceDir?: string },
): PilotServerClient {
  const config = opts.config ?? loadConfig({ env });
  if (args.update_server) return pandaClientFromArgs(args, env, { config });
  return new HarvesterFileClient({
    pilotHome: opts.pilotHome,
    sourceDir: opts.sourceDir,
    pilotWorkDir: args.workdir || env.PILOT_WORK_DIR,
    harvesterWorkdir: args.harvester_workdir,
    harvesterDatadir: args.harvester_datadir,
    harvester: isHarvesterMode(args, env),
    pod: args.pod,
    config,
    env,
  });
}
