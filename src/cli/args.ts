/**
 * The pilot's command line, option for option the same as Pilot 3's arguments.py (3.11.5.1):
 * same long and short flags, dest names, types, defaults, choices and help texts, parsed by the
 * `argparse` npm package (a port of Python's argparse), so abbreviations, `--opt=value`, the usage
 * text and exit code 2 on a bad command line behave as they do for Pilot 3.
 */
import argparse from 'argparse';
import { PILOT_VERSION, packageVersion } from '../common/version.js';
import { pilotHelpEpilog } from './help.js';
import { badUrlOption } from './urlcheck.js';

export { badUrlOption };

const { ArgumentParser, ArgumentTypeError, RawDescriptionHelpFormatter } = argparse;
type Parser = InstanceType<typeof ArgumentParser>;

/** Workflow names Pilot 3 accepts for `-w/--workflow`. */
export const WORKFLOWS = [
  'generic', 'generic_hpc', 'production', 'production_hpc',
  'analysis', 'analysis_hpc', 'eventservice_hpc',
  'stager', 'payload_stageout',
] as const;

/** One of {@link WORKFLOWS}. */
export type Workflow = (typeof WORKFLOWS)[number];

/** Parsed pilot options; keys are Pilot 3's argparse dest names. */
export interface PilotArgs {
  // main
  pilot_user: string;
  workdir: string;
  cleanup: boolean;
  version_tag: string;
  update_server: boolean;
  // logging
  nopilotlog: boolean;
  debug: boolean;
  redirectstdout: string;
  // job
  job_label: string;
  getjob_requests: number;
  getjob_failures: number;
  country_group: string;
  working_group: string;
  allow_other_country: boolean;
  allow_same_user: boolean;
  jobtype: string;
  // workflow and lifetime
  workflow: Workflow;
  lifetime: number;
  leasetime: number;
  // queue
  queue: string;
  resource: string | null;
  site: string | null;
  resource_type: string;
  cvmfs: boolean;
  stageout_attempts: number;
  // harvester
  harvester_workdir: string;
  harvester_datadir: string;
  harvester_eventstatusdump: string;
  harvester_workerattributes: string;
  harvester_submitmode: string;
  input_dir: string;
  input_destination_dir: string;
  output_dir: string;
  // hpc / event service
  hpc_resource: string;
  hpc_mode: string;
  executor_type: string;
  pod: boolean;
  // proxy / security
  verify_proxy: boolean;
  verify_payload_proxy: boolean;
  token_renewal: boolean;
  cacert: string | null;
  capath: string | null;
  // server
  url: string;
  port: number;
  queuedata_url: string;
  storagedata_url: string;
  workerpilotstatusupdate: boolean;
  subscribe_to_msgsvc: boolean;
  use_https: boolean;
  baseurls: string;
  // real-time logging and rucio
  use_realtime_logging: boolean;
  realtime_logging_server: string | null;
  realtime_logname: string | null;
  use_rucio_traces: boolean;
  rucio_host: string;
  // ours (not Pilot 3's)
  realtime_logging_format: string | null;
  metrics_port: number;
  metrics_host: string;
  metrics_file: string;
  /** ours: concurrent jobs in this pilot ('1' = Pilot 3's one at a time, 'auto' = the queue's core count) */
  multi_job_slots?: string;
}

/**
 * Pilot 3's str2bool: yes/true/t/y/1 and no/false/f/n/0 (any case); anything else is a usage error.
 */
export function str2bool(value: string): boolean {
  const v = value.toLowerCase();
  if (['yes', 'true', 't', 'y', '1'].includes(v)) return true;
  if (['no', 'false', 'f', 'n', '0'].includes(v)) return false;
  throw new ArgumentTypeError(`boolean value expected (var=${value})`);
}

/**
 * Python's `int` as an argparse type: optional sign, digits (underscores between digits), blanks
 * around. Named `int` so a bad value reads "invalid int value: 'x'" exactly as Pilot 3 prints it.
 */
const int = function int(value: string): number {
  if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(value)) throw new TypeError(`invalid literal for int() with base 10: '${value}'`);
  return Number.parseInt(value.replace(/_/g, '').trim(), 10);
};

/** Pilot 3's validate_resource_type: "", SCORE, MCORE, or anything starting with SCORE_ / MCORE_. */
export function validateResourceType(value: string): string {
  if (['', 'SCORE', 'MCORE'].includes(value)) return value;
  if (value.startsWith('SCORE_') || value.startsWith('MCORE_')) return value;
  throw new ArgumentTypeError(`Invalid resource type: ${value}`);
}

