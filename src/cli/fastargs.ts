/**
 * A fast path for the pilot's command line, used by the shipped bundle only: the options as a
 * table taken from the argparse parser at build time (scripts/bundle.mjs), and a parser that
 * accepts only plain command lines — every option spelled out exactly, each value its own word,
 * every value valid. Anything else (help, abbreviations, `--opt=value`, bad values, missing
 * required options) returns undefined, and the caller parses with argparse, which gives Pilot 3's
 * exact result or usage error. Not loading argparse saves ≈ 5 MB and its start-up on every pilot
 * (see README, Benchmarks); a test checks both parsers agree.
 */

/** One option of the table (what the fast path needs from an argparse action). */
export interface FastAction {
  flags: string[];
  dest: string;
  kind: 'store' | 'store_true' | 'store_false' | 'other';
  /** name of the argparse type function */
  type?: string;
  choices?: string[];
  required: boolean;
  /** the default as argparse leaves it in the namespace (string defaults converted by the type) */
  default?: unknown;
  /** argparse.SUPPRESS default: absent from the namespace unless given */
  suppress: boolean;
}

interface ParserLike {
  _actions: Array<{
    option_strings: string[];
    dest: string;
    nargs?: unknown;
    default?: unknown;
    type?: ((v: string) => unknown) | null;
    choices?: unknown[] | null;
    required?: boolean;
    constructor: { name: string };
  }>;
}

const KINDS: Record<string, FastAction['kind']> = { _StoreAction: 'store', _StoreTrueAction: 'store_true', _StoreFalseAction: 'store_false' };

/** The table of an argparse parser (build time and tests). `suppress` is argparse.SUPPRESS. */
export function actionTable(parser: ParserLike, suppress: unknown): FastAction[] {
  return parser._actions.map((a) => {
    let kind = KINDS[a.constructor.name] ?? 'other';
    // one value per option (store) or none (flags): anything else is argparse's to parse
    if (kind === 'store' && a.nargs !== undefined && a.nargs !== null) kind = 'other';
    let def = a.default;
    if (typeof def === 'string' && a.type && def !== suppress) def = a.type(def);
    return {
      flags: a.option_strings,
      dest: a.dest,
      kind,
      ...(a.type ? { type: a.type.name } : {}),
      ...(a.choices ? { choices: a.choices.map(String) } : {}),
      required: Boolean(a.required),
      ...(def === suppress ? {} : { default: def ?? null }),
      suppress: def === suppress,
    };
  });
}

/** The type functions of the pilot's options, as argparse applies them; undefined = not valid here. */
const TYPES: Record<string, (v: string) => unknown> = {
  int: (v) => (/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(v) ? Number.parseInt(v.replace(/_/g, '').trim(), 10) : undefined),
  str2bool: (v) => {
    const l = v.toLowerCase();
    return ['yes', 'true', 't', 'y', '1'].includes(l) ? true : ['no', 'false', 'f', 'n', '0'].includes(l) ? false : undefined;
  },
  validateResourceType: (v) => (['', 'SCORE', 'MCORE'].includes(v) || v.startsWith('SCORE_') || v.startsWith('MCORE_') ? v : undefined),
  validateSlots: (v) => (v === 'auto' || /^[1-9]\d*$/.test(v) ? v : undefined),
};

/** Parse a plain command line with the table; undefined when argparse must decide. */
export function fastParse(argv: readonly string[], table: readonly FastAction[]): Record<string, unknown> | undefined {
  const byFlag = new Map<string, FastAction>();
  for (const a of table) for (const f of a.flags) byFlag.set(f, a);
  const given = new Map<string, unknown>();
  for (let i = 0; i < argv.length; i++) {
    const a = byFlag.get(argv[i]);
    if (!a || a.kind === 'other') return undefined;
    if (a.kind === 'store_true' || a.kind === 'store_false') {
      given.set(a.dest, a.kind === 'store_true');
      continue;
    }
    const raw = argv[++i];
    if (raw === undefined || raw.startsWith('-')) return undefined;
    let value: unknown = raw;
    if (a.type) {
      const conv = TYPES[a.type];
      if (!conv) return undefined;
      value = conv(raw);
      if (value === undefined) return undefined;
    }
    if (a.choices && !a.choices.includes(String(value))) return undefined;
    given.set(a.dest, value);
  }
  const out: Record<string, unknown> = {};
  for (const a of table) {
    if (a.kind === 'other') continue;
    if (a.required && !given.has(a.dest)) return undefined;
    if (given.has(a.dest)) out[a.dest] = given.get(a.dest);
    // two options with one dest: argparse keeps the first one's default
    else if (!a.suppress && !(a.dest in out)) out[a.dest] = a.default;
  }
  return out;
}
