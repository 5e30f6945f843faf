/**
 * Cleaning of the job parameters (jobPars), Pilot 3's JobData.clean__jobparams: pulls out the
 * options that are meant for the pilot, not for the payload, with Pilot 3's rules step by step:
 *
 * - `--overwriteQueuedata={...}` (Pilot 1 spelling) is removed;
 * - `--overwriteQueueData <literal>` / `--overwriteStorageData <literal>` are read as Python
 *   literals and removed, with Pilot 3's shell-word rules (parse_args: an option takes the next
 *   word unless it starts with `-`; the last occurrence wins; a literal that does not parse is
 *   ignored; the `--opt=<literal>` spelling is not an overwrite option and stays);
 * - `<ZIP_MAP>...</ZIP_MAP>` is extracted and removed;
 * - `--containerImage[=| ]<image>` is extracted and removed (it overrides container_name).
 *
 * Deliberate difference: once it has found any option, Pilot 3 re-serialises the whole string with
 * shlex.quote, which turns `"...$VAR..."` into `'...$VAR...'` and stops the shell from expanding it
 * (the reason for ATLAS's --athenaopts pre-filter). We cut the pilot options out of the original
 * text and leave every other byte as the server sent it: the payload gets the same words as under
 * Pilot 3 (test/info/pilot3corpus.test.ts compares them word by word), with the server's quoting.
 * ZIP_MAP and the image name are read from the text as Pilot 3 re-quoted it, so they are Pilot 3's.
 */
import { log } from '../common/log.js';
import { literalEval, PY_SPACE, PyRaise } from './pybase.js';

const logger = log('info');

/** What clean__jobparams extracts from jobPars. */
export interface CleanedJobParams {
  jobparams: string;
  /** As Pilot 3: the literal's value, whatever its type ({} when absent or unparsable). */
  overwrite_queuedata: unknown;
  overwrite_storagedata: unknown;
  zipmap: string;
  /** '' when no --containerImage option was present. */
  imagename: string;
}

/** A shell word with its span in the original text. */
export interface Word {
  value: string;
  start: number;
  end: number;
}

const SPACE = ' \t\r\n';

/**
 * Split exactly like Python's shlex.split (POSIX mode, no comments) and keep each word's span;
 * undefined where shlex raises ValueError (no closing quotation, no escaped character).
 */
