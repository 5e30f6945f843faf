/**
 * `panda-pilot selftest`: test this site (queue description, storage, pilot configuration)
 * with one job against the embedded emulators; prints each check and where every file went.
 * Exit 0 when every check passed, 1 otherwise, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import argparse from 'argparse';
import { formatSelftestReport, runSelftest } from '../selftest/selftest.js';

const { ArgumentParser } = argparse;

/** The parser of `panda-pilot selftest` (exported for the man page and tests). */
export function selftestParser(): InstanceType<typeof ArgumentParser> {
  const p = new ArgumentParser({
    prog: 'panda-pilot selftest',
    description: 'Run one job with an input and an output through this site\'s queue, storage and pilot configuration against the embedded PanDA and Rucio emulators. Nothing is cleaned up; no production service (CRIC, CVMFS, Rucio, PanDA) is contacted.',
    epilog: 'Arguments after -- go to the pilot. Exit codes: 0 every check passed, 1 a check failed, 2 usage error.',
    color: false,
  });
  p.add_argument('--dir', { help: 'directory for everything the test makes (default ./panda-selftest-<UTC time>)' });
  p.add_argument('--queue', { default: 'SELFTEST', help: 'queue name (default SELFTEST)' });
  p.add_argument('--queuedata', { help: "the site queue's schedconfig JSON (one queue, or {name: queue}); default: a local queue with the mv copytool" });
  p.add_argument('--storagedata', { help: 'the site storage endpoints (ddmendpoints.json format); default: a POSIX endpoint under <dir>/storage' });
  p.add_argument('--rse', { help: "storage endpoint for the input, output and log (default: the queue's first write endpoint)" });
  p.add_argument('--config', { help: 'pilot configuration file to start from (default HARVESTER_PILOT_CONFIG, else the packaged default.cfg)' });
  p.add_argument('--size-kb', { dest: 'size_kb', type: 'int', default: 1024, help: 'input file size in kB (default 1024)' });
  p.add_argument('--pilot-user', { dest: 'pilot_user', default: 'generic', help: 'pilot user plug-in (default generic)' });
  p.add_argument('--timeout', { type: 'int', default: 600, help: 'seconds the pilot may take (default 600)' });
  return p;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Run the subcommand (argv after `selftest`); resolves to the exit code. */
export async function selftestMain(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const a = selftestParser().parse_args(own) as { dir?: string; queue: string; queuedata?: string; storagedata?: string; rse?: string; config?: string; size_kb: number; pilot_user: string; timeout: number };
  let queuedata = a.queuedata ? readJson(a.queuedata) : undefined;
  // {name: queue} (CRIC's per-queue file) or the bare queue
  if (queuedata && a.queue in queuedata && typeof queuedata[a.queue] === 'object') queuedata = queuedata[a.queue] as Record<string, unknown>;
  const dir = a.dir ?? path.resolve(`panda-selftest-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`);
  process.stdout.write(`panda-pilot selftest in ${dir}\n`);
  const report = await runSelftest({
    dir,
    queue: a.queue,
    queuedata,
    storagedata: a.storagedata ? (readJson(a.storagedata) as Record<string, Record<string, unknown>>) : undefined,
    rse: a.rse,
    config: a.config,
    inputBytes: a.size_kb * 1024,
    pilotUser: a.pilot_user,
    pilotArgs: dash >= 0 ? argv.slice(dash + 1) : [],
    timeoutS: a.timeout,
    // the pilot that runs is this one: the same node, flags and entry (bundle, loader or tsc build)
    pilotCommand: (globalThis as { __pandaBundle?: { asset?: unknown } }).__pandaBundle?.asset ? [process.execPath] : [process.execPath, ...process.execArgv, process.argv[1]],
  });
  process.stdout.write(formatSelftestReport(report));
  return report.ok ? 0 : 1;
}
