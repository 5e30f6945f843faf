/**
 * `rucio` copytool: replicas come from the Rucio REST API (resolved by the stage-in client, as
 * for every `requireReplicas` tool); the bytes move with the tool matching the chosen replica's
 * scheme (root → xrdcp, davs/https → native https, file → local copy). Pilot 3 uses the Rucio
 * Python client for both; we need no Python on the node.
 */
import { errors } from '../common/errors.js';
import { httpsCopytool } from './https.js';
import { mvCopytool } from './mv.js';
import { urlScheme } from './paths.js';
import { xrdcpCopytool } from './xrdcp.js';
function toolFor(url, isStagein) {
    const scheme = urlScheme(url ?? '');
    if (scheme === 'root' || scheme === 'xroot')
        return xrdcpCopytool;
    if (scheme === 'davs' || scheme === 'https' || scheme === 'http' || scheme === 'dav')
        return httpsCopytool;
    if (scheme === 'file' || (url ?? '').startsWith('/'))
        return mvCopytool;
    throw (isStagein ? errors.STAGEINFAILED : errors.STAGEOUTFAILED)(`rucio copytool: no transfer tool for ${JSON.stringify(url ?? '')}`);
}
async function byScheme(files, ctx, isStagein) {
    for (const f of files) {
        const tool = toolFor(f.turl, isStagein);
        // a file:// replica or destination is the final place: copy to/from exactly that path
        // (an output dir set also keeps mv from writing ARC's output.list)
        const sub = tool === mvCopytool ? { ...ctx, copyType: 'cp', mvfinaldest: true, outputDir: ctx.outputDir || ctx.workdir } : ctx;
        if (isStagein)
            await tool.copyIn([f], sub);
        else
            await tool.copyOut([f], sub);
    }
    return files;
}
/** The rucio copytool. */
export const rucioCopytool = {
    name: 'rucio',
    requireReplicas: true,
    requireInputProtocols: false,
    // Pilot 3's rucio upload picks the RSE protocol itself; we resolve the turl from storage data.
    requireProtocols: true,
    checkAvailableSpace: true,
    allowedSchemas: ['root', 'davs', 'https', 'file'],
    copyIn: (files, ctx) => byScheme(files, ctx, true),
    copyOut: (files, ctx) => byScheme(files, ctx, false),
};
//# sourceMappingURL=rucio.js.map