function addMainArgs(p: Parser): void {
  p.add_argument('--pilot-user', { dest: 'pilot_user', default: 'generic', required: true,
    help: 'Pilot user (e.g. name of experiment corresponding to pilot plug-in)' });
  p.add_argument('-a', '--workdir', { dest: 'workdir', default: '', help: 'Pilot work directory' });
  p.add_argument('--cleanup', { dest: 'cleanup', type: str2bool, default: true,
    help: 'Cleanup work directory after pilot has finished' });
  p.add_argument('-i', '--versiontag', { dest: 'version_tag', default: 'PR', help: 'Version tag (default: PR, optional: RC)' });
  p.add_argument('-z', '--noserverupdate', { dest: 'update_server', action: 'store_false', default: true,
    help: 'Disable server updates' });
}

function addLoggingArgs(p: Parser): void {
  p.add_argument('--no-pilot-log', { dest: 'nopilotlog', action: 'store_true', default: false,
    help: 'Do not write the pilot log to file' });
  p.add_argument('-d', '--debug', { dest: 'debug', action: 'store_true', default: false,
    help: 'Enable debug mode for logging messages' });
  p.add_argument('--redirect-stdout', { dest: 'redirectstdout', default: '',
    help: 'Redirect all stdout to given file, or /dev/null (optional)' });
}

function addJobArgs(p: Parser): void {
  p.add_argument('-j', '--joblabel', { dest: 'job_label', default: 'ptest', help: 'Job prod/source label (default: ptest)' });
  p.add_argument('-v', '--getjobrequests', { dest: 'getjob_requests', default: 2, required: false, type: int,
    help: 'Number of getjob requests' });
  p.add_argument('-x', '--getjobfailures', { dest: 'getjob_failures', default: 5, required: false, type: int,
    help: 'Maximum number of getjob request failures in Harvester mode' });
  p.add_argument('--country-group', { dest: 'country_group', default: '', help: 'Country group option for getjob request' });
  p.add_argument('--working-group', { dest: 'working_group', default: '', help: 'Working group option for getjob request' });
  p.add_argument('--allow-other-country', { dest: 'allow_other_country', type: str2bool, default: false,
    help: 'Is the resource allowed to be used outside the privileged group?' });
  p.add_argument('--allow-same-user', { dest: 'allow_same_user', type: str2bool, default: true,
    help: 'Multi-jobs will only come from same taskID (and thus same user)' });
  p.add_argument('--job-type', { dest: 'jobtype', default: '', help: 'Job type (managed, user)' });
}

function addWorkflowArgs(p: Parser): void {
  p.add_argument('-w', '--workflow', { dest: 'workflow', default: 'generic', choices: [...WORKFLOWS],
    help: 'Pilot workflow (default: generic)' });
  p.add_argument('-l', '--lifetime', { dest: 'lifetime', type: int, default: 324000,
    help: 'Pilot lifetime seconds (default: 324000 s)' });
  p.add_argument('-L', '--leasetime', { dest: 'leasetime', type: int, default: 3600,
    help: 'Pilot leasetime seconds (default: 3600 s)' });
}

function addQueueArgs(p: Parser): void {
  p.add_argument('-q', '--queue', { dest: 'queue', required: true, help: 'MANDATORY: queue name (e.g., AGLT2_TEST-condor)' });
  p.add_argument('-r', '--resource', { dest: 'resource', default: null, required: false, help: 'OBSOLETE: resource name (e.g., AGLT2_TEST)' });
  p.add_argument('-s', '--site', { dest: 'site', default: null, required: false, help: 'OBSOLETE: site name (e.g., AGLT2_TEST)' });
  p.add_argument('--resource-type', { dest: 'resource_type', default: '', type: validateResourceType,
    help: 'Resource type; MCORE, SCORE or patterns like SCORE_* and MCORE_*' });
  p.add_argument('-b', '--nocvmfs', { dest: 'cvmfs', action: 'store_false', default: true, help: 'Disable cvmfs checks' });
  p.add_argument('--stageout-attempts', { dest: 'stageout_attempts', type: int, default: 1,
    help: 'Number of stage-out attempts per output file (default: 1)' });
}

