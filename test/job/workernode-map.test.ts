// The worker-node map as Pilot 3 builds it: rebuilt from the node facts recorded with Pilot 3's
// own map (scripts/record-pilot3-workernode.mjs), the parsers on other shapes of lscpu/lsblk, and
// an ATLAS pilot sending it to the server at start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createScenario, startPilot } from '../../src/demo/scenario.js';
import { cpuModel, gpuArchitecture, lsblkBytes, lscpuFigures, workernodeMapFrom, type NodeFacts } from '../../src/job/workernode-map.js';

const FIXTURE = path.resolve(import.meta.dirname, '../../../test/fixtures/pilot3-workernode-map.json');

test('from the same node facts, our worker-node map is Pilot 3\'s, field by field', () => {
  const rec = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { site: string; queue: string; facts: NodeFacts; pilot3: Record<string, unknown> };
  const ours = workernodeMapFrom(rec.facts, rec.site, rec.queue, { PANDA_HOSTNAME: String(rec.pilot3.host_name) });
  assert.deepEqual(ours, rec.pilot3);
});

test('lscpu, lsblk and cpuinfo shapes: hyper-threading, an MHz line, several disks, no model line', () => {
  const lscpu = 'Architecture:        aarch64\nThread(s) per core:  2\nCore(s) per socket:  16\nCPU MHz:             3000.000\nSocket(s):           2\nNUMA node(s): 2\n';
  assert.deepEqual(lscpuFigures(lscpu), { architecture: 'aarch64', threadsPerCore: 2, coresPerSocket: 16, mhz: 3000, sockets: 2 });
  const map = workernodeMapFrom({ cpuinfo: '', lscpu: `${lscpu}Model name: Neoverse-V1\n`, meminfo: 'MemTotal:       1048576 kB\n', lsblk: 'NAME SIZE\nsda 1.8T\nsdb 500G\nloop0 0B\n' }, 'S', 'Q', { PANDA_HOSTNAME: 'wn1', _CONDOR_SLOT: 'slot1_3' });
  assert.equal(map.n_logical_cpus, 64);
  assert.equal(map.cpu_model, 'Neoverse-V1', 'without a model in cpuinfo, lscpu names it');
  assert.equal(map.total_memory, 1024);
  assert.equal(map.total_local_disk, Math.round((1.8e12 + 500e9) / 1024 ** 3));
  assert.equal(map.host_name, 'slot1_3@wn1');
  assert.equal(map.clock_speed, 3000);
  assert.equal(cpuModel('model name\t: Intel(R) Xeon(R) CPU\ncache size\t: 512 KB\n', ''), 'Intel(R) Xeon(R) CPU 512 KB');
  assert.equal(cpuModel('', 'Model name:   AMD EPYC 7B12\n'), 'AMD EPYC 7B12');
  assert.equal(lsblkBytes('NAME SIZE\n'), 0);
  assert.equal(gpuArchitecture('NVIDIA A100-SXM4-40GB'), 'Ampere');
  assert.equal(gpuArchitecture('NVIDIA H100 80GB HBM3'), 'Hopper');
  assert.equal(gpuArchitecture('NVIDIA GH200 480GB'), 'Grace Hopper');
  assert.equal(gpuArchitecture('Radeon'), 'Unknown');
});

test('an ATLAS pilot sends the worker-node map at start-up (a generic one does not)', async () => {
  const scn = await createScenario({ config: { getjob_nojob_sleep_min: 0.1, getjob_nojob_sleep_max: 0.2 } });
  try {
    await startPilot(scn, ['--pilot-user', 'atlas', '-v', '1'], { ATLAS_SW_BASE: scn.dir }).done;
    const sent = scn.emulator.store.workerReports.filter((r) => r.method === 'update_worker_node');
    assert.equal(sent.length, 1, JSON.stringify(scn.emulator.store.workerReports));
    assert.equal(sent[0].params.panda_queue, scn.queue);
    assert.ok(Number(sent[0].params.n_logical_cpus) > 0);
    const before = scn.emulator.store.workerReports.length;
    await startPilot(scn, ['-v', '1']).done;
    assert.equal(scn.emulator.store.workerReports.slice(before).filter((r) => r.method === 'update_worker_node').length, 0);
  } finally {
    await scn.close();
  }
});
