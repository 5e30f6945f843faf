import assert from 'node:assert/strict';
import { errorCode } from '../support/errors.js';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import { cleanJobParams, parseJobDescription, peekJobId, QueueData } from '../../src/info/index.js';
import { shlexSplit } from '../../src/info/jobparams.js';
import { exampleJob, exampleJobUrlDecoded, exampleQueue } from './fixtures.js';

const ENV = {}; // no ATHENA_PROC_NUMBER, PILOT_LOGFILE, IMAGE_BASE

const code = errorCode;

function parse(over: Record<string, unknown> = {}, opts: Parameters<typeof parseJobDescription>[1] = {}) {
  return parseJobDescription({ ...exampleJob(), ...over }, { env: ENV, ...opts });
}

describe('the complete example job (server-protocol.md §4.3)', () => {
  for (const [form, make] of [['JSON', exampleJob], ['URL-decoded', exampleJobUrlDecoded]] as const) {
    it(`parses every field (${form} form)`, () => {
      const desc = make();
      const job = parseJobDescription(desc, { env: ENV });
      assert.equal(job.jobid, '6543210987');
      assert.equal(job.taskid, '37000099');
      assert.equal(job.attemptnr, 1);
      assert.equal(job.attempt_nr, 1);
      assert.equal(job.corecount, 8);
      assert.equal(job.platform, 'x86_64-el9-gcc13-opt');
      assert.equal(job.alrbuserplatform, '');
      assert.equal(job.swrelease, 'Atlas-24.0');
      assert.equal(job.homepackage, 'AtlasOffline/24.0.11');
      assert.equal(job.transformation, 'Reco_tf.py');
      assert.equal(job.jobparams, desc.jobPars);
      assert.equal(job.jobdefinitionid, '0');
      assert.equal(job.jobsetid, '0');
      assert.equal(job.maxcpucount, 0);
      assert.equal(job.minramcount, 16000);
      assert.equal(job.maxwalltime, 86400);
      assert.equal(job.maxdiskcount, 12000);
      assert.equal(job.requestid, 51234);
      assert.equal(job.processingtype, 'reprocessing');
      assert.equal(job.transfertype, 'NULL');
      assert.equal(job.prodsourcelabel, 'managed');
      assert.equal(job.jobname, 'data23_13p6TeV.00456789.physics_Main.recon.r15000._000042.job');
      assert.equal(job.currentpriority, 900);
      assert.equal(job.nucleus, 'CERN-PROD');
      assert.equal(job.resourcetype, 'MCORE');
      assert.equal(job.produserid, '/DC=ch/DC=cern/OU=Organic Units/OU=Users/CN=atlpilo1');
      assert.equal(job.destinationdblock, desc.destinationDblock);
      assert.equal(job.datasetin, desc.realDatasetsIn);
      assert.equal(job.infilesguids, desc.GUID);
      assert.equal(job.debug, false);
      assert.equal(job.looping_check, true);
      assert.equal(job.is_eventservice, false);
      assert.equal(job.altstageout, null);
      assert.equal(job.noexecstrcnv, null);
      assert.equal(job.is_analysis(), false);
      assert.equal(job.get('cloud'), 'CERN');
      assert.equal(job.raw, desc);
      assert.equal(job.get_status('LOG_TRANSFER'), 'NOT_DONE');

      assert.equal(job.indata.length, 2);
      const [a, b] = job.indata;
      assert.equal(a!.lfn, 'RAW.37000001._000042.data');
      assert.equal(a!.filetype, 'input');
      assert.equal(a!.scope, 'data23_13p6TeV');
      assert.equal(a!.filesize, 2147483648);
      assert.deepEqual(a!.checksum, { adler32: '1a2b3c4d' });
      assert.equal(a!.ddmendpoint, 'CERN-PROD_DATADISK');
      assert.equal(a!.storage_token, 'NULL');
      assert.equal(a!.accessmode, 'copy');
      assert.equal(a!.guid, '7C1E4D2A-3B6F-4E21-9A0D-55C1A2B3C4D5');
      assert.equal(a!.dataset, 'data23_13p6TeV:data23_13p6TeV.00456789.physics_Main.daq.RAW');
      assert.equal(b!.lfn, 'RAW.37000001._000043.data');
      assert.equal(b!.filesize, 2046820352);
      assert.deepEqual(b!.checksum, { adler32: '5e6f7a8b' });
      assert.equal(b!.guid, '8D2F5E3B-4C7A-4F32-8B1E-66D2B3C4D5E6');
      assert.deepEqual(job.get_lfns_and_guids(), [['RAW.37000001._000042.data', 'RAW.37000001._000043.data'], ['7C1E4D2A-3B6F-4E21-9A0D-55C1A2B3C4D5', '8D2F5E3B-4C7A-4F32-8B1E-66D2B3C4D5E6']]);

      assert.equal(job.outdata.length, 1);
      const o = job.outdata[0]!;
      assert.equal(o.lfn, 'AOD.37000099._000042.pool.root.1');
      assert.equal(o.filetype, 'output');
      assert.equal(o.scope, 'data23_13p6TeV');
      assert.equal(o.dataset, 'data23_13p6TeV.00456789.physics_Main.recon.AOD.r15000_tid37000099_00');
      assert.equal(o.ddmendpoint, 'CERN-PROD_DATADISK');
      assert.equal(o.guid, '');
      assert.equal(job.logdata.length, 1);
      const l = job.logdata[0]!;
      assert.equal(l.lfn, 'log.37000099._000042.job.log.tgz.1');
      assert.equal(l.filetype, 'log');
      assert.equal(l.guid, '0f8e3b86-6f0e-4a8e-9d8b-2b1a0c4d5e6f');
      assert.equal(l.scope, 'data23_13p6TeV');
      assert.equal(l.dataset, 'data23_13p6TeV.00456789.physics_Main.recon.log.r15000_tid37000099_00');
      assert.equal(job.is_build_job(), false);
      assert.equal(peekJobId(desc), '6543210987');
    });
  }
});