export function shlexSplit(s: string): Word[] | undefined {
  const out: Word[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && SPACE.includes(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let value = '';
    while (i < s.length && !SPACE.includes(s[i]!)) {
      const c = s[i]!;
      if (c === "'") {
        const j = s.indexOf("'", i + 1);
        if (j < 0) return undefined;
        value += s.slice(i + 1, j);
        i = j + 1;
      } else if (c === '"') {
        i++;
        for (;;) {
          if (i >= s.length) return undefined;
          const d = s[i]!;
          if (d === '"') { i++; break; }
          if (d === '\\') {
            if (i + 1 >= s.length) return undefined;
            const n = s[i + 1]!;
            // inside double quotes only \" and \\ are escapes (shlex.escapedquotes)
            value += n === '"' || n === '\\' ? n : `\\${n}`;
            i += 2;
            continue;
          }
          value += d;
          i++;
        }
      } else if (c === '\\') {
        if (i + 1 >= s.length) return undefined;
        value += s[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    out.push({ value, start, end: i });
  }
  return out;
}

/** Python's shlex.quote. */
export function shlexQuote(s: string): string {
  if (s === '') return "''";
  if (!/[^\w@%+=:,./-]/.test(s)) return s;
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** Remove the spans from s, leaving single spacing at each cut. */
function cutSpans(s: string, spans: Array<[number, number]>): string {
  let out = s;
  for (const [start, end] of [...spans].sort((a, b) => b[0] - a[0])) {
    const left = out.slice(0, start).replace(/[ \t\r\n]+$/, '');
    const right = out.slice(end);
    out = !left ? right.replace(/^[ \t\r\n]+/, '') : left + (right && !/^[ \t\r\n]/.test(right) ? ' ' : '') + right;
  }
  return out;
}

const OVERWRITE_OPTS = ['--overwriteQueueData', '--overwriteStorageData'] as const;

/** Pilot 3's cast of an overwrite option value: `ast.literal_eval(x) if x else {}`; undefined when it fails (Pilot 3 logs and skips). */
function overwriteValue(text: string | null | undefined, opt: string): unknown {
  if (!text) return {};
  try {
    return literalEval(text);
  } catch (e) {
    if (!(e instanceof PyRaise)) throw e;
    logger.warn({ opt, err: e.message }, 'could not parse job parameter value: ignored');
    return undefined;
  }
}

/**
 * Pilot 3's parse_args(data, overwrite options, remove=True): the options' values, Pilot 3's
 * re-quoted string (to read ZIP_MAP and the image from) and ours (the option spans cut out).
 */
function extractOverwrites(data: string): { values: Record<string, unknown>; pilot3Form: string; ours: string } {
  const words = shlexSplit(data);
  if (!words) {
    logger.error('failed to parse the job parameters as shell words: left as they are');
    return { values: {}, pilot3Form: data, ours: data };
  }
  // get_opts_pargs: an option takes the next word unless that starts with '-'; a trailing option is not in opts
  const opts = new Map<string, string | null>();
  const pargs: Array<Word | [Word, Word | null]> = [];
  let cur: Word | null = null;
  for (const w of words) {
    if (w.value.startsWith('-')) {
      if (cur) {
        opts.set(cur.value, null);
        pargs.push([cur, null]);
      }
      cur = w;
      continue;
    }
    if (!cur) pargs.push(w);
    else {
      opts.set(cur.value, w.value);
      pargs.push([cur, w]);
      cur = null;
    }
  }
  if (cur) pargs.push([cur, null]);
  if (opts.size === 0) return { values: {}, pilot3Form: data, ours: data };

  const values: Record<string, unknown> = {};
  for (const opt of OVERWRITE_OPTS) {
    const v = overwriteValue(opts.get(opt), opt);
    if (v !== undefined) values[opt] = v;
  }
  const kept: string[] = [];
  const cut: Array<[number, number]> = [];
  for (const a of pargs) {
    if (!Array.isArray(a)) kept.push(a.value);
    else if ((OVERWRITE_OPTS as readonly string[]).includes(a[0].value)) cut.push([a[0].start, (a[1] ?? a[0]).end]);
    else kept.push(a[0].value, ...(a[1] ? [a[1].value] : []));
  }
  return { values, pilot3Form: kept.map(shlexQuote).join(' '), ours: cutSpans(data, cut) };
}

const ATHENAOPTS = / (--athenaopts "?'?[^"]+"?'?)/g;
const PLACEHOLDER = 'TOBEREPLACED1';

/**
 * Extract and remove the pilot's own options from jobPars (see the module comment). `pilotUser`
 * (PILOT_USER) selects Pilot 3's experiment pre-filter: for ATLAS, ` --athenaopts ...` up to the
 * next double quote is set aside before the options are read and put back after (so whatever it
 * swallows is not read as options, as in Pilot 3).
 */
export function cleanJobParams(value: string, pilotUser = 'generic'): CleanedJobParams {
  const res: CleanedJobParams = { jobparams: value, overwrite_queuedata: {}, overwrite_storagedata: {}, zipmap: '', imagename: '' };
  let kept: string | undefined;
  if (pilotUser.toLowerCase() === 'atlas') {
    const m = new RegExp(ATHENAOPTS.source).exec(value);
    if (m) {
      kept = m[1]!;
      value = value.replace(ATHENAOPTS, ` ${PLACEHOLDER} `);
    }
  }
  // Python's '.' is [^\n] (JS's also stops at \r, U+2028, U+2029) and its \s/\S are PY_SPACE
  const noPilot1 = value.replace(/--overwriteQueuedata=\{[^\n]*?\}/g, '');
  const { values, pilot3Form, ours } = extractOverwrites(noPilot1);
  res.overwrite_queuedata = '--overwriteQueueData' in values ? values['--overwriteQueueData'] : {};
  res.overwrite_storagedata = '--overwriteStorageData' in values ? values['--overwriteStorageData'] : {};
  let p3 = pilot3Form;
  let ret = ours;

  const zip = / '?<ZIP_MAP>([^\n]+)<\/ZIP_MAP>'?/g;
  const zm = new RegExp(zip.source).exec(p3);
  if (zm) {
    res.zipmap = zm[1]!;
    p3 = p3.replace(zip, '');
    ret = ret.replace(zip, '');
  }

  // Pilot 3's two patterns: one to find and remove the option, one to read the image name.
  const S = `[^${PY_SPACE.slice(1, -1)}]`;
  const optPattern = new RegExp(` --containerImage=?${PY_SPACE}?${S}+`, 'g');
  if (new RegExp(optPattern.source).test(p3)) {
    const im = new RegExp(` '?--containerImage=? ?(${S}+) ?'?`).exec(p3);
    if (im && im[1]) res.imagename = im[1];
    p3 = p3.replace(optPattern, '');
    ret = ret.replace(optPattern, '');
  }
  res.jobparams = kept === undefined ? ret : ret.replaceAll(PLACEHOLDER, kept);
  return res;
}
