/** Pilot 3's command line: every option, defaults, types, choices, and usage errors with exit code 2. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPilotArgParser, parsePilotArgs, type PilotArgs } from '../../src/cli/args.js';

const ARGS_MODULE = new URL('../../src/cli/args.js', import.meta.url).href;
const REQUIRED = ['--pilot-user', 'generic', '-q', 'Q'];

/** Run the parser in a child process (a usage error exits the process). */
function runParser(argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const code = `import(${JSON.stringify(ARGS_MODULE)}).then((m) => process.stdout.write(JSON.stringify(m.parsePilotArgs(process.argv.slice(1)))))`;
  const r = spawnSync(process.execPath, ['-e', code, '--', ...argv], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Pilot 3's defaults (arguments.py), with the two required options given. */
const DEFAULTS: PilotArgs = {
  pilot_user: 'generic', workdir: '', cleanup: true, version_tag: 'PR', update_server: true,
  nopilotlog: false, debug: false, redirectstdout: '',
  job_label: 'ptest', getjob_requests: 2, getjob_failures: 5, country_group: '', working_group: '',
  allow_other_country: false, allow_same_user: true, jobtype: '',
  workflow: 'generic', lifetime: 324000, leasetime: 3600,
  queue: 'Q', resource: null, site: null, resource_type: '', cvmfs: true, stageout_attempts: 1,
  harvester_workdir: '', harvester_datadir: '', harvester_eventstatusdump: '', harvester_workerattributes: '',
  harvester_submitmode: 'PULL', input_dir: '', input_destination_dir: '', output_dir: '',
  hpc_resource: '', hpc_mode: 'manytoone', executor_type: 'generic', pod: false,
  verify_proxy: true, verify_payload_proxy: true, token_renewal: true, cacert: null, capath: null,
  url: '', port: 25443, queuedata_url: '', storagedata_url: '', workerpilotstatusupdate: true,
  subscribe_to_msgsvc: false, use_https: true, baseurls: '',
  use_realtime_logging: false, realtime_logging_server: null, realtime_logname: null,
  use_rucio_traces: true, rucio_host: '',
  realtime_logging_format: null, metrics_port: 0, metrics_host: '127.0.0.1', metrics_file: '',
};

/** [command-line pieces, dest, expected value] for every option (short and long forms). */
const CASES: Array<[string[], keyof PilotArgs, unknown]> = [
  [['--pilot-user', 'ATLAS'], 'pilot_user', 'ATLAS'],
  [['-a', '/w'], 'workdir', '/w'], [['--workdir', '/w2'], 'workdir', '/w2'],
  [['--cleanup', 'false'], 'cleanup', false], [['--cleanup', 'Y'], 'cleanup', true],
  [['-i', 'RC'], 'version_tag', 'RC'], [['--versiontag', 'RCM'], 'version_tag', 'RCM'],
  [['-z'], 'update_server', false], [['--noserverupdate'], 'update_server', false],
  [['--no-pilot-log'], 'nopilotlog', true],
  [['-d'], 'debug', true], [['--debug'], 'debug', true],
  [['--redirect-stdout', '/dev/null'], 'redirectstdout', '/dev/null'],
  [['-j', 'managed'], 'job_label', 'managed'], [['--joblabel', 'user'], 'job_label', 'user'],
  [['-v', '7'], 'getjob_requests', 7], [['--getjobrequests', '3'], 'getjob_requests', 3],
  [['-x', '12'], 'getjob_failures', 12], [['--getjobfailures', '1'], 'getjob_failures', 1],
  [['--country-group', 'us'], 'country_group', 'us'],
  [['--working-group', 'AP_HIGGS'], 'working_group', 'AP_HIGGS'],
  [['--allow-other-country', 'True'], 'allow_other_country', true],
  [['--allow-same-user', 'no'], 'allow_same_user', false],
  [['--job-type', 'user'], 'jobtype', 'user'],
  [['-w', 'stager'], 'workflow', 'stager'], [['--workflow', 'generic_hpc'], 'workflow', 'generic_hpc'],
  [['-l', '600'], 'lifetime', 600], [['--lifetime', '10'], 'lifetime', 10],
  [['-L', '60'], 'leasetime', 60], [['--leasetime', '61'], 'leasetime', 61],
  [['--queue', 'CERN-PROD'], 'queue', 'CERN-PROD'],
  [['-r', 'R'], 'resource', 'R'], [['--resource', 'R2'], 'resource', 'R2'],
  [['-s', 'S'], 'site', 'S'], [['--site', 'S2'], 'site', 'S2'],
  [['--resource-type', 'MCORE'], 'resource_type', 'MCORE'], [['--resource-type', 'SCORE_HIMEM'], 'resource_type', 'SCORE_HIMEM'],
  [['-b'], 'cvmfs', false], [['--nocvmfs'], 'cvmfs', false],
  [['--stageout-attempts', '3'], 'stageout_attempts', 3],
  [['--harvester-workdir', '/h'], 'harvester_workdir', '/h'],
  [['--harvester-datadir', '/d'], 'harvester_datadir', '/d'],
  [['--harvester-eventstatusdump', 'e.json'], 'harvester_eventstatusdump', 'e.json'],
  [['--harvester-workerattributes', 'w.json'], 'harvester_workerattributes', 'w.json'],
  [['--harvester-submit-mode', 'PUSH'], 'harvester_submitmode', 'PUSH'],
  [['--input-dir', '/in'], 'input_dir', '/in'],
  [['--input-destination-dir', '/dst'], 'input_destination_dir', '/dst'],
  [['--output-dir', '/out'], 'output_dir', '/out'],
  [['--hpc-resource', 'titan'], 'hpc_resource', 'titan'],
  [['--hpc-mode', 'jumbojobs'], 'hpc_mode', 'jumbojobs'],
  [['--es-executor-type', 'raythena'], 'executor_type', 'raythena'],
  [['--pod'], 'pod', true],
  [['-t'], 'verify_proxy', false], [['--noproxyverification'], 'verify_proxy', false],
  [['-u'], 'verify_payload_proxy', false], [['--verifypayloadproxy'], 'verify_payload_proxy', false],
  [['-y'], 'token_renewal', false], [['--notokenrenewal'], 'token_renewal', false],
  [['--cacert', '/tmp/x509up_u1'], 'cacert', '/tmp/x509up_u1'],
  [['--capath', '/etc/grid-security/certificates'], 'capath', '/etc/grid-security/certificates'],
  [['--url', 'https://pandaserver.example'], 'url', 'https://pandaserver.example'],
  [['-p', '25080'], 'port', 25080], [['--port', '8443'], 'port', 8443],
  [['--queuedata-url', 'http://q/{pandaqueue}'], 'queuedata_url', 'http://q/{pandaqueue}'],
  [['--storagedata-url', 'http://s/ddm.json'], 'storagedata_url', 'http://s/ddm.json'],
  [['-k'], 'workerpilotstatusupdate', false], [['--noworkerpilotstatusupdate'], 'workerpilotstatusupdate', false],
  [['--subscribe-to-msgsvc'], 'subscribe_to_msgsvc', true],
  [['--use-https', 'f'], 'use_https', false],
  [['-g', 'http://a,http://b'], 'baseurls', 'http://a,http://b'], [['--baseurls', 'x'], 'baseurls', 'x'],
  [['--use-realtime-logging'], 'use_realtime_logging', true],
  [['--realtime-logging-server', 'logserver=logstash;http://h:80'], 'realtime_logging_server', 'logserver=logstash;http://h:80'],
  [['--realtime-logname', 'pilot-log'], 'realtime_logname', 'pilot-log'],
  [['--use-rucio-traces', '0'], 'use_rucio_traces', false],
  [['--rucio-host', 'https://rucio'], 'rucio_host', 'https://rucio'],
  [['--realtime-logging-format', 'text'], 'realtime_logging_format', 'text'],
  [['--metrics-port', '9100'], 'metrics_port', 9100],
  [['--metrics-host', '0.0.0.0'], 'metrics_host', '0.0.0.0'],
  [['--metrics-file', 'p.prom'], 'metrics_file', 'p.prom'],
];

describe('parsePilotArgs', () => {
  it('gives Pilot 3 defaults', () => {
    assert.deepEqual(parsePilotArgs(REQUIRED), DEFAULTS);
  });

  it('maps every option (short and long) to its dest with the right type', () => {
    const dests = new Set<string>();
    for (const [argv, dest, value] of CASES) {
      const parsed = parsePilotArgs([...REQUIRED, ...argv]);
      assert.deepEqual(parsed[dest], value, `${argv.join(' ')} → ${dest}`);
      // nothing else changes
      assert.deepEqual({ ...parsed, [dest]: DEFAULTS[dest], queue: 'Q', pilot_user: 'generic' }, DEFAULTS, argv.join(' '));
      dests.add(dest);
    }
    assert.deepEqual([...dests].sort(), Object.keys(DEFAULTS).sort(), 'every dest is covered');
  });

  it('parses the command line the pilot wrapper uses', () => {
    const argv = ['--pilot-user', 'generic', '-q', 'TEST_QUEUE', '-w', 'generic', '-j', 'ptest', '--url', 'http://127.0.0.1', '-p', '34567',
      '--queuedata-url', 'http://127.0.0.1:34567/cache/schedconfig/{pandaqueue}.all.json', '--storagedata-url', 'http://127.0.0.1:34567/ddm.json',
      '-g', 'http://127.0.0.1:34567/trf', '-t', '-y', '-b', '-d'];
    const a = parsePilotArgs(argv);
    assert.deepEqual(
      { ...a },
      { ...DEFAULTS, queue: 'TEST_QUEUE', url: 'http://127.0.0.1', port: 34567, queuedata_url: 'http://127.0.0.1:34567/cache/schedconfig/{pandaqueue}.all.json',
        storagedata_url: 'http://127.0.0.1:34567/ddm.json', baseurls: 'http://127.0.0.1:34567/trf', verify_proxy: false, token_renewal: false, cvmfs: false, debug: true },
    );
  });

  it('accepts unambiguous abbreviations and --opt=value like Python argparse', () => {
    const a = parsePilotArgs(['--pilot-u=atlas', '--queue', 'Q', '--life', '5', '--harvester-worke=/x']);
    assert.equal(a.pilot_user, 'atlas');
    assert.equal(a.lifetime, 5);
    assert.equal(a.harvester_workerattributes, '/x');
  });

  it('--help names the program, lists environment variables, the config file, exit codes, and marks ignored options', () => {
    const help = createPilotArgParser().format_help();
    assert.match(help, /^usage: panda-pilot /);
    assert.match(help, /^environment variables:\n {2}HARVESTER_PILOT_CONFIG\n/m);
    assert.match(help, /^ {2}X509_USER_PROXY$/m);
    assert.match(help, /^configuration file:\n.*default\.cfg/m);
    assert.match(help, /^exit codes:\n {2}0 {4}success/m);
    assert.match(help, /^ {2}79 {3}COMMUNICATIONFAILURE \(1318\)$/m);
    assert.match(help, /^ {2}143 {2}SIGTERM \(1201\)$/m);
    assert.match(help, /--use-https USE_HTTPS\s+\[ignored: the --url scheme decides\]/);
    // every option has a help text
    for (const a of (createPilotArgParser() as unknown as { _actions: Array<{ option_strings: string[]; help?: string }> })._actions) {
      assert.ok(a.help && a.help.length > 3, `help for ${a.option_strings.join(', ')}`);
    }
  });

  it('--version prints the version (not taken as a prefix of --versiontag)', () => {
    const r = runParser(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^panda-pilot \d+\.\d+\.\d+ \(announces pilot version 3\.11\.5\.1\)\n$/);
    assert.equal(parsePilotArgs([...REQUIRED, '--versiontag', 'RC']).version_tag, 'RC');
  });

  it('--help lists the options', () => {
    const help = createPilotArgParser().format_help();
    assert.match(help, /^usage: panda-pilot \[-h\] \[--version\] --pilot-user PILOT_USER/);
    for (const flag of ['--harvester-submit-mode', '-z, --noserverupdate', '--es-executor-type', '--use-rucio-traces', 'path/to/your/certificate']) {
      assert.ok(help.includes(flag), flag);
    }
  });
});

describe('usage errors exit with 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /panda-pilot: error: unrecognized arguments: --bogus/],
    [['-p', 'abc'], /panda-pilot: error: argument -p\/--port: invalid int value: 'abc'/],
    [['-l', '1.5'], /argument -l\/--lifetime: invalid int value: '1\.5'/],
    [['-w', 'foo'], /argument -w\/--workflow: invalid choice: 'foo' \(choose from /],
    [['--cleanup', 'maybe'], /argument --cleanup: boolean value expected \(var=maybe\)/],
    [['--resource-type', 'XCORE'], /argument --resource-type: Invalid resource type: XCORE/],
    [['--harvester-w', 'x'], /ambiguous option: --harvester-w could match --harvester-workdir, --harvester-workerattributes/],
    [['-q'], /argument -q\/--queue: expected one argument/],
    [['--url', 'htp://127.0.0.1'], /argument --url: unsupported URL scheme 'htp' in 'htp:\/\/127\.0\.0\.1' \(use http or https\)/],
    [['--url', 'http://'], /argument --url: invalid URL: 'http:\/\/'/],
    [['--queuedata-url', 'ftp://q/{pandaqueue}.json'], /argument --queuedata-url: unsupported URL scheme 'ftp'/],
  ];
  for (const [argv, re] of cases) {
    it(argv.join(' '), () => {
      const r = runParser([...REQUIRED, ...argv]);
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^usage: panda-pilot /);
      assert.match(r.stderr, re);
    });
  }

  it('missing required options', () => {
    const r = runParser(['-d']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /panda-pilot: error: the following arguments are required: --pilot-user, -q\/--queue/);
  });

  it('takes a bare host for --url and a file path for --queuedata-url, as Pilot 3', () => {
    const a = parsePilotArgs([...REQUIRED, '--url', 'pandaserver.example', '--queuedata-url', '/cvmfs/x/{pandaqueue}.json']);
    assert.equal(a.url, 'pandaserver.example');
  });

  it('a good command line exits 0 in the child too', () => {
    const r = runParser([...REQUIRED, '-p', '8080']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).port, 8080);
  });
});
