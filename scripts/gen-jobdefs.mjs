#!/usr/bin/env node
// Generates the job-description corpus (test/fixtures/jobdefs/corpus.jsonl and security.jsonl):
// every shape panda-server's dispatcher builds (jobdispatcher/Protocol.py Response.appendJob,
// mirrored below from the server's per-file loop) plus systematic, seeded mutations of them.
// Deterministic: the same seed gives byte-identical files. Re-run after changing this script,
// then re-record Pilot 3 (scripts/record-pilot3) and commit both.
//
//   npm run build && node scripts/gen-jobdefs.mjs [--seed N] [--out DIR]
//
// Descriptions with a name our pilot's path-safety policy may reject (an LFN or scope with
// whitespace or shell characters, a PandaID that cannot name a directory: src/info/safety.ts,
// unsafeJobId) go to security.jsonl, the deliberate differences; all others to corpus.jsonl.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (name, def) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : def);
const SEED = Number(opt('--seed', '20261201'));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.resolve(opt('--out', path.join(root, 'test/fixtures/jobdefs')));

import { appendJob, guid, hex, inFile, int, jobSpec, logFile, outFile, pick, rand, seed, urlForm } from './jobdefs-protocol.mjs';

seed(SEED);

// ---- the base shapes
const bases = [];
function base(name, job, opts) {
  bases.push({ name, desc: appendJob(job, opts) });
}
const ins = (n, over) => Array.from({ length: n }, () => inFile(typeof over === 'function' ? over() : over));
const outs = (n, over) => Array.from({ length: n }, () => outFile(typeof over === 'function' ? over() : over));

