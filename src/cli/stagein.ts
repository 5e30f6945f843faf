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
import type { TransferFile } from '../data/types.js';

import { TRACE_OPTION_HELP } from './trace-help.js';

const { ArgumentParser } = argparse;

const TRACE_HELP: Record<string, string> = {
  eventtype: 'trace event type (e.g. get_sm, get_sm_a)',
  ...TRACE_OPTION_HELP,
  replicadictionary: 'JSON file in the work directory: {lfn: {scope, guid, dataset, ddmendpoint, filesize, checksum, ...}}',
};

/** The parser of `panda-stagein` (exported for the man page). */
export function parser(): InstanceType<typeof ArgumentParser> {
  const p = new ArgumentParser({ prog: 'panda-stagein', description: 'Stage in the files of a replica dictionary for a queue (Pilot 3\'s stagein.py); writes stagein_status.json in the work directory. Exit codes: 0 ok, 1 unreadable replica dictionary, 12 transfer error.', color: false });
  p.add_argument('-d', { dest: 'debug', action: 'store_true', help: 'debug mode: debug lines in stageinlog.txt' });
  p.add_argument('-q', { dest: 'queuename', required: true, help: 'PanDA queue whose copytools and storages are used' });
  p.add_argument('-w', { dest: 'workdir', default: process.cwd(), help: 'work directory: files land here (default: current)' });
  for (const o of ['eventtype', 'localsite', 'remotesite', 'produserid', 'jobid', 'taskid', 'jobdefinitionid', 'replicadictionary']) {
    p.add_argument(`--${o}`, { dest: o, required: true, help: TRACE_HELP[o] });
  }
  p.add_argument('--eventservicemerge', { dest: 'eventservicemerge', type: str2bool, default: false, help: 'event service merge job: read with the es_events_read activity (default False)' });
  p.add_argument('--usepcache', { dest: 'usepcache', type: str2bool, default: false, help: 'use the pilot cache [ignored: accepted as Pilot 3]' });
  p.add_argument('--usevp', { dest: 'usevp', type: str2bool, default: false, help: "[ignored: replicas are sorted by the queue's storages] use Rucio virtual placement" });
  p.add_argument('--no-pilot-log', { dest: 'nopilotlog', action: 'store_true', help: 'do not write stageinlog.txt' });
  p.add_argument('--inputdir', { dest: 'inputdir', default: '', help: 'directory the input files are taken from (copy instead of a transfer)' });
  p.add_argument('--catchall', { dest: 'catchall', default: '', help: "the queue's catchall field (copytool hints)" });
  p.add_argument('--rucio_host', { dest: 'rucio_host', default: '', help: 'Rucio server for replica lookups (sets RUCIO_HOST)' });
  // legacy options, accepted and unused (as in Pilot 3)
  for (const o of ['scopes', 'lfns', 'filesizes', 'checksums', 'allowlans', 'allowwans', 'directaccesslans', 'directaccesswans', 'istars', 'accessmodes', 'storagetokens', 'guids']) {
    p.add_argument(`--${o}`, { dest: o, required: false, help: `[ignored: legacy, the replica dictionary has the ${o}]` });
  }
  return p;
}

type Entry = { guid?: string; scope: string; dataset?: string; ddmendpoint?: string; filesize?: number | string; checksum?: string; allowlan?: boolean; allowwan?: boolean; directaccesslan?: boolean; directaccesswan?: boolean; istar?: boolean; accessmode?: string; storagetoken?: string };

async function main(): Promise<number> {
  const args = parser().parse_args() as Record<string, string> & { eventservicemerge: boolean; usevp: boolean; nopilotlog: boolean };
  const env = process.env;
  const workdir = args.workdir;
  if (!args.nopilotlog) initLogging({ file: join(workdir, 'stageinlog.txt'), level: args.debug ? 'debug' : 'info' });
  let dict: Record<string, Entry>;
  try {
    dict = JSON.parse(readFileSync(join(workdir, args.replicadictionary), 'utf8')) as Record<string, Entry>;
    if (!dict || typeof dict !== 'object' || Array.isArray(dict)) throw new Error('not a JSON object');
  } catch (e) {
    process.stderr.write(`exception caught reading json: ${(e as Error).message}\n`);
    return 1;
  }
  if (args.rucio_host) env.RUCIO_HOST = args.rucio_host;
  const trace = await scriptTrace(args, env);
  const info = await scriptInfoService(args.queuename, env);
  const { FileSpec } = await import('../info/filespec.js');
  const status: Record<string, unknown[]> = {};
  let error: [string, number] = ['', 0];
  const files: TransferFile[] = [];
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
  } catch (e) {
    const err = asPilotError(e);
    error = [err.diag, err.code];
    process.stderr.write(`stage-in failed: ${err.diag}\n`);
  }
  for (const f of files) status[f.lfn] = [f.status ?? null, f.status_code ?? 0, f.turl ?? '', f.ddmendpoint ?? ''];
  status.error = [error[0], error[1], null, null];
  await writeStatus(join(workdir, 'stagein_status.json'), status);
  return error[1] ? TRANSFER_ERROR : 0;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`stagein: ${asPilotError(e).diag}\n`);
  process.exit(1);
});
