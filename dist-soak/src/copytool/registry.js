/**
 * Copytools by name (Pilot 3's `copytool_modules`, plus our native `https`). Heavy tools (s3)
 * are imported only when a queue asks for them.
 */
import { errors } from '../common/errors.js';
const LOADERS = {
    mv: async () => (await import('./mv.js')).mvCopytool,
    xrdcp: async () => (await import('./xrdcp.js')).xrdcpCopytool,
    https: async () => (await import('./https.js')).httpsCopytool,
    davs: async () => (await import('./https.js')).httpsCopytool,
    gfal: async () => (await import('./gfal.js')).gfalCopytool,
    gfalcopy: async () => (await import('./gfal.js')).gfalCopytool,
    rucio: async () => (await import('./rucio.js')).rucioCopytool,
    s3: async () => (await import('./s3.js')).s3Copytool,
};
const custom = new Map();
/** Names that resolve to a copytool. */
export function copytoolNames() {
    return [...new Set([...Object.keys(LOADERS), ...custom.keys()])].sort();
}
/** Register (or replace) a copytool under a name, e.g. a site-specific tool. */
export function registerCopytool(name, tool) {
    custom.set(name, tool);
}
/** The copytool for a name; unknown names raise UNKNOWNCOPYTOOL (1323). */
export async function getCopytool(name) {
    const own = custom.get(name);
    if (own)
        return own;
    const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
    if (!load)
        throw errors.UNKNOWNCOPYTOOL(`unknown copytool name: ${JSON.stringify(name)} (known: ${copytoolNames().join(', ')})`);
    return load();
}
//# sourceMappingURL=registry.js.map