// Differential test of src/common/pyliteral.ts against python3: scripts/record-pyliteral.py wrote
// repr/str/json.dumps/urlencode of a corpus of tricky values (quotes, escapes, unicode edges of
// every non-printable range, floats at the notation switches, big ints, nested dicts) to
// fixtures/pyliteral-corpus.json; ours must give the same text for every one.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analysisRunCommand } from '../../src/user/atlas/command.js';
import type { AtlasJob } from '../../src/user/atlas/setup.js';
import { parsePythonLiteral, pyJsonLoads } from '../../src/common/pyparse.js';
import { floatRepr, pyFloat, pyJsonDumps, pyRepr, pyStr, pyUrlencode, quotePlus, strRepr } from '../../src/common/pyliteral.js';

type Typed = { s: string } | { i: string } | { f: string } | { b: boolean } | { n: null } | { l: Typed[] } | { d: [Typed, Typed][] };
interface Case { v: Typed; repr: string; str: string; json: string; jsonIndent: string | null; urlencode?: string }

const corpus = JSON.parse(readFileSync(new URL('../../../test/common/fixtures/pyliteral-corpus.json', import.meta.url), 'utf8')) as { python: string; cases: Case[] };

/** The typed value as the pilot holds it: ints as numbers (bigint past 2^53), floats marked with pyFloat. */
function value(t: Typed): unknown {
  if ('s' in t) return t.s;
  if ('i' in t) return Number.isSafeInteger(Number(t.i)) ? Number(t.i) : BigInt(t.i);
  if ('f' in t) return pyFloat(Buffer.from(t.f, 'hex').readDoubleBE(0));
  if ('b' in t) return t.b;
  if ('n' in t) return null;
  if ('l' in t) return t.l.map(value);
  // a dict of str keys as a plain object when JS keeps its order; otherwise a Map
  const entries = t.d.map(([k, x]) => [value(k), value(x)] as const);
  const plain = entries.every(([k]) => typeof k === 'string' && !/^(0|[1-9]\d*)$/.test(k));
  return plain ? Object.fromEntries(entries) : new Map(entries);
}

function nonStrKeys(t: Typed): boolean {
  if ('l' in t) return t.l.some(nonStrKeys);
  if ('d' in t) return t.d.some(([k, x]) => !('s' in k) || nonStrKeys(x));
  return false;
}

