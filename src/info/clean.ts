/**
 * Value cleaning shared by FileSpec, JobData, QueueData and StorageData: the typed view on the
 * loosely typed dicts the server and CRIC send (Pilot 3's BaseData rules, pilot/info/basedata.py).
 *
 * The rules are lenient on purpose (a bad number falls back to the default, as in Pilot 3): a site's
 * stray "NULL" must not stop a pilot. Fields where a bad value would do harm are checked by the callers.
 */
import { errors } from '../common/errors.js';
import { parsePythonLiteral } from '../common/pyparse.js';

/** A loosely typed external record (server answer, CRIC entry). */
export type RawRecord = Record<string, unknown>;

/**
 * Integer cleaning (clean_numeric): numbers kept, strings trimmed, "NULL" (any case) → default,
 * anything that is not a whole number → default. Python's int() accepts "+5" and " 7 "; so do we.
 */
export function cleanInt(raw: unknown, def: number): number {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : def;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw !== 'string') return def;
  const s = raw.trim();
  if (!/^[+-]?\d+$/.test(s)) return def;
  return Number.parseInt(s, 10);
}

/** Strict integer parse: undefined when the value is not a whole number (callers raise). */
export function strictInt(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

/**
 * String cleaning (clean_string): strings kept as they are (Pilot 3 does not strip them either),
 * null/undefined → default, numbers and booleans stringified.
 */
export function cleanStr<D extends string | null>(raw: unknown, def: D): string | D {
  if (typeof raw === 'string') return raw;
  if (raw === null || raw === undefined) return def;
  if (typeof raw === 'number' || typeof raw === 'bigint') return String(raw);
  // Python's str(True) is "True": keep that spelling so values compare as in Pilot 3.
  if (typeof raw === 'boolean') return raw ? 'True' : 'False';
  return def;
}

/** Boolean cleaning (clean_boolean): '', none, true, false, yes, no, 1, 0 (any case); else default. */
export function cleanBool<D extends boolean | null>(raw: unknown, def: D): boolean | D {
  if (typeof raw === 'boolean') return raw;
  if (raw === null || raw === undefined) return def;
  const v = String(raw).trim().toLowerCase();
  if (!['', 'none', 'true', 'false', 'yes', 'no', '1', '0'].includes(v)) return def;
  return v === '1' || v === 'true' || v === 'yes';
}

/**
 * Dict cleaning (clean_dictdata): objects kept, strings parsed as Python literals (CRIC and the
 * server send `{'a': 1}` as well as JSON). Throws on an unparsable string, like Pilot 3.
 */
export function cleanDict<D extends RawRecord | null>(raw: unknown, def: D): RawRecord | D {
  let v = raw;
  if (typeof v === 'string') v = v.trim() === '' ? null : parsePythonLiteral(v);
  if (v === null || v === undefined) return def;
  if (typeof v === 'object' && !Array.isArray(v)) return v as RawRecord;
  return def;
}

/** Split a comma list the way Pilot 3's clean_listdata does (no trimming); missing → []. */
export function splitList(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw.map((x) => cleanStr(x, ''));
  const s = cleanStr(raw, '');
  return s === '' ? [] : s.split(',');
}

/** The first defined value among several external key names (BaseData kmap tuples). */
export function pick(data: RawRecord, ...names: string[]): unknown {
  for (const n of names) {
    const v = data[n];
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
}

/** A deep copy of JSON-like data (defaults and caches must not be shared between objects). */
export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

/**
 * A dict field of a CRIC record, deep-copied; text that is not a dict literal is QUEUEDATANOTOK
 * (1117), described as `what` (Pilot 3 crashes there with a Python SyntaxError).
 */
export function dictField<T>(data: RawRecord, key: string, def: T, what: string): T {
  try {
    return deepCopy(cleanDict(data[key], def as RawRecord | null)) as T;
  } catch (e) {
    throw errors.QUEUEDATANOTOK(`${what} ${key} is not a valid dict: ${(e as Error).message}`);
  }
}
