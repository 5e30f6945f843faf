/**
 * Python's text forms of plain values, byte for byte as CPython 3.11 writes them: `repr()`,
 * `str()`, `json.dumps()` and `urllib.parse.urlencode()`. Pilot 3 puts these texts on the wire and
 * in diagnostics (a list in an error message, a dict in a form field, a job report re-serialised),
 * and panda-server/Harvester write them, so the pilot and the emulators render through this one
 * owner. `test/common/pyliteral.test.ts` compares it with python3 over a recorded corpus.
 *
 * Values map to Python types as JSON.parse would have them: a JS number that is an integer is a
 * Python int (as `json.loads('1')`), any other number a float; wrap a number in {@link pyFloat}
 * to have a whole value printed as a float (`1700000000.0`). A bigint is an int, null/undefined
 * None, an array a list, a Map or a plain object a dict (a Map keeps non-string keys and the
 * insertion order; a plain object has JS's order, integer-like keys first).
 */
import { NONPRINTABLE_RANGES } from './pyprintable.generated.js';

/** A number to be written as a Python float even when it is whole (`1.0`, not `1`). */
export class PyFloat {
  constructor(readonly value: number) {}
  /** As a plain number (arithmetic and comparisons see the number). */
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
  /** Python's str() of the float. */
  toString(): string {
    return floatRepr(this.value);
  }
}

/** Mark `n` as a Python float. */
export function pyFloat(n: number): PyFloat {
  return new PyFloat(n);
}

/** Python's `float.__repr__` (also `str()` and json's form of a finite float): shortest round-trip digits. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the shortest round-trip digits, as Python's repr uses
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(x.toExponential())!;
  const sign = m[1]!;
  const digits = m[2]! + (m[3] ?? '');
  const exp = Number(m[4]);
  const decpt = exp + 1; // the decimal point sits after this many digits
  // CPython's float_repr_style 'short': scientific when decpt is outside (-4, 16]
  if (decpt <= -4 || decpt > 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Python's repr of an int given as an integral number or a bigint (never in exponent form). */
function intRepr(n: number | bigint): string {
  return typeof n === 'bigint' ? n.toString() : BigInt(n).toString();
}

let nonprintable: Uint32Array | undefined;

/** The decoded range table (start, end pairs), built on first use. */
function ranges(): Uint32Array {
  if (nonprintable) return nonprintable;
  const pairs = NONPRINTABLE_RANGES.split(' ');
  const out = new Uint32Array(pairs.length * 2);
  let end = -1;
  pairs.forEach((p, i) => {
    const dot = p.indexOf('.');
    const start = end + 1 + Number.parseInt(p.slice(0, dot), 16);
    end = start + Number.parseInt(p.slice(dot + 1), 16);
    out[2 * i] = start;
    out[2 * i + 1] = end;
  });
  return (nonprintable = out);
}

/** Python's `str.isprintable()` for one code point (Python 3.11's Unicode database, not V8's). */
export function isPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp < 0x7f) return true;
  const r = ranges();
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < r[2 * mid]!) hi = mid - 1;
    else if (cp > r[2 * mid + 1]!) lo = mid + 1;
    else return false;
  }
  return true;
}

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** Python's `repr()` of a str: single quotes unless it holds `'` and no `"`; unprintables escaped. */
export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp < 0x7f || isPrintable(cp)) out += ch;
    else if (cp <= 0xff) out += '\\x' + hex(cp, 2);
    else if (cp <= 0xffff) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + quote;
}

/** Dict items of a Map or a plain object (undefined values left out, as JSON.stringify does). */
function items(v: Map<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  const all = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return all.filter(([, x]) => x !== undefined);
}

/** Python's `repr()` of a value (see the module comment for the type mapping). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return strRepr(v);
  if (typeof v === 'bigint') return intRepr(v);
  if (typeof v === 'number') return Number.isInteger(v) ? intRepr(v) : floatRepr(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') return `{${items(v as Record<string, unknown>).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return strRepr(String(v));
}

/** Python's `str()`: a str as it is, anything else as its repr. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** json's ensure_ascii string form: `"` `\` and controls escaped, everything past `~` as `\uXXXX` (UTF-16 units). */
export function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) out += s[i];
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += '\\u' + hex(c, 4);
  }
  return out + '"';
}

