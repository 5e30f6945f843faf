import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPlugin, readJobReport, parseJobReportData, outputFileInfo, buildJobMetrics, formatJobMetrics } from '../../src/user/index.js';
import { pyJsonDumps as pythonJson } from '../../src/common/pyliteral.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pp-meta-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
function wd(files: Record<string, string> = {}): string {
  const d = join(dir, `w${n++}`);
  mkdirSync(d);
  for (const [k, v] of Object.entries(files)) writeFileSync(join(d, k), v);
  return d;
}

const REPORT = {
  reportVersion: '2.0.2',
  exitCode: 0,
  exitMsg: 'OK',
  files: {
    input: [{ subFiles: [{ name: 'EVNT.1' }, { name: 'EVNT.2' }] }, { subFiles: [{ name: 'EVNT.3' }] }],
    output: [
      { subFiles: [{ name: 'HITS.pool.root.1', file_guid: '9051A804-0000', file_size: 156541511, nentries: 250 }] },
      { subFiles: [{ name: 'LOG.x', file_guid: null, file_size: null, nentries: 'UNDEFINED' }] },
    ],
  },
  resource: {
    dbTimeTotal: 9.74,
    dbDataTotal: 4284032,
    machine: { node: 'nid15407', model_name: 'AMD EPYC' },
    transform: { processedEvents: 250, cpuTimeTotal: 244636 },
    executor: {
      EVNTtoHITS: { memory: { Avg: { avgPSS: 100, avgRSS: 200 }, Max: { maxPSS: 1000, maxRSS: 2000, totRBYTES: 5 } }, resimevents: 7 },
      HITSMerge: { memory: { Avg: { avgPSS: 10, avgRSS: 20 }, Max: { maxPSS: 1, maxRSS: 2, totRBYTES: 1 } } },
    },
  },
};

test('jobReport.json: Pilot 3 fields extracted (events, outputs, inputs, summed executor memory)', async () => {
  const r = await readJobReport(wd({ 'jobReport.json': JSON.stringify(REPORT) }));
  assert.equal(r.exists, true);
  assert.equal(r.malformed, undefined);
  assert.equal(r.exitCode, 0);
  assert.equal(r.exitMsg, 'OK');
  const d = r.data;
  assert.equal(d.nEvents, 250);
  assert.equal(d.cpuConsumptionTime, 244636);
  assert.equal(d.node, 'nid15407');
  assert.equal(d.cpuConsumptionUnit, 'AMD EPYC');
  assert.equal(d.transExitCode, 0);
  assert.equal(d.exeErrorDiag, 'OK');
  assert.equal(d.nInputFiles, 3);
  assert.deepEqual(d.outputfiles, {
    'HITS.pool.root.1': { guid: '9051A804-0000', size: 156541511, nentries: 250 },
    'LOG.x': { guid: null, size: null },
  });
  assert.deepEqual(d.memory, { avgPSS: 110, avgRSS: 220, maxPSS: 1001, maxRSS: 2002, totRBYTES: 6 });
  assert.equal(d.dbTime, 9.74);
  assert.equal(d.dbData, 4284032);
  assert.equal(d.resimevents, 7);
  // Missing exitCode/exitMsg default to 0 / "".
  const r2 = await readJobReport(wd({ 'jobReport.json': '{"files": {}}' }));
  assert.equal(r2.exitCode, 0);
  assert.equal(r2.exitMsg, '');
  assert.deepEqual(parseJobReportData({}).outputfiles, {});
});

