import { loadConfig } from '../config/index.js';
import { PandaClient } from './client.js';
import { HarvesterFileClient, isHarvesterMode } from './harvester.js';
import { resolvePandaServer } from './url.js';
export { PandaClient, PILOT_VERSION } from './client.js';
export { HarvesterFileClient, isHarvesterMode, findFile, timeStamp, writeJsonFile } from './harvester.js';
export { resolvePandaServer, commandUrl, randomizePandaServer, PANDA_ALIAS_HOST } from './url.js';
export { decodeAnswer, decodeJsonAnswer, formEncode, gzipJson, parseQsl, parseQuery, pythonStr, quotePlus } from './codec.js';
export { oidcTokenInfo, locateToken, x509ProxyPath, caDirectory, splitPem } from './auth.js';
export { closeHttpAgents, preloadHttp } from './http.js';
export { refreshOidcToken, parseTokenAnswer } from './token.js';
/**
 * A PandaClient for the parsed command line: base URL from `--url`/`-p` (or `[Pilot] pandaserver`),
 * event-service/key/proxy calls to $PANDA_SERVER_URL (else the same URL), `--cacert`/`--capath`,
 * and timeouts from the config (http_maxtime, http_connect_timeout, update_sleep).
 */
export function pandaClientFromArgs(args, env = process.env, opts = {}) {
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
export function serverClientFromArgs(args, env = process.env, opts) {
    const config = opts.config ?? loadConfig({ env });
    if (args.update_server)
        return pandaClientFromArgs(args, env, { config });
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
//# sourceMappingURL=index.js.map