/** json's form of a float (Python writes NaN/Infinity, which strict JSON lacks). */
function jsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return floatRepr(x);
}

/** A dict key as json.dumps turns it into a string (TypeError for other types, as Python). */
function jsonKey(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === true) return 'true';
  if (k === false) return 'false';
  if (k === null || k === undefined) return 'null';
  if (typeof k === 'bigint') return intRepr(k);
  if (typeof k === 'number') return Number.isInteger(k) ? intRepr(k) : jsonFloat(k);
  if (k instanceof PyFloat) return jsonFloat(k.value);
  throw new TypeError(`keys must be str, int, float, bool or None, not ${typeof k}`);
}

/** Options of `json.dumps` that Pilot 3 uses. */
export interface PyJsonOptions {
  /** `indent=`: spaces per level; the item separator then becomes ',' */
  indent?: number;
  /** `sort_keys=True` (by code point, as Python compares str) */
  sortKeys?: boolean;
}

function byCodePoint(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}

/** Python's `<` on two dict keys: str with str by code point, numbers with numbers; else TypeError. */
function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return byCodePoint(a, b);
  const num = (k: unknown): number | bigint | undefined =>
    typeof k === 'number' || typeof k === 'bigint' ? k : typeof k === 'boolean' ? Number(k) : k instanceof PyFloat ? k.value : undefined;
  const x = num(a);
  const y = num(b);
  if (x === undefined || y === undefined) throw new TypeError(`'<' not supported between ${typeof a} and ${typeof b} keys`);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `json.dumps(v)` with Python's defaults (', ' and ': ' separators, ensure_ascii), or with indent/sort_keys. */
export function pyJsonDumps(v: unknown, opts: PyJsonOptions = {}): string {
  const pad = opts.indent === undefined ? undefined : ' '.repeat(opts.indent);
  const enc = (x: unknown, depth: number): string => {
    if (x === null || x === undefined) return 'null';
    if (x === true) return 'true';
    if (x === false) return 'false';
    if (typeof x === 'string') return jsonString(x);
    if (typeof x === 'bigint') return intRepr(x);
    if (typeof x === 'number') return Number.isInteger(x) ? intRepr(x) : jsonFloat(x);
    if (x instanceof PyFloat) return jsonFloat(x.value);
    // a Date or the like: its JSON form, as JSON.stringify would (Python has no such value)
    if (typeof (x as { toJSON?: unknown }).toJSON === 'function') return enc((x as { toJSON(): unknown }).toJSON(), depth);
    let open: string;
    let close: string;
    let parts: string[];
    if (Array.isArray(x)) {
      [open, close] = ['[', ']'];
      parts = x.map((e) => enc(e, depth + 1));
    } else if (typeof x === 'object') {
      [open, close] = ['{', '}'];
      const kv = items(x as Record<string, unknown>);
      if (opts.sortKeys) kv.sort(([a], [b]) => compareKeys(a, b)); // Python sorts the keys before turning them into str
      parts = kv.map(([k, e]) => `${jsonString(jsonKey(k))}: ${enc(e, depth + 1)}`);
    } else {
      return jsonString(String(x));
    }
    if (parts.length === 0) return open + close;
    if (pad === undefined) return open + parts.join(', ') + close;
    const inner = '\n' + pad.repeat(depth + 1);
    return open + inner + parts.join(',' + inner) + '\n' + pad.repeat(depth) + close;
  };
  return enc(v, 0);
}

/** Characters `urllib.parse.quote_plus` leaves alone (besides space, which becomes '+'). */
const SAFE = /^[A-Za-z0-9_.\-~]$/;

/** Python's `urllib.parse.quote_plus(s)`: UTF-8 percent-encoding (upper-case hex), space → '+'. */
export function quotePlus(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch === ' ') out += '+';
    else if (SAFE.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Python's `urllib.parse.urlencode(dict)`: `k=v&k2=v2`, each through `str()` then quote_plus. */
export function pyUrlencode(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pyStr(v))}`)
    .join('&');
}
