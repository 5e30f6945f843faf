/** A loosely typed external record (server answer, CRIC entry). */
export type RawRecord = Record<string, unknown>;
/**
 * Integer cleaning (clean_numeric): numbers kept, strings trimmed, "NULL" (any case) → default,
 * anything that is not a whole number → default. Python's int() accepts "+5" and " 7 "; so do we.
 */
export declare function cleanInt(raw: unknown, def: number): number;
/** Strict integer parse: undefined when the value is not a whole number (callers raise). */
export declare function strictInt(raw: unknown): number | undefined;
/**
 * String cleaning (clean_string): strings kept as they are (Pilot 3 does not strip them either),
 * null/undefined → default, numbers and booleans stringified.
 */
export declare function cleanStr<D extends string | null>(raw: unknown, def: D): string | D;
/** Boolean cleaning (clean_boolean): '', none, true, false, yes, no, 1, 0 (any case); else default. */
export declare function cleanBool<D extends boolean | null>(raw: unknown, def: D): boolean | D;
/**
 * Dict cleaning (clean_dictdata): objects kept, strings parsed as Python literals (CRIC and the
 * server send `{'a': 1}` as well as JSON). Throws on an unparsable string, like Pilot 3.
 */
export declare function cleanDict<D extends RawRecord | null>(raw: unknown, def: D): RawRecord | D;
/** Split a comma list the way Pilot 3's clean_listdata does (no trimming); missing → []. */
export declare function splitList(raw: unknown): string[];
/** The first defined value among several external key names (BaseData kmap tuples). */
export declare function pick(data: RawRecord, ...names: string[]): unknown;
/** A deep copy of JSON-like data (defaults and caches must not be shared between objects). */
export declare function deepCopy<T>(v: T): T;
/**
 * A dict field of a CRIC record, deep-copied; text that is not a dict literal is QUEUEDATANOTOK
 * (1117), described as `what` (Pilot 3 crashes there with a Python SyntaxError).
 */
export declare function dictField<T>(data: RawRecord, key: string, def: T, what: string): T;
