/**
 * Analytics API: Pilot 3's own test vectors (pilot/test/test_analytics.py and the reference
 * numbers of the services spec), randomized data against an independent computation, and
 * typed errors on bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analytics, AnalyticsError, Fit, floatToRoundedString, parseTable } from '../../src/services/analytics.js';
import { ErrorCodes } from '../../src/common/errors.js';
import { rng } from '../support/fuzz.js';

const FIXTURES = new URL('../../../test/services/fixtures/', import.meta.url).pathname;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('Pilot 3 vectors: slope, intersect and chi2 are the same doubles', () => {
  const client = new Analytics();
  const cases: Array<[number[], number[], number, number, number]> = [
    [range(10), range(10), 1.0, 0.0, 0.0],
    [range(10), range(10).map((v) => -v), -1.0, 0.0, 0.0],
    [range(10), [0.5, 1.1, 2.2, 3.6, 4.0, 5.0, 6.1, 7.7, 8.9, 9.1], 1.018181818181818, 0.23818181818181916, 1.2510131501177781],
    [[1, 2, 3], [2, 4, 7], 2.5, -0.666666666666667, 0.014776506570851455],
  ];
  for (const [x, y, slope, intersect, chi2] of cases) {
    const fit = client.fit(x, y);
    assert.ok(fit instanceof Fit);
    assert.equal(fit.slope(), slope);
    assert.equal(fit.intersect(), intersect);
    assert.equal(fit.chi2(), chi2);
    assert.equal(client.slope(), slope);
    assert.equal(client.intersect(), intersect);
    assert.equal(client.chi2(), chi2);
    assert.equal(fit.value(2), slope * 2 + intersect);
    assert.equal(fit.fit(), fit);
  }
});

test('Pilot 3 vectors: the 451-sample MemoryMonitor file and the prmon file', async () => {
  const client = new Analytics();
  const old = join(FIXTURES, 'memory_monitor_output.txt');
  const prmon = join(FIXTURES, 'memory_monitor_output-prmon.txt');
  const table = await client.get_table(old);
  assert.deepEqual(Object.keys(table), ['Time', 'VMEM', 'PSS', 'RSS', 'Swap', 'rchar', 'wchar', 'rbytes', 'wbytes']);
  assert.equal(table.Time!.length, 451);
  const fit = client.fit(table.Time!, table.PSS!);
  assert.equal(fit.slope(), 67.10374646800206);
  assert.equal(fit.intersect(), -102471818514.37086);
  assert.equal(fit.chi2(), 2.1365694556736394);
  const expectedOld = { slope: '64.08', chi2: '0.65', intersect: '-97858122028.17' };
  for (const tails of [true, false]) {
    assert.deepEqual(await client.get_fitted_data(old, 'Time', 'PSS', 2, tails), expectedOld);
    assert.deepEqual(await client.getFittedData(old, { yName: 'PSS+Swap', tails }), expectedOld);
  }
  assert.deepEqual(await client.get_fitted_data(prmon), { slope: '76.11', chi2: '2.93', intersect: '-119826727802.57' });
  assert.deepEqual(await client.getFittedData(prmon, { tails: false }), { slope: '9.43', chi2: '0.00', intersect: '-14837613063.31' });
});

test('flat data fits with slope 0 where Pilot 3 crashes', () => {
  const fit = new Analytics().fit([1, 2, 3], [5, 5, 5]);
  assert.equal(fit.slope(), 0);
  assert.equal(fit.intersect(), 5);
  assert.equal(fit.chi2(), 0);
  // symmetric data also has Σ(x−x̄)(y−ȳ) = 0
  const sym = new Fit({ x: [-1, 0, 1], y: [1, 0, 1] });
  assert.equal(sym.slope(), 0);
  assert.equal(sym.intersect(), 2 / 3);
});

test('chi2 keeps Pilot 3 definition: relative squared deviation, 0 when a fitted value is 0', () => {
  const fit = new Fit({ x: [1, 2, 3], y: [2, 4, 7] });
  const expected = [1, 2, 3].map((t) => fit.value(t));
  const manual = [2, 4, 7].reduce((s, o, i) => s + (o - expected[i]!) ** 2 / expected[i]! ** 2, 0);
  assert.equal(fit.chi2(), manual);
  // the fitted line passes through (0, 0): chi2 is 0 however poor the fit
  const through0 = new Fit({ x: [-1, 0, 1], y: [-3, 1, 2] });
  assert.equal(through0.slope(), 2.5);
  assert.equal(through0.value(0), 0);
  assert.equal(through0.chi2(), 0);
});

test('typed errors on bad input, never NaN', () => {
  const client = new Analytics();
  const expectError = (fn: () => unknown, reason: string, code: number) =>
    assert.throws(fn, (e: unknown) => e instanceof AnalyticsError && e.reason === reason && e.code === code);
  expectError(() => client.slope(), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.intersect(), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.chi2(), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([], [1]), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1], [1]), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1, 2], [1]), 'not-same-length', ErrorCodes.NOTSAMELENGTH);
  expectError(() => client.fit([1, 1, 1], [1, 2, 3]), 'degenerate-x', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1, NaN, 3], [1, 2, 3]), 'not-finite', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1, 2, 3], [1, Infinity, 3]), 'not-finite', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1, 2, 3], [1, '2', 3] as unknown as number[]), 'not-finite', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit(undefined as unknown as number[], [1]), 'not-defined', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1e300, -1e300, 1e300], [1, 2, 3]), 'not-finite', ErrorCodes.NOTDEFINED);
  expectError(() => client.fit([1, 2], [1, 2], 'quadratic'), 'not-implemented', ErrorCodes.NOTIMPLEMENTED);
  expectError(() => floatToRoundedString(Infinity, 2), 'not-defined', ErrorCodes.NOTDEFINED);
  assert.equal(floatToRoundedString(NaN, 2), 'NaN'); // Decimal('nan').quantize(...) is NaN in Python
  expectError(() => floatToRoundedString(1, -1), 'not-defined', ErrorCodes.NOTDEFINED);
  // a failed fit leaves the previous one in place
  client.fit([0, 1], [0, 2]);
  assert.throws(() => client.fit([1], [1]));
  assert.equal(client.slope(), 2);
});

test('float_to_rounded_string: half-even on the shortest decimal form, Python Decimal formatting', () => {
  const cases: Array<[number, number, string]> = [
    [3.1415, 2, '3.14'],
    [0.5, 2, '0.50'],
    [0.125, 2, '0.12'],
    [0.135, 2, '0.14'],
    [2.5, 0, '2'],
    [3.5, 0, '4'],
    [-0, 2, '-0.00'],
    [0, 7, '0E-7'],
    [1.23e-8, 10, '1.23E-8'],
    [1e22, 2, '10000000000000000000000.00'],
    [-97858122028.17444, 2, '-97858122028.17'],
  ];
  for (const [num, precision, expected] of cases) assert.equal(floatToRoundedString(num, precision), expected, `${num}, ${precision}`);
  assert.throws(() => floatToRoundedString(1e30, 2), AnalyticsError); // over 28 digits, as Python's decimal context
});

/** Deterministic PRNG (mulberry32, shared with the fuzz tests) so a failure can be replayed. */
const prng = rng;

