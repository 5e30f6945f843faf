/**
 * Pilot 3's value rules for job descriptions, exactly (pilot/info/basedata.py BaseData.clean_*,
 * plus the Python built-ins they call: str(), int(), dict(), list(), hashing). JobData and
 * FileSpec read the server's loosely typed values through these, so that every description gives
 * the values Pilot 3's parser gives (checked against recordings of Pilot 3 itself, see
 * test/info/pilot3corpus.test.ts). Values are JSON values: what the pilot receives.
 *
 * Where Python raises and Pilot 3 does not catch it, these throw {@link PyRaise}: the job
 * description is one Pilot 3's pilot cannot run (jobdata.ts turns it into the job's error).
 */
import { LiteralSyntaxError, parsePythonLiteral } from '../common/pyparse.js';

/** A Python exception Pilot 3's parser would let escape (its type name, e.g. TypeError, and message). */
export class PyRaise extends Error {
  override name = 'PyRaise';
  constructor(
    readonly pyType: string,
    message: string,
  ) {
    super(message);
  }
}

type Json = unknown;

/** Python's repr() of a float given as a JS number that is not an integer. */
function floatRepr(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e16) return String(x);
  const [m, e] = x.toExponential().split('e') as [string, string];
  const exp = Number(e);
  return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's repr() of a str. */
function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      const cp = ch.codePointAt(0)!;
      out += cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return out + q;
}

/** Python's repr() of a JSON value (strings quoted). */
export function pyRepr(v: Json): string {
  return typeof v === 'string' ? strRepr(v) : pyStr(v);
}

/** Python's str() of a JSON value (json.loads types: None, bool, int, float, str, list, dict). */
export function pyStr(v: Json): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : floatRepr(v);
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

/** Python's str.strip(): its whitespace set (str.isspace), which is not JS's \s (no U+FEFF; U+001C-U+001F and U+0085 are). */
/** Python's `\\s` (str.isspace) as a regular-expression character class. */
export const PY_SPACE = '[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, 'g');
const strip = (s: string): string => s.replace(STRIP, '');

/** The value of a Unicode decimal digit: they come in runs of ten, 0 to 9, in code-point order. */
function digitValue(ch: string): number {
  let cp = ch.codePointAt(0)!;
  let k = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
    cp--;
    k++;
  }
  return k % 10;
}

/** int(text) as Python parses it (any Unicode decimal digits, single underscores); undefined where Python raises ValueError. */
function parseIntText(text: string): number | undefined {
  const s = strip(text);
  if (!/^[+-]?\p{Nd}+(_\p{Nd}+)*$/u.test(s)) return undefined;
  const digits = [...s.replace(/_/g, '')].map((c) => (c === '+' || c === '-' ? c : /[0-9]/.test(c) ? c : String(digitValue(c)))).join('');
  return Number(digits);
}

/** clean_numeric(raw, int): ints (and bools) kept, floats truncated, strings parsed, "NULL" and failures → def. */
export function cleanNumeric<D extends number | null>(raw: Json, def: D): number | D {
  if (typeof raw === 'boolean') return raw ? 1 : 0; // Python keeps the bool, an int subclass equal to 1/0
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : def;
  if (typeof raw !== 'string') return def;
  if (strip(raw).toUpperCase() === 'NULL') return def;
  return parseIntText(raw) ?? def;
}

/** clean_string(raw, str): strings as they are (not stripped), None → def, anything else str(raw). */
export function cleanString<D extends string | null>(raw: Json, def: D): string | D {
  if (typeof raw === 'string') return raw;
  if (raw === null || raw === undefined) return def;
  return pyStr(raw);
}

const BOOL_WORDS = new Set(['', 'none', 'true', 'false', 'yes', 'no', '1', '0']);

/** clean_boolean: bools kept, None → def, str(raw) in '', none, true, false, yes, no, 1, 0 (any case), else def. */
export function cleanBoolean<D extends boolean | null>(raw: Json, def: D): boolean | D {
  if (typeof raw === 'boolean') return raw;
  if (raw === null || raw === undefined) return def;
  const v = strip(pyStr(raw)).toLowerCase();
  if (!BOOL_WORDS.has(v)) return def;
  return v === '1' || v === 'true' || v === 'yes';
}

/** ast.literal_eval(text): throws PyRaise(SyntaxError or ValueError) where Python does. */
export function literalEval(text: string): Json {
  const src = text.replace(/^[ \t]+/, '');
  if (strip(src) === '') throw new PyRaise('SyntaxError', 'invalid syntax (<unknown>, line 0)');
  try {
    return parsePythonLiteral(src, { pythonOnly: true });
  } catch (e) {
    // Python tells a non-literal expression (ValueError) from bad syntax (SyntaxError); both escape Pilot 3 alike.
    if (e instanceof LiteralSyntaxError) throw new PyRaise('ValueError', `malformed node or string: ${e.message}`);
    throw e;
  }
}

const isDict = (v: Json): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** dict(v) for a non-dict value; undefined where Python raises TypeError/ValueError. */
function dictOf(v: Json): Record<string, unknown> | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const item of v) {
    let pair: unknown[];
    if (Array.isArray(item)) pair = item;
    else if (typeof item === 'string') pair = [...item];
    else return undefined;
    if (pair.length !== 2) return undefined;
    const [k, x] = pair;
    if (k !== null && typeof k === 'object') return undefined; // unhashable key
    out[pyStr(k)] = x;
  }
  return out;
}

/** clean_dictdata: strings literal_eval'ed (raising as Python does), dicts kept, dict(raw) else, failures → def. */
export function cleanDictdata<D extends Record<string, unknown> | null>(raw: Json, def: D): Record<string, unknown> | D {
  const v = typeof raw === 'string' ? literalEval(raw) : raw;
  if (isDict(v)) return v;
  if (v === null || v === undefined) return def;
  return dictOf(v) ?? def;
}

/** `d.update(v)` of a dict with v: the mapping it adds, or undefined where Python raises. */
export function dictUpdateOf(v: Json): Record<string, unknown> | undefined {
  return isDict(v) ? v : dictOf(v);
}

/** clean_listdata(data.get(key, ''), list): lists kept, strings split on ',', None → [], list(raw) else ([] on TypeError). */
export function cleanListdata(raw: Json): Json[] {
  if (Array.isArray(raw)) return raw;
  if (raw === null) return [];
  if (raw === undefined) return ['']; // data.get(key, '') of a missing key
  if (typeof raw === 'string') return raw.split(',');
  if (isDict(raw)) return Object.keys(raw);
  return [];
}

/**
 * A key that is equal for values Python's set/`in` treats as equal (1 == 1.0 == True); throws
 * PyRaise(TypeError) for lists and dicts, which Python cannot hash.
 */
export function hashKey(v: Json): string {
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  if (typeof v === 'boolean') return `n${v ? 1 : 0}`;
  if (v === null || v === undefined) return 'None';
  throw new PyRaise('TypeError', `unhashable type: '${Array.isArray(v) ? 'list' : 'dict'}'`);
}

/** Python's truth value of a JSON value (`if value:`). */
export function pyTruthy(v: Json): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Python `==` between two JSON values of a description (str, int, float, bool, None; containers by value). */
export function pyEquals(a: Json, b: Json): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean' || typeof a === 'number' || typeof b === 'number') {
    const num = (x: Json) => (typeof x === 'boolean' ? Number(x) : typeof x === 'number' ? x : undefined);
    return num(a) !== undefined && num(a) === num(b);
  }
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
