/**
 * Value cleaning shared by FileSpec, JobData, QueueData and StorageData: the typed view on the
 * loosely typed dicts the server and CRIC send (Pilot 3's BaseData rules, pilot/info/basedata.py).
 *
 * The rules are lenient on purpose (a bad number falls back to the default, as in Pilot 3): a site's
 * stray "NULL" must not stop a pilot. Fields where a bad value would do harm are checked by the callers.
 */
import { errors } from '../common/errors.js';
import { parsePythonLiteral } from './pyliteral.js';
/**
 * Integer cleaning (clean_numeric): numbers kept, strings trimmed, "NULL" (any case) → default,
 * anything that is not a whole number → default. Python's int() accepts "+5" and " 7 "; so do we.
 */
export function cleanInt(raw, def) {
    if (typeof raw === 'number')
        return Number.isFinite(raw) ? Math.trunc(raw) : def;
    if (typeof raw === 'boolean')
        return raw ? 1 : 0;
    if (typeof raw === 'bigint')
        return Number(raw);
    if (typeof raw !== 'string')
        return def;
    const s = raw.trim();
    if (!/^[+-]?\d+$/.test(s))
        return def;
    return Number.parseInt(s, 10);
}
/** Strict integer parse: undefined when the value is not a whole number (callers raise). */
export function strictInt(raw) {
    if (typeof raw === 'number')
        return Number.isInteger(raw) ? raw : undefined;
    if (typeof raw !== 'string')
        return undefined;
    const s = raw.trim();
    return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}
/**
 * String cleaning (clean_string): strings kept as they are (Pilot 3 does not strip them either),
 * null/undefined → default, numbers and booleans stringified.
 */
export function cleanStr(raw, def) {
    if (typeof raw === 'string')
        return raw;
    if (raw === null || raw === undefined)
        return def;
    if (typeof raw === 'number' || typeof raw === 'bigint')
        return String(raw);
    // Python's str(True) is "True": keep that spelling so values compare as in Pilot 3.
    if (typeof raw === 'boolean')
        return raw ? 'True' : 'False';
    return def;
}
/** Boolean cleaning (clean_boolean): '', none, true, false, yes, no, 1, 0 (any case); else default. */
export function cleanBool(raw, def) {
    if (typeof raw === 'boolean')
        return raw;
    if (raw === null || raw === undefined)
        return def;
    const v = String(raw).trim().toLowerCase();
    if (!['', 'none', 'true', 'false', 'yes', 'no', '1', '0'].includes(v))
        return def;
    return v === '1' || v === 'true' || v === 'yes';
}
/**
 * Dict cleaning (clean_dictdata): objects kept, strings parsed as Python literals (CRIC and the
 * server send `{'a': 1}` as well as JSON). Throws on an unparsable string, like Pilot 3.
 */
export function cleanDict(raw, def) {
    let v = raw;
    if (typeof v === 'string')
        v = v.trim() === '' ? null : parsePythonLiteral(v);
    if (v === null || v === undefined)
        return def;
    if (typeof v === 'object' && !Array.isArray(v))
        return v;
    return def;
}
/** Split a comma list the way Pilot 3's clean_listdata does (no trimming); missing → []. */
export function splitList(raw) {
    if (raw === null || raw === undefined)
        return [];
    if (Array.isArray(raw))
        return raw.map((x) => cleanStr(x, ''));
    const s = cleanStr(raw, '');
    return s === '' ? [] : s.split(',');
}
/** The first defined value among several external key names (BaseData kmap tuples). */
export function pick(data, ...names) {
    for (const n of names) {
        const v = data[n];
        if (v !== null && v !== undefined)
            return v;
    }
    return undefined;
}
/** A deep copy of JSON-like data (defaults and caches must not be shared between objects). */
export function deepCopy(v) {
    return v === undefined ? v : structuredClone(v);
}
/**
 * A dict field of a CRIC record, deep-copied; text that is not a dict literal is QUEUEDATANOTOK
 * (1117), described as `what` (Pilot 3 crashes there with a Python SyntaxError).
 */
export function dictField(data, key, def, what) {
    try {
        return deepCopy(cleanDict(data[key], def));
    }
    catch (e) {
        throw errors.QUEUEDATANOTOK(`${what} ${key} is not a valid dict: ${e.message}`);
    }
}
//# sourceMappingURL=clean.js.map