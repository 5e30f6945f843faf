/**
 * Server communication: PandaClient (HTTP, Pilot 3's wire behaviour) and HarvesterFileClient
 * (files) behind one interface, plus URL resolution and the wire codecs. Importing this module is
 * cheap: the HTTP library is loaded on the first request.
 */
import type { PilotArgs } from '../cli/args.js';
import { type PilotConfig } from '../config/index.js';
import { PandaClient, type PandaClientOptions } from './client.js';
import type { PilotServerClient } from './types.js';
export { PandaClient, PILOT_VERSION, type PandaClientOptions } from './client.js';
export { HarvesterFileClient, isHarvesterMode, findFile, timeStamp, writeJsonFile, type HarvesterFileOptions } from './harvester.js';
export { resolvePandaServer, commandUrl, randomizePandaServer, PANDA_ALIAS_HOST } from './url.js';
export { decodeAnswer, decodeJsonAnswer, formEncode, gzipJson, parseQsl, parseQuery, pythonStr, quotePlus } from './codec.js';
export { oidcTokenInfo, locateToken, x509ProxyPath, caDirectory, splitPem } from './auth.js';
export { closeHttpAgents, preloadHttp } from './http.js';
export { refreshOidcToken, parseTokenAnswer } from './token.js';
export type { PilotServerClient, RequestOptions, UpdateJobOptions, ServerAnswer, JobFilesInfo, FileLike } from './types.js';
/**
 * A PandaClient for the parsed command line: base URL from `--url`/`-p` (or `[Pilot] pandaserver`),
 * event-service/key/proxy calls to $PANDA_SERVER_URL (else the same URL), `--cacert`/`--capath`,
 * and timeouts from the config (http_maxtime, http_connect_timeout, update_sleep).
 */
export declare function pandaClientFromArgs(args: Pick<PilotArgs, 'url' | 'port'> & Partial<Pick<PilotArgs, 'cacert' | 'capath' | 'update_server'>>, env?: NodeJS.ProcessEnv, opts?: {
    config?: PilotConfig;
} & Partial<PandaClientOptions>): PandaClient;
/**
 * The transport the pilot should use: PandaClient when server updates are on (`-z` not given),
 * else HarvesterFileClient (Harvester files in Harvester mode, heartbeat.json otherwise).
 */
export declare function serverClientFromArgs(args: PilotArgs, env: NodeJS.ProcessEnv | undefined, opts: {
    config?: PilotConfig;
    pilotHome: string;
    sourceDir?: string;
}): PilotServerClient;
