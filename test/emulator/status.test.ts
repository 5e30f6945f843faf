/** Status page, admin JSON, info-system caches and transformation downloads. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demoQueue, startPandaEmulator } from '../../src/emulator/index.js';
import type { JobRecord, PandaEmulator } from '../../src/emulator/index.js';
import { parseQs, postJson, sampleJob } from './helpers.js';

describe('status page and served files', () => {
  let emu: PandaEmulator;
  let dir: string;
  let id: number;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'emu-trf-'));
    await writeFile(join(dir, 'run.sh'), '#!/bin/sh\necho hi\n');
    emu = await startPandaEmulator({ queues: { TESTQ: { maxrss: 1234 } }, jobs: [sampleJob(), sampleJob()], trfDir: dir, storageDir: '/data/rse' });
    id = Number(parseQs((await postJson(emu.url, 'getJob', { siteName: 'TESTQ', node: 'wn<9>' })).text).PandaID);
    await postJson(emu.url, 'updateJob', { jobId: id, state: 'failed', pilotErrorCode: 1137, pilotErrorDiag: 'Failed to stage-out file', xml: '' });
  });
  after(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows queues, jobs, states, error codes and heartbeats', async () => {
    const res = await fetch(`${emu.url}/`);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const html = await res.text();
    assert.match(html, /<td>TESTQ<\/td><td>online<\/td>/);
    assert.match(html, new RegExp(`<td><a href="/job/${id}">${id}</a></td>.*<td>failed</td>.*<td>1137</td><td>Failed to stage-out file</td>`));
    assert.match(html, /wn&lt;9&gt;/, 'values are escaped');
    assert.match(html, /<td>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d<\/td><td>1<\/td>/, 'last heartbeat and update count');
    assert.match(html, /activated/);
  });

  it('has a page per job: state, error, files, states and updates', async () => {
    const res = await fetch(`${emu.url}/job/${id}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, new RegExp(`<h1 class="failed">Job ${id}: failed</h1>`));
    assert.match(html, /<th>pilotErrorCode<\/th><td>1137<\/td>/);
    assert.match(html, /<h2>Updates \(1\)<\/h2>/);
    assert.equal((await fetch(`${emu.url}/job/1`)).status, 404);
  });

  it('lists job records as JSON', async () => {
    const jobs = (await (await fetch(`${emu.url}/admin/jobs`)).json()) as JobRecord[];
    assert.deepEqual(jobs.map((j) => j.jobStatus).sort(), ['activated', 'failed']);
    const one = (await (await fetch(`${emu.url}/admin/jobs/${id}`)).json()) as JobRecord;
    assert.equal(one.updates[0].params.pilotErrorDiag, 'Failed to stage-out file');
    assert.equal((await fetch(`${emu.url}/admin/jobs/1`)).status, 404);
  });

  it('serves schedconfig (PanDA and CRIC forms) and ddmendpoints', async () => {
    const q = (await (await fetch(`${emu.url}/cache/schedconfig/TESTQ.all.json`)).json()) as Record<string, unknown>;
    assert.equal(q.maxrss, 1234);
    assert.deepEqual(q.acopytools, { pr: ['mv'], pw: ['mv'], pl: ['mv'], read_lan: ['mv'], write_lan: ['mv'] });
    assert.equal(q.nickname, 'TESTQ');
    const cric = (await (await fetch(`${emu.url}/cache/schedconfig/TESTQ.json`)).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cric), ['TESTQ']);
    const missing = await fetch(`${emu.url}/cache/schedconfig/NOPE.all.json`);
    assert.equal(missing.status, 404);
    assert.ok('error' in ((await missing.json()) as object));
    const ddm = (await (await fetch(`${emu.url}/cache/ddmendpoints.json`)).json()) as Record<string, { arprotocols: Record<string, { endpoint: string; path: string }[]> }>;
    assert.deepEqual(ddm.TESTQ_LOCAL.arprotocols.write_lan[0], { id: 1, endpoint: 'file://localhost', path: '/data/rse/TESTQ_LOCAL', flavour: 'POSIX' });
    assert.equal(demoQueue('X', { storageDir: '/d' }).catchall, 'mv_final_destination');
  });

  it('serves transformations from trfDir and nothing outside it', async () => {
    const res = await fetch(`${emu.url}/trf/run.sh`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '#!/bin/sh\necho hi\n');
    assert.equal((await fetch(`${emu.url}/trf/..%2Fetc%2Fpasswd`)).status, 404);
    assert.equal((await fetch(`${emu.url}/trf/nothere.sh`)).status, 404);
  });
});

describe('storage directory', () => {
  it('by default each emulator has its own, removed on close; a configured one is kept', async () => {
    const ddmPath = async (emu: PandaEmulator) => ((await (await fetch(`${emu.url}/cache/ddmendpoints.json`)).json()) as Record<string, { arprotocols: Record<string, { path: string }[]> }>).DEMO_LOCAL.arprotocols.write_lan[0].path;
    const [a, b] = await Promise.all([startPandaEmulator(), startPandaEmulator()]);
    const kept = await mkdtemp(join(tmpdir(), 'emu-storage-'));
    const c = await startPandaEmulator({ storageDir: kept });
    try {
      assert.notEqual(a.storageDir, b.storageDir, 'two emulators never share a storage');
      for (const emu of [a, b]) {
        assert.ok(existsSync(emu.storageDir), emu.storageDir);
        assert.equal(await ddmPath(emu), join(emu.storageDir, 'DEMO_LOCAL'));
      }
      assert.equal(c.storageDir, kept);
      assert.equal(await ddmPath(c), join(kept, 'DEMO_LOCAL'));
      await writeFile(join(a.storageDir, 'output'), 'x');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
    assert.equal(existsSync(a.storageDir), false, 'its own storage goes with the emulator');
    assert.equal(existsSync(b.storageDir), false);
    assert.equal(existsSync(kept), true, 'a configured storage is kept');
    await rm(kept, { recursive: true });
  });
});
