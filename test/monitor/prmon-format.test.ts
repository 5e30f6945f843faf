import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PRMON_COLUMNS, PrmonAccumulator, memoryFieldsFromSummary, parseMonitorTable, prmonAverage, prmonHeader, prmonLine,
  summaryFromTable, summaryText,
} from '../../src/monitor/prmon-format.js';
import type { ProcSample, Snapshot } from '../../src/monitor/snapshot.js';
import { totalsOf } from '../../src/monitor/snapshot.js';
import { FIXTURES } from './helpers.js';

const reference = readFileSync(join(FIXTURES, 'memory_monitor_output-prmon.txt'), 'utf8');

function proc(over: Partial<ProcSample>): ProcSample {
  return {
    pid: 1, ppid: 0, comm: 'x', state: 'S', threads: 1, utime: 0, stime: 0, cutime: 0, cstime: 0,
    vmem: 0, rss: 0, pss: 0, swap: 0, rchar: 0, wchar: 0, read_bytes: 0, write_bytes: 0, start: 100, ...over,
  };
}
function snap(time: number, uptime: number, procs: ProcSample[]): Snapshot {
  return { time, uptime, procs, totals: totalsOf(procs) };
}

test('our header is the reference prmon header, tab separated, Time first', () => {
  assert.equal(prmonHeader(), reference.split('\n')[0] + '\n');
  assert.equal(PRMON_COLUMNS[0], 'Time');
});

