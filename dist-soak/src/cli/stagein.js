/**
 * `stagein` tool (Pilot 3's pilot/scripts/stagein.py): stage in the files of a replica
 * dictionary for a queue, write `stagein_status.json` in the work directory.
 *
 *   node dist/src/cli/stagein.js -q QUEUE -w WORKDIR --replicadictionary stagein_replicas.json \
 *     --eventtype get_sm --localsite SITE --remotesite SITE --produserid USER --jobid ID \
 *     --taskid ID --jobdefinitionid ID [--inputdir DIR] [--catchall TEXT] [--usevp BOOL] ...
 *
 * Exit codes: 0 ok, 1 unreadable replica dictionary, 12 transfer error (as Pilot 3).
 * Deviations: the dictionary's ddmendpoint is used (Pilot 3 ignores it), and an md5-only checksum
 * stays md5 (Pilot 3 re-reads it as adler32, quirk 14).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import argparse from 'argparse';
import { asPilotError } from '../common/errors.js';
import { initLogging } from '../common/log.js';
import { StageInClient } from '../data/stagein.js';
import { TRANSFER_ERROR, scriptInfoService, scriptTrace, str2bool, writeStatus } from '../data/scripts.js';
const { ArgumentParser } = argparse;
function parser() {
    const p = new ArgumentParser({ prog: 'stagein', description: 'Stage in the files of a replica dictionary (Pilot 3 stagein.py).', color: false });
    p.add_argument('-d', { dest: 'debug', action: 'store_true', help: 'debug mode' });
    p.add_argument('-q', { dest: 'queuename', required: true, help: 'PanDA queue' });
    p.add_argument('-w', { dest: 'workdir', default: process.cwd(), help: 'work directory (default: current)' });
    for (const o of ['eventtype', 'localsite', 'remotesite', 'produserid', 'jobid', 'taskid', 'jobdefinitionid', 'replicadictionary']) {
        p.add_argument(`--${o}`, { dest: o, required: true });
    }
    for (const o of ['eventservicemerge', 'usepcache', 'usevp'])
        p.add_argument(`--${o}`, { dest: o, type: str2bool, default: false });
    p.add_argument('--no-pilot-log', { dest: 'nopilotlog', action: 'store_true' });
    for (const o of ['inputdir', 'catchall', 'rucio_host'])
        p.add_argument(`--${o}`, { dest: o, default: '' });
    // legacy options, accepted and unused (as in Pilot 3)
    for (const o of ['scopes', 'lfns', 'filesizes', 'checksums', 'allowlans', 'allowwans', 'directaccesslans', 'directaccesswans', 'istars', 'accessmodes', 'storagetokens', 'guids']) {
        p.add_argument(`--${o}`, { dest: o, required: false });
    }
    return p;
}
async function main() {
    const args = parser().parse_args();
    const env = process.env;
    const workdir = args.workdir;
    if (!args.nopilotlog)
        initLogging({ file: join(workdir, 'stageinlog.txt'), level: args.debug ? 'debug' : 'info' });
    let dict;
    try {
        dict = JSON.parse(readFileSync(join(workdir, args.replicadictionary), 'utf8'));
        if (!dict || typeof dict !== 'object' || Array.isArray(dict))
            throw new Error('not a JSON object');
    }
    catch (e) {
        process.stderr.write(`exception caught reading json: ${e.message}\n`);
        return 1;
    }
    if (args.rucio_host)
        env.RUCIO_HOST = args.rucio_host;
    const trace = await scriptTrace(args, env);
    const info = await scriptInfoService(args.queuename, env);
    const { FileSpec } = await import('../info/filespec.js');
    const status = {};
    let error = ['', 0];
    const files = [];
    try {
        for (const [lfn, d] of Object.entries(dict)) {
            const checksum = d.checksum && d.checksum !== 'None' ? (/^[0-9a-fA-F]{32}$/.test(d.checksum) ? `md5:${d.checksum}` : `ad:${d.checksum}`) : undefined;
            const f = new FileSpec({
                filetype: 'input', lfn, scope: d.scope, guid: d.guid, dataset: d.dataset, ddmendpoint: d.ddmendpoint, workdir,
                filesize: d.filesize, checksum, allow_lan: d.allowlan, allow_wan: d.allowwan, direct_access_lan: d.directaccesslan,
                direct_access_wan: d.directaccesswan, is_tar: d.istar, accessmode: d.accessmode, storage_token: d.storagetoken, checkinputsize: true,
            });
            files.push(f);
        }
        const client = new StageInClient(info, { env, traceReport: trace, progress: true });
        await client.transfer(files, { activity: args.eventservicemerge ? 'es_events_read' : 'pr', workdir, inputDir: args.inputdir || undefined, catchall: args.catchall });
    }
    catch (e) {
        const err = asPilotError(e);
        error = [err.diag, err.code];
        process.stderr.write(`stage-in failed: ${err.diag}\n`);
    }
    for (const f of files)
        status[f.lfn] = [f.status ?? null, f.status_code ?? 0, f.turl ?? '', f.ddmendpoint ?? ''];
    status.error = [error[0], error[1], null, null];
    await writeStatus(join(workdir, 'stagein_status.json'), status);
    return error[1] ? TRANSFER_ERROR : 0;
}
main().then((code) => process.exit(code), (e) => {
    process.stderr.write(`stagein: ${asPilotError(e).diag}\n`);
    process.exit(1);
});
//# sourceMappingURL=stagein.js.map