/** Kahan-compensated sum: a different summation than the fit's. */
function kahan(values: Iterable<number>): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const y = v - c;
    const t = s + y;
    c = t - s - y;
    s = t;
  }
  return s;
}

/** Pilot 3's chi2 of a line, computed as Σ((o−e)/e)² with compensated sums. */
function referenceChi2(x: number[], y: number[], slope: number, intersect: number): number {
  const e = x.map((t) => slope * t + intersect);
  if (e.includes(0)) return 0;
  return kahan(y.map((o, i) => ((o - e[i]!) / e[i]!) ** 2));
}

/** Independent least squares: shifted normal equations with compensated sums. */
function reference(x: number[], y: number[]): { slope: number; intersect: number } {
  const n = x.length;
  const dx = x.map((v) => v - x[0]!);
  const dy = y.map((v) => v - y[0]!);
  const sx = kahan(dx);
  const sy = kahan(dy);
  const sxx = kahan(dx.map((v) => v * v));
  const sxy = kahan(dx.map((v, i) => v * dy[i]!));
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intersect = y[0]! + sy / n - slope * (x[0]! + sx / n);
  return { slope, intersect };
}

test('randomized data agrees with an independent computation to 1e-9 relative', () => {
  const rnd = prng(20261125);
  const client = new Analytics();
  for (let k = 0; k < 300; k++) {
    const n = 2 + Math.floor(rnd() * 400);
    const t0 = rnd() < 0.5 ? 0 : 1.5e9 + rnd() * 1e8; // plain x, or epoch seconds like prmon's Time
    const dt = 0.1 + rnd() * 60;
    const base = 1e3 + rnd() * 1e7;
    const leak = (rnd() - 0.5) * 200;
    const noise = base * 0.05 * rnd();
    const x = Array.from({ length: n }, (_, i) => t0 + i * dt + rnd() * dt * 0.1);
    const y = x.map((t) => base + leak * (t - t0) + (rnd() - 0.5) * noise);
    const fit = client.fit(x, y);
    const ref = reference(x, y);
    const close = (a: number, b: number, scale: number, what: string) =>
      assert.ok(Math.abs(a - b) <= 1e-9 * scale, `${what}: ${a} vs ${b} (case ${k}, n=${n})`);
    close(fit.slope(), ref.slope, Math.abs(ref.slope) || 1e-12, 'slope');
    close(fit.intersect(), ref.intersect, Math.abs(ref.intersect) + Math.abs(ref.slope * (fit.xMean)) + 1e-300, 'intersect');
    // chi2 of nearly perfect fits in epoch time is ill-conditioned in the parameters (a 1e-16
    // change of the intersect moves it by ~1e-8 relative), so it is checked on the fit's own line
    const chi2 = referenceChi2(x, y, fit.slope(), fit.intersect());
    close(fit.chi2(), chi2, Math.abs(chi2) + 1e-300, 'chi2');
    for (const v of [fit.slope(), fit.intersect(), fit.chi2()]) assert.ok(Number.isFinite(v));
  }
});