function addHarvesterArgs(p: Parser): void {
  p.add_argument('--harvester-workdir', { dest: 'harvester_workdir', default: '', help: 'Harvester work directory' });
  p.add_argument('--harvester-datadir', { dest: 'harvester_datadir', default: '', help: 'Harvester data directory' });
  p.add_argument('--harvester-eventstatusdump', { dest: 'harvester_eventstatusdump', default: '',
    help: 'Harvester event status dump json file containing processing status' });
  p.add_argument('--harvester-workerattributes', { dest: 'harvester_workerattributes', default: '',
    help: 'Harvester worker attributes json file containing job status' });
  p.add_argument('--harvester-submit-mode', { dest: 'harvester_submitmode', default: 'PULL',
    help: 'Harvester submit mode (PUSH or PULL [default])' });
  p.add_argument('--input-dir', { dest: 'input_dir', default: '', help: 'Input directory' });
  p.add_argument('--input-destination-dir', { dest: 'input_destination_dir', default: '', help: 'Input destination directory' });
  p.add_argument('--output-dir', { dest: 'output_dir', default: '', help: 'Output directory' });
}

function addHpcArgs(p: Parser): void {
  p.add_argument('--hpc-resource', { dest: 'hpc_resource', default: '', help: 'Name of the HPC (e.g. Titan)' });
  p.add_argument('--hpc-mode', { dest: 'hpc_mode', default: 'manytoone', help: 'HPC mode (manytoone, jumbojobs)' });
  p.add_argument('--es-executor-type', { dest: 'executor_type', default: 'generic',
    help: 'Event service executor type (generic, raythena)' });
  p.add_argument('--pod', { dest: 'pod', action: 'store_true', default: false, help: 'Pilot running in a Kubernetes pod' });
}

function addProxyArgs(p: Parser): void {
  p.add_argument('-t', '--noproxyverification', { dest: 'verify_proxy', action: 'store_false', default: true,
    help: 'Disable proxy verification' });
  p.add_argument('-u', '--verifypayloadproxy', { dest: 'verify_payload_proxy', action: 'store_false', default: true,
    help: 'Disable payload proxy verification' });
  p.add_argument('-y', '--notokenrenewal', { dest: 'token_renewal', action: 'store_false', default: true,
    help: 'Disable token renewal' });
  p.add_argument('--cacert', { dest: 'cacert', default: null,
    help: 'CA certificate to use with HTTPS calls to server, commonly X509 proxy', metavar: 'path/to/your/certificate' });
  p.add_argument('--capath', { dest: 'capath', default: null, help: 'CA certificates path', metavar: 'path/to/certificates/' });
}

function addServerArgs(p: Parser): void {
  // an empty --url means "use [Pilot] pandaserver from default.cfg"
  p.add_argument('--url', { dest: 'url', default: '', help: 'PanDA server URL' });
  p.add_argument('-p', '--port', { dest: 'port', type: int, default: 25443, help: 'PanDA server port' });
  p.add_argument('--queuedata-url', { dest: 'queuedata_url', default: '', help: 'Queuedata server URL' });
  p.add_argument('--storagedata-url', { dest: 'storagedata_url', default: '', help: 'URL for downloading DDM end points data' });
  p.add_argument('-k', '--noworkerpilotstatusupdate', { dest: 'workerpilotstatusupdate', action: 'store_false', default: true,
    help: 'Disable updates to updateWorkerPilotStatus' });
  p.add_argument('--subscribe-to-msgsvc', { dest: 'subscribe_to_msgsvc', action: 'store_true', default: false, required: false,
    help: 'Ask Pilot to receive job/task info from ActiveMQ' });
  p.add_argument('--use-https', { dest: 'use_https', type: str2bool, default: true,
    help: 'Use HTTPS protocol for communications with server' });
  p.add_argument('-g', '--baseurls', { dest: 'baseurls', default: '',
    help: 'Comma separated list of base URLs for validation of trf download' });
}

function addRealtimeLoggingArgs(p: Parser): void {
  p.add_argument('--use-realtime-logging', { dest: 'use_realtime_logging', action: 'store_true', default: false,
    help: 'Use near real-time logging, default=False' });
  p.add_argument('--realtime-logging-server', { dest: 'realtime_logging_server', default: null,
    help: 'Realtime logging server [type:host:port]; e.g. logstash:12.23.34.45:80' });
  p.add_argument('--realtime-logname', { dest: 'realtime_logname', default: null,
    help: 'The log name in the realtime logging server' });
  p.add_argument('--realtime-logging-format', { dest: 'realtime_logging_format', default: null, choices: ['json', 'text'],
    help: 'panda-pilot: records sent as JSON objects (default) or as the pilot log lines (text)' });
}

