import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fittedData, leastSquares } from '../../src/monitor/leak.js';
import { floatToRoundedString as roundedString } from '../../src/services/math.js';
import { parseMonitorTable } from '../../src/monitor/prmon-format.js';
import { FIXTURES } from './helpers.js';

const table = (name: string) => parseMonitorTable(readFileSync(join(FIXTURES, name), 'utf8'));

test('least squares matches Pilot 3 reference values', () => {
  const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const wiki = leastSquares(x, [0.5, 1.1, 2.2, 3.6, 4.0, 5.0, 6.1, 7.7, 8.9, 9.1]);
  assert.ok(Math.abs(wiki.slope()! - 1.018181818181818) < 1e-12);
  assert.ok(Math.abs(wiki.intersect()! - 0.23818181818181916) < 1e-12);
  assert.ok(Math.abs(wiki.chi2()! - 1.2510131501177781) < 1e-12);
  const small = leastSquares([1, 2, 3], [2, 4, 7]);
  assert.equal(small.slope(), 2.5);
  assert.ok(Math.abs(small.chi2()! - 0.014776506570851455) < 1e-12);
  assert.equal(leastSquares(x, x).chi2(), 0, 'expected value 0 at x=0 gives chi2 0');
  assert.throws(() => leastSquares([1, 2], [1]));
  assert.throws(() => leastSquares([1, 2, 3], [5, 5, 5]), /slope/);
});

test('leak fit on the prmon reference file gives Pilot 3 figures', () => {
  const t = table('memory_monitor_output-prmon.txt');
  const y = t.data.pss!.map((v, i) => v + t.data.swap![i]!);
  assert.deepEqual(fittedData(t.data.Time!, y, { tails: true }), { slope: '76.11', intersect: '-119826727802.57', chi2: '2.93' });
  assert.deepEqual(fittedData(t.data.Time!, y, { tails: false }), { slope: '9.43', intersect: '-14837613063.31', chi2: '0.00' });
});

test('leak fit on the old MemoryMonitor file uses the iterative trimming (>= 100 points)', () => {
  const t = table('memory_monitor_output.txt');
  assert.equal(t.data.Time!.length, 451);
  assert.deepEqual(fittedData(t.data.Time!, t.data.PSS!, { tails: false }), { slope: '64.08', intersect: '-97858122028.17', chi2: '0.65' });
});

test('leak fit needs more than 7 points and a slope', () => {
  assert.deepEqual(fittedData([1, 2, 3, 4, 5, 6, 7], [1, 2, 3, 4, 5, 6, 7]), { slope: '', chi2: '', intersect: '' });
  assert.deepEqual(fittedData([1, 2, 3, 4, 5, 6, 7, 8], [5, 5, 5, 5, 5, 5, 5, 5]), { slope: '', chi2: '', intersect: '' });
});

test('rounded strings use half-even rounding on the shortest decimal form', () => {
  assert.equal(roundedString(3.1415, 2), '3.14');
  assert.equal(roundedString(0.5, 2), '0.50');
  assert.equal(roundedString(0.125, 2), '0.12');
  assert.equal(roundedString(0.135, 2), '0.14');
  assert.equal(roundedString(-2.675, 2), '-2.68'); // shortest form is "2.675": a decimal tie, rounded to even
  assert.equal(roundedString(9.999, 2), '10.00');
  assert.equal(roundedString(-0.001, 2), '-0.00');
  // forms the monitor's own copy got wrong: Python's str(Decimal(str(x)).quantize(Decimal('0.01')))
  assert.equal(roundedString(1e21, 2), '1000000000000000000000.00');
  assert.equal(roundedString(NaN, 2), 'NaN');
});

test('the services Analytics fit gives the same leak figures as the local one', async () => {
  const { Analytics } = await import('../../src/services/analytics.js');
  const t = table('memory_monitor_output-prmon.txt');
  const y = t.data.pss!.map((v, i) => v + t.data.swap![i]!);
  const fit = (x: readonly number[], yy: readonly number[]) => new Analytics().fit(x, yy);
  for (const tails of [true, false]) assert.deepEqual(fittedData(t.data.Time!, y, { tails, fit }), fittedData(t.data.Time!, y, { tails }));
  const old = table('memory_monitor_output.txt');
  assert.deepEqual(fittedData(old.data.Time!, old.data.PSS!, { fit }), { slope: '64.08', intersect: '-97858122028.17', chi2: '0.65' });
});