describe(`Python literals as python3 ${corpus.python} writes them (${corpus.cases.length} recorded values)`, () => {
  it('has a corpus of several hundred values', () => assert.ok(corpus.cases.length >= 400));

  for (const what of ['repr', 'str', 'json', 'jsonIndent', 'urlencode'] as const) {
    it(`${what} of every value equals Python's`, () => {
      let compared = 0;
      const wrong: string[] = [];
      for (const c of corpus.cases) {
        const expected = c[what];
        if (expected === undefined || expected === null) continue; // Python raised (sort of mixed keys) or not applicable
        const v = value(c.v);
        const got =
          what === 'repr' ? pyRepr(v) : what === 'str' ? pyStr(v) : what === 'json' ? pyJsonDumps(v) : what === 'jsonIndent' ? pyJsonDumps(v, { indent: 4, sortKeys: true }) : pyUrlencode({ k: v });
        compared++;
        if (got !== expected) wrong.push(`${JSON.stringify(c.v)}: ours ${JSON.stringify(got)}, Python ${JSON.stringify(expected)}`);
      }
      assert.deepEqual(wrong.slice(0, 10), []);
      assert.ok(compared >= 300, `${compared} compared`);
    });
  }

  it("parsing Python's repr of every value (ast.literal_eval) gives the value back", () => {
    // the parser gives plain numbers (floats unmarked, big ints approximated) and plain objects
    const plain = (t: Typed): unknown =>
      'i' in t ? Number(t.i) : 'f' in t ? Buffer.from(t.f, 'hex').readDoubleBE(0) : 'l' in t ? t.l.map(plain)
        : 'd' in t ? Object.fromEntries(t.d.map(([k, x]) => [pyStr(plain(k)), plain(x)])) : value(t);
    const wrong: string[] = [];
    let compared = 0;
    for (const c of corpus.cases) {
      if (/\b(nan|inf)\b/.test(c.repr)) continue; // not literals in Python either
      if (nonStrKeys(c.v)) continue; // JS objects have only str keys
      compared++;
      let got: unknown;
      try {
        got = parsePythonLiteral(c.repr, { pythonOnly: true });
      } catch (e) {
        got = `error ${(e as Error).message}`;
      }
      try {
        assert.deepEqual(got, plain(c.v));
      } catch {
        wrong.push(`${c.repr.slice(0, 80)} → ${JSON.stringify(got)?.slice(0, 80)}`);
      }
    }
    assert.deepEqual(wrong.slice(0, 10), []);
    assert.ok(compared >= 300, `${compared} compared`);
  });

  it('json.dumps(json.loads(text)) gives the text back, as in Python (floats stay floats, key order kept)', () => {
    const wrong = corpus.cases.filter((c) => pyJsonDumps(pyJsonLoads(c.json)) !== c.json).map((c) => c.json.slice(0, 80));
    assert.deepEqual(wrong.slice(0, 10), []);
    assert.equal(pyJsonDumps(pyJsonLoads('{"b": 1.0, "1": [2, 1e16, -0.0], "b": 3.50}')), '{"b": 3.5, "1": [2, 1e+16, -0.0]}');
    assert.throws(() => pyJsonLoads('{"a": 1,}'), SyntaxError);
  });

  it('parses what ast.literal_eval takes beyond repr output: raw strings, octal escapes, joined literals, 0x/0o/0b ints', () => {
    // python3: ast.literal_eval of each text
    assert.equal(parsePythonLiteral(String.raw`r'a\'b'`), String.raw`a\'b`);
    assert.equal(parsePythonLiteral(String.raw`'\101\x41\0\12'`), 'AA\0\n');
    assert.deepEqual(parsePythonLiteral("{'k': 'a'\n 'b', 'n': -0x1f, 'o': 0o17, 'b': 0b101}"), { k: 'ab', n: -31, o: 15, b: 5 });
  });

  it('takes JSON.parse output as Python json.loads would have it: whole numbers are ints, others floats', () => {
    assert.equal(pyRepr(JSON.parse('{"a": 1, "b": 1.5, "c": [true, null, "x"], "d": 1e16}')), "{'a': 1, 'b': 1.5, 'c': [True, None, 'x'], 'd': 10000000000000000}");
    assert.equal(pyRepr(pyFloat(1e16)), '1e+16');
    assert.equal(pyStr(pyFloat(1700000000)), '1700000000.0');
    assert.equal(pyJsonDumps({ t: pyFloat(1700000000), n: NaN, u: undefined }), '{"t": 1700000000.0, "n": NaN}');
    assert.equal(floatRepr(0.1 + 0.2), '0.30000000000000004');
    assert.equal(strRepr('\u{1F600}\u0378\ud800'), "'\u{1F600}\\u0378\\ud800'");
    assert.equal(quotePlus('a b/é'), 'a+b%2F%C3%A9');
  });

  it('json.dumps sort_keys on a dict mixing str and int keys fails as in Python', () => {
    assert.throws(() => pyJsonDumps(new Map<unknown, unknown>([['a', 1], [2, 3]]), { sortKeys: true }), TypeError);
  });

  it("the ATLAS --inputGUIDs option is Python's str() of the list even for a GUID with a quote (the old helper wrote ['it's'])", () => {
    const job = { jobid: 1, transformation: 'runGen', workdir: '/w', jobparams: '-i "[a.root,b.root]"', indata: [{ lfn: 'a.root', guid: 'A-1' }, { lfn: 'b.root', guid: "B'2" }] } as unknown as AtlasJob;
    assert.equal(analysisRunCommand(job, 'runGen', {}), `./runGen -i "[a.root,b.root]" --inputGUIDs "['A-1', "B'2"]"`);
  });
});
