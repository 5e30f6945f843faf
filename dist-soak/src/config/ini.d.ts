/**
 * An INI reader that accepts what Python's configparser (default settings) accepts, since Pilot 3
 * reads default.cfg with `configparser.ConfigParser()` and sites may hand us their own copy:
 * `[Section]` headers (case-sensitive), `key = value` and `key: value` (first delimiter wins),
 * keys lower-cased, whole-line `#`/`;` comments (no inline comments), empty values, indented
 * continuation lines, a `[DEFAULT]` section inherited by every section, and `%(name)s` / `%%`
 * interpolation. Duplicate sections or keys are errors, as in configparser's strict mode.
 */
/** Raw string values: section name → (lower-cased key → value). */
export type IniData = Map<string, Map<string, string>>;
/** A syntax problem in an INI text, with the line number. */
export declare class IniSyntaxError extends Error {
    readonly source: string;
    readonly line: number;
    constructor(message: string, source: string, line: number);
}
/** Parse INI text into raw (uninterpolated) values; DEFAULT keys are kept under "DEFAULT". */
export declare function parseIni(text: string, source?: string): IniData;
/** configparser's BasicInterpolation for one value: `%(key)s` from the same section or DEFAULT, `%%` → `%`. */
export declare function interpolate(data: IniData, section: string, key: string, value: string, depth?: number): string;
/** A raw value from a section, falling back to DEFAULT. */
export declare function lookup(data: IniData, section: string, key: string): string | undefined;
