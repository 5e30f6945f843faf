/**
 * The URL options checked before anything runs (a usage error, exit 2, instead of a failure
 * later): no argparse here, so the bundle's command-line fast path can check them too.
 */

/** The first URL option that cannot be used, as an argparse error text; undefined when all are fine. */
export function badUrlOption(a: { url: string; queuedata_url: string; storagedata_url: string; rucio_host: string }): string | undefined {
  const web = (name: string, v: string, local: boolean): string | undefined => {
    if (!v) return undefined;
    if (local && !v.includes('://')) return undefined; // a file path (Pilot 3 reads local files too)
    // Pilot 3 takes a bare host for --url (scheme https by default)
    const full = !local && !v.includes('://') ? `https://${v}` : v;
    let u: URL;
    try {
      u = new URL(full.replace(/\{pandaqueue\}/g, 'Q'));
    } catch {
      return `argument ${name}: invalid URL: '${v}'`;
    }
    const schemes = local ? ['http:', 'https:', 'file:'] : ['http:', 'https:'];
    if (!schemes.includes(u.protocol)) return `argument ${name}: unsupported URL scheme '${u.protocol.slice(0, -1)}' in '${v}' (use ${schemes.map((x) => x.slice(0, -1)).join(' or ')})`;
    if (u.protocol !== 'file:' && !u.hostname) return `argument ${name}: no host in URL '${v}'`;
    return undefined;
  };
  return web('--url', a.url, false) ?? web('--queuedata-url', a.queuedata_url, true) ?? web('--storagedata-url', a.storagedata_url, true) ?? web('--rucio-host', a.rucio_host, false);
}