for (let k = 0; k < 3; k++) {
  base(`production/simul-${k}`, jobSpec({ Files: [...ins(1 + k), ...outs(1), logFile()] }));
  base(`production/reco-multi-out-${k}`, jobSpec({ transformation: 'Reco_tf.py', jobParameters: '--inputBSFile=RAW.data --outputAODFile=AOD.pool.root.1 --outputESDFile=ESD.pool.root.1 --AMIConfig=r15000 --athenaopts "RDOtoRDOTrigger:--nprocs=$ATHENA_CORE_NUMBER"', coreCount: 8, Files: [...ins(2 + k), ...outs(2 + k), logFile()] }));
}
base('production/no-site-spec-empty-ddm-lists', jobSpec({ Files: [...ins(2), ...outs(2), logFile()] }), { site: false });
base('production/ddm-join-typeerror', jobSpec({ specials: { ddmNone: true }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/md5-checksums', jobSpec({ Files: [...ins(2, () => ({ checksum: `md:${hex(32)}` })), ...outs(1), logFile()] }));
base('production/checksum-null-md5sum-fallback', jobSpec({ Files: [...ins(1, { checksum: 'NULL', md5sum: hex(32) }), ...ins(1, { checksum: null, md5sum: null }), ...outs(1), logFile()] }));
base('production/null-tokens', jobSpec({ Files: [...ins(2, { prodDBlockToken: 'NULL', dispatchDBlockToken: 'NULL' }), ...outs(1, { destinationDBlockToken: 'NULL' }), logFile({ destinationDBlockToken: 'NULL' })] }));
base('production/storage-tokens', jobSpec({ Files: [...ins(1, { prodDBlockToken: '12/1000' }), ...ins(1, { prodDBlockToken: 'local' }), ...ins(1, { prodDBlockToken: '7' }), ...outs(1), logFile()] }));
base('production/transfer-type-direct', jobSpec({ transferType: 'direct', Files: [...ins(2), ...ins(1, { prodDBlockToken: 'local' }), ...outs(1), logFile()] }));
base('production/allow-no-output', jobSpec({ Files: [...ins(1), ...outs(1, { allowNoOutput: true }), ...outs(1), logFile()] }));
base('production/alt-stage-out-on', jobSpec({ specials: { altStgOut: 'on' }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/alt-stage-out-off', jobSpec({ specials: { altStgOut: 'off' }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/alt-stage-out-force', jobSpec({ specials: { altStgOut: 'force' }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/put-log-to-os', jobSpec({ specials: { putLogToOS: true }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/container-name', jobSpec({ container_name: 'docker://atlas/athena:24.0.11', Files: [...ins(1), ...outs(1), logFile()] }));
base('production/container-image-in-jobpars', jobSpec({ container_name: 'docker://atlas/athena:24.0.11', jobParameters: '--maxEvents=10 --containerImage docker://gitlab-registry.cern.ch/atlas/athena:25.0 --other=1', Files: [...ins(1), ...outs(1), logFile()] }));
base('production/container-image-eq', jobSpec({ jobParameters: 'run.sh --containerImage=docker://centos:7 -x', Files: [...outs(1), logFile()] }));
base('production/overwrite-queuedata', jobSpec({ jobParameters: `Sim_tf.py --overwriteQueueData "{'maxwdir': 5000, 'copytools': {'rucio': {}}}" --maxEvents=5 --overwriteStorageData "{'CERN-PROD_DATADISK': {'id': 7}}"`, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/overwrite-queuedata-pilot1', jobSpec({ jobParameters: "--overwriteQueuedata={maxwdir=5} --maxEvents=5", Files: [...outs(1), logFile()] }));
base('production/zip-map', jobSpec({ jobParameters: "--inputEVNTFile=x 'ZIP_MAP' <ZIP_MAP>a.zip:EVNT.1,EVNT.2 b.zip:EVNT.3</ZIP_MAP>", Files: [...ins(2), ...outs(1), logFile()] }));
base('production/zip-and-gs-lfns', jobSpec({ Files: [...ins(1, { lfn: 'zip://EVNT.123._000001.pool.root.1' }), ...ins(1, { lfn: 'gs://bucket/path/EVNT.999._000002.pool.root.1' }), ...outs(1), logFile()] }));
base('production/duplicate-input-from-server', jobSpec({ Files: (() => { const a = inFile(); return [a, { ...a }, inFile(), ...outs(1), logFile()]; })() }));
base('production/cmtconfig-alrb-platform', jobSpec({ cmtConfig: 'x86_64-el9-gcc13-opt@centos7', Files: [...outs(1), logFile()] }));
base('production/cmtconfig-none', jobSpec({ cmtConfig: null, Files: [...outs(1), logFile()] }));
base('production/core-count-null', jobSpec({ coreCount: 'NULL', Files: [...ins(1), ...outs(1), logFile()] }));
base('production/debug-and-no-looping', jobSpec({ specials: { debug: true, noLoopingCheck: true }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/non-jedi-taskid', jobSpec({ lockedby: 'panda', taskID: 'NULL', Files: [...ins(1), ...outs(1), logFile()] }));
base('production/clone-runonce', jobSpec({ specials: { cloneJob: 'runonce' }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/clone-storeonce', jobSpec({ specials: { cloneJob: 'storeonce' }, Files: [...ins(1), ...outs(1), logFile()] }));
base('production/use-vp-prefetcher-onsite', jobSpec({ specials: { useVP: true, usePrefetcher: true, onSiteMerging: true, inFilePosEvtNum: true, ioIntensity: 120 }, Files: [...ins(2), ...outs(1), logFile()] }));
base('production/no-exec-str-cnv', jobSpec({ specials: { noExecStrCnv: true }, jobParameters: 'export X=1; Sim_tf.py --maxEvents=1', Files: [...outs(1), logFile()] }));
base('production/proxy-key', jobSpec({ specials: { proxyKey: true }, Files: [...outs(1), logFile()] }));
base('production/secrets', jobSpec({ specials: { secrets: '{"MY_TOKEN": "abc"}', pilotSecrets: { pilot: 'xyz' } }, Files: [...outs(1), logFile()] }));
base('production/pilot-secrets-string', jobSpec({ specials: { pilotSecrets: "{'realtime_logging': {'url': 'x'}}" }, Files: [...outs(1), logFile()] }));
base('production/many-files', jobSpec({ Files: [...ins(40), ...outs(12), logFile()] }));
base('production/log-only', jobSpec({ transformation: 'run.sh', jobParameters: 'echo hello', Files: [logFile()] }));
base('production/log-only-no-site', jobSpec({ transformation: 'run.sh', jobParameters: 'echo hello', Files: [logFile()] }), { site: false });
base('production/no-files-at-all', jobSpec({ transformation: 'run.sh', jobParameters: 'true', Files: [] }));
base('production/base64-jobpars', jobSpec({ specials: { encJobParams: true }, jobParameters: 'python -c "print(\'hello $USER\')" --x=1', Files: [...outs(1), logFile()] }));
base('production/build-job', jobSpec({ prodSourceLabel: 'panda', transformation: 'https://pandaserver.cern.ch/trf/user/buildGen-00-00-01', jobParameters: '-i sources.tgz -o user.jdoe.lib._000001.lib.tgz', Files: [...outs(1, { lfn: 'user.jdoe.12345.lib._000001.lib.tgz', scope: 'user.jdoe' }), logFile({ scope: 'user.jdoe' })] }));
for (let k = 0; k < 3; k++) {
  base(`analysis/rungen-${k}`, jobSpec({ prodSourceLabel: 'user', transformation: 'https://pandaserver.cern.ch/trf/user/runGen-00-00-02', jobParameters: `-j "" --sourceURL https://aipanda.cern.ch:25443 -r ./ -p "python%20run.py" -l user.jdoe.lib._000001.lib.tgz -o "{'out.root': 'user.jdoe.${k}.out.root'}" ${k === 1 ? '--accessmode=direct' : k === 2 ? '--useLocalIO' : ''}`, Files: [...ins(2 + k, () => ({ scope: 'user.jdoe' })), ...ins(1, { lfn: 'user.jdoe.12345.lib._000001.lib.tgz', scope: 'user.jdoe' }), ...outs(1, { scope: 'user.jdoe' }), logFile({ scope: 'user.jdoe' })], processingType: 'panda-client-1.5.0-jedi-run' }));
}
base('analysis/accessmode-copy', jobSpec({ prodSourceLabel: 'user', transformation: 'http://host/trf/runAthena-00-00-12', jobParameters: '--accessmode=copy -a x', Files: [...ins(2), ...outs(1), logFile()] }));
base('analysis/local-token', jobSpec({ prodSourceLabel: 'user', transformation: 'https://host/trf/runGen', Files: [...ins(1, { prodDBlockToken: 'local' }), ...ins(1), ...outs(1), logFile()] }));
base('analysis/write-input-to-file', jobSpec({ prodSourceLabel: 'user', transformation: 'https://host/trf/runGen', jobParameters: '-i tmpin_sample.txt -p "run.sh"', Files: [...ins(3, { dataset: 'user.jdoe:user.jdoe.sample/' }), ...ins(2, { dataset: 'user.jdoe:user.jdoe.other' }), ...outs(1), logFile()] }), { writeInput: true });
base('analysis/container', jobSpec({ prodSourceLabel: 'user', transformation: 'https://host/trf/runcontainer', container_name: 'docker://busybox', jobParameters: '--containerImage docker://busybox -p "echo%20hi"', Files: [...outs(1), logFile()] }));
for (let k = 0; k < 2; k++) {
  base(`eventservice/es-${k}`, jobSpec({ specials: { eventService: true }, jobParameters: '--eventService=True --inputEVNTFile=EVNT.pool.root.1 --maxEvents=1000', coreCount: 8, Files: [...ins(1 + k), ...outs(1, { destinationDBlockToken: 'ddd:CERN-PROD_ES' }), logFile()] }));
}
base('eventservice/fine-grained', jobSpec({ specials: { fineGrained: true }, Files: [...ins(1), ...outs(1), logFile()] }));
{
  const ia = inFile();
  const ib = inFile();
  const oa = outFile();
  base('eventservice/es-merge', jobSpec({ jobParameters: `--inputHitsFile=@inputFor_${oa.lfn} --outputHitsFile=${oa.lfn} --autoConfiguration=everything`, Files: [ia, ib, oa, logFile()] }), { esMerge: { tokens: { [ia.lfn]: 'local', [ib.lfn]: 'NULL' }, outputs: { [oa.lfn]: [ia.lfn, ib.lfn, 'EVNT.es.0001', 'EVNT.es.0002'] } } });
  const ic = inFile();
  const o1 = outFile();
  const o2 = outFile();
  base('eventservice/es-merge-two-outputs', jobSpec({ jobParameters: `--inputHitsFile=@inputFor_${o1.lfn} --inputRDOFile=@inputFor_${o2.lfn}`, Files: [ic, o1, o2, logFile()] }), { esMerge: { tokens: { [ic.lfn]: 'NULL' }, outputs: { [o1.lfn]: ['a', 'b'], [o2.lfn]: ['c'] } } });
}
{
  const ds = 'mc23_13p6TeV:mc23_13p6TeV.123.jumbo.EVNT';
  base('eventservice/jumbo', jobSpec({ jobParameters: '--inputEVNTFile=tmpin__cnt_mc23_13p6TeV.123.jumbo.EVNT --maxEvents=10', Files: [...ins(3, { dataset: ds }), ...outs(1), logFile()] }), { jumbo: true });
}
base('hpo/hpo', jobSpec({ prodSourceLabel: 'user', transformation: 'https://host/trf/runHPO', specials: { hpo: true, eventService: true }, jobParameters: '-o out.json -j "" --sourceURL https://x', Files: [...ins(1), ...outs(1), logFile()] }));
base('multistep/pre-post', jobSpec({ jobParameters: `Sim_tf.py --maxEvents=1<MULTI_STEP_EXEC>{"preprocess": {"command": "prep.sh", "args": "-a 1"}, "postprocess": {"command": "post.sh", "args": "--b"}}</MULTI_STEP_EXEC>`, cmtConfig: 'NULL', Files: [...ins(1), ...outs(1), logFile()] }));
base('multistep/coprocess-containeroptions', jobSpec({ jobParameters: `run.sh<MULTI_STEP_EXEC>{"preprocess": {"command": "p", "args": ""}, "coprocess": {"command": "co.sh", "args": "x"}, "containerOptions": {"containerExec": "echo", "containerImage": "docker://x"}}</MULTI_STEP_EXEC>`, cmtConfig: 'x86_64-el9-gcc13-opt', Files: [...outs(1), logFile()] }));
base('multistep/bad-json-left-in-jobpars', jobSpec({ jobParameters: 'run.sh<MULTI_STEP_EXEC>{not json}</MULTI_STEP_EXEC>', Files: [...outs(1), logFile()] }));
bases.push({ name: 'special/dask-jupyter-debug-command', desc: { ...appendJob(jobSpec({ Files: [...outs(1), logFile()] })), scheduler_ip: '10.0.0.1', session_ip: '10.0.0.2', debug_command: 'ls -la', containerOptions: { containerExec: 'x' } } });
bases.push({ name: 'special/harvester-jobid-key', desc: { ...appendJob(jobSpec({ Files: [...outs(1), logFile()] })), jobid: 'harvester-123' } });

// URL-encoded forms of a selection (all strings, None for nulls, empty values dropped)
for (const b of [...bases].filter((_, i) => i % 3 === 0)) bases.push({ name: `urlform/${b.name}`, desc: urlForm(b.desc) });

// ---- mutations
const corpus = bases.map((b) => ({ name: b.name, desc: b.desc }));
const security = [];
const LIST_KEYS = ['inFiles', 'GUID', 'fsize', 'checksum', 'scopeIn', 'realDatasetsIn', 'prodDBlockToken', 'ddmEndPointIn', 'outFiles', 'realDatasets', 'scopeOut', 'ddmEndPointOut'];
const SCALAR_KEYS = ['PandaID', 'taskID', 'jobPars', 'transformation', 'coreCount', 'cmtConfig', 'attemptNr', 'maxCpuCount', 'maxWalltime', 'minRamCount', 'reqID', 'logFile', 'logGUID', 'scopeLog', 'transferType', 'processingType', 'swRelease', 'homepackage', 'jobsetID', 'jobDefinitionID', 'prodUserID', 'destinationDblock', 'container_name', 'allowNoOutput', 'altStageOut', 'eventService', 'eventServiceMerge', 'isHPO', 'useVP', 'debug', 'loopingCheck', 'noExecStrCnv', 'writeToFile', 'resource_type', 'nucleus', 'prodSourceLabel', 'maxDiskCount', 'currentPriority', 'secrets'];
const DICT_KEYS = ['preprocess', 'postprocess', 'coprocess', 'containerOptions', 'pilotSecrets'];
const WRONG = [
  ['null', null], ['empty', ''], ['blank', '   '], ['NULL', 'NULL'], ['None', 'None'], ['null-lower', 'null'],
  ['int', 42], ['negative', -7], ['float', 2.5], ['true', true], ['false', false], ['str-int-padded', ' 12 '], ['str-plus', '+3'], ['str-underscore', '1_000'], ['str-float', '3.5'],
  ['str-word', 'abc'], ['str-unicode-digits', '\u0663'], ['list', ['a', 'b']], ['list-int', [1, 2]], ['dict', { a: 1 }], ['empty-list', []], ['empty-dict', {}],
];
const variant = (b, tag, f) => {
  const d = structuredClone(b.desc);
  f(d);
  corpus.push({ name: `${b.name}~${tag}`, desc: d });
};
const splitL = (v) => (typeof v === 'string' ? v.split(',') : []);
const prod = bases.filter((b) => !b.name.startsWith('urlform/'));
const rich = prod.filter((b) => b.name !== 'production/many-files' && splitL(b.desc.inFiles).filter(Boolean).length >= 2 && splitL(b.desc.outFiles).filter(Boolean).length >= 2);

// fields missing: every list key on a rich job, and a sample of scalars
for (const k of LIST_KEYS) variant(pick(rich), `missing-${k}`, (d) => delete d[k]);
for (const k of SCALAR_KEYS) variant(pick(prod), `missing-${k}`, (d) => delete d[k]);
// lists with entries missing or extra (first, last, middle)
for (const k of LIST_KEYS) {
  variant(pick(rich), `${k}-short`, (d) => { d[k] = splitL(d[k]).slice(0, -1).join(','); });
  variant(pick(rich), `${k}-first-dropped`, (d) => { d[k] = splitL(d[k]).slice(1).join(','); });
  variant(pick(rich), `${k}-extra`, (d) => { d[k] = [...splitL(d[k]), 'EXTRA'].join(','); });
  variant(pick(rich), `${k}-empty-entry`, (d) => { const l = splitL(d[k]); l[Math.min(1, l.length - 1)] = ''; d[k] = l.join(','); });
  variant(pick(rich), `${k}-NULL-entry`, (d) => { const l = splitL(d[k]); l[0] = 'NULL'; d[k] = l.join(','); });
  variant(pick(rich), `${k}-spaces`, (d) => { d[k] = splitL(d[k]).map((x) => ` ${x} `).join(','); });
  variant(pick(rich), `${k}-json-array`, (d) => { d[k] = splitL(d[k]); });
  for (const [tag, x] of [['null', null], ['int', 5], ['float', 1.5], ['bool', true], ['list', ['x']], ['dict', { a: 1 }]]) {
    variant(pick(rich), `${k}-json-array-${tag}-entry`, (d) => { const l = splitL(d[k]); d[k] = [x, ...l.slice(1)]; });
  }
}
// NULL / empty / whitespace / wrong types on every list key and scalar
for (const k of LIST_KEYS) for (const [tag, v] of WRONG) variant(pick(rich), `${k}=${tag}`, (d) => { d[k] = v; });
for (const k of SCALAR_KEYS) for (const [tag, v] of WRONG) if (rand() < 0.45 || k === 'PandaID') variant(pick(prod), `${k}=${tag}`, (d) => { d[k] = v; });
for (const k of DICT_KEYS) {
  for (const [tag, v] of [...WRONG, ['py-literal', "{'command': 'x', 'args': 'y'}"], ['json-text', '{"command": "x"}'], ['not-literal', '{command: x}'], ['pairs-text', "[('command', 'x')]"], ['pairs', [['command', 'x']]], ['nested', { command: 'x', env: { A: [1, 2] } }]]) {
    variant(pick(prod), `${k}=${tag}`, (d) => { d[k] = v; });
  }
}
// checksums of every form
for (const [tag, c] of [['ad', 'ad:0a1b2c3d'], ['md', `md:${hex(32)}`], ['bare-hex8', '0a1b2c3d'], ['bare-md5', hex(32)], ['upper', 'AD:0A1B2C3D'], ['unknown-prefix', 'sha1:abc'], ['three-parts', 'ad:1:2'], ['garbage', 'xyz'], ['colon-only', ':'], ['None', 'None'], ['empty', '']]) {
  variant(pick(rich), `checksum-${tag}`, (d) => { const l = splitL(d.checksum); l[0] = c; d.checksum = l.join(','); });
}
// file sizes
for (const [tag, v] of [['negative', '-5'], ['float', '1.5'], ['hex', '0x10'], ['exp', '1e3'], ['huge', '99999999999999999999'], ['padded', ' 77 '], ['NULL', 'NULL'], ['word', 'big'], ['arabic-indic-digits', '\u0661\u0662'], ['math-digits', '\u{1D7D9}\u{1D7E2}'], ['underscores', '1_000_000']]) {
  variant(pick(rich), `fsize-${tag}`, (d) => { const l = splitL(d.fsize); l[0] = v; d.fsize = l.join(','); });
}
// duplicates
for (let k = 0; k < 6; k++) {
  variant(pick(rich), `dup-input-${k}`, (d) => { for (const key of ['inFiles', 'GUID', 'fsize', 'checksum', 'scopeIn', 'realDatasetsIn', 'prodDBlockToken', 'ddmEndPointIn']) { const l = splitL(d[key]); if (l.length) l.push(l[0]); d[key] = l.join(','); } });
  variant(pick(rich), `dup-output-${k}`, (d) => { for (const key of ['outFiles', 'realDatasets', 'ddmEndPointOut']) { const l = splitL(d[key]); l.unshift(l[0]); d[key] = l.join(','); } d.scopeOut = [splitL(d.scopeOut)[0], ...splitL(d.scopeOut)].join(','); });
  variant(pick(rich), `log-twice-${k}`, (d) => { d.outFiles = `${d.outFiles},${d.logFile}`; });
}
variant(pick(rich), 'outFiles-int-then-list', (d) => { d.outFiles = [5, ['x'], d.logFile]; d.scopeOut = 'a,b,c'; });
variant(pick(rich), 'outFiles-list-then-int', (d) => { d.outFiles = [['x'], 5, d.logFile]; d.scopeOut = 'a,b,c'; });
variant(pick(rich), 'log-not-in-outfiles', (d) => { d.logFile = 'log.other.tgz'; });
variant(pick(rich), 'logfile-empty', (d) => { d.logFile = ''; });
variant(pick(rich), 'scopeOut-includes-log', (d) => { d.scopeOut = `${d.scopeOut},${d.scopeLog}`; });
variant(pick(rich), 'scopeOut-empty-with-outputs', (d) => { d.scopeOut = ''; });
variant(pick(rich), 'outFiles-empty-entry-before-output', (d) => { d.outFiles = `,${d.outFiles}`; });
// very long values
const long = (n) => Array.from({ length: n }, (_, i) => 'abcdefghij'[i % 10]).join('');
for (const k of ['jobPars', 'transformation', 'taskID', 'prodUserID', 'container_name', 'writeToFile', 'cmtConfig', 'logGUID']) variant(pick(prod), `long-${k}`, (d) => { d[k] = long(int(3000, 12000)); });
variant(pick(rich), 'long-lfn', (d) => { const l = splitL(d.inFiles); l[0] = `${long(4000)}.root`; d.inFiles = l.join(','); });
variant(pick(rich), 'many-inputs', (d) => { const n = 300; for (const [k, f] of [['inFiles', (i) => `f${i}.root`], ['GUID', () => guid()], ['fsize', (i) => String(i)], ['checksum', () => `ad:${hex(8)}`], ['scopeIn', () => 'mc'], ['realDatasetsIn', () => 'ds'], ['prodDBlockToken', () => 'NULL'], ['ddmEndPointIn', () => 'X_DATADISK']]) d[k] = Array.from({ length: n }, (_, i) => f(i)).join(','); });
// jobPars shapes
for (const [tag, p] of [
  ['unbalanced-quote', 'run.sh "unterminated --x=1'], ['only-positional', 'a b c'], ['dangling-option', 'x --foo'], ['two-options', 'x --foo --bar'],
  ['dollar-in-double-quotes', 'run.sh --opt "$HOME/x y" -z'], ['backslashes', 'run.sh --a "x\\$y" --b x\\ y'], ['single-quotes', "run.sh --a 'x y' --b"],
  ['overwrite-last-wins', `x --overwriteQueueData "{'a': 1}" --overwriteQueueData "{'b': 2}"`], ['overwrite-bad-literal', 'x --overwriteQueueData "{a: 1}" -y'],
  ['overwrite-no-value', 'x --overwriteQueueData --other 1'], ['overwrite-eq-spelling', `x --overwriteQueueData={'a':1} -y`], ['overwrite-list', "x --overwriteQueueData \"[('maxwdir', 3)]\" -y"],
  ['overwrite-int', 'x --overwriteQueueData 5 -y'], ['overwrite-storage-int', 'x --overwriteStorageData 5 -y'], ['overwrite-empty', "x --overwriteQueueData '' -y"],
  ['zipmap-two', "x <ZIP_MAP>a</ZIP_MAP> y <ZIP_MAP>b</ZIP_MAP>"], ['container-image-quoted', "x '--containerImage docker://a' y"], ['container-image-end', 'x --containerImage'],
  ['accessmode-both', 'x --accessmode=direct --accessmode=copy'], ['carriage-returns', 'x --a 1\r <ZIP_MAP>a\rb</ZIP_MAP> --containerImage\u2028docker://i'],
  ['unicode-spaces', 'x\u00a0--b 2 --containerImage\u0085docker://j --c'], ['tabs-newlines', 'x\t--a=1\n--b 2'], ['empty', ''], ['unicode', 'echo "héllo wörld ✓" --n=1'],
]) variant(pick(prod), `jobPars-${tag}`, (d) => { d.jobPars = p; });
// writeToFile shapes
for (const [tag, w] of [['no-colon', 'inputFor_x'], ['two-colons', 'a:b:c'], ['empty-list', 'inputFor_x:'], ['caret-only', '^'], ['many', 'a:1,2^b:3^c:4,5,6']]) variant(pick(prod), `writeToFile-${tag}`, (d) => { d.writeToFile = w; });
// cmtConfig / altStageOut / booleans spellings
for (const c of ['null', 'None', 'NONE', 'a@b@c', '@x', 'x@', '']) variant(pick(prod), `cmtConfig-${c || 'empty'}`, (d) => { d.cmtConfig = c; });
for (const a of ['on', 'off', 'ON', ' on', 'force', 'true', '']) variant(pick(prod), `altStageOut-${a || 'empty'}`, (d) => { d.altStageOut = a; });
for (const k of ['eventService', 'debug', 'loopingCheck', 'useVP', 'isHPO']) for (const v of ['yes', 'no', '1', '0', 'TRUE', 'False', 'maybe', ' true ', 1, 0, 2]) variant(pick(prod), `${k}-${String(v).trim() || 'blank'}${typeof v === 'number' ? '-num' : ''}`, (d) => { d[k] = v; });
// PandaID spellings Pilot 3 turns into a job id
for (const [tag, v] of [['str', '7200000001'], ['padded', ' 7200000002 '], ['float', 7200000003.5], ['zero', 0], ['word', 'abc']]) variant(pick(prod), `PandaID-${tag}`, (d) => { d.PandaID = v; });
// the environment the parser reads (else none of these is set: see record-pilot3.py)
const withEnv = (b, tag, env) => corpus.push({ name: `${b.name}~env-${tag}`, env, desc: structuredClone(b.desc) });
for (const v of ['4', '0', ' 6 ', 'abc', '']) withEnv(pick(prod), `ATHENA_PROC_NUMBER=${v.trim() || 'empty'}${v.startsWith(' ') ? '-padded' : ''}`, { ATHENA_PROC_NUMBER: v });
for (let k = 0; k < 3; k++) withEnv(pick(prod), `PILOT_LOGFILE-${k}`, { PILOT_LOGFILE: `pilotlog.${k}.renamed.tgz` });
withEnv(bases.find((b) => b.name === 'production/log-only'), 'PILOT_LOGFILE-log-only', { PILOT_LOGFILE: 'renamed.tgz' });
withEnv(bases.find((b) => b.name === 'production/no-files-at-all'), 'PILOT_LOGFILE-no-files', { PILOT_LOGFILE: 'renamed.tgz' });
withEnv(bases.find((b) => b.name === 'production/container-name'), 'IMAGE_BASE-missing', { IMAGE_BASE: '/nonexistent/images' });
// PILOT_USER=atlas: Pilot 3's ATLAS pre-filter of jobPars (--athenaopts), over every server shape and every jobPars case
for (const b of prod) withEnv(b, 'PILOT_USER=atlas', { PILOT_USER: 'atlas' });
for (const e of corpus.filter((x) => x.name.includes('~jobPars-'))) corpus.push({ name: `${e.name}~env-PILOT_USER=atlas`, env: { PILOT_USER: 'atlas' }, desc: structuredClone(e.desc) });
for (const [tag, p] of [
  ['quoted-then-overwrite', `Reco_tf.py --athenaopts 'a b' --overwriteQueueData "{'x': 1}" --n 1`], ['dq-then-image', 'Sim_tf.py --athenaopts "HITtoRDO:--nprocs=$ATHENA_CORE_NUMBER" --containerImage docker://x --m 2'],
  ['unquoted-swallows-rest', "x --athenaopts --threads=8 --overwriteQueueData \"{'y': 2}\" -z"], ['twice', 'x --athenaopts "a" y --athenaopts "b" z'], ['first-word', '--athenaopts "a" x'],
]) for (const user of ['atlas', 'generic']) corpus.push({ name: `athenaopts/${tag}~env-PILOT_USER=${user}`, env: { PILOT_USER: user }, desc: { ...structuredClone(prod[0].desc), jobPars: p } });

// ---- security: names that would escape the work directory (deliberate rejections, README)
const secure = (b, tag, f) => {
  const d = structuredClone(b.desc);
  f(d);
  security.push({ name: `${b.name}~${tag}`, desc: d });
};
for (const [tag, lfn] of [['dotdot', '../../etc/passwd'], ['abs', '/etc/passwd'], ['dot-seg', 'a/./b'], ['semicolon', 'a;rm -rf x'], ['dollar', '$(id).root'], ['dash', '-rf'], ['tilde', '~root/x'], ['newline', 'a\nb'], ['space', 'a b.root']]) {
  secure(pick(rich), `input-lfn-${tag}`, (d) => { const l = splitL(d.inFiles); l[0] = lfn; d.inFiles = l.join(','); });
  secure(pick(rich), `output-lfn-${tag}`, (d) => { const l = splitL(d.outFiles); const i = l.findIndex((x) => x !== d.logFile); l[i] = lfn; d.outFiles = l.join(','); });
}
for (const [tag, sc] of [['slash', 'a/b'], ['dotdot', '..'], ['semicolon', 'x;y']]) secure(pick(rich), `scopeIn-${tag}`, (d) => { const l = splitL(d.scopeIn); l[0] = sc; d.scopeIn = l.join(','); });
secure(pick(rich), 'log-lfn-dotdot', (d) => { d.outFiles = splitL(d.outFiles).map((x) => (x === d.logFile ? '../log.tgz' : x)).join(','); d.logFile = '../log.tgz'; });
for (const [tag, v] of [['slash', '1/2'], ['dotdot', '..'], ['nul', '1\u00002']]) secure(pick(prod), `PandaID-${tag}`, (d) => { d.PandaID = v; });

// ---- route descriptions with names our safety policy may reject to the security set
const { unsafePathReason } = await import(path.join(root, 'dist/src/info/safety.js'));
const { unsafeJobId } = await import(path.join(root, 'dist/src/info/jobdata.js'));
const { pyStr: pythonStr } = await import(path.join(root, 'dist/src/info/pybase.js'));
const entriesOf = (v) => (v === undefined ? [''] : v === null ? [] : typeof v === 'string' ? v.split(',') : Array.isArray(v) ? v : v && typeof v === 'object' ? Object.keys(v) : []);
function mayBeUnsafe(d) {
  // LFN entries that are lists or dicts make Pilot 3 raise (unhashable) before any name is used; scopes are str()'d
  const names = (key, objects = false) => entriesOf(d[key]).filter((x) => x !== null && (objects || typeof x !== 'object')).map((x) => pythonStr(x)).filter((x) => x !== '' && x !== 'NULL');
  for (const key of ['inFiles', 'outFiles']) {
    for (let lfn of names(key)) {
      if (lfn.startsWith('zip://')) lfn = lfn.replaceAll('zip://', '');
      else if (lfn.startsWith('gs://')) lfn = lfn.slice(lfn.lastIndexOf('/') + 1);
      if (lfn && unsafePathReason(lfn, 'LFN')) return true;
    }
  }
  for (const key of ['scopeIn', 'scopeOut']) if (names(key, true).some((sc) => unsafePathReason(sc, 'scope', false))) return true;
  if (d.scopeLog !== undefined && d.scopeLog !== null && pythonStr(d.scopeLog) !== '' && unsafePathReason(pythonStr(d.scopeLog), 'scope', false)) return true;
  if (d.PandaID !== undefined && d.PandaID !== null && unsafeJobId(pythonStr(d.PandaID))) return true;
  return false;
}
for (let i = corpus.length - 1; i >= 0; i--) if (mayBeUnsafe(corpus[i].desc)) security.unshift(...corpus.splice(i, 1));

mkdirSync(OUT, { recursive: true });
const jsonl = (xs) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
const names = new Set();
for (const x of [...corpus, ...security]) {
  if (names.has(x.name)) throw new Error(`duplicate corpus name ${x.name}`);
  names.add(x.name);
}
writeFileSync(path.join(OUT, 'corpus.jsonl'), jsonl(corpus));
writeFileSync(path.join(OUT, 'security.jsonl'), jsonl(security));
console.log(`gen-jobdefs: seed ${SEED}: ${corpus.length} descriptions (${bases.length} server shapes), ${security.length} security cases → ${path.relative(process.cwd(), OUT)}`);