test('missing and malformed reports: generic sends raw text, ATLAS fails with Pilot 3 codes', async () => {
  const generic = getPlugin('generic');
  const atlas = getPlugin('atlas');
  const missing = await generic.parseJobReport(wd());
  assert.equal(missing.exists, false);
  assert.equal(generic.metaData(missing), undefined); // left out of the final update
  assert.deepEqual(generic.interpretJobReport({ jobid: 1, transformation: 'x', jobparams: '', workdir: '' }, missing), {});
  const prod = { jobid: 1, transformation: 'Sim_tf.py', jobparams: '', workdir: '' };
  assert.equal(atlas.interpretJobReport(prod, missing).error?.code, ErrorCodes.NOPAYLOADMETADATA);
  assert.equal(atlas.interpretJobReport({ ...prod, transformation: 'http://x/runGen' }, missing).error, undefined);

  for (const text of ['{"exitCode": 0,', '[1,2]', '']) {
    const bad = await readJobReport(wd({ 'jobReport.json': text }));
    assert.equal(bad.exists, true);
    assert.ok(bad.malformed, `malformed: ${JSON.stringify(text)}`);
    assert.equal(generic.metaData(bad), text);
    assert.equal(generic.interpretJobReport(prod, bad).error, undefined);
    const e = atlas.interpretJobReport(prod, bad).error;
    assert.ok(e instanceof PilotError);
    assert.equal(e.code, ErrorCodes.INTERNALPILOTPROBLEM);
  }
});

test('ATLAS report rules: SIGSEGV, exitMsg → exeErrorDiag, GUIDs from the report', async () => {
  const atlas = getPlugin('atlas');
  const job = { jobid: 7, transformation: 'Sim_tf.py', jobparams: '', workdir: '', outdata: [{ lfn: 'HITS.pool.root.1', guid: '' }, { lfn: 'other', guid: null }] };
  const seg = await readJobReport(wd({ 'jobReport.json': JSON.stringify({ exitCode: 65, exitMsg: 'athena got a SIGSEGV signal' }) }));
  assert.equal(atlas.interpretJobReport(job, seg).error?.code, ErrorCodes.PAYLOADSIGSEGV);
  const failed = await readJobReport(wd({ 'jobReport.json': JSON.stringify({ exitCode: 66, exitMsg: 'corrupted input' }) }));
  assert.deepEqual(atlas.interpretJobReport(job, failed), { nEvents: 0, exeErrorCode: 66, exeErrorDiag: 'corrupted input' });
  const ok = await readJobReport(wd({ 'jobReport.json': JSON.stringify(REPORT) }));
  atlas.updateJobData(job, ok);
  assert.equal(job.outdata[0]!.guid, '9051A804-0000');
  assert.match(job.outdata[1]!.guid!, /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/); // Pilot 3: upper case
  assert.deepEqual(JSON.parse(atlas.metaData(ok)!), REPORT);
  // python3: json.dumps(json.loads(text)) keeps 1.0, 1e16 as 1e+16 and the key order; an empty report is sent as ""
  const floats = await readJobReport(wd({ 'jobReport.json': '{"exitCode": 0, "2": {"cpu": 1.0, "big": 1e16, "x": 1.50}, "1": []}' }));
  assert.equal(atlas.metaData(floats), '{"exitCode": 0, "2": {"cpu": 1.0, "big": 1e+16, "x": 1.5}, "1": []}');
  assert.equal(atlas.metaData(await readJobReport(wd({ 'jobReport.json': '{}' }))), '');
});

test('xml field: transferred outputs and logs only, Pilot 3 keys, Python json.dumps layout', () => {
  const files = [
    { lfn: 'out.root', guid: 'G1', filesize: 12, checksum: { adler32: '0a1b2c3d' }, turl: 'davs://se/out.root', ddmendpoint: 'SITE_DATADISK', status: 'transferred' },
    { lfn: 'failed.root', guid: 'G2', filesize: 1, checksum: { adler32: '1' }, status: 'failed' },
    { lfn: 'log.tgz', guid: 'G3', filesize: 5, checksum: { adler32: 'ffee0011', md5: 'abc' }, turl: 'root://se/log.tgz', ddmendpoint: 'SITE_LOG', status: 'transferred' },
  ];
  const xml = outputFileInfo(files);
  assert.equal(
    xml,
    '{"out.root": {"guid": "G1", "fsize": 12, "adler32": "0a1b2c3d", "surl": "davs://se/out.root", "endpoint": "SITE_DATADISK"}, ' +
      '"log.tgz": {"guid": "G3", "fsize": 5, "adler32": "ffee0011", "surl": "root://se/log.tgz", "endpoint": "SITE_LOG"}}',
  );
  assert.deepEqual(Object.keys(JSON.parse(outputFileInfo(files, 'md5'))['log.tgz']), ['guid', 'fsize', 'md5sum', 'surl', 'endpoint']);
  assert.equal(outputFileInfo([files[1]!]), '');
  assert.equal(pythonJson({ a: 'é', b: [1, 2.5, null] }), '{"a": "\\u00e9", "b": [1, 2.5, null]}');
});

