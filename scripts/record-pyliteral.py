#!/usr/bin/env python3
"""Record how python3 writes a corpus of tricky values: repr(), str(), json.dumps() (defaults, and
indent=4 with sort_keys=True as Pilot 3's write_json), urllib.parse.urlencode() of a one-field dict.
The fixture (test/common/fixtures/pyliteral-corpus.json) is the oracle for src/common/pyliteral.ts.
Plain python3 only (no Pilot 3 import). Usage: python3 scripts/record-pyliteral.py

Values travel to the test in a typed form JSON can carry exactly:
{"s": str} {"i": "decimal"} {"f": "16 hex digits of the IEEE bits"} {"b": bool} {"n": null}
{"l": [typed...]} {"d": [[typed key, typed value]...]}.
"""
import importlib.util
import json
import math
import os
import random
import re
import struct
import sys
import unicodedata
import urllib.parse

rng = random.Random(20261201)


def typed(v):
    if v is None:
        return {'n': None}
    if isinstance(v, bool):
        return {'b': v}
    if isinstance(v, int):
        return {'i': str(v)}
    if isinstance(v, float):
        return {'f': struct.pack('>d', v).hex()}
    if isinstance(v, str):
        return {'s': v}
    if isinstance(v, list):
        return {'l': [typed(x) for x in v]}
    if isinstance(v, dict):
        return {'d': [[typed(k), typed(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def paired_surrogates(v):
    """A high surrogate followed by a low one is one code point in JS but two in Python: not comparable."""
    if isinstance(v, str):
        return re.search('[\ud800-\udbff][\udc00-\udfff]', v) is not None
    if isinstance(v, list):
        return any(paired_surrogates(x) for x in v)
    if isinstance(v, dict):
        return any(paired_surrogates(k) or paired_surrogates(x) for k, x in v.items())
    return False


def attempt(fn):
    try:
        return fn()
    except (TypeError, ValueError):
        return None


# --- hand-picked values -------------------------------------------------------------------------
FLOATS = [0.0, -0.0, 1.0, -1.0, 0.1, 0.1 + 0.2, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e17, 1.5e16,
          1e-4, 1e-5, 0.00012345, 1.2345e-5, 1e22, 1e21, 1e-7, 1e100, 1e-100, 5e-324, 2.2250738585072014e-308,
          sys.float_info.max, -sys.float_info.max, float(2 ** 53), float(2 ** 53 + 2), 123456789012345680000.0,
          1700000000.0, 1700000000.25, 1700000000.123456, 3.14159, 100.0, 1234567.0, 0.5, 2.5, 1e16 - 2,
          float('inf'), float('-inf'), float('nan'), 12345678901234567.0, 0.000123, 1.7976931348623157e308]
INTS = [0, 1, -1, 42, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 1, -2 ** 53, 2 ** 63, -2 ** 64, 10 ** 21, 10 ** 30, 7 ** 77,
        1700000000]
STRINGS = ['', 'a', "it's", 'say "hi"', 'both \' and "', "'", '"', '\'"', '\\', 'C:\\dir\\file', 'a\\\'b', 'tab\there',
           'line\nbreak', 'cr\rlf\n', '\x00', '\x07\x08\x0b\x0c\x1b\x1f', '\x7f', '\x80\x9f\xa0\xad\xff', 'caf\u00e9',
           'na\u00efve \u00fcber', '\u0394\u03b8', '\u4e2d\u6587', '\u2028\u2029', '\u200b\u200e\ufeff', '\u00a0\u3000',
           '\ue000\uf8ff', '\ufffe\uffff', '\ud800', '\udfff', 'x\udc80y', '\U0001f600', '\U0001f468\u200d\U0001f469',
           '\U00010000\U0010ffff', '\U000e0001', '\U000f0000', '\U0001fbf0', '\U00031350', 'root://host//path/file.root',
           "['a', 'b']", 'None', 'True', '{"k": 1}', 'a b+c&d=e%f', '~-._', '!*\'();:@&=+$,/?#[]', 'é'.encode().decode(),
           '\u0301', 'e\u0301', '\u0600', '\u061c', '\u180e', '\u2066\u2069', '\U0001d173', '\u0378', '\u08a0']

values = FLOATS + INTS + STRINGS + [True, False, None, [], {}, [[]], [{}], {'': ''}]
values += [[s] for s in STRINGS[:20]] + [['it\'s', 'x"y', 'plain'], STRINGS, FLOATS[:20], INTS]
values += [{'a': 1, 'b': [1.0, None, True], 'c': {'d': "it's"}}, {1: 'one', 2: 2.0}, {'z': 1, 'a': 2, 'é': 3, '\U0001f600': 4, '\uffff': 5},
           {10: 'ten', 9: 'nine', -1: 'minus'}, {'10': 1, '9': 2, 'b': 3}, {True: 1}, {None: 'x'}, {1.5: 'a', 0.1: 'b'},
           {'jobId': 1234567890123, 'state': 'running', 'startTime': 1700000000.0, 'xml': '', 'metaData': '{"a": [1, 2]}'}]

# --- boundaries of every range str.isprintable() rejects (the generated table's test) -----------
_spec = importlib.util.spec_from_file_location('gen_pyprintable', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen-pyprintable.py'))
_gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_gen)
edges = [c for a, b in _gen.nonprintable_ranges() for c in (a - 1, a, b, b + 1) if 0 <= c <= 0x10FFFF]
for i in range(0, len(edges), 48):
    values.append(' '.join(chr(c) for c in edges[i:i + 48]))

# --- random values ------------------------------------------------------------------------------
POOLS = [lambda: chr(rng.randint(0x20, 0x7e)), lambda: rng.choice('\'"\\'), lambda: chr(rng.randint(0, 0x1f)),
         lambda: chr(rng.randint(0x7f, 0xff)), lambda: chr(rng.randint(0x100, 0xd7ff)), lambda: chr(rng.randint(0xe000, 0xffff)),
         lambda: chr(rng.randint(0x10000, 0x10ffff)), lambda: chr(rng.randint(0x1f300, 0x1faff)), lambda: chr(rng.randint(0xd800, 0xdfff))]


def rand_str():
    return ''.join(rng.choice(POOLS)() for _ in range(rng.randint(0, 14)))


def rand_float():
    kind = rng.randint(0, 3)
    if kind == 0:
        return struct.unpack('>d', rng.getrandbits(64).to_bytes(8, 'big'))[0]
    if kind == 1:
        return rng.uniform(-1, 1) * 10 ** rng.randint(-25, 25)
    if kind == 2:
        return round(rng.uniform(0, 1e6), rng.randint(0, 8))
    return float(rng.randint(-10 ** 18, 10 ** 18))


def rand_int():
    return rng.choice([rng.randint(-1000, 1000), rng.randint(-2 ** 53, 2 ** 53), rng.getrandbits(rng.randint(54, 200)) * rng.choice([1, -1])])


def rand_value(depth=0):
    k = rng.randint(0, 7 if depth < 3 else 4)
    if k == 0:
        return rand_str()
    if k == 1:
        return rand_float()
    if k == 2:
        return rand_int()
    if k == 3:
        return rng.choice([True, False, None])
    if k == 4:
        return rand_str()
    if k in (5, 6):
        return [rand_value(depth + 1) for _ in range(rng.randint(0, 4))]
    keys = rng.choice([rand_str, rand_int])
    return {keys(): rand_value(depth + 1) for _ in range(rng.randint(0, 4))}


values += [rand_str() for _ in range(150)] + [rand_float() for _ in range(150)] + [rand_int() for _ in range(40)]
values += [rand_value() for _ in range(120)]

cases = []
for v in values:
    if paired_surrogates(v):
        continue
    case = {'v': typed(v), 'repr': repr(v), 'str': str(v), 'json': json.dumps(v),
            'jsonIndent': attempt(lambda: json.dumps(v, indent=4, sort_keys=True))}
    if not isinstance(v, (list, dict)) and not (isinstance(v, str) and re.search('[\ud800-\udfff]', v)):
        case['urlencode'] = urllib.parse.urlencode({'k': v})
    cases.append(case)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'common', 'fixtures', 'pyliteral-corpus.json')
with open(out, 'w', encoding='ascii') as fh:
    head = json.dumps({'python': sys.version.split()[0], 'unicode': unicodedata.unidata_version})
    fh.write(head[:-1] + ', "cases": [\n' + ',\n'.join(json.dumps(c) for c in cases) + '\n]}\n')  # a case a line
print(f'{len(cases)} cases -> {out}')
