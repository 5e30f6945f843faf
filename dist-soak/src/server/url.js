/**
 * PanDA server base URL resolution, following Pilot 3's get_panda_server / get_server_command:
 * `--url` (scheme defaults to https) with `-p/--port` appended unless the URL carries its own
 * port; an empty `--url` means the configured `[Pilot] pandaserver`. Unlike Pilot 3 we keep a path
 * prefix and IPv6 literals intact wherever the port is written.
 */
/** Pilot 3's default host, the only one it replaces by a random server behind the alias. */
export const PANDA_ALIAS_HOST = 'pandaserver.cern.ch';
/**
 * The server base URL (`scheme://host[:port][/prefix]`, no trailing slash).
 * @param url `--url` ("" → `configDefault`)
 * @param port `-p/--port` (ignored when the URL has a port; 0 → no port)
 * @param configDefault `[Pilot] pandaserver`
 */
export function resolvePandaServer(url, port, configDefault) {
    if (!url) {
        const def = configDefault.trim();
        return (def.startsWith('http') ? def : `https://${def}`).replace(/\/+$/, '');
    }
    let scheme = 'https';
    let rest = url.trim();
    const sep = rest.indexOf('://');
    if (sep >= 0) {
        scheme = rest.slice(0, sep) || 'https';
        rest = rest.slice(sep + 3);
    }
    const slash = rest.indexOf('/');
    const hostport = slash >= 0 ? rest.slice(0, slash) : rest;
    const path = (slash >= 0 ? rest.slice(slash) : '').replace(/\/+$/, '');
    // host[:port], with [v6]:port for IPv6 literals
    const m = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostport);
    const host = m ? m[1] : hostport;
    const urlPort = m?.[2];
    const p = urlPort ? urlPort : port ? String(port) : '';
    return `${scheme}://${host}${p ? `:${p}` : ''}${path}`;
}
/** Full URL of a server method: legacy `<base>/server/panda/<cmd>`, new API `<base>/<api/v1/...>`. */
export function commandUrl(base, cmd) {
    return cmd.includes('api/v') ? `${base}/${cmd.replace(/^\/+/, '')}` : `${base}/server/panda/${cmd}`;
}
/**
 * Pilot 3 spreads load over the servers behind the pandaserver.cern.ch alias by resolving it
 * and using the name of a random address. Any other host is returned unchanged; so is the URL
 * when DNS fails or takes longer than `timeoutMs`.
 */
export async function randomizePandaServer(base, timeoutMs = 5000) {
    if (!base.includes(PANDA_ALIAS_HOST))
        return base;
    let timer;
    const giveUp = new Promise((resolve) => {
        timer = setTimeout(() => resolve(base), timeoutMs);
        timer.unref();
    });
    return Promise.race([pickServer(base), giveUp]).finally(() => clearTimeout(timer));
}
async function pickServer(base) {
    try {
        const dns = await import('node:dns/promises');
        const addrs = await dns.resolve4(PANDA_ALIAS_HOST);
        if (addrs.length === 0)
            return base;
        const pick = addrs[Math.floor(Math.random() * addrs.length)];
        const names = await dns.reverse(pick);
        return names[0] ? base.replace(PANDA_ALIAS_HOST, names[0]) : base;
    }
    catch {
        return base;
    }
}
//# sourceMappingURL=url.js.map