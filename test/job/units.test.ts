import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerStateTracker } from '../../src/job/serverstate.js';
import { PilotTiming } from '../../src/job/timing.js';
import { adjustedJobLabel, readGetJobAnswer } from '../../src/job/getjob.js';
import { JobRun } from '../../src/job/jobrun.js';
import { finalFields, commonFields, pilotId } from '../../src/job/updates.js';
import { errors, errorMessage, formatDiagnostics, shellExitCode, signalErrorCode, transferDiagnostics } from '../../src/common/errors.js';
import { isoTimestamp } from '../../src/job/workernode.js';

test('server state: first non-final update is starting, later running, finals sticky', () => {
  const s = new ServerStateTracker();
  assert.equal(s.next('running'), 'starting');
  s.sent('starting');
  assert.equal(s.next('starting'), 'running');
  s.sent('running');
  assert.equal(s.next('failed'), 'failed');
  s.sent('failed');
  assert.equal(s.next('running'), 'failed');
  assert.equal(s.next('finished'), 'failed');
});

test('pilotTiming has six fields in Pilot 3 order', () => {
  const t = new PilotTiming();
  t.add('1', 'PILOT_MULTIJOB_START_TIME', 100);
  const id = '42';
  t.add(id, 'PILOT_PRE_GETJOB', 102);
  t.add(id, 'PILOT_POST_GETJOB', 103.9);
  t.add(id, 'PILOT_PRE_STAGEIN', 104);
  t.add(id, 'PILOT_POST_STAGEIN', 109);
  t.add(id, 'PILOT_PRE_SETUP', 110);
  t.add(id, 'PILOT_POST_SETUP', 113);
  t.add(id, 'PILOT_PRE_PAYLOAD', 113);
  t.add(id, 'PILOT_POST_PAYLOAD', 173);
  t.add(id, 'PILOT_PRE_STAGEOUT', 174);
  t.add(id, 'PILOT_POST_STAGEOUT', 181);
  assert.equal(t.pilotTiming(id), '1|5|60|7|2|3');
  assert.equal(new PilotTiming().pilotTiming('x'), '0|0|0|0|0|0');
});

test('job label adjustment follows Pilot 3', () => {
  assert.equal(adjustedJobLabel('ptest', 'PR'), 'ptest');
  assert.equal(adjustedJobLabel('ptest', 'RCM'), 'rcm_test2');
  assert.equal(adjustedJobLabel('managed', 'ALRB'), 'rc_alrb');
  assert.equal(adjustedJobLabel('managed', 'PR', 'test'), 'test');
  assert.equal(adjustedJobLabel('ptest', 'PR', 'test'), 'ptest');
});

test('getJob answers: job, no job, empty', () => {
  assert.equal(readGetJobAnswer({ StatusCode: '0', PandaID: '1' }).kind, 'job');
  const nj = readGetJobAnswer({ StatusCode: 20 });
  assert.equal(nj.kind, 'nojob');
  assert.equal(nj.kind === 'nojob' && nj.statusCode, 20);
  const empty = readGetJobAnswer({});
  assert.equal(empty.kind === 'nojob' && empty.statusCode, undefined);
});

const ctx = { node: 'wn1', siteName: 'SITE', versionTag: 'PR', pilotVersion: '3.11.5.1', timing: new PilotTiming(), env: {} as NodeJS.ProcessEnv };

test('update bodies carry Pilot 3 fields; final has errors, timing and output info', () => {
  const out = { lfn: 'out.root', guid: 'g-1', filesize: 12, checksum: { adler32: '0a0b0c0d' }, turl: 'root://x//out.root', ddmendpoint: 'DISK', status: 'transferred' };
  const logf = { lfn: 'log.tgz', guid: 'g-2', filesize: 5, checksum: { adler32: '00000001' }, turl: 'davs://y/log.tgz', ddmendpoint: 'DISK', status: 'transferred' };
  const run = new JobRun({ jobid: '7', attempt_nr: 2, corecount: 4, indata: [], outdata: [out], logdata: [logf] }, '/tmp/x');
  const hb = commonFields(run, 'running', ctx);
  assert.deepEqual(
    Object.keys(hb).sort(),
    ['attemptNr', 'coreCount', 'cpuConsumptionUnit', 'jobId', 'metaData', 'node', 'pilotID', 'schedulerID', 'siteName', 'state', 'timestamp', 'xml'].sort(),
  );
  assert.equal(hb.pilotID, 'unknown|PR|3.11.5.1');
  assert.equal(pilotId({ ...ctx, env: { GTAG: 'g', SLURM_JOB_ID: '9' } }), 'g|SLURM|PR|3.11.5.1');
  run.fail(errors.STAGEOUTFAILED('copy failed'));
  run.transExitCode = 3;
  const fin = finalFields(run, ctx, 'log tail');
  assert.equal(fin.state, 'failed');
  assert.equal(fin.pilotErrorCode, 1137);
  assert.match(String(fin.pilotErrorDiag), /copy failed/);
  assert.equal(fin.transExitCode, 3);
  assert.equal(fin.pilotTiming, '0|0|0|0|0|0');
  assert.equal(fin.pilotLog, 'log tail');
  assert.equal('metaData' in fin, false, 'no job report: no metaData, as Pilot 3');
  run.metadata = '{"exitCode": 0}';
  assert.equal(finalFields(run, ctx, '').metaData, '{"exitCode": 0}');
  const xml = JSON.parse(String(fin.xml));
  assert.deepEqual(xml['out.root'], { guid: 'g-1', fsize: 12, adler32: '0a0b0c0d', surl: 'root://x//out.root', endpoint: 'DISK' });
  assert.equal(xml['log.tgz'].surl, 'davs://y/log.tgz');

  // analysis jobs report recoverable codes negated
  const user = new JobRun({ jobid: '8', indata: [], outdata: [], logdata: [], prodsourcelabel: 'user' }, '/tmp/y');
  user.fail(errors.STAGEOUTFAILED());
  assert.equal(finalFields(user, ctx, '').pilotErrorCode, -1137);
});

test('timestamps are ISO 8601 with offset', () => {
  assert.match(isoTimestamp(new Date()), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
});

test('exit codes and diagnostics', () => {
  assert.equal(shellExitCode(0), 0);
  assert.equal(shellExitCode(1099), 1);
  assert.equal(shellExitCode(1359), 78);
  assert.equal(shellExitCode(1386), 83);
  assert.equal(shellExitCode(signalErrorCode('SIGTERM')), 143);
  assert.equal(shellExitCode(signalErrorCode('SIGINT')), 130);
  assert.equal(signalErrorCode('SIGBUS'), 1206);
  assert.equal(signalErrorCode('SIGUSR1'), 1207);
  assert.equal(signalErrorCode('SIGHUP'), 1200);
  const d = formatDiagnostics(1137, 'x'.repeat(400));
  assert.equal(d.length, 256);
  assert.ok(d.startsWith(`${errorMessage(1137)}:xxx`));
  // Pilot 3's own texts: a bare standard message as is; payload failures "<standard>:<detail>";
  // transfer failures (from the traceback) "<standard>: <first detail line>"
  assert.equal(errorMessage(1144), 'This job was killed by panda server');
  assert.equal(formatDiagnostics(1201, errorMessage(1201)), 'Job killed by signal: SIGTERM');
  assert.equal(formatDiagnostics(1305, 'calibration database not reachable'), 'Failed to execute payload:calibration database not reachable');
  assert.equal(transferDiagnostics(1165, 'output pfn file/directory does not exist: /x/y\nmore'), 'Local output file is missing: output pfn file/directory does not exist: /x/y');
  assert.equal(transferDiagnostics(1165, 'Local output file is missing: /x'), 'Local output file is missing: /x');
});

test('startTime on a whole second is written as Python writes time.time() (1700000000.0), other times as they are', () => {
  const timing = new PilotTiming();
  const run = new JobRun({ jobid: '8', indata: [], outdata: [], logdata: [] }, '/tmp/x');
  timing.add('8', 'PILOT_POST_GETJOB', 1700000000);
  assert.equal(commonFields(run, 'running', { ...ctx, timing }).startTime, '1700000000.0');
  timing.add('8', 'PILOT_POST_GETJOB', 1700000000.25);
  assert.equal(commonFields(run, 'running', { ...ctx, timing }).startTime, 1700000000.25);
  assert.match(String(finalFields(run, { ...ctx, timing }, '').endTime), /^\d+\.\d+$/);
});
