// Python's value rules as Pilot 3's BaseData applies them. Expected values are Python 3.11's own
// answers (str(), int(), dict(), literal_eval) for the same JSON values.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanBoolean, cleanDictdata, cleanListdata, cleanNumeric, cleanString, hashKey, literalEval, pyStr, PyRaise } from '../../src/info/pybase.js';

describe("Python's str() of JSON values", () => {
  it('formats floats, strings in containers and nesting as Python does', () => {
    const cases: Array<[unknown, string]> = [
      [5e-5, '5e-05'], [0.0001, '0.0001'], [1.5, '1.5'], [-2.25e-7, '-2.25e-07'], [123456.789, '123456.789'], [10 ** 17, '100000000000000000'],
      [[1, 'a', null, true, { k: [1.5, false] }], "[1, 'a', None, True, {'k': [1.5, False]}]"], [{ a: { b: null } }, "{'a': {'b': None}}"],
      [["it's"], `["it's"]`], [['say "hi"'], `['say "hi"']`], [[`both ' and "`], `['both \\' and "']`], [['tab\there\nnl\\'], "['tab\\there\\nnl\\\\']"],
      [['\x00\x7f\u00a0\u2028é✓\u{1F600}\u{E0001}'], "['\\x00\\x7f\\xa0\\u2028é✓\u{1F600}\\U000e0001']"],
    ];
    for (const [v, s] of cases) assert.equal(pyStr(v), s, JSON.stringify(v));
  });
});

describe("BaseData's clean_* rules", () => {
  it('clean_numeric: int() of strings (signs, underscores, padding), NULL and failures give the default', () => {
    for (const [raw, v] of [[' 12 ', 12], ['+3', 3], ['\u0661\u0662', 12], ['1\u0663', 13], ['\u{1D7D9}\u{1D7E2}', 10], ['-7', -7], ['1_000', 1000], [2.9, 2], [-2.9, -2], [true, 1]] as const) assert.equal(cleanNumeric(raw, 0), v, String(raw));
    for (const raw of ['NULL', ' null ', '1__0', '_1', '0x10', '1e3', '3.5', 'abc', '', null, [1], { a: 1 }]) assert.equal(cleanNumeric(raw, -1), -1, JSON.stringify(raw));
  });

  it('clean_string keeps strings as they are and str()s the rest; clean_boolean reads str() of the value', () => {
    assert.equal(cleanString('  x ', ''), '  x ');
    assert.equal(cleanString(null, 'd'), 'd');
    assert.equal(cleanString(['a'], ''), "['a']");
    assert.equal(cleanBoolean(' YES ', false), true);
    assert.equal(cleanBoolean('None', true), false);
    assert.equal(cleanBoolean([1], null), null); // str([1]) is '[1]', not '1'
    assert.equal(cleanBoolean(2, null), null);
  });

  it('clean_dictdata: literal_eval for strings (raising where Python does), dict() of pairs, else the default', () => {
    assert.deepEqual(cleanDictdata("{'a': (1, 2), 'b': None}", {}), { a: [1, 2], b: null });
    assert.deepEqual(cleanDictdata("[('a', 1)]", {}), { a: 1 });
    assert.deepEqual(cleanDictdata(['ab'], {}), { a: 'b' });
    assert.deepEqual(cleanDictdata('None', { d: 1 }), { d: 1 });
    assert.deepEqual(cleanDictdata("'abc'", { d: 1 }), { d: 1 });
    assert.deepEqual(cleanDictdata(5, { d: 1 }), { d: 1 });
    for (const bad of ['', '  ', 'null', '{a: 1}', '{']) assert.throws(() => cleanDictdata(bad, {}), PyRaise, bad);
    assert.throws(() => literalEval('true'), PyRaise);
  });

  it("clean_listdata(data.get(key, '')): a missing key is one empty entry, null none, a dict its keys", () => {
    assert.deepEqual(cleanListdata(undefined), ['']);
    assert.deepEqual(cleanListdata(null), []);
    assert.deepEqual(cleanListdata('a,,b'), ['a', '', 'b']);
    assert.deepEqual(cleanListdata({ x: 1, y: 2 }), ['x', 'y']);
    assert.deepEqual(cleanListdata(7), []);
    assert.equal(hashKey(1), hashKey(true));
    assert.throws(() => hashKey(['x']), PyRaise);
  });
});
