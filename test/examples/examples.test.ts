/**
 * Every example in examples/ runs as `node dist/examples/<name>.js` against real local services
 * (PanDA emulator, Rucio emulator, XRootD) and must print what it promises, so the examples
 * never rot. The examples import 'panda-pilot/api' and 'panda-pilot/info' through the package's
 * own exports, as a user's code would.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileChecksums } from '../../src/copytool/checksum.js';
import { rucioPath } from '../../src/copytool/paths.js';
import { startPandaEmulator, type PandaEmulator } from '../../src/emulator/index.js';
import { startRucioEmulator, type RucioEmulator } from '../../src/emulator/rucio.js';
import { putServerFile, startXrootd, type XrootdServer } from '../support/xrootd.js';

const EXAMPLES = new URL('../../examples/', import.meta.url).pathname;

/** Run one example; resolves with its exit code and output (`timeoutMs` only guards against a hang). */
function runExample(name: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(EXAMPLES, `${name}.js`)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not finish in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The example's JSON answer (last stdout line), with its stderr in the failure message. */
async function runJson(name: string, env: NodeJS.ProcessEnv = {}): Promise<any> {
  const r = await runExample(name, env);
  assert.equal(r.code, 0, `${name} exited ${r.code}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

describe('examples without servers', () => {
  it('linear-fit prints the seed fit with Pilot 3 numbers', async () => {
    assert.deepEqual(await runJson('linear-fit'), { slope: 1.018181818181818, intersect: 0.23818181818181916, chi2: 1.2510131501177781 });
  });

  it('benchmark prints a measured report', async () => {
    const r = await runJson('benchmark', { BENCHMARK_COPIES: '1', BENCHMARK_SECONDS: '0.3', BENCHMARK_WARMUP_SECONDS: '0.05' });
    assert.equal(r.unit, 'DB12-JS');
    assert.equal(r.perCopy.length, 1);
    assert.ok(r.perCopy[0].draws > 0 && r.perCopy[0].score > 0 && r.total === r.perCopy[0].score);
    assert.ok(r.machine.logicalCores >= 1 && r.machine.kernel.length > 0);
  });

  it('memory-monitor follows its growing demo child and reports the leak', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'example-mem-'));
    try {
      const r = await runJson('memory-monitor', { MONITOR_INTERVAL_MS: '100', MONITOR_WORKDIR: workdir });
      assert.ok(r.samples >= 15, `samples ${r.samples}`);
      assert.ok(r.summary.Max.pss > 40_000);
      assert.ok(Number(r.leak.slope) > 5_000, `leak ${r.leak.slope}`); // 2 MB per 100 ms ≈ 20 000 kB/s
      assert.match(readFileSync(join(workdir, 'memory_monitor_output.txt'), 'utf8'), /^Time\t/);
    } finally {
      rmSync(workdir, { recursive: true, force: true });
    }
  });
});

describe('communicator example against the PanDA emulator', () => {
  let emu: PandaEmulator;
  before(async () => {
    emu = await startPandaEmulator({ queues: { DEMO: {} } });
  });
  after(async () => {
    await emu?.close();
  });

  it('gets a job, runs two event ranges and finishes it', async () => {
    const [job] = emu.addJobs([{ queue: 'DEMO', transformation: 'run.sh', jobsetID: 5, taskID: 7, eventRanges: [1, 11, 21].map((s) => ({ startEvent: s, lastEvent: s + 9, LFN: 'EVNT.1' })) }]);
    const r = await runJson('communicator', { PANDA_URL: emu.url, PANDA_QUEUE: 'DEMO', NUM_RANGES: '2' });
    assert.equal(r.jobs, 1);
    assert.equal(r.pandaID, String(job!.PandaID));
    assert.equal(r.ranges.length, 2);
    assert.equal(String(r.running.StatusCode), '0');
    // the range nobody processed is released to a retry consumer when the job ends (panda-server)
    assert.deepEqual(emu.job(job!.PandaID)!.eventRanges.map((e) => e.status), ['finished', 'finished', 'released']);
    assert.equal(emu.jobs().find((j) => j.retryOf === job!.PandaID)?.eventRanges.length, 1);
    assert.deepEqual(emu.updates(job!.PandaID).map((u) => u.params.state), ['running', 'finished']);
    // the retry consumer is next, with the last range; then nothing is left: the example says so and exits 0
    const again = await runJson('communicator', { PANDA_URL: emu.url, PANDA_QUEUE: 'DEMO' });
    assert.equal(again.ranges.length, 1);
    assert.deepEqual(await runJson('communicator', { PANDA_URL: emu.url, PANDA_QUEUE: 'DEMO' }), { jobs: 0 });
  });
});

describe('stage-in examples against Rucio and XRootD', () => {
  const SCOPE = 'mc16_13TeV';
  const LFN = 'EVNT.11320990._003958.pool.root.1';
  const RSE = 'RRC-KI-T1_DATADISK';
  const content = randomBytes(200_000);
  let xrd: XrootdServer;
  let rucio: RucioEmulator;
  let emu: PandaEmulator;
  let tmp: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'example-stagein-'));
    xrd = await startXrootd();
    putServerFile(xrd, `rucio/${rucioPath(SCOPE, LFN)}`, content);
    const adler32 = (await fileChecksums(join(xrd.root, 'rucio', rucioPath(SCOPE, LFN)))).adler32;
    rucio = await startRucioEmulator({ token: 'tok-ex' });
    rucio.addFile({ scope: SCOPE, name: LFN, bytes: content.length, adler32, replicas: [{ rse: RSE, pfn: `${xrd.url}//rucio/${rucioPath(SCOPE, LFN)}` }] });
    emu = await startPandaEmulator({
      queues: { ANALY_TEST: { astorages: { read_lan: [RSE], pr: [RSE] } } },
      storages: { [RSE]: { name: RSE, id: 7, type: 'DATADISK', is_deterministic: true, state: 'ACTIVE', rprotocols: {}, arprotocols: { read_lan: [{ endpoint: xrd.url, path: '//rucio', flavour: 'XROOTD' }] } } },
    });
    // traces go to the Rucio emulator, never to the production endpoint
    env = { ...xrd.env, RUCIO_HOST: rucio.url, RUCIO_AUTH_TOKEN: 'tok-ex', PANDA_PILOT_TRACE_URL: `${rucio.url}/traces/`, PILOT_HOME: tmp };
  });
  after(async () => {
    await emu?.close();
    await rucio?.close();
    await xrd?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('stagein-rucio: the seed file arrives in the work dir (Rucio lookup, no InfoSys)', async () => {
    const workdir = mkdtempSync(join(tmp, 'w1-'));
    const r = await runJson('stagein-rucio', { ...env, STAGEIN_WORKDIR: workdir });
    assert.equal(r[0].status, 'transferred');
    assert.equal(r[0].status_code, 0);
    assert.deepEqual(readFileSync(join(workdir, LFN)), content);
    assert.ok(rucio.requests.includes('POST /replicas/list'));
  });

  it('stagein-infoservice: queue and storages from the information service', async () => {
    const workdir = mkdtempSync(join(tmp, 'w2-'));
    const r = await runJson('stagein-infoservice', {
      ...env,
      PANDA_QUEUE: 'ANALY_TEST',
      QUEUEDATA_SERVER_URL: `${emu.url}/cache/schedconfig/{pandaqueue}.all.json`,
      STORAGEDATA_SERVER_URL: `${emu.url}/cache/ddmendpoints.json`,
      STAGEIN_WORKDIR: workdir,
    });
    assert.equal(r[0].status, 'transferred');
    assert.deepEqual(readFileSync(join(workdir, LFN)), content);
    assert.ok(emu.requests.some((q) => q.path.startsWith('/cache/schedconfig/ANALY_TEST')), 'queue data came from the emulator');
    assert.ok(emu.requests.some((q) => q.path === '/cache/ddmendpoints.json'), 'storage data came from the emulator');
  });
});
