/**
 * PanDA server base URL resolution, following Pilot 3's get_panda_server / get_server_command:
 * `--url` (scheme defaults to https) with `-p/--port` appended unless the URL carries its own
 * port; an empty `--url` means the configured `[Pilot] pandaserver`. Unlike Pilot 3 we keep a path
 * prefix and IPv6 literals intact wherever the port is written.
 */
/** Pilot 3's default host, the only one it replaces by a random server behind the alias. */
export declare const PANDA_ALIAS_HOST = "pandaserver.cern.ch";
/**
 * The server base URL (`scheme://host[:port][/prefix]`, no trailing slash).
 * @param url `--url` ("" → `configDefault`)
 * @param port `-p/--port` (ignored when the URL has a port; 0 → no port)
 * @param configDefault `[Pilot] pandaserver`
 */
export declare function resolvePandaServer(url: string, port: number | string | undefined, configDefault: string): string;
/** Full URL of a server method: legacy `<base>/server/panda/<cmd>`, new API `<base>/<api/v1/...>`. */
export declare function commandUrl(base: string, cmd: string): string;
/**
 * Pilot 3 spreads load over the servers behind the pandaserver.cern.ch alias by resolving it
 * and using the name of a random address. Any other host is returned unchanged; so is the URL
 * when DNS fails or takes longer than `timeoutMs`.
 */
export declare function randomizePandaServer(base: string, timeoutMs?: number): Promise<string>;
