/**
 * The parts of `panda-pilot --help` that argparse does not make from the options: the environment
 * it reads, the configuration file and the exit codes (also the source of the man page, see
 * scripts/gen-man.mjs). One place, so help, man page and README cannot drift apart.
 */
import { errorName, shellExitCodeTable } from '../common/errors.js';

/** Environment variables the pilot reads, with what each does. */
export const PILOT_ENVIRONMENT: ReadonlyArray<[string, string]> = [
  ['HARVESTER_PILOT_CONFIG', 'configuration file used instead of the packaged default.cfg (as Pilot 3)'],
  ['X509_USER_PROXY', 'grid proxy for the server and the storage (client certificate)'],
  ['X509_CERT_DIR', 'CA directory for TLS verification (also --capath)'],
  ['OIDC_AUTH_TOKEN, PANDA_AUTH_TOKEN', 'token file name for the PanDA server (with *_AUTH_DIR, *_AUTH_ORIGIN)'],
  ['PANDAPILOT_LIFETIME', 'pilot lifetime in seconds (instead of --lifetime)'],
  ['NO_CVMFS_OK', 'skip the CVMFS start-up check'],
  ['LOCAL_AGIS_SCHEDCONF', 'local queuedata file'],
  ['HARVESTER_ID, HARVESTER_WORKER_ID', 'Harvester mode: worker status updates and job files'],
  ['PANDA_HOSTNAME', 'worker node name sent to the server'],
  ['RUCIO_HOST', 'Rucio server for replica lookups (after --rucio-host)'],
  ['PILOT_NOKILL', 'accepted (we never kill processes we did not start)'],
  ['PANDA_PILOT_LOG_LEVEL', 'also print log records made before logging is set up, to stderr (debug, info, warn, ...)'],
  ['PANDA_PILOT_LOG_FORMAT', '"json": JSON lines instead of Pilot 3\'s "date | LEVEL | module | function | message" lines'],
  ['PANDA_PILOT_LOG_CONSOLE', '"0": no copy of the log on stdout'],
  ['PANDA_PILOT_WAIT_LOG_S', 'period of the "still waiting for ..." log lines during long waits (default 30)'],
];

/** The configuration file, as the help says it. */
export const PILOT_CONFIG_TEXT =
  'Configuration: config/default.cfg of the installation (Pilot 3\'s sections and keys), or the file ' +
  'named by HARVESTER_PILOT_CONFIG. Our keys are in [Pilot] (final_update_deadline, signal_deadline, ' +
  'kill_grace, walltime_grace, getjob_nojob_sleep_min/_max, getjob_empty_sleep, log_format); see the README.';

/** `text` wrapped at `width`, the first line starting with `first`, the others with `indent`. */
function wrap(text: string, width: number, indent: string, first = indent): string {
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.trim().split(/\s+/)) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else line = empty ? line + word : `${line} ${word}`;
    empty = false;
  }
  if (!empty) out.push(line);
  return out.join('\n');
}

/** The exit codes: 0, Pilot 3's table (pilot error → exit code), 2 for usage errors. */
export function exitCodeLines(): string[] {
  const byExit = new Map<number, string[]>();
  for (const [code, exit] of shellExitCodeTable()) {
    const name = code === -1 ? 'undefined' : (errorName(code) ?? String(code));
    byExit.set(exit, [...(byExit.get(exit) ?? []), `${name} (${code})`]);
  }
  const row = (exit: number, text: string) => wrap(text, 78, '       ', `  ${String(exit).padEnd(4)} `);
  const lines = [
    row(0, 'success (also when there was no job)'),
    row(1, "a job failure Pilot 3 makes the pilot's (stage-in failure, lost heartbeat), or an unlisted error"),
    row(2, 'usage error (bad option or URL)'),
  ];
  for (const [exit, names] of [...byExit].sort((a, b) => a[0] - b[0])) lines.push(row(exit, names.join(', ')));
  lines.push(row(85, 'ours: a final update not accepted before final_update_deadline, kept in the job journal with its work dir for the next pilot to re-send'));
  return lines;
}

/** The epilog of `panda-pilot --help`. */
export function pilotHelpEpilog(): string {
  const env = PILOT_ENVIRONMENT.map(([k, v]) => `  ${k}\n${wrap(v, 78, '      ')}`);
  return [
    'environment variables:',
    ...env,
    '',
    'configuration file:',
    wrap(PILOT_CONFIG_TEXT, 78, '  '),
    '',
    'files (in the pilot home: -a dir/PanDA_Pilot3_<pid>_<time>, else the launch directory):',
    '  pilotlog.txt, pilot_timing.json, pandaIDs.out, heartbeat.json (-z), info caches;',
    '  per job PanDA_Pilot-<PandaID>/ with payload.stdout/.stderr, memory monitor output,',
    '  the log tarball and its job report (job-report.html).',
    '',
    'exit codes:',
    ...exitCodeLines(),
    '',
    'Options marked [ignored] are accepted for Pilot 3 compatibility and have no effect.',
    'Subcommand: panda-pilot selftest --help (test this site against the embedded emulator).',
    'Subcommand: panda-pilot middleware --workdir DIR REQUEST.json (started by the pilot itself:',
    '  stage-in/out in the middleware container or a separate process, see the README).',
  ].join('\n');
}