describe('job fields and conversions', () => {
  it('reads flags, dicts and special fields', () => {
    const job = parse({
      debug: 'True', eventService: 'True', eventServiceMerge: 'true', isHPO: 'False', useVP: '1', noExecStrCnv: 'False', loopingCheck: 'false',
      altStageOut: 'on', cmtConfig: 'x86_64-el9-gcc13-opt@el9', container_name: 'docker://atlas/athena:24', secrets: 's3cr3t',
      pilotSecrets: "{'logging': {'url': 'https://x'}}", preprocess: { command: 'echo', args: 'pre' }, postprocess: "{'command': 'echo', 'args': 'post'}",
      containerOptions: '{"containerImage": "x"}', allowNoOutput: 'a.root,b.root', writeToFile: '', debug_command: 'ls', scheduler_ip: '1.2.3.4',
      session_ip: '5.6.7.8', cloneJob: 'runonce', transformation: 'https://cern.ch/trf/runGen-00-00-02',
    });
    assert.equal(job.debug, true);
    assert.equal(job.is_eventservice, true);
    assert.equal(job.is_eventservicemerge, true);
    assert.equal(job.is_hpo, false);
    assert.equal(job.use_vp, true);
    assert.equal(job.noexecstrcnv, false);
    assert.equal(job.looping_check, false);
    assert.equal(job.altstageout, true);
    assert.equal(job.allow_altstageout(), true);
    assert.equal(job.platform, 'x86_64-el9-gcc13-opt');
    assert.equal(job.alrbuserplatform, 'el9');
    assert.equal(job.imagename_jobdef, 'docker://atlas/athena:24');
    assert.equal(job.imagename, 'docker://atlas/athena:24');
    assert.equal(job.pandasecrets, 's3cr3t');
    assert.deepEqual(job.pilotsecrets, { logging: { url: 'https://x' } });
    assert.deepEqual(job.preprocess, { command: 'echo', args: 'pre' });
    assert.deepEqual(job.postprocess, { command: 'echo', args: 'post' });
    assert.deepEqual(job.coprocess, {});
    assert.deepEqual(job.containeroptions, { containerImage: 'x' });
    assert.equal(job.allownooutput, 'a.root,b.root');
    assert.equal(job.debug_command, 'ls');
    assert.equal(job.dask_scheduler_ip, '1.2.3.4');
    assert.equal(job.jupyter_session_ip, '5.6.7.8');
    assert.equal(job.clonejob, 'runonce');
    assert.equal(job.is_analysis(), true);
    // analysis job → inputs default to direct access unless the token is local
    assert.ok(job.indata.every((f) => f.accessmode === 'direct'));
  });

  it('applies Pilot 3 defaults and NULL handling', () => {
    const job = parse({ coreCount: 0, maxWalltime: 'None', minRamCount: 'NULL', attemptNr: 'x', cmtConfig: 'NULL', altStageOut: 'maybe', taskID: null, reqID: undefined });
    assert.equal(job.corecount, 1);
    assert.equal(job.maxwalltime, 0);
    assert.equal(job.minramcount, 0);
    assert.equal(job.attemptnr, 0);
    assert.equal(job.platform, '');
    assert.equal(job.altstageout, null);
    assert.equal(job.taskid, '');
    assert.equal(job.requestid, null);
    assert.equal(parse({ cmtConfig: 'None' }).platform, '');
  });

  it('lets ATHENA_PROC_NUMBER override the core count', () => {
    assert.equal(parse({}, { env: { ATHENA_PROC_NUMBER: '4' } }).corecount, 4);
    assert.equal(parse({}, { env: { ATHENA_PROC_NUMBER: 'four' } }).corecount, 8);
  });

  it('sets access modes from transferType, tokens and jobPars', () => {
    const direct = parse({ transferType: 'direct', prodDBlockToken: 'local,NULL' });
    assert.deepEqual(direct.indata.map((f) => f.accessmode), ['copy', 'direct']);
    assert.equal(direct.is_local(), true);
    const forced = parse({ transferType: 'direct', jobPars: 'a --useLocalIO' });
    assert.equal(forced.accessmode, 'copy');
    assert.ok(forced.indata.every((f) => f.accessmode === 'copy'));
    const dir = parse({ jobPars: 'x --accessmode=direct' });
    assert.equal(dir.accessmode, 'direct');
    assert.ok(dir.indata.every((f) => f.accessmode === 'direct'));
    assert.equal(parse({ jobPars: '--accessmode=direct --accessmode=copy' }).accessmode, 'copy');
  });

  it('copies the queue access settings into inputs (and allow_wan_for_lib)', () => {
    const queuedata = new QueueData(exampleQueue({ allow_wan: false, direct_access_lan: true }));
    const job = parse({ inFiles: 'user.x.lib.tgz,RAW.1.data', fsize: '1,2', checksum: 'ad:00000001,ad:00000002' }, { queuedata });
    assert.equal(job.indata[0]!.allow_wan, true); // catchall allow_wan_for_lib and '.lib.'
    assert.equal(job.indata[1]!.allow_wan, false);
    assert.ok(job.indata.every((f) => f.direct_access_lan && f.allow_lan && !f.direct_access_wan));
    assert.equal(job.infosys?.queuedata, queuedata);
    // the queue's altstageout (params.allow_altstageout) wins over the job's
    assert.equal(parse({ altStageOut: 'off' }, { queuedata }).allow_altstageout(), true);
  });

  it('skips NULL and duplicate input LFNs but keeps positional alignment', () => {
    const job = parse({
      inFiles: 'A.root,NULL,A.root,B.root', GUID: 'g1,g2,g3,g4', fsize: '1,2,3,4', checksum: 'ad:00000001,,NULL,ad:00000004',
      scopeIn: 's1,s2,s3,s4', ddmEndPointIn: ',,,D4', realDatasetsIn: 'd1,d2,d3,d4', prodDBlockToken: 'NULL,NULL,NULL,NULL',
    });
    assert.deepEqual(job.indata.map((f) => [f.lfn, f.guid, f.filesize, f.scope, f.ddmendpoint, f.dataset]), [
      ['A.root', 'g1', 1, 's1', '', 'd1'],
      ['B.root', 'g4', 4, 's4', 'D4', 'd4'],
    ]);
    assert.deepEqual(job.indata[1]!.checksum, { adler32: '00000004' });
  });

  it('reads absent per-file lists as Pilot 3: one empty entry, then the defaults', () => {
    const desc = exampleJob();
    for (const k of ['GUID', 'checksum', 'ddmEndPointIn', 'realDatasetsIn', 'prodDBlockToken', 'fsize']) delete desc[k];
    desc.ddmEndPointOut = '';
    const job = parseJobDescription(desc, { env: ENV });
    assert.equal(job.indata.length, 2);
    assert.equal(job.indata[0]!.guid, '');
    assert.equal(job.indata[0]!.filesize, 0);
    assert.deepEqual(job.indata[0]!.checksum, { adler32: '' }); // data.get('checksum', '') → ['']
    assert.deepEqual(job.indata[1]!.checksum, {});
    assert.equal(job.outdata[0]!.ddmendpoint, '');
  });

  it('handles jobs without inputs and a log-only job', () => {
    const job = parse({ inFiles: '', GUID: '', fsize: '', checksum: '', scopeIn: '', ddmEndPointIn: '', realDatasetsIn: '', prodDBlockToken: '', outFiles: 'log.1.tgz', logFile: 'log.1.tgz', scopeOut: '', scopeLog: 'panda', realDatasets: 'ds.log', ddmEndPointOut: 'X_LOGS' });
    assert.equal(job.indata.length, 0);
    assert.equal(job.outdata.length, 0);
    assert.equal(job.logdata[0]!.scope, 'panda');
    assert.equal(job.logdata[0]!.ddmendpoint, 'X_LOGS');
  });

  it('rebuilds output scopes around the log and gives lib archives a GUID', () => {
    const job = parse({
      outFiles: 'log.1.tgz,user.x.lib.tgz,out.root', logFile: 'log.1.tgz', scopeOut: 'user.x,user.y', scopeLog: 'user.log',
      realDatasets: 'dl,dx,dy', ddmEndPointOut: 'L,X,Y',
    });
    assert.deepEqual(job.logdata.map((f) => [f.lfn, f.scope, f.ddmendpoint, f.dataset]), [['log.1.tgz', 'user.log', 'L', 'dl']]);
    assert.deepEqual(job.outdata.map((f) => [f.lfn, f.scope, f.ddmendpoint, f.dataset]), [['user.x.lib.tgz', 'user.x', 'X', 'dx'], ['out.root', 'user.y', 'Y', 'dy']]);
    assert.match(job.outdata[0]!.guid, /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    assert.equal(job.outdata[1]!.guid, '');
    assert.equal(job.is_build_job(), true);
  });

  it('renames the log with PILOT_LOGFILE', () => {
    const job = parse({}, { env: { PILOT_LOGFILE: 'renamed.job.log.tgz' } });
    assert.equal(job.logdata[0]!.lfn, 'renamed.job.log.tgz');
    assert.equal(job.logdata[0]!.scope, 'data23_13p6TeV');
    assert.deepEqual(job.outdata.map((f) => f.lfn), ['AOD.37000099._000042.pool.root.1']);
  });
});

describe('job parameters cleaning', () => {
  it('extracts overwrite options, the ZIP map and the container image', () => {
    const pars = `Reco_tf.py --in=a.root --overwriteQueueData "{'maxwdir': 12345, 'catchall': 'x'}" --overwriteStorageData "{'DISK':{'type':'DATADISK'}}" --overwriteQueuedata={old} --containerImage=docker://img:1 --out b.root '<ZIP_MAP>z1.zip:a,b</ZIP_MAP>'`;
    const job = parse({ jobPars: pars, container_name: 'docker://other' });
    assert.deepEqual(job.overwrite_queuedata, { maxwdir: 12345, catchall: 'x' });
    assert.deepEqual(job.overwrite_storagedata, { DISK: { type: 'DATADISK' } });
    assert.equal(job.zipmap, 'z1.zip:a,b');
    assert.equal(job.imagename, 'docker://img:1'); // jobPars wins over container_name
    assert.equal(job.imagename_jobdef, 'docker://other');
    // the words Pilot 3 leaves (the Pilot 1 option's removal leaves its spaces, as in Pilot 3)
    assert.deepEqual(shlexSplit(job.jobparams)!.map((w) => w.value), ['Reco_tf.py', '--in=a.root', '--out', 'b.root']);
  });

  it('leaves the payload arguments byte for byte (no shlex re-quoting)', () => {
    const pars = `--athenaopts "HITtoRDO:--nprocs=$ATHENA_CORE_NUMBER" --x 'a b' --preExec "y=1;z=2"`;
    assert.equal(cleanJobParams(pars).jobparams, pars);
    assert.equal(cleanJobParams('').jobparams, '');
    // unbalanced quotes: left as they are
    assert.equal(cleanJobParams(`--overwriteQueueData "{'a':1}`).jobparams, `--overwriteQueueData "{'a':1}`);
  });

  it('ignores an unparsable overwrite dict but still removes it', () => {
    const r = cleanJobParams('a --overwriteQueueData {broken b');
    assert.deepEqual(r.overwrite_queuedata, {});
    assert.equal(r.jobparams, 'a b');
  });

  it('reads --containerImage with a space', () => {
    const r = cleanJobParams('run.sh --containerImage docker://a/b:2 --n 3');
    assert.equal(r.imagename, 'docker://a/b:2');
    assert.equal(r.jobparams, 'run.sh --n 3');
  });

  it('resolves the image below IMAGE_BASE when it exists there', () => {
    const base = mkdtempSync(join(tmpdir(), 'imgbase-'));
    try {
      mkdirSync(join(base, 'athena_24.sif'));
      const job = parse({ container_name: 'docker://x/athena_24.sif' }, { env: { IMAGE_BASE: base } });
      assert.equal(job.imagename, join(base, 'athena_24.sif'));
      assert.equal(job.imagebase, base);
      const q = new QueueData(exampleQueue({ catchall: `IMAGE_BASE=${base} other` }));
      assert.equal(parse({ container_name: 'athena_24.sif' }, { queuedata: q }).imagename, join(base, 'athena_24.sif'));
      assert.equal(parse({ container_name: 'missing.sif' }, { env: { IMAGE_BASE: base } }).imagename, 'missing.sif');
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('writes writeToFile lists into the work directory', () => {
    const wd = mkdtempSync(join(tmpdir(), 'wtf-'));
    try {
      const job = parse({ writeToFile: 'inputFor_HITS:h1.root,h2.root^inputFor_EVNT:e1.root', jobPars: '--inputHitsFile=@inputFor_HITS --inputEVNTFile=@inputFor_EVNT --autoConfiguration=everything' });
      job.workdir = wd;
      job.process_writetofile();
      assert.equal(readFileSync(join(wd, 'inputFor_HITS.txt'), 'utf8'), '--inputHitsFile\nh1.root\nh2.root\n');
      assert.equal(readFileSync(join(wd, 'inputFor_EVNT.txt'), 'utf8'), '--inputEVNTFile\ne1.root\n');
      assert.equal(job.jobparams, '@inputFor_HITS.txt @inputFor_EVNT.txt ');
    } finally {
      rmSync(wd, { recursive: true, force: true });
    }
  });
});

describe('descriptions Pilot 3 reads in its own way, or cannot run', () => {
  it('takes the job id as str(PandaID); no PandaID is what Pilot 3 cannot run (UNKNOWNEXCEPTION)', () => {
    const noId = exampleJob();
    delete noId.PandaID;
    assert.equal(code(() => parseJobDescription(noId, { env: ENV })), ErrorCodes.UNKNOWNEXCEPTION);
    assert.equal(peekJobId(noId), undefined);
    assert.equal(code(() => parse({ PandaID: null })), ErrorCodes.UNKNOWNEXCEPTION);
    for (const [id, jobid] of [['42', '42'], [7, '7'], [1.5, '1.5'], ['abc', 'abc'], [true, 'True']] as const) {
      assert.equal(parse({ PandaID: id }).jobid, jobid);
      assert.equal(peekJobId({ PandaID: id }), jobid);
    }
    // ids that cannot name a directory: rejected (deliberate), and nothing to salvage
    for (const bad of ['', ' 42 ', '12;rm', '../x', 'a/b', -5, { id: 1 }]) {
      assert.equal(code(() => parse({ PandaID: bad })), ErrorCodes.CONVERSIONFAILURE, String(bad));
      assert.equal(peekJobId({ PandaID: bad }), undefined);
    }
    assert.equal(peekJobId(null), undefined);
    assert.equal(code(() => parseJobDescription([] as never, { env: ENV })), ErrorCodes.UNKNOWNEXCEPTION);
    assert.equal(code(() => parseJobDescription('x' as never, { env: ENV })), ErrorCodes.UNKNOWNEXCEPTION);
  });

  it('reads per-file lists of unexpected lengths as Pilot 3: short lists give defaults, extra entries are ignored', () => {
    const pos = (over: Record<string, unknown>) => parse(over).indata.map((f) => [f.guid, f.filesize, f.scope, f.ddmendpoint]);
    assert.deepEqual(pos({ GUID: 'only-one' }).map((x) => x[0]), ['only-one', '']);
    assert.deepEqual(pos({ fsize: '1,2,3' }).map((x) => x[1]), [1, 2]);
    assert.deepEqual(pos({ scopeIn: 'a' }).map((x) => x[2]), ['a', '']);
    assert.deepEqual(pos({ ddmEndPointIn: 'X' }).map((x) => x[3]), ['X', '']);
    assert.deepEqual(parse({ checksum: 'ad:00000001' }).indata.map((f) => f.checksum), [{ adler32: '00000001' }, {}]);
    assert.deepEqual(parse({ realDatasets: 'a,b,c' }).outdata.map((f) => f.dataset), ['a']);
    assert.deepEqual(parse({ ddmEndPointOut: 'X' }).logdata.map((f) => f.ddmendpoint), ['']);
    assert.deepEqual(parse({ scopeOut: 'a,b' }).outdata.map((f) => f.scope), ['a']);
    assert.deepEqual(parse({ scopeOut: '' }).outdata.map((f) => f.scope), ['']);
  });

  it('cannot run (UNKNOWNEXCEPTION, as Pilot 3 raises): scopeOut running out, unhashable names, undecodable dicts', () => {
    assert.equal(code(() => parse({ outFiles: 'a.root,b.root,log.37000099._000042.job.log.tgz.1', scopeOut: 'x' })), ErrorCodes.UNKNOWNEXCEPTION);
    assert.equal(code(() => parse({ inFiles: [['a']] })), ErrorCodes.UNKNOWNEXCEPTION);
    assert.equal(code(() => parse({ pilotSecrets: '{not a literal' })), ErrorCodes.UNKNOWNEXCEPTION);
    assert.equal(code(() => parse({ coprocess: '' })), ErrorCodes.UNKNOWNEXCEPTION); // literal_eval('') is a SyntaxError
    assert.equal(code(() => parse({ preprocess: 'null' })), ErrorCodes.UNKNOWNEXCEPTION); // not a Python literal
    assert.deepEqual(parse({ preprocess: 'None' }).preprocess, {});
    assert.deepEqual(parse({ preprocess: [['command', 'x']] }).preprocess, { command: 'x' }); // dict(pairs)
  });

  it('reads file sizes and checksums as Pilot 3', () => {
    assert.deepEqual(parse({ fsize: '12,abc' }).indata.map((f) => f.filesize), [12, 0]);
    assert.deepEqual(parse({ fsize: '-3, 1_000 ' }).indata.map((f) => f.filesize), [-3, 1000]);
    assert.deepEqual(parse({ fsize: 'NULL,None' }).indata.map((f) => f.filesize), [0, 0]);
    assert.deepEqual(parse({ checksum: 'ad:1a2b3c4d,sha1:abc' }).indata.map((f) => f.checksum), [{ adler32: '1a2b3c4d' }, { adler32: 'abc' }]);
  });

  it("reads structured values where strings belong as Python's str() of them", () => {
    assert.equal(parse({ jobPars: ['a', "b'c"] }).jobparams, `['a', "b'c"]`);
    assert.equal(parse({ taskID: { a: 1.5, b: null } }).taskid, "{'a': 1.5, 'b': None}");
    assert.deepEqual(parse({ inFiles: { 'x.root': 1 } }).indata.map((f) => f.lfn), ['x.root']); // list(dict) is its keys
  });

  it('rejects unsafe LFNs and scopes', () => {
    assert.equal(code(() => parse({ inFiles: '../../etc/passwd,RAW.2' })), ErrorCodes.STAGEINFAILED);
    assert.equal(code(() => parse({ scopeIn: 'ok,bad/../x' })), ErrorCodes.STAGEINFAILED);
    assert.equal(code(() => parse({ outFiles: '/tmp/AOD.root,log.37000099._000042.job.log.tgz.1' })), ErrorCodes.BADOUTPUTFILENAME);
    assert.equal(code(() => parse({ outFiles: 'AOD.root,x;rm -rf ~', logFile: 'x;rm -rf ~' })), ErrorCodes.BADOUTPUTFILENAME);
    assert.equal(code(() => parse({ scopeLog: '..' })), ErrorCodes.BADOUTPUTFILENAME);
  });
});

it('salvageJob: a malformed description keeps its PandaID and a safe log file, nothing else', async () => {
  const { salvageJob } = await import('../../src/info/index.js');
  assert.equal(salvageJob({ transformation: 'x' }), undefined);
  const s = salvageJob({ PandaID: '42', attemptNr: '3', inFiles: 'a,b', fsize: '1', outFiles: 'o.root,log.42.tgz', ddmEndPointOut: 'OUT_DISK,LOG_DISK', logFile: 'log.42.tgz', scopeLog: 'panda', logGUID: 'g-42' })!;
  assert.equal(s.jobid, '42');
  assert.equal(s.attempt_nr, 3);
  assert.deepEqual([s.indata.length, s.outdata.length], [0, 0]);
  assert.equal(s.logdata[0].lfn, 'log.42.tgz');
  assert.equal(s.logdata[0].ddmendpoint, 'LOG_DISK');
  assert.equal(s.logdata[0].guid, 'g-42');
  assert.equal(salvageJob({ PandaID: 43, logFile: '../../etc/passwd' })!.logdata.length, 0, 'unsafe log name dropped');
  assert.equal(salvageJob({ PandaID: 44, logFile: 'log;rm -rf' })!.logdata.length, 0);
});