test('rows follow prmon units and rules (kB, whole seconds, monotone I/O, wtime from the mother)', () => {
  const acc = new PrmonAccumulator();
  const a = proc({ pid: 10, start: 100, utime: 1.5, cutime: 0.7, stime: 0.26, pss: 1000, rss: 1500, vmem: 9000, rchar: 500, threads: 3 });
  const b = proc({ pid: 11, ppid: 10, start: 101, utime: 0.4, pss: 200, rss: 300, vmem: 1000, rchar: 100 });
  const r1 = acc.add(snap(1_700_000_000_900, 130.5, [a, b]), { rx_bytes: 1000, rx_packets: 10, tx_bytes: 50, tx_packets: 1 })!;
  assert.equal(r1.Time, 1_700_000_000);
  assert.equal(r1.wtime, 30);
  assert.equal(r1.utime, 2); // 1.5 + 0.7 + 0.4 = 2.6 → whole seconds
  assert.equal(r1.stime, 0);
  assert.equal(r1.pss, 1200);
  assert.equal(r1.rss, 1800);
  assert.equal(r1.nprocs, 2);
  assert.equal(r1.nthreads, 4);
  assert.equal(r1.rx_bytes, 0);
  // b exits: its I/O disappears from /proc but prmon's counters never go down.
  const r2 = acc.add(snap(1_700_000_060_000, 190.5, [{ ...a, pss: 3000, rss: 3500, rchar: 550 }]), { rx_bytes: 4000, rx_packets: 20, tx_bytes: 50, tx_packets: 1 })!;
  assert.equal(r2.rchar, 600);
  assert.equal(r2.rx_bytes, 3000);
  assert.equal(r2.wtime, 90);
  assert.match(prmonLine(r2), /^1700000060\t1\t3\t90\t/);
  assert.equal(prmonLine(r2).split('\t').length, PRMON_COLUMNS.length);

  const s = acc.summary();
  assert.equal(s.Max.pss, 3000);
  assert.equal(s.Avg.pss, 2100);
  assert.equal(s.Max.nprocs, 2);
  assert.equal(s.Avg.nprocs, 1.5);
  assert.equal(s.Max.rchar, 600);
  assert.equal(s.Avg.rchar, prmonAverage(600 / 90.5));
  assert.equal(s.Max.wtime, 90);
  assert.deepEqual(Object.keys(s), ['Avg', 'Max', 'prmon']);
  assert.deepEqual(Object.keys(s.Max), [...Object.keys(s.Max)].sort());
  assert.match(summaryText(s), /^\{\n {2}"Avg": \{\n {4}"nprocs": 1.5,/);
  assert.equal(acc.add(snap(1_700_000_120_000, 250, [])), undefined, 'no row for an empty tree');
});

test('a 3 s payload sampled once at its start: the closing row at its end gives rates over 3 s, Avg <= Max', () => {
  const acc = new PrmonAccumulator();
  // sampled right after the start (wall 0 s): the old rule divided by 0.01 s (rate = 100 x total)
  acc.add(snap(1_700_000_000_000, 100.0, [proc({ start: 100, rchar: 3000, wchar: 600, pss: 800, rss: 900, vmem: 5000 })]));
  const closing = acc.close(1_700_000_003_000)!;
  assert.equal(closing.Time, 1_700_000_003);
  assert.equal(closing.wtime, 3);
  assert.equal(closing.rchar, 3000);
  const s = acc.summary();
  assert.equal(s.Max.rchar, 3000);
  assert.equal(s.Avg.rchar, 1000);
  assert.equal(s.Avg.wchar, 200);
  assert.equal(s.Avg.pss, 800, 'the closing row does not enter the memory averages');
  for (const k of Object.keys(s.Avg)) assert.ok(s.Avg[k] <= s.Max[k], `${k}: Avg ${s.Avg[k]} > Max ${s.Max[k]}`);
  assert.equal(acc.rows.length, 2);
  assert.equal(acc.close(1_700_000_009_000), undefined, 'closed once');
  // a payload shorter than a second: rates never exceed totals
  const quick = new PrmonAccumulator();
  quick.add(snap(1_700_000_000_000, 100.0, [proc({ start: 100, rchar: 50 })]));
  quick.close(1_700_000_000_200);
  assert.equal(quick.summary().Avg.rchar, 50);
});

test('prmon average precision: three decimals, whole numbers above 1000', () => {
  assert.equal(prmonAverage(2.71828), 2.718);
  assert.equal(prmonAverage(1234.5678), 1234);
  assert.equal(prmonAverage(7), 7);
});

test('update fields from a prmon summary, a legacy MemoryMonitor summary, and a broken one', () => {
  const prmon = {
    Max: { rss: 755428, vmem: 3097732, swap: 0, pss: 678832, rchar: 10, wchar: 20, read_bytes: 30, write_bytes: 40 },
    Avg: { rss: 600000.5, vmem: 2000000, swap: 0, pss: 500000, rchar: 1.5, wchar: 2.5, read_bytes: 3.5, write_bytes: 4.5 },
  };
  assert.deepEqual(memoryFieldsFromSummary(prmon), {
    maxRSS: 755428, maxVMEM: 3097732, maxSWAP: 0, maxPSS: 678832, avgRSS: 600000.5, avgVMEM: 2000000, avgSWAP: 0, avgPSS: 500000,
    totRCHAR: 10, totWCHAR: 20, totRBYTES: 30, totWBYTES: 40, rateRCHAR: 1.5, rateWCHAR: 2.5, rateRBYTES: 3.5, rateWBYTES: 4.5,
  });
  const legacy = memoryFieldsFromSummary({ Max: { maxRSS: 1, maxVMEM: 2, maxSwap: 3, maxPSS: 4 }, Avg: { avgRSS: 5, avgVMEM: 6, avgSwap: 7, avgPSS: 8 } });
  assert.deepEqual(legacy, { maxRSS: 1, maxVMEM: 2, maxSWAP: 3, maxPSS: 4, avgRSS: 5, avgVMEM: 6, avgSWAP: 7, avgPSS: 8 });
  const broken = memoryFieldsFromSummary({ Max: { rss: 1 }, Avg: {} });
  assert.equal(broken.maxPSS, -1);
  assert.equal(broken.avgRSS, -1);
});

test('both reference text formats parse; the old one (repeated tabs) summarises like Pilot 3', () => {
  const t = parseMonitorTable(reference);
  assert.equal(t.columns.length, 18);
  assert.equal(t.data.Time!.length, 60);
  assert.equal(t.data.pss![1], 678832);
  const old = parseMonitorTable(readFileSync(join(FIXTURES, 'memory_monitor_output.txt'), 'utf8'));
  assert.deepEqual(old.columns.slice(0, 5), ['Time', 'VMEM', 'PSS', 'RSS', 'Swap']);
  const s = summaryFromTable(old)!;
  assert.equal(s.Max.maxPSS, Math.max(...old.data.PSS!));
  assert.equal(s.Avg.avgPSS, Math.trunc(old.data.PSS!.reduce((a, b) => a + b, 0) / old.data.PSS!.length));
  assert.equal(memoryFieldsFromSummary(s).maxPSS, s.Max.maxPSS);
});