test('jobMetrics: Pilot 3 keys/order, empty values skipped, workDirSize only in final states, ≤ 500 chars', async () => {
  assert.equal(buildJobMetrics({ nEvents: 250, nEventsW: 0, dbTime: 9.74, dbData: 4284032, resimevents: null, workDirSize: 1000, state: 'running' }), 'nEvents=250 dbTime=9.74 dbData=4284032');
  assert.equal(buildJobMetrics({ actualCoreCount: 8, workDirSize: 1000, state: 'finished', leak: 12.5, chi2: 0.3, intersect: 100, extra: { lsetup_time: 4 } }), 'actualCoreCount=8 workDirSize=1000 leak=12.5 chi2=0.3 intersect=100 lsetup_time=4');
  const extra: Record<string, string> = {};
  for (let i = 0; i < 80; i++) extra[`key${i}`] = 'v'.repeat(i % 7 + 1);
  const long = buildJobMetrics({ nEvents: 1, extra });
  assert.ok(long.length <= 500, `length ${long.length}`);
  assert.ok(long.length > 450);
  // No partial entry at the end: every entry is key=value from the input.
  for (const pair of long.split(' ')) {
    const [k, v] = pair.split('=');
    assert.ok(k === 'nEvents' || extra[k!] === v, `entry ${pair} intact`);
  }
  assert.equal(formatJobMetrics([['a', ''], ['b', 2]]), 'b=2');
  // Plugin reads eventLoopHeartBeat.txt and rucio_trace_error.txt from the work dir.
  const w = wd({ 'eventLoopHeartBeat.txt': 'x\n  done processing event #20166959, run #276689 22807 events read so far\n', 'rucio_trace_error.txt': '7\n' });
  const m = await getPlugin('generic').jobMetrics({ jobid: 1, transformation: '', jobparams: '', workdir: w, nevents: 3, state: 'failed' }, { workDirSize: 99 });
  assert.equal(m, 'nEvents=3 workDirSize=99 rucioTraceError=7 eventnumber=20166959');
});

test('setup time from the first HH:MM:SS YYYY/MM/DD stamp in the first 50 lines of payload.stdout', async () => {
  const plugin = getPlugin('generic');
  const w = wd({ 'payload.stdout': 'setting up\n12:34:56 2026/11/25\nrunning 01:02:03 2020/01/01\n' });
  assert.equal(await plugin.getEndSetupTime(w), new Date(2026, 10, 25, 12, 34, 56).getTime() / 1000);
  const late = wd({ 'payload.stdout': 'x\n'.repeat(50) + '12:34:56 2026/11/25\n' });
  assert.equal(await plugin.getEndSetupTime(late), undefined);
  assert.equal(await plugin.getEndSetupTime(wd()), undefined);
  assert.equal(await plugin.getEndSetupTime(wd({ 'payload.stdout': '99:99:99 2026/13/45\n' })), undefined);
});

test('getPlugin: case-insensitive, unknown names are a clear error; GUIDs filled for generic', () => {
  assert.equal(getPlugin('ATLAS').name, 'atlas');
  assert.throws(() => getPlugin('cms'), (e: unknown) => e instanceof PilotError && /unknown pilot user/.test(e.message));
  const job = { jobid: 1, transformation: '', jobparams: '', workdir: '', outdata: [{ lfn: 'a', guid: 'keep' }, { lfn: 'b' } as { lfn: string; guid?: string }] };
  getPlugin('generic').updateJobData(job);
  assert.equal(job.outdata[0]!.guid, 'keep');
  assert.match(job.outdata[1]!.guid!, /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/); // Pilot 3: upper case
});
