/**
 * Benchmark API: short bounded runs that must report measured, plausible, self-consistent
 * figures and real machine facts; cancellation; bad options.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { readFile } from 'node:fs/promises';
import {
  DB12_CALIBRATION,
  DB12_DRAWS_PER_ITERATION,
  db12Run,
  db12State,
  machineFacts,
  runBenchmark,
} from '../../src/services/benchmark.js';
import { PilotError } from '../../src/common/errors.js';

test('the DB12 kernel draws N(10, 1) and is deterministic for a seed', () => {
  const a = db12State(7);
  const b = db12State(7);
  const c = db12State(8);
  db12Run(a, 200_000);
  db12Run(b, 200_000);
  db12Run(c, 200_000);
  assert.equal(a.draws, 200_000);
  assert.equal(a.m1, b.m1);
  assert.equal(a.m2, b.m2);
  assert.notEqual(a.m1, c.m1);
  const mean = a.m1 / a.draws;
  const variance = a.m2 / a.draws - mean * mean;
  assert.ok(Math.abs(mean - 10) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  assert.equal(a.p1, a.m1); // DB12 keeps two identical accumulators
});

test('a short run reports measured per-copy scores, their averages and the machine', async () => {
  const r = await runBenchmark({ copies: 2, durationMs: 300, warmupMs: 50, chunk: 2_000 });
  assert.equal(r.unit, 'DB12-JS');
  assert.equal(r.copies, 2);
  assert.equal(r.perCopy.length, 2);
  for (const c of r.perCopy) {
    // whole chunks, in a window at least as long as asked (how many: the machine's load decides)
    assert.ok(c.draws > 0 && c.draws % 2_000 === 0, `draws ${c.draws}`);
    assert.ok(c.wallSeconds >= 0.3, `wall ${c.wallSeconds}`);
    assert.ok(c.cpuSeconds > 0 && c.cpuSeconds <= c.wallSeconds + 0.05, `cpu ${c.cpuSeconds}`);
    // the scores are what the measured draws, chunk times and CPU time say
    const cpuScore = (DB12_CALIBRATION * (c.draws / DB12_DRAWS_PER_ITERATION)) / c.cpuSeconds;
    assert.ok(Math.abs(c.cpuScore - cpuScore) < 1e-9 * cpuScore);
    const score = (DB12_CALIBRATION * (2_000 / DB12_DRAWS_PER_ITERATION)) / (c.medianChunkMs / 1000);
    assert.ok(Math.abs(c.score - score) < 1e-9 * score);
    // a chunk is part of the window
    assert.ok(c.medianChunkMs > 0 && c.medianChunkMs <= c.wallSeconds * 1000, `median chunk ${c.medianChunkMs} ms`);
    assert.ok(c.wallScore <= c.cpuScore * 1.05);
    assert.ok(Math.abs(c.sampleMean - 10) < 0.05 && Math.abs(c.sampleVariance - 1) < 0.1);
    assert.equal(c.cpuSource, 'thread'); // Linux: the thread's own CPU time
  }
  const scores = r.perCopy.map((c) => c.score);
  assert.ok(Math.abs(r.total - (scores[0]! + scores[1]!)) < 1e-9 * r.total);
  assert.ok(Math.abs(r.mean - r.total / 2) < 1e-9 * r.total);
  assert.ok(Math.abs(r.geometricMean - Math.sqrt(scores[0]! * scores[1]!)) < 1e-9 * r.total);
  assert.equal(r.median, Math.min(...scores));
  assert.ok(Date.parse(r.finishedAt) - Date.parse(r.startedAt) >= 350);
  assert.equal(r.machine.kernel, os.release());
  assert.equal(r.machine.logicalCores, os.availableParallelism());
  assert.equal(r.machine.memoryTotal, os.totalmem());
  assert.ok(r.machine.memoryAvailable > 0 && r.machine.memoryAvailable <= r.machine.memoryTotal);
  assert.ok(r.machine.cpuModel.length > 0);
  assert.equal(r.machine.loadAverage.length, 3);
});

test('the window bounds the measurement, and the chunk score depends on the chunk alone', async () => {
  // Scores of two runs differ with the machine's load, so they are not compared: what holds on
  // any machine is that each window lasts what was asked and each score is the median chunk's.
  for (const durationMs of [150, 600]) {
    const c = (await runBenchmark({ copies: 1, durationMs, warmupMs: 20, chunk: 1_000 })).perCopy[0]!;
    assert.ok(c.wallSeconds >= durationMs / 1000, `window ${c.wallSeconds} s for ${durationMs} ms`);
    assert.ok(c.draws > 0 && c.draws % 1_000 === 0, `draws ${c.draws}`);
    const score = (DB12_CALIBRATION * (1_000 / DB12_DRAWS_PER_ITERATION)) / (c.medianChunkMs / 1000);
    assert.ok(Math.abs(c.score - score) < 1e-9 * score, `score ${c.score} vs ${score}`);
  }
});

test('machine facts agree with /proc', async () => {
  const facts = await machineFacts();
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim();
  assert.equal(facts.cpuModel, model);
  assert.ok(facts.physicalCores === undefined || facts.physicalCores >= 1);
});

test('an abort stops the copies at once', async () => {
  const ac = new AbortController();
  // a 30 min window: only the abort can end it (the test's own timeout would catch a hang)
  setTimeout(() => ac.abort(new Error('stop')), 100);
  await assert.rejects(runBenchmark({ copies: 1, durationMs: 1_800_000, warmupMs: 0, signal: ac.signal }), /stop/);
  const pre = new AbortController();
  pre.abort(new Error('early'));
  await assert.rejects(runBenchmark({ signal: pre.signal }), /early/);
});

test('bad options are refused', async () => {
  await assert.rejects(runBenchmark({ copies: 0 }), PilotError);
  await assert.rejects(runBenchmark({ durationMs: 1.5 }), PilotError);
  await assert.rejects(runBenchmark({ chunk: -1 }), PilotError);
});
