/**
 * Destination (and object-store source) URLs from storage data: protocol lookup by activity,
 * allowed-schema ordering, and the deterministic surl (Pilot 3's require_protocols,
 * resolve_protocols, resolve_protocol, resolve_surl).
 */
import { errors } from '../common/errors.js';
import { rucioPath } from '../copytool/paths.js';
/**
 * Pilot 3's resolve_allowed_schemas: the first activity with an acopytools_schemas entry; a list
 * applies to every copytool, a dict is looked up by copytool then `default`. The caller's
 * activity list is not modified (quirk 16).
 */
export function resolveAllowedSchemas(queuedata, activities, copytool) {
    const map = queuedata?.acopytools_schemas ?? {};
    for (const a of [...activities, 'default']) {
        const v = map[a];
        if (!v || (Array.isArray(v) ? !v.length : !Object.keys(v).length))
            continue;
        const d = Array.isArray(v) ? { default: v } : v;
        return (copytool && d[copytool]) || d.default || [];
    }
    return [];
}
/** Keep protocols whose endpoint matches an allowed schema, grouped in schema order. */
export function filterProtocols(protocols, schemas) {
    if (!schemas?.length)
        return protocols;
    return schemas.flatMap((s) => protocols.filter((p) => (p.endpoint ?? '').startsWith(`${s}://`)));
}
/** POSIX join of a storage path and a relative path (endpoint + path are concatenated as strings). */
function joinPath(path, rel) {
    if (!path)
        return rel;
    return path.endsWith('/') ? path + rel : `${path}/${rel}`;
}
/** The default deterministic surl: endpoint + join(path, rucio path). */
export function deterministicSurl(f, protocol, ddmconf, localDir) {
    if (!localDir) {
        const ddm = ddmconf[f.ddmendpoint ?? ''];
        if (!ddm)
            throw errors.NOSTORAGE(`Failed to resolve ddmendpoint by name=${f.ddmendpoint}`);
        if (!ddm.is_deterministic)
            throw errors.NONDETERMINISTICDDM(`resolve_surl(): Failed to construct SURL for non deterministic ddm=${f.ddmendpoint}: NOT IMPLEMENTED`);
    }
    return (protocol.endpoint ?? '') + joinPath(protocol.path ?? '', rucioPath(f.scope, f.lfn));
}
/**
 * Give every file its protocols and `turl` (destination for stage-out, source for object-store
 * stage-in). `localDir` replaces storage lookup (Pilot 3's output_dir / input_dir).
 */
export function requireProtocols(files, tool, opts) {
    const schemas = resolveAllowedSchemas(opts.queuedata, opts.activities, tool.name);
    const allowed = schemas.length ? schemas : tool.allowedSchemas;
    const mvConfigured = tool.name === 'mv' || !!(opts.queuedata?.copytools && 'mv' in opts.queuedata.copytools);
    for (const f of files) {
        let protocols;
        if (opts.localDir) {
            protocols = [{ endpoint: `${opts.localDir.replace(/\/+$/, '')}/`, flavour: '', id: 0, path: '' }];
            f.protocols = protocols;
        }
        else {
            const ddm = opts.ddmconf[f.ddmendpoint ?? ''];
            if (!ddm) {
                if (mvConfigured)
                    continue;
                throw errors.NOSTORAGE(`Failed to resolve output ddmendpoint by name=${f.ddmendpoint ?? ''} (from PanDA), please check configuration.`);
            }
            const acts = f.ddm_activity ?? opts.activities;
            protocols = [];
            for (const a of acts) {
                const list = ddm.arprotocols?.[a];
                if (list?.length) {
                    protocols = list;
                    break;
                }
            }
            f.protocols = protocols;
        }
        const usable = opts.localDir ? protocols : filterProtocols(protocols, allowed);
        if (!usable.length) {
            if (mvConfigured)
                continue; // mv writes next to the workdir; no protocol needed
            throw errors.NOSTORAGEPROTOCOL(`Failed to resolve protocol for file=${f.lfn}, allowed_schemas=${JSON.stringify(allowed ?? [])}, fspec=${f.ddmendpoint}`);
        }
        const r = tool.resolveSurl
            ? tool.resolveSurl(f, { endpoint: usable[0].endpoint ?? '', path: usable[0].path, id: usable[0].id }, opts.ddmconf, { queue: opts.queuedata?.name ?? undefined, env: opts.env })
            : { surl: deterministicSurl(f, usable[0], opts.ddmconf, opts.localDir) };
        f.turl = r.surl;
        if (r.ddmendpoint)
            f.ddmendpoint = r.ddmendpoint;
    }
}
//# sourceMappingURL=protocols.js.map