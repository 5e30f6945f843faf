// Worker-node facts reported as Pilot 3 reports them: batch system ids and the CPU model string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchSystem, cpuConsumptionUnitFrom, cpuModelString, type CpuFacts } from '../../src/job/workernode.js';
import { pilotId } from '../../src/job/updates.js';
import { processorsUsed, type Snapshot } from '../../src/monitor/snapshot.js';

test('batch systems as Pilot 3 spells them; HTCondor: the GlobalJobId of the job ad', () => {
  assert.deepEqual(batchSystem({ PBS_JOBID: '17.pbs' }), { type: 'Torque', id: '17.pbs' });
  assert.deepEqual(batchSystem({ JOB_ID: '5' }), { type: 'Grid Engine', id: '5' });
  assert.deepEqual(batchSystem({ SLURM_JOB_ID: '9', K8S_JOB_ID: 'k' }), { type: 'SLURM', id: '9' });
  assert.deepEqual(batchSystem({ K8S_JOB_ID: 'k' }), { type: 'Kubernetes', id: 'k' });
  assert.deepEqual(batchSystem({ BQSCLUSTER: 'b' }), { type: 'BQS', id: 'b' });
  // the first variable present decides, even when empty: no batch system reported then
  assert.equal(batchSystem({ PBS_JOBID: '', SLURM_JOB_ID: '9' }), undefined);
  assert.equal(batchSystem({}), undefined);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobad-'));
  try {
    const ad = path.join(dir, '.job.ad');
    writeFileSync(ad, 'ClusterId = 123\nGlobalJobId = "ce.example.org#123.0#1700000000"\nOwner = "pilot"\n');
    assert.deepEqual(batchSystem({ _CONDOR_JOB_AD: ad }), { type: 'Condor', id: 'ce.example.org#123.0#1700000000' });
    assert.equal(batchSystem({ _CONDOR_JOB_AD: path.join(dir, 'missing') }), undefined);
    const env = { _CONDOR_JOB_AD: ad, GTAG: 'https://batch/log.out' };
    assert.equal(pilotId({ node: 'n', versionTag: 'PR', pilotVersion: '3.11.5.1', env, timing: undefined as never }), 'https://batch/log.out|Condor|PR|3.11.5.1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const facts = (f: Partial<CpuFacts>): CpuFacts => ({ modelName: '', cacheSize: '', lscpuModelName: '', threadsPerCore: 1, coresPerSocket: 0, sockets: 0, avx2: false, ...f });

test('CPU model string: model and cache, N-Core worked in, HT and sockets, as Pilot 3 builds it', () => {
  assert.equal(cpuModelString(facts({ modelName: 'AMD EPYC', cacheSize: '1024 KB', coresPerSocket: 2, sockets: 1 })), 'AMD EPYC 1024 KB 2-Core Processor 1-Socket');
  assert.equal(
    cpuModelString(facts({ modelName: 'AMD EPYC 7302 16-Core Processor', cacheSize: '512 KB', coresPerSocket: 16, sockets: 2, threadsPerCore: 2 })),
    'AMD EPYC 7302 32-Core Processor 512 KB HT 2-Sockets',
  );
  assert.equal(cpuModelString(facts({ modelName: 'Intel Xeon Processor (Skylake, IBRS)', cacheSize: '16384 KB', coresPerSocket: 10, sockets: 1 })), 'Intel Xeon 10-Core Processor (Skylake, IBRS) 16384 KB 1-Socket');
  assert.equal(cpuModelString(facts({ modelName: 'Intel(R) Core Processor (Haswell)', cacheSize: '4096 KB', coresPerSocket: 4, sockets: 1 })), 'Intel(R) 4-Core Processor (Haswell) 4096 KB 1-Socket');
  // no cache size (ARM): lscpu's model name; no topology: the bare model
  assert.equal(cpuModelString(facts({ modelName: 'x', lscpuModelName: 'Neoverse-N1' })), 'Neoverse-N1');
  assert.equal(cpuModelString(facts({})), 'UNKNOWN');
  assert.equal(cpuConsumptionUnitFrom(facts({ modelName: 'AMD EPYC', cacheSize: '1024 KB', coresPerSocket: 2, sockets: 1, avx2: true })), 's+AMD EPYC 1024 KB 2-Core Processor 1-Socket+AVX2');
});

test('processors used: distinct CPUs of the live processes in the payload\'s group', () => {
  const p = (pid: number, pgrp: number, processor: number, state = 'S') => ({ pid, ppid: 1, comm: 'x', state, threads: 1, utime: 0, stime: 0, cutime: 0, cstime: 0, vmem: 0, rss: 0, pss: 0, swap: 0, rchar: 0, wchar: 0, read_bytes: 0, write_bytes: 0, start: 0, pgrp, processor });
  const snap = { time: 0, uptime: 0, totals: {} as Snapshot['totals'], procs: [p(10, 10, 0), p(11, 10, 1), p(12, 10, 1), p(13, 99, 3), p(14, 10, 2, 'Z')] } as Snapshot;
  assert.equal(processorsUsed(snap, 10), 2);
  assert.equal(processorsUsed({ ...snap, procs: [] }, 10), 0);
});
