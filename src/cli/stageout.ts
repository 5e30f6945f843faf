/**
 * `stageout` tool (Pilot 3's pilot/scripts/stageout.py): stage out comma-separated lists of
 * files for a queue (activity pw), write `stageout_status.json` (or `.json.log` when it exists).
 *
 *   node dist/src/cli/stageout.js -q QUEUE -w WORKDIR --lfns a,b --scopes s,s --datasets d,d \
 *     --ddmendpoints E,E --guids g1,g2 --eventtype put_sm --localsite S --remotesite S \
 *     --produserid U --jobid ID --taskid ID --jobdefinitionid ID [--outputdir DIR] ...
 *
 * Exit codes: 0 ok, 12 transfer error. Deviation: lists of different lengths are an error
 * (Pilot 3 only logs it and silently drops the extra files).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import argparse from 'argparse';
import { asPilotError, errors } from '../common/errors.js';
import { initLogging } from '../common/log.js';
import { StageOutClient } from '../data/stageout.js';
import { TRANSFER_ERROR, scriptInfoService, scriptTrace, str2bool, writeStatus } from '../data/scripts.js';
import type { TransferFile } from '../data/types.js';

import { TRACE_OPTION_HELP } from './trace-help.js';

const { ArgumentParser } = argparse;

const LIST_HELP: Record<string, string> = {
  lfns: 'comma-separated file names (in the work directory) to stage out',
  scopes: 'comma-separated Rucio scopes, one per file',
  datasets: 'comma-separated datasets, one per file',
  ddmendpoints: 'comma-separated destination storages (RSEs), one per file',
  guids: 'comma-separated GUIDs, one per file',
  eventtype: 'trace event type (e.g. put_sm)',
  ...TRACE_OPTION_HELP,
};

/** The parser of `panda-stageout` (exported for the man page). */
export function parser(): InstanceType<typeof ArgumentParser> {
  const p = new ArgumentParser({ prog: 'panda-stageout', description: 'Stage out files to their storages (Pilot 3\'s stageout.py); writes stageout_status.json in the work directory. Exit codes: 0 ok, 12 transfer error.', color: false });
  p.add_argument('-d', { dest: 'debug', action: 'store_true', help: 'debug mode: debug lines in stageoutlog.txt' });
  p.add_argument('-q', { dest: 'queuename', required: true, help: 'PanDA queue whose copytools and storages are used' });
  p.add_argument('-w', { dest: 'workdir', default: process.cwd(), help: 'work directory holding the files (default: current)' });
  for (const o of ['lfns', 'scopes', 'datasets', 'ddmendpoints', 'guids', 'eventtype', 'localsite', 'remotesite', 'produserid', 'jobid', 'taskid', 'jobdefinitionid']) {
    p.add_argument(`--${o}`, { dest: o, required: true, help: LIST_HELP[o] });
  }
  p.add_argument('--eventservicemerge', { dest: 'eventservicemerge', type: str2bool, default: false, help: '[ignored: same activity either way] event service merge job' });
  p.add_argument('--usepcache', { dest: 'usepcache', type: str2bool, default: false, help: 'use the pilot cache [ignored: accepted as Pilot 3]' });
  p.add_argument('--no-pilot-log', { dest: 'nopilotlog', action: 'store_true', help: 'do not write stageoutlog.txt' });
  p.add_argument('--outputdir', { dest: 'outputdir', default: '', help: 'directory the files are copied to instead of a transfer (Harvester)' });
  p.add_argument('--catchall', { dest: 'catchall', default: '', help: "the queue's catchall field (copytool hints)" });
  p.add_argument('--rucio_host', { dest: 'rucio_host', default: '', help: 'Rucio server (sets RUCIO_HOST)' });
  p.add_argument('--stageout-attempts', { dest: 'stageout_attempts', type: 'int', default: 1, help: 'attempts per file (default 1)' });
  return p;
}

async function main(): Promise<number> {
  const args = parser().parse_args() as Record<string, string> & { nopilotlog: boolean; stageout_attempts: number };
  const env = process.env;
  const workdir = args.workdir;
  if (!args.nopilotlog) initLogging({ file: join(workdir, 'stageoutlog.txt'), level: args.debug ? 'debug' : 'info' });
  env.PILOT_STAGEOUT_ATTEMPTS = String(args.stageout_attempts);
  const split = (s: string) => s.split(',').map((x) => x.trim());
  const [lfns, scopes, datasets, ddms, guids] = [args.lfns, args.scopes, args.datasets, args.ddmendpoints, args.guids].map(split);
  const status: Record<string, unknown[]> = {};
  let error: [string, number] = ['', 0];
  const files: TransferFile[] = [];
  try {
    if (![scopes, datasets, ddms, guids].every((l) => l.length === lfns.length)) {
      throw errors.STAGEOUTFAILED(`file lists not same length: lfns=${lfns.length}, scopes=${scopes.length}, datasets=${datasets.length}, ddmendpoints=${ddms.length}, guids=${guids.length}`);
    }
    const trace = await scriptTrace(args, env);
    const info = await scriptInfoService(args.queuename, env);
    const { FileSpec } = await import('../info/filespec.js');
    lfns.forEach((lfn, i) => files.push(new FileSpec({ filetype: 'output', lfn, scope: scopes[i], dataset: datasets[i], ddmendpoint: ddms[i], guid: guids[i], workdir })));
    const client = new StageOutClient(info, { env, traceReport: trace, progress: true });
    if (info?.queuedata && info.queuedata.type !== 'unified') client.prepareDestinations(files, 'pw');
    await client.transfer(files, { activity: 'pw', workdir, outputDir: args.outputdir || undefined, catchall: args.catchall });
  } catch (e) {
    const err = asPilotError(e);
    error = [err.diag, err.code];
    process.stderr.write(`stage-out failed: ${err.diag}\n`);
  }
  for (const f of files) status[f.lfn] = [f.status ?? null, f.status_code ?? 0, f.surl ?? '', f.turl ?? '', f.checksum?.adler32 ?? null, f.filesize ?? 0];
  status.error = [error[0], error[1], null, null, null, null];
  let path = join(workdir, 'stageout_status.json');
  if (existsSync(path)) path += '.log';
  await writeStatus(path, status);
  return error[1] ? TRANSFER_ERROR : 0;
}

main().then((code) => process.exit(code), (e) => {
  process.stderr.write(`stageout: ${asPilotError(e).diag}\n`);
  process.exit(1);
});