function addOperationsArgs(p: Parser): void {
  p.add_argument('--metrics-port', { dest: 'metrics_port', type: int, default: 0,
    help: 'panda-pilot: serve OpenMetrics (Prometheus) metrics on this port (default 0: off)' });
  p.add_argument('--metrics-host', { dest: 'metrics_host', default: '127.0.0.1',
    help: 'panda-pilot: interface of the metrics endpoint (default 127.0.0.1)' });
  p.add_argument('--metrics-file', { dest: 'metrics_file', default: '',
    help: "panda-pilot: write the metrics to this file at each job state change (node_exporter's textfile format)" });
}

function addRucioArgs(p: Parser): void {
  p.add_argument('--use-rucio-traces', { dest: 'use_rucio_traces', type: str2bool, default: true, help: 'Use rucio traces' });
  p.add_argument('--rucio-host', { dest: 'rucio_host', default: '', help: 'URL for the Rucio host (optional)' });
}

/**
 * Options Pilot 3 has that we accept and that change nothing here, with why; their help says
 * "[ignored]". An option that gains an implementation leaves this list.
 */
export const IGNORED_OPTIONS: Readonly<Record<string, string>> = {
  hpc_mode: 'generic_hpc runs one job per rank',
  executor_type: 'no event-service executors',
  verify_payload_proxy: 'the proxy is checked by TLS when used',
  use_https: 'the --url scheme decides',
};
/** Ours, not Pilot 3's: several jobs at once in one pilot. */
function addMultiJobArgs(p: Parser): void {
  // SUPPRESS: absent unless given, so the parsed namespace stays exactly Pilot 3's
  p.add_argument('--multi-job-slots', { dest: 'multi_job_slots', default: argparse.SUPPRESS, type: validateSlots, metavar: 'N|auto',
    help: "Run N jobs at once in this pilot, the slot's cores split between them ('auto': one per core of the queue; default: 1)" });
}

function validateSlots(value: string): string {
  if (value === 'auto' || /^[1-9]\d*$/.test(value)) return value;
  throw new ArgumentTypeError(`invalid slot count: ${JSON.stringify(value)} (a positive integer or 'auto')`);
}

/** Options for {@link createPilotArgParser}. */
export interface PilotArgParserOptions {
  /** Program name in usage and error texts (Pilot 3 prints its script name, `pilot.py`). */
  prog?: string;
  /** false: throw argparse's ArgumentError instead of printing usage and exiting with 2. */
  exitOnError?: boolean;
}

/** The argparse parser with every Pilot 3 option, in Pilot 3's order (for `--help` and tests). */
export function createPilotArgParser(opts: PilotArgParserOptions = {}): Parser {
  const parser = new ArgumentParser({
    prog: opts.prog ?? 'panda-pilot',
    description: 'panda-pilot: the PanDA pilot (a drop-in for Pilot 3 %(version)s, same options): gets a job from a PanDA server, stages its inputs in, runs and monitors the payload, stages the outputs and the log out, and reports to the server.'.replace('%(version)s', PILOT_VERSION),
    epilog: pilotHelpEpilog(),
    formatter_class: RawDescriptionHelpFormatter,
    exit_on_error: opts.exitOnError ?? true,
    color: false,
  });
  parser.add_argument('--version', { action: 'version', version: `panda-pilot ${packageVersion()} (announces pilot version ${PILOT_VERSION})`,
    help: "show the program's version and exit" });
  addMainArgs(parser);
  addLoggingArgs(parser);
  addJobArgs(parser);
  addWorkflowArgs(parser);
  addQueueArgs(parser);
  addHarvesterArgs(parser);
  addHpcArgs(parser);
  addProxyArgs(parser);
  addServerArgs(parser);
  addRealtimeLoggingArgs(parser);
  addRucioArgs(parser);
  addOperationsArgs(parser);
  for (const action of (parser as unknown as { _actions: Array<{ dest: string; help?: string }> })._actions) {
    const why = IGNORED_OPTIONS[action.dest];
    if (why) action.help = `[ignored: ${why}] ${action.help ?? ''}`;
  }
  addMultiJobArgs(parser);
  return parser;
}

/**
 * Parse a pilot command line (without the node/script entries, i.e. `process.argv.slice(2)`).
 * A bad command line prints the usage and `<prog>: error: ...` to stderr and exits with 2, like Pilot 3.
 */
export function parsePilotArgs(argv: string[], opts: PilotArgParserOptions = {}): PilotArgs {
  const parser = createPilotArgParser(opts);
  const ns = parser.parse_args(argv) as PilotArgs;
  // Better than Pilot 3 (which fails later, or waits): a URL we cannot use is a usage error now.
  const bad = badUrlOption(ns);
  if (bad) parser.error(bad);
  return { ...ns };
}
