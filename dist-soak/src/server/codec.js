/**
 * Request bodies and answer decoding as Pilot 3 does them on the wire.
 *
 * Requests go out either as gzip-compressed JSON (Pilot 3's urllib client) or as
 * application/x-www-form-urlencoded fields with Python's `str()` of each value (its curl client).
 * Answers come back as JSON, as URL-encoded `key=value&...` (what the legacy server sends when the
 * request has no `Accept: application/json`), or as the plain word `Succeeded`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
/** Python's `str()` of a value as it lands in a form field (True/False/None spelled the Python way). */
export function pythonStr(value) {
    if (value === null || value === undefined)
        return 'None';
    if (value === true)
        return 'True';
    if (value === false)
        return 'False';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'bigint')
        return String(value);
    return JSON.stringify(value);
}
/** Python's urllib.parse.quote_plus: everything but letters, digits and `_.-~` is %-encoded, space → `+`. */
export function quotePlus(s) {
    return encodeURIComponent(s)
        .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
        .replace(/%20/g, '+');
}
/** Form body like Python's urlencode(data): `k=v&k2=v2`, values through {@link pythonStr}. */
export function formEncode(data) {
    return Object.entries(data)
        .map(([k, v]) => `${quotePlus(k)}=${quotePlus(pythonStr(v))}`)
        .join('&');
}
/** The gzip-compressed JSON body Pilot 3's urllib client sends. */
export function gzipJson(data) {
    return gzipSync(Buffer.from(JSON.stringify(data), 'utf8'));
}
/** Decode `%xx` and `+` (Python unquote_plus; invalid sequences are kept as they are). */
export function unquotePlus(s) {
    const plain = s.replace(/\+/g, ' ');
    try {
        return decodeURIComponent(plain);
    }
    catch {
        // decode what can be decoded, byte run by byte run
        return plain.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
            try {
                return decodeURIComponent(run);
            }
            catch {
                return Buffer.from(run.split('%').slice(1).map((h) => parseInt(h, 16))).toString('utf8');
            }
        });
    }
}
/**
 * Python's parse_qsl on `&`-separated pairs: a pair without `=` is skipped; a blank value is
 * dropped unless `keepBlankValues` (the server's answers drop them, pre-placed job files keep them).
 */
export function parseQsl(text, keepBlankValues = false) {
    const out = [];
    for (const pair of text.split('&')) {
        if (!pair)
            continue;
        const eq = pair.indexOf('=');
        if (eq < 0) {
            if (keepBlankValues)
                out.push([unquotePlus(pair), '']);
            continue;
        }
        const value = pair.slice(eq + 1);
        if (value.length === 0 && !keepBlankValues)
            continue;
        out.push([unquotePlus(pair.slice(0, eq)), unquotePlus(value)]);
    }
    return out;
}
/** Python's parse_qs then Pilot 3's unwrapping: one value → string, repeated key → string[]. */
export function parseQuery(text) {
    const multi = new Map();
    for (const [k, v] of parseQsl(text)) {
        const list = multi.get(k);
        if (list)
            list.push(v);
        else
            multi.set(k, [v]);
    }
    const out = {};
    for (const [k, list] of multi)
        out[k] = list.length === 1 ? list[0] : list;
    return out;
}
/**
 * Pilot 3's decoding of an answer to its JSON (urllib) request: `Succeeded` → `{StatusCode: "0"}`;
 * `{...}` → the parsed object (or the raw string when it is not valid JSON); anything else → the
 * URL-encoded fields. We trim surrounding whitespace first (Pilot 3 does not; a trailing newline
 * would make it read a JSON answer as URL-encoded garbage).
 */
export function decodeAnswer(body) {
    const text = body.trim();
    if (text === 'Succeeded')
        return { StatusCode: '0' };
    if (text.startsWith('{') && text.endsWith('}')) {
        try {
            const parsed = JSON.parse(text);
            if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
                return parsed;
        }
        catch {
            // Pilot 3 hands back the unparsable string, which counts as a failed request
        }
        return text;
    }
    return parseQuery(text);
}
/** Pilot 3's decoding of an answer to its form (curl) request: JSON only, else undefined (failure). */
export function decodeJsonAnswer(body) {
    try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
            return parsed;
    }
    catch {
        // not JSON
    }
    return undefined;
}
/** Body bytes as text, un-gzipping when the server compressed them (header or gzip magic). */
export function bodyText(bytes, contentEncoding) {
    const gz = (contentEncoding ?? '').toLowerCase().includes('gzip') || (bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b);
    return (gz ? gunzipSync(bytes) : bytes).toString('utf8');
}
//# sourceMappingURL=codec.js.map