/**
 * A small parser for Python literals (what Pilot 3's `ast.literal_eval` accepts for the dict
 * fields it reads: `--overwriteQueueData`, pilotSecrets, preprocess, CRIC dicts sent as strings).
 *
 * Supports dicts, lists, tuples (→ arrays), sets (→ arrays), strings ('…', "…", triple quotes,
 * u/r/b prefixes, the usual and octal escapes, adjacent literals joined), ints (also 0x/0o/0b),
 * floats, True/False/None. JSON's true/false/null are accepted too, so a JSON text parses the
 * same way. Nothing is ever evaluated. {@link pyJsonLoads} reads JSON keeping what Python's
 * json.loads keeps and JSON.parse loses (float or int, key order), for texts dumped again.
 */
import { pyFloat } from './pyliteral.js';

/** Thrown for text that is not a Python literal. */
export class LiteralSyntaxError extends Error {
  override name = 'LiteralSyntaxError';
}

/** Options of {@link parsePythonLiteral}. */
export interface LiteralOptions {
  /** Reject JSON's true/false/null, as Python's ast.literal_eval does (default: accept them). */
  pythonOnly?: boolean;
}

/** Parse a Python literal; throws {@link LiteralSyntaxError} on anything else. */
export function parsePythonLiteral(text: string, opts: LiteralOptions = {}): unknown {
  const p = new Parser(text, opts.pythonOnly === true);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i < text.length) p.fail('unexpected trailing text');
  return v;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

class Parser {
  i = 0;
  constructor(
    readonly s: string,
    readonly pythonOnly = false,
  ) {}

  fail(msg: string): never {
    throw new LiteralSyntaxError(`${msg} at offset ${this.i} in ${JSON.stringify(this.s.slice(0, 80))}`);
  }

  ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === undefined) this.fail('unexpected end');
    if (c === '{') return this.dict();
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.seq('(', ')');
    if (this.atString()) {
      // adjacent literals concatenate ('a' 'b' is 'ab')
      let out = this.str();
      for (;;) {
        const at = this.i;
        this.ws();
        if (!this.atString()) { this.i = at; return out; }
        out += this.str();
      }
    }
    const word = (this.pythonOnly ? /^(True|False|None)\b/ : /^(True|False|None|true|false|null)\b/).exec(this.s.slice(this.i));
    if (word) {
      this.i += word[0].length;
      return word[0] === 'True' || word[0] === 'true' ? true : word[0] === 'False' || word[0] === 'false' ? false : null;
    }
    const based = /^([+-]?)0([xXoObB])([0-9a-fA-F_]+)/.exec(this.s.slice(this.i));
    if (based) {
      this.i += based[0].length;
      const n = Number.parseInt(based[3]!.replace(/_/g, ''), { x: 16, o: 8, b: 2 }[based[2]!.toLowerCase() as 'x' | 'o' | 'b']);
      return based[1] === '-' ? -n : n;
    }
    const num = /^[+-]?(\d[\d_]*\.?[\d_]*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return Number(num[0].replace(/_/g, ''));
    }
    return this.fail('unexpected character');
  }

  atString(): boolean {
    const m = /^[uUrRbB]{0,2}['"]/.exec(this.s.slice(this.i, this.i + 3));
    return m !== null;
  }

  dict(): Record<string, unknown> {
    this.i++; // {
    const out: Record<string, unknown> = {};
    let first = true;
    let isSet = false;
    const setItems: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') { this.i++; break; }
      if (!first) {
        if (this.s[this.i] !== ',') this.fail("expected ',' in dict");
        this.i++;
        this.ws();
        if (this.s[this.i] === '}') { this.i++; break; }
      }
      const key = this.value();
      this.ws();
      if (this.s[this.i] !== ':') {
        if (first || isSet) { isSet = true; setItems.push(key); first = false; continue; }
        this.fail("expected ':' in dict");
      }
      this.i++;
      this.ws();
      out[typeof key === 'string' ? key : JSON.stringify(key)] = this.value();
      first = false;
    }
    return isSet ? (setItems as unknown as Record<string, unknown>) : out;
  }

  seq(open: string, close: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) { this.i++; return out; }
      if (out.length > 0) {
        if (this.s[this.i] !== ',') this.fail(`expected ',' in ${open}${close}`);
        this.i++;
        this.ws();
        if (this.s[this.i] === close) { this.i++; return out; }
      }
      out.push(this.value());
    }
  }

  str(): string {
    let raw = false;
    while (/[uUrRbB]/.test(this.s[this.i] ?? '')) {
      if (/[rR]/.test(this.s[this.i]!)) raw = true;
      this.i++;
    }
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string');
      if (this.s.startsWith(end, this.i)) { this.i += end.length; return out; }
      const c = this.s[this.i]!;
      if (c === '\n' && !triple) this.fail('newline in string');
      if (c === '\\' && raw) {
        // in a raw string a backslash stays, and still keeps the next character from ending it
        out += c + (this.s[this.i + 1] ?? '');
        this.i += 2;
        continue;
      }
      if (c === '\\') {
        const n = this.s[this.i + 1];
        if (n === undefined) this.fail('unterminated escape');
        if (n === 'x' || n === 'u' || n === 'U') {
          const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
          const hex = this.s.slice(this.i + 2, this.i + 2 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail('bad escape');
          out += String.fromCodePoint(Number.parseInt(hex, 16));
          this.i += 2 + len;
          continue;
        }
        const octal = /^[0-7]{1,3}/.exec(this.s.slice(this.i + 1, this.i + 4));
        if (octal) { out += String.fromCodePoint(Number.parseInt(octal[0], 8)); this.i += 1 + octal[0].length; continue; }
        if (n in ESCAPES) { out += ESCAPES[n]; this.i += 2; continue; }
        out += c + n; // unknown escapes stay literally, as in Python
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
  }
}

/**
 * Python's `json.loads` as far as the text's types go: a number written with a fraction or an
 * exponent is a float ({@link PyFloat}, so `1.0` stays `1.0` when dumped again), other numbers
 * ints (bigint past 2^53), objects Maps in the text's key order (a JS object would put
 * integer-like keys first), NaN/Infinity accepted as Python does. Throws SyntaxError otherwise.
 */
export function pyJsonLoads(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i} of JSON text`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const WORD = /true|false|null|NaN|Infinity|-Infinity/y;
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '"') return JSON.parse(token(STRING) ?? fail('bad string')) as string;
    if (c === '{') {
      i++;
      const out = new Map<string, unknown>();
      ws();
      if (text[i] === '}') return i++, out;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const k = JSON.parse(token(STRING) ?? fail('bad key')) as string;
        ws();
        if (text[i++] !== ':') fail("expected ':'");
        out.set(k, value()); // a repeated key: the later value in the first place, as Python's dict
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') return i++, out;
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') return i++, out;
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') return i++, out;
        fail("expected ',' or ']'");
      }
    }
    const word = token(WORD);
    if (word !== undefined) return { true: true, false: false, null: null, NaN, Infinity, '-Infinity': -Infinity }[word];
    const num = token(NUMBER);
    if (num === undefined) return fail('unexpected character');
    if (/[.eE]/.test(num)) return pyFloat(Number(num));
    const n = Number(num);
    return Number.isSafeInteger(n) ? n : BigInt(num);
  };
  const v = value();
  ws();
  if (i < text.length) fail('extra data');
  return v;
}
