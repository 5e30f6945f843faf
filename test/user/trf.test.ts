import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPlugin, getAnalysisTrf, validBaseUrls, splitBaseUrls } from '../../src/user/index.js';
import { spawnPayload } from '../../src/payload/index.js';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';

let server: Server;
let base: string;
let dir: string;
const hits: string[] = [];
let flaky = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pp-trf-'));
  server = createServer((req, res) => {
    hits.push(req.url!);
    if (req.url === '/trf/run.sh') {
      res.end('#!/bin/bash\necho "args:$#:$1:$2"\nexit 0\n');
    } else if (req.url === '/trf/empty.sh') {
      res.end('');
    } else if (req.url === '/trf/flaky.sh') {
      if (flaky++ < 2) {
        res.statusCode = 503;
        res.end('busy');
      } else res.end('#!/bin/sh\necho flaky-ok\n');
    } else if (req.url === '/mirror/only-on-mirror.sh') {
      res.end('#!/bin/sh\necho mirror\n');
    } else {
      res.statusCode = 404;
      res.end('no');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function workdir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

const isCode = (code: number) => (e: unknown) => e instanceof PilotError && e.code === code;
const quick = { attempts: 3, retryDelayMs: 10, requestTimeoutMs: 5000 };

test('base URL list: bare hosts get both schemes, the matching base goes first; -g comma lists split', () => {
  assert.deepEqual(validBaseUrls(['a.org', 'https://b.org/x'], []), ['http://a.org', 'https://a.org', 'https://b.org/x']);
  assert.deepEqual(validBaseUrls([], ['https://d'], undefined), ['https://d']);
  assert.deepEqual(validBaseUrls(['http://a', 'http://b'], [], 'http://b'), ['http://b', 'http://a']);
  assert.deepEqual(splitBaseUrls('http://a, http://b'), ['http://a', 'http://b']);
});

test('generic: trf URL downloaded from -g base, made executable, ./trf <jobPars> runs in bash', async () => {
  const wd = workdir('ok');
  const job = { jobid: '1', transformation: `${base}/trf/run.sh`, jobparams: `"a b" 'c;d'`, workdir: wd };
  const cmd = await getPlugin('generic').buildPayloadCommand(job, { trfBaseUrls: [`${base}/trf`], env: {}, download: quick });
  assert.equal(cmd, `./run.sh "a b" 'c;d'`);
  assert.equal(statSync(join(wd, 'run.sh')).mode & 0o777, 0o755);
  const p = spawnPayload({ command: cmd, cwd: wd, stdoutPath: join(wd, 'payload.stdout'), stderrPath: join(wd, 'payload.stderr') });
  assert.deepEqual(await p.exited, { exitCode: 0, signal: null });
  assert.equal(readFileSync(join(wd, 'payload.stdout'), 'utf8'), 'args:2:a b:c;d\n');
});

test('generic: X509_USER_PROXY is exported unless an image is used; odd trf names are quoted', async () => {
  const wd = workdir('proxy');
  writeFileSync(join(wd, 'my trf'), '#!/bin/sh\n');
  const plugin = getPlugin('generic');
  const job = { jobid: '2', transformation: 'my trf', jobparams: '--x 1', workdir: wd };
  assert.equal(await plugin.buildPayloadCommand(job, { env: { X509_USER_PROXY: '/tmp/x509up_u0' } }), `export X509_USER_PROXY=/tmp/x509up_u0;./'my trf' --x 1`);
  assert.equal(await plugin.buildPayloadCommand({ ...job, imagename: '/img' }, { env: { X509_USER_PROXY: '/p' } }), `./'my trf' --x 1`);
});

test('a bare transformation name is fetched from the -g bases in order (mirror fallback)', async () => {
  const wd = workdir('name');
  hits.length = 0;
  const name = await getAnalysisTrf('only-on-mirror.sh', wd, { ...quick, attempts: 1, baseUrls: [`${base}/trf`, `${base}/mirror`] });
  assert.equal(name, 'only-on-mirror.sh');
  assert.deepEqual(hits, ['/trf/only-on-mirror.sh', '/mirror/only-on-mirror.sh']);
});

test('retries up to 3 times per base before succeeding', async () => {
  const wd = workdir('flaky');
  flaky = 0;
  hits.length = 0;
  await getAnalysisTrf(`${base}/trf/flaky.sh`, wd, { ...quick, baseUrls: [`${base}/trf`] });
  assert.equal(hits.filter((h) => h === '/trf/flaky.sh').length, 3);
  assert.equal(readFileSync(join(wd, 'flaky.sh'), 'utf8'), '#!/bin/sh\necho flaky-ok\n');
});

test('download failures: 404, empty content, URL outside the -g bases, unreachable host → TRFDOWNLOADFAILURE', async () => {
  const g = { ...quick, baseUrls: [`${base}/trf`] };
  await assert.rejects(getAnalysisTrf(`${base}/trf/missing.sh`, workdir('f1'), g), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
  await assert.rejects(getAnalysisTrf(`${base}/trf/empty.sh`, workdir('f2'), g), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
  await assert.rejects(getAnalysisTrf('http://evil.example/trf/run.sh', workdir('f3'), g), (e: unknown) => isCode(ErrorCodes.TRFDOWNLOADFAILURE)(e) && /invalid base URL/.test((e as PilotError).diag));
  await assert.rejects(getAnalysisTrf('http://127.0.0.1:1/x/run.sh', workdir('f4'), { ...quick, attempts: 1, baseUrls: ['http://127.0.0.1:1/x'] }), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
  await assert.rejects(getAnalysisTrf(`${base}/trf/..`, workdir('f5'), g), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
});

test('HARVESTER_WORKDIR: job options and the transform are copied from there, not downloaded', async () => {
  const wd = workdir('harv');
  const harvester = workdir('harvester');
  writeFileSync(join(harvester, 'local.sh'), '#!/bin/sh\necho local\n');
  writeFileSync(join(harvester, 'jobO.1.tar.gz'), 'x');
  hits.length = 0;
  const name = await getAnalysisTrf(`${base}/trf/local.sh`, wd, { ...quick, baseUrls: [`${base}/trf`], env: { HARVESTER_WORKDIR: harvester } });
  assert.equal(name, 'local.sh');
  assert.deepEqual(hits, []);
  assert.equal(readFileSync(join(wd, 'jobO.1.tar.gz'), 'utf8'), 'x');
  assert.equal(statSync(join(wd, 'local.sh')).mode & 0o777, 0o755);
  // Missing in the Harvester dir → TRFDOWNLOADFAILURE.
  await assert.rejects(getAnalysisTrf(`${base}/trf/nothere.sh`, workdir('harv2'), { ...quick, attempts: 1, baseUrls: [`${base}/trf`], env: { HARVESTER_WORKDIR: harvester } }), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
});

test('abort signal stops the download loop', async () => {
  const ac = new AbortController();
  ac.abort(new Error('stop'));
  await assert.rejects(getAnalysisTrf(`${base}/trf/run.sh`, workdir('abort'), { ...quick, baseUrls: [`${base}/trf`], signal: ac.signal }), /stop/);
});

test('atlas: analysis command exports PandaID and MAKEFLAGS before ./<trf>; ATLAS transform hosts are the default', async () => {
  const wd = workdir('atlas');
  writeFileSync(join(wd, 'runGen-00-00-02'), '#!/bin/sh\n');
  const atlas = getPlugin('atlas');
  const cmd = await atlas.buildPayloadCommand({ jobid: '6543210987', transformation: 'http://pandaserver.cern.ch:25080/trf/user/runGen-00-00-02', jobparams: '-j "" -p x', workdir: wd }, { env: {} });
  assert.match(cmd, /export PandaID=6543210987;.*export MAKEFLAGS='-j1 QUICK=1 -l1';\.\/runGen-00-00-02 -j "" -p x; $/);
  assert.ok(atlas.defaultTrfBaseUrls.includes('pandaserver.cern.ch'));
  await assert.rejects(atlas.buildPayloadCommand({ jobid: '1', transformation: 'http://elsewhere.org/trf', jobparams: '', workdir: workdir('atlas2') }, { env: {} }), isCode(ErrorCodes.TRFDOWNLOADFAILURE));
});
