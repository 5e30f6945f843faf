/**
 * Python-compatible text encodings used by panda-server's legacy answers.
 *
 * The legacy dispatcher answers with `urllib.parse.urlencode(dict)` (values through `str()`) or
 * `json.dumps(dict)`; getResourceTypes even ships a Python `repr` of a list. The pilot parses
 * these exact forms, so the emulator reproduces them byte for byte where it matters.
 */
/** Characters `urllib.parse.quote_plus` leaves alone (besides space, which becomes '+'). */
const SAFE = /[A-Za-z0-9_.\-~]/;
/** Python's `quote_plus(s)`: UTF-8 percent-encoding, space → '+'. */
export function quotePlus(s) {
    let out = '';
    for (const ch of s) {
        if (ch === ' ')
            out += '+';
        else if (SAFE.test(ch))
            out += ch;
        else
            for (const b of Buffer.from(ch, 'utf8'))
                out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    }
    return out;
}
/** Python's `repr()` of a string: single quotes unless the text holds a single but no double quote. */
function reprString(s) {
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = '';
    for (const ch of s) {
        if (ch === '\\')
            out += '\\\\';
        else if (ch === quote)
            out += '\\' + ch;
        else if (ch === '\n')
            out += '\\n';
        else if (ch === '\r')
            out += '\\r';
        else if (ch === '\t')
            out += '\\t';
        else if (ch < ' ' || ch === '\x7f')
            out += '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
        else
            out += ch;
    }
    return quote + out + quote;
}
/** Python's `repr()` of a JSON-like value (None/True/False, dicts with ': ', lists with ', '). */
export function pyRepr(v) {
    if (v === null || v === undefined)
        return 'None';
    if (v === true)
        return 'True';
    if (v === false)
        return 'False';
    if (typeof v === 'number')
        return pyNumber(v);
    if (typeof v === 'string')
        return reprString(v);
    if (Array.isArray(v))
        return '[' + v.map(pyRepr).join(', ') + ']';
    if (typeof v === 'object') {
        return '{' + Object.entries(v).map(([k, x]) => `${reprString(k)}: ${pyRepr(x)}`).join(', ') + '}';
    }
    return reprString(String(v));
}
function pyNumber(n) {
    if (Number.isNaN(n))
        return 'nan';
    if (!Number.isFinite(n))
        return n > 0 ? 'inf' : '-inf';
    return String(n);
}
/** Python's `str()` of a value (strings unchanged, everything else as repr). */
export function pyStr(v) {
    return typeof v === 'string' ? v : pyRepr(v);
}
/** `urllib.parse.urlencode(dict)` as the legacy dispatcher uses it. */
export function pyUrlencode(data) {
    return Object.entries(data)
        .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pyStr(v))}`)
        .join('&');
}
/** `json.dumps(value)` with Python's default separators (', ' and ': ') and ensure_ascii. */
export function pyJson(v) {
    if (v === null || v === undefined)
        return 'null';
    if (typeof v === 'number')
        return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    if (typeof v === 'boolean')
        return v ? 'true' : 'false';
    if (typeof v === 'string')
        return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
    if (Array.isArray(v))
        return '[' + v.map(pyJson).join(', ') + ']';
    if (typeof v === 'object') {
        return '{' + Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ') + '}';
    }
    return pyJson(String(v));
}
/**
 * Python's TypeError text for a call with a bad keyword set, e.g.
 * `updateJob() missing 1 required positional argument: 'state'`; undefined when the call is fine.
 */
export function signatureError(fn, required, optional, given) {
    const known = new Set([...required, ...optional]);
    const unexpected = given.find((k) => !known.has(k));
    if (unexpected !== undefined)
        return `${fn}() got an unexpected keyword argument '${unexpected}'`;
    const missing = required.filter((k) => !given.includes(k));
    if (missing.length === 0)
        return undefined;
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} and ${names[1]}` : `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
    return `${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`;
}
//# sourceMappingURL=pycodec.js.map