test('leak estimate on a synthetic prmon file finds the injected leak', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'analytics-'));
  try {
    const rows = ['Time\tnprocs\tpss\trss\tswap'];
    for (let i = 0; i < 60; i++) rows.push(`${1.7e9 + 30 * i}\t1\t${200000 + 12.5 * 30 * i}\t${210000 + 12.5 * 30 * i}\t${i % 2}`);
    await writeFile(join(dir, 'memory_monitor_output.txt'), rows.join('\n') + '\n');
    const client = new Analytics();
    const est = await client.getFittedData(join(dir, 'memory_monitor_output.txt'), { yName: 'pss' });
    assert.equal(est.slope, '12.50');
    assert.equal(est.chi2, '0.00');
    // flat memory: Pilot 3 reports nothing; on request we report an explicit zero
    const flat = { Time: range(20).map((i) => i * 60), pss: range(20).map(() => 1000), swap: range(20).map(() => 0) };
    assert.deepEqual(client.fittedDataFromTable(flat), { slope: '', chi2: '', intersect: '' });
    assert.deepEqual(client.fittedDataFromTable(flat, { reportZeroSlope: true }), { slope: '0.00', chi2: '0.00', intersect: '1000.00' });
    // too few samples, missing file, non-numeric file → nothing, no throw
    assert.deepEqual(client.fittedDataFromSeries([1, 2, 3], [1, 2, 3]), { slope: '', chi2: '', intersect: '' });
    assert.deepEqual(await client.getFittedData(join(dir, 'missing.txt')), { slope: '', chi2: '', intersect: '' });
    await writeFile(join(dir, 'bad.txt'), 'Time\tpss\n1\tabc\n');
    assert.deepEqual(await client.get_table(join(dir, 'bad.txt')), {});
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('table parsing: header skips empty names, "a+b" sums columns, explicit header reads line 1 as data', () => {
  const table = parseTable('Time\t\t\tA\tB\n1\t2\t3\n4\t5\t6\n\n');
  assert.deepEqual(Object.keys(table), ['Time', 'A', 'B']);
  assert.deepEqual(new Analytics().extract_from_table(table, 'Time', 'A+B'), [[1, 4], [5, 11]]);
  assert.deepEqual(new Analytics().extract_from_table(table, 'Time', 'constructor'), [[1, 4], []]);
  const withHeader = parseTable('1 2\n3 4\n', { header: 'x y', separator: ' ' });
  assert.deepEqual({ ...withHeader }, { x: [1, 3], y: [2, 4] });
});
