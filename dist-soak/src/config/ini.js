/**
 * An INI reader that accepts what Python's configparser (default settings) accepts, since Pilot 3
 * reads default.cfg with `configparser.ConfigParser()` and sites may hand us their own copy:
 * `[Section]` headers (case-sensitive), `key = value` and `key: value` (first delimiter wins),
 * keys lower-cased, whole-line `#`/`;` comments (no inline comments), empty values, indented
 * continuation lines, a `[DEFAULT]` section inherited by every section, and `%(name)s` / `%%`
 * interpolation. Duplicate sections or keys are errors, as in configparser's strict mode.
 */
/** A syntax problem in an INI text, with the line number. */
export class IniSyntaxError extends Error {
    source;
    line;
    constructor(message, source, line) {
        super(`${source}, line ${line}: ${message}`);
        this.source = source;
        this.line = line;
        this.name = 'IniSyntaxError';
    }
}
const SECTION_RE = /^\[(?<name>.+)\]/;
const MAX_INTERPOLATION_DEPTH = 10;
/** Parse INI text into raw (uninterpolated) values; DEFAULT keys are kept under "DEFAULT". */
export function parseIni(text, source = '<string>') {
    const data = new Map();
    let section;
    let lastKey;
    let lastIndent = 0;
    const lines = text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
        const raw = lines[i];
        const stripped = raw.trim();
        const lineNo = i + 1;
        if (stripped === '') {
            // kept only if more indented text follows (trailing newlines are stripped when the value ends)
            if (section && lastKey !== undefined)
                section.set(lastKey, section.get(lastKey) + '\n');
            continue;
        }
        if (stripped.startsWith('#') || stripped.startsWith(';'))
            continue;
        const indent = raw.length - raw.trimStart().length;
        if (section && lastKey !== undefined && indent > lastIndent) {
            section.set(lastKey, section.get(lastKey) + '\n' + stripped);
            continue;
        }
        // trailing blank lines of a finished multi-line value are dropped
        if (section && lastKey !== undefined)
            section.set(lastKey, section.get(lastKey).replace(/\n+$/, ''));
        lastIndent = indent;
        const header = SECTION_RE.exec(stripped);
        if (header?.groups) {
            const name = header.groups.name;
            if (data.has(name))
                throw new IniSyntaxError(`section ${JSON.stringify(name)} already exists`, source, lineNo);
            section = new Map();
            data.set(name, section);
            lastKey = undefined;
            continue;
        }
        if (!section)
            throw new IniSyntaxError(`no section header before ${JSON.stringify(stripped)}`, source, lineNo);
        const at = stripped.search(/[=:]/);
        if (at <= 0)
            throw new IniSyntaxError(`not a "key = value" line: ${JSON.stringify(stripped)}`, source, lineNo);
        const key = stripped.slice(0, at).trim().toLowerCase();
        const value = stripped.slice(at + 1).trim();
        if (section.has(key))
            throw new IniSyntaxError(`option ${JSON.stringify(key)} already exists`, source, lineNo);
        section.set(key, value);
        lastKey = key;
    }
    if (section && lastKey !== undefined)
        section.set(lastKey, section.get(lastKey).replace(/\n+$/, ''));
    for (const sec of data.values())
        for (const [k, v] of sec)
            sec.set(k, v.replace(/\n+$/, ''));
    return data;
}
/** configparser's BasicInterpolation for one value: `%(key)s` from the same section or DEFAULT, `%%` → `%`. */
export function interpolate(data, section, key, value, depth = 0) {
    if (!value.includes('%'))
        return value;
    if (depth > MAX_INTERPOLATION_DEPTH)
        throw new Error(`interpolation too deep in [${section}] ${key}`);
    let out = '';
    let rest = value;
    while (rest.length > 0) {
        const p = rest.indexOf('%');
        if (p < 0) {
            out += rest;
            break;
        }
        out += rest.slice(0, p);
        rest = rest.slice(p);
        if (rest.startsWith('%%')) {
            out += '%';
            rest = rest.slice(2);
            continue;
        }
        const m = /^%\(([^)]+)\)s/.exec(rest);
        if (!m)
            throw new Error(`bad interpolation syntax in [${section}] ${key}: ${JSON.stringify(value)}`);
        const ref = m[1].toLowerCase();
        const refValue = lookup(data, section, ref);
        if (refValue === undefined)
            throw new Error(`[${section}] ${key} refers to missing option ${JSON.stringify(ref)}`);
        out += interpolate(data, section, ref, refValue, depth + 1);
        rest = rest.slice(m[0].length);
    }
    return out;
}
/** A raw value from a section, falling back to DEFAULT. */
export function lookup(data, section, key) {
    return data.get(section)?.get(key) ?? data.get('DEFAULT')?.get(key);
}
//# sourceMappingURL=ini.js.map