import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ErrorCodes, PilotError } from '../../src/common/errors.js';
import {
  checkQueueActive, createInfoService, createJobInfoService, ExtInfoProvider, type InfoConfig, InfoService, infosys, JobInfoProvider, loadQueuedata, loadUrlData, parseJobDescription,
  PilotConfigProvider,
} from '../../src/info/index.js';
import { exampleJob, exampleQueue, exampleStorages } from './fixtures.js';
import { initLogging, onLogRecord } from '../../src/common/log.js';

/** A tiny HTTP server with programmable answers and request counts. */
let server: Server;
let base = '';
const routes = new Map<string, { status: number; body: string }>();
const hits = new Map<string, number>();

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const r = routes.get(path) ?? { status: 404, body: 'not found' };
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let dir = '';
beforeEach(() => {
  routes.clear();
  hits.clear();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), 'infosys-'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Config pointing every CRIC source at the local server, so no test touches the internet. */
function config(extra: Record<string, string> = {}): InfoConfig {
  const values: Record<string, string> = {
    queuedata_url: `${base}/cache/schedconfig/{pandaqueue}.all.json`,
    queues_url: `${base}/cric/schedconfig/{pandaqueue}.json`,
    storages_url: `${base}/cric/ddmendpoints.json`,
    ...extra,
  };
  return { get: (section, key, fallback) => (section === 'Information' && key in values ? values[key]! : (fallback ?? '')) };
}

/** Environment without CVMFS and without LOCAL_AGIS_SCHEDCONF. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ATLAS_SW_BASE: join(dir, 'no-cvmfs'), PILOT_HOME: dir, ...extra };
}

function code(e: unknown): number {
  assert.ok(e instanceof PilotError, `expected a PilotError, got ${String(e)}`);
  return e.code;
}

describe('queuedata loading', () => {
  it('downloads PanDA queuedata from --queuedata-url and caches it as queuedata.json', async () => {
    routes.set('/qd/CERN-EXAMPLE.json', { status: 200, body: JSON.stringify(exampleQueue()) });
    const qd = await loadQueuedata({ queue: 'CERN-EXAMPLE', queuedataUrl: `${base}/qd/{pandaqueue}.json`, cacheDir: dir, env: env(), config: config() });
    assert.equal(qd.name, 'CERN-EXAMPLE');
    assert.equal(qd.maxwdir, 32768);
    assert.equal(hits.get('/qd/CERN-EXAMPLE.json'), 1);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'queuedata.json'), 'utf8')), exampleQueue());
    // CRIC schedconfig was tried (and missing): it is consulted for the full description
    assert.equal(hits.get('/cric/schedconfig/CERN-EXAMPLE.json'), 3);
    checkQueueActive(qd);
  });

  it('uses QUEUEDATA_SERVER_URL, then the config default URL', async () => {
    routes.set('/env/Q1', { status: 200, body: JSON.stringify(exampleQueue({ nickname: 'Q1' })) });
    const a = await loadQueuedata({ queue: 'Q1', cacheDir: dir, env: env({ QUEUEDATA_SERVER_URL: `${base}/env/{pandaqueue}` }), config: config() });
    assert.equal(a.name, 'Q1');
    assert.equal(hits.get('/env/Q1'), 1);
    rmSync(join(dir, 'queuedata.json'));
    routes.set('/cache/schedconfig/Q2.all.json', { status: 200, body: JSON.stringify(exampleQueue({ nickname: 'Q2' })) });
    const b = await loadQueuedata({ queue: 'Q2', cacheDir: dir, env: env(), config: config() });
    assert.equal(b.name, 'Q2');
  });

  it('reads queuedata from a local path and a file:// URL', async () => {
    const f = join(dir, 'my-queue.json');
    writeFileSync(f, JSON.stringify(exampleQueue({ nickname: 'FILEQ', maxrss: 1234 })));
    const a = await loadQueuedata({ queue: 'FILEQ', queuedataUrl: f, cacheDir: join(dir), env: env(), config: config() });
    assert.equal(a.maxrss, 1234);
    rmSync(join(dir, 'queuedata.json'));
    const b = await loadQueuedata({ queue: 'FILEQ', queuedataUrl: pathToFileURL(f).href, cacheDir: dir, env: env(), config: config() });
    assert.equal(b.name, 'FILEQ');
  });

  it('merges the CRIC schedconfig from LOCAL_AGIS_SCHEDCONF under the PanDA queuedata', async () => {
    const cric = join(dir, 'cric.json');
    writeFileSync(cric, JSON.stringify({ Q: { nickname: 'Q', maxrss: 1, maxtime: 999, catchall: 'from-cric', astorages: { pw: ['CRIC_DISK'], pr: ['CRIC_IN'] } } }));
    routes.set('/qd/Q', { status: 200, body: JSON.stringify({ nickname: 'Q', state: 'ACTIVE', maxrss: 2000, astorages: { pw: ['PANDA_DISK'] } }) });
    const qd = await loadQueuedata({ queue: 'Q', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env({ LOCAL_AGIS_SCHEDCONF: cric }), config: config() });
    assert.equal(qd.maxrss, 2000); // PanDA wins
    assert.equal(qd.maxtime, 999); // CRIC only
    assert.equal(qd.catchall, 'from-cric');
    assert.deepEqual(qd.astorages, { pw: ['PANDA_DISK'], pr: ['CRIC_IN'] }); // nested dicts merge key-wise
    assert.ok(existsSync(join(dir, 'cric_pandaqueues.json')));
    assert.equal(hits.get('/cric/schedconfig/Q.json'), undefined); // LOCAL answered first
  });

  it('keeps the last good cache when a download fails (Pilot 3 truncates it)', async () => {
    const cache = join(dir, 'queuedata.json');
    const good = JSON.stringify(exampleQueue({ nickname: 'KEEP', maxwdir: 777 }));
    writeFileSync(cache, good);
    const old = (Date.now() - 4 * 3600 * 1000) / 1000; // past the 3 h lifetime
    utimesSync(cache, old, old);
    routes.set('/qd/KEEP', { status: 500, body: 'internal error' });
    const ext = new ExtInfoProvider({ cacheDir: dir, env: env(), config: config(), queuedataUrl: `${base}/qd/{pandaqueue}`, priorities: { queuedata: ['PANDA'] } });
    const data = await ext.load_queuedata('KEEP');
    assert.equal((data?.KEEP as Record<string, unknown>).maxwdir, 777);
    assert.equal(hits.get('/qd/KEEP'), 3); // nretry attempts, then the cache
    assert.equal(readFileSync(cache, 'utf8'), good);
    // an empty 200 answer is a failure too
    routes.set('/qd/KEEP', { status: 200, body: '' });
    assert.equal(((await ext.load_queuedata('KEEP'))?.KEEP as Record<string, unknown>).maxwdir, 777);
    assert.equal(readFileSync(cache, 'utf8'), good);
  });

  it('refreshes an expired cache and does not download while the cache is fresh', async () => {
    const cache = join(dir, 'queuedata.json');
    writeFileSync(cache, JSON.stringify(exampleQueue({ nickname: 'C', maxwdir: 1 })));
    const ext = new ExtInfoProvider({ cacheDir: dir, env: env(), config: config(), queuedataUrl: `${base}/qd/{pandaqueue}`, priorities: { queuedata: ['PANDA'] } });
    routes.set('/qd/C', { status: 200, body: JSON.stringify(exampleQueue({ nickname: 'C', maxwdir: 2 })) });
    assert.equal(((await ext.load_queuedata('C'))?.C as Record<string, unknown>).maxwdir, 1);
    assert.equal(hits.get('/qd/C'), undefined);
    const old = (Date.now() - 4 * 3600 * 1000) / 1000;
    utimesSync(cache, old, old);
    assert.equal(((await ext.load_queuedata('C'))?.C as Record<string, unknown>).maxwdir, 2);
    assert.equal(hits.get('/qd/C'), 1);
    assert.ok(statSync(cache).mtimeMs > old * 1000 + 3 * 3600 * 1000, 'the cache was rewritten (no longer 4 h old)');
    // LOCAL (first in the default priority) reads the cache whatever its age
    utimesSync(cache, old, old);
    const local = new ExtInfoProvider({ cacheDir: dir, env: env(), config: config(), queuedataUrl: `${base}/qd/{pandaqueue}` });
    assert.equal(((await local.load_queuedata('C'))?.C as Record<string, unknown>).maxwdir, 2);
    assert.equal(hits.get('/qd/C'), 1);
  });

  it('fails with QUEUEDATA (1116) for an unknown queue or an error answer', async () => {
    await assert.rejects(loadQueuedata({ queue: 'NOPE', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env(), config: config() }), (e) => code(e) === ErrorCodes.QUEUEDATA);
    routes.set('/qd/ERR', { status: 200, body: JSON.stringify({ error: 'unknown queue' }) });
    await assert.rejects(loadQueuedata({ queue: 'ERR', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env(), config: config() }), (e) => code(e) === ErrorCodes.QUEUEDATA);
    routes.set('/qd/BAD', { status: 200, body: '{not json' });
    await assert.rejects(loadQueuedata({ queue: 'BAD', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env(), config: config() }), (e) => code(e) === ErrorCodes.QUEUEDATA);
    await assert.rejects(loadQueuedata({ queue: '', cacheDir: dir, env: env(), config: config() }), (e) => code(e) === ErrorCodes.UNKNOWNEXCEPTION);
  });

  it('reports an inactive or offline loaded queue with 1359 / 1386', async () => {
    routes.set('/qd/IN', { status: 200, body: JSON.stringify(exampleQueue({ nickname: 'IN', state: 'INACTIVE' })) });
    const a = await loadQueuedata({ queue: 'IN', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env(), config: config() });
    assert.throws(() => checkQueueActive(a), (e) => code(e) === ErrorCodes.PANDAQUEUENOTACTIVE);
    rmSync(join(dir, 'queuedata.json'));
    routes.set('/qd/OFF', { status: 200, body: JSON.stringify(exampleQueue({ nickname: 'OFF', status: 'offline' })) });
    const b = await loadQueuedata({ queue: 'OFF', queuedataUrl: `${base}/qd/{pandaqueue}`, cacheDir: dir, env: env(), config: config() });
    assert.throws(() => checkQueueActive(b), (e) => code(e) === ErrorCodes.PANDAQUEUENOTONLINE);
  });

  it('loadUrlData returns null with neither a download nor a cache', async () => {
    assert.equal(await loadUrlData({ url: `${base}/missing`, fname: join(dir, 'x.json'), nretry: 1 }), null);
    assert.equal(existsSync(join(dir, 'x.json')), false);
    assert.equal(await loadUrlData({ url: null, fname: join(dir, 'x.json') }), null);
  });

  it('asks DNS once for a host name that does not exist, not again for the attempts that follow', async () => {
    // .invalid never resolves (RFC 2606); a node without DNS answers EAI_AGAIN instead, which is
    // not remembered: then every attempt asks again
    const errs: string[] = [];
    // records reach listeners once logging is set up (here: to no file)
    initLogging({});
    const stop = onLogRecord((r) => r.msg === 'info data download failed' && errs.push(String(r.fields.err)));
    try {
      assert.equal(await loadUrlData({ url: 'https://no-such-host.invalid/queues.json', fname: join(dir, 'q.json'), nretry: 3 }), null);
    } finally {
      stop();
    }
    assert.equal(errs.length, 3, errs.join('\n'));
    const remembered = errs.map((e) => /not asked again/.test(e));
    assert.deepEqual(remembered, /ENOTFOUND/.test(errs[0]) ? [false, true, true] : [false, false, false], errs.join('\n'));
  });
});

describe('InfoService', () => {
  function ext(extra: Partial<ConstructorParameters<typeof ExtInfoProvider>[0]> = {}) {
    return new ExtInfoProvider({ cacheDir: dir, env: env(), config: config(), queuedataUrl: `${base}/qd/{pandaqueue}`, storagedataUrl: `${base}/ddm.json`, ...extra });
  }

  it('initialises the queue and all storages from --storagedata-url', async () => {
    routes.set('/qd/CERN-EXAMPLE', { status: 200, body: JSON.stringify(exampleQueue()) });
    routes.set('/ddm.json', { status: 200, body: JSON.stringify(exampleStorages()) });
    const svc = new InfoService();
    await svc.init('CERN-EXAMPLE', new PilotConfigProvider(config()), ext());
    assert.equal(svc.queuedata?.name, 'CERN-EXAMPLE');
    assert.deepEqual(Object.keys(svc.storages_info).sort(), ['CERN-PROD_DATADISK', 'CERN-PROD_LOGS']);
    assert.equal(svc.storages_info['CERN-PROD_LOGS']?.type, 'OS_LOGS');
    assert.ok(existsSync(join(dir, 'agis_ddmendpoints.agis.ALL.json')));
    assert.equal(await svc.get_storage_id('CERN-PROD_DATADISK'), 1342);
    assert.equal(await svc.get_ddmendpoint(2001), 'CERN-PROD_LOGS');
    assert.equal(await svc.get_ddmendpoint('5001'), 'CERN-PROD_LOGS'); // bucket id
    await assert.rejects(svc.get_ddmendpoint(9999), (e) => code(e) === ErrorCodes.NOTDEFINED);
    await assert.rejects(svc.get_storage_id('NOPE_DISK'), (e) => code(e) === ErrorCodes.NOTDEFINED);
    await assert.rejects(svc.resolve_storage_data(['NOPE_DISK']), (e) => code(e) === ErrorCodes.UNKNOWNEXCEPTION);
    const cached = await svc.resolve_storage_data('CERN-PROD_DATADISK');
    assert.equal(cached['CERN-PROD_DATADISK']?.pk, 1342);
    assert.equal(await svc.resolve_queuedata('CERN-EXAMPLE'), svc.queuedata);
  });

  it('falls back to the CRIC ddmendpoints URL and the LOCAL storage file', async () => {
    routes.set('/qd/CERN-EXAMPLE', { status: 200, body: JSON.stringify(exampleQueue()) });
    routes.set('/cric/ddmendpoints.json', { status: 200, body: JSON.stringify(exampleStorages()) });
    const svc = new InfoService();
    await svc.init('CERN-EXAMPLE', null, ext({ storagedataUrl: undefined }));
    assert.equal(svc.storages_info['CERN-PROD_DATADISK']?.pk, 1342);
    rmSync(join(dir, 'agis_ddmendpoints.agis.ALL.json'));
    routes.clear();
    routes.set('/qd/CERN-EXAMPLE', { status: 200, body: JSON.stringify(exampleQueue()) });
    writeFileSync(join(dir, 'cric_ddmendpoints.json'), JSON.stringify({ LOCAL_DISK: { name: 'LOCAL_DISK', id: 5 } }));
    const svc2 = new InfoService();
    await svc2.init('CERN-EXAMPLE', null, ext({ storagedataUrl: undefined }));
    assert.equal(await svc2.get_storage_id('LOCAL_DISK'), 5);
  });

  it('applies config > job > external priority', async () => {
    routes.set('/qd/CERN-EXAMPLE', { status: 200, body: JSON.stringify(exampleQueue()) });
    routes.set('/ddm.json', { status: 200, body: JSON.stringify(exampleStorages()) });
    const job = parseJobDescription({ ...exampleJob(), jobPars: `x --overwriteQueueData "{'maxwdir': 5, 'acopytools': {'pr': ['xrdcp']}}" --overwriteStorageData "{'JOB_DISK': {'name': 'JOB_DISK', 'id': 77}}"`, cmtConfig: 'x86_64-el9-gcc13-opt' }, { env: {} });
    const svc = new InfoService();
    await svc.init('CERN-EXAMPLE', new PilotConfigProvider(config({ acopytools: "{'pr': ['mv']}" })), ext(), new JobInfoProvider(job));
    assert.equal(svc.queuedata?.maxwdir, 5); // job over external
    assert.equal(svc.queuedata?.platform, 'x86_64-el9-gcc13-opt');
    assert.deepEqual(svc.queuedata?.acopytools, { pr: ['mv'], pw: ['rucio'], pl: ['rucio'], read_lan: ['rucio', 'xrdcp'], write_lan: ['rucio'] }); // config over job
    assert.equal(await svc.get_storage_id('JOB_DISK'), 77);
  });

  it('builds a per-job InfoService over the pilot one', async () => {
    routes.set('/qd/CERN-EXAMPLE', { status: 200, body: JSON.stringify(exampleQueue()) });
    routes.set('/ddm.json', { status: 200, body: JSON.stringify(exampleStorages()) });
    const pilot = await createInfoService({ queue: 'CERN-EXAMPLE', cacheDir: dir, env: env(), config: config(), queuedataUrl: `${base}/qd/{pandaqueue}`, storagedataUrl: `${base}/ddm.json` });
    const job = parseJobDescription({ ...exampleJob(), jobPars: `x --overwriteQueueData "{'maxrss': 42}"` }, { env: {} });
    const jobsvc = await createJobInfoService(job, pilot);
    assert.equal(jobsvc.queuedata?.maxrss, 42);
    assert.equal(pilot.queuedata?.maxrss, 16000);
    assert.equal(jobsvc.extinfo, pilot.extinfo);
    await assert.rejects(createJobInfoService(job, new InfoService()), (e) => code(e) === ErrorCodes.UNKNOWNEXCEPTION);
  });

  it('requires init and a queue name', async () => {
    const svc = new InfoService();
    await assert.rejects(svc.resolve_queuedata('X'), (e) => code(e) === ErrorCodes.UNKNOWNEXCEPTION);
    await assert.rejects(svc.init(''), (e) => code(e) === ErrorCodes.UNKNOWNEXCEPTION);
    assert.ok(infosys instanceof InfoService);
    assert.equal(infosys.queuedata, null);
  });
});
