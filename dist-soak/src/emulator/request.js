import { gunzipSync } from 'node:zlib';
/** Split a path the way `parse_script_name` does (exact field counts, no trailing slash). */
export function parseRoute(pathname) {
    const fields = pathname.split('/');
    if (pathname.startsWith('/server/panda/') && fields.length === 4)
        return { kind: 'legacy', method: fields[3], module: 'panda' };
    if (pathname.startsWith('/api/') && fields.length === 5)
        return { kind: 'api', method: fields[4], module: fields[3] };
    return { kind: 'other', method: '', module: '' };
}
/** Read a whole request body (bounded, so a runaway client cannot exhaust memory). */
export async function readBody(req, limit = 64 * 1024 * 1024) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > limit)
            throw new Error(`request body larger than ${limit} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** Decoding failure: answered as HTTP 500 with the message, as the real server does. */
export class DecodeError extends Error {
}
function header(req, name) {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
}
/** True when the client asked for JSON answers (`Accept` contains application/json). */
export function acceptsJson(req) {
    return (header(req, 'accept') ?? '').includes('application/json');
}
/** Form/query-string parsing (`+` is a space); `firstOnly` mimics `dict(MultiDict)` for forms. */
export function parseQs(text, firstOnly) {
    const out = {};
    for (const [k, v] of new URLSearchParams(text)) {
        if (!(k in out))
            out[k] = v;
        else if (!firstOnly)
            out[k] = Array.isArray(out[k]) ? [...out[k], v] : [out[k], v];
    }
    return out;
}
function parseJsonObject(buf) {
    let value;
    try {
        value = JSON.parse(buf.toString('utf8'));
    }
    catch (e) {
        throw new DecodeError(`Expecting value: ${e.message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        // Python would fail when it calls the handler with **params of a non-dict
        throw new DecodeError('argument after ** must be a mapping, not ' + (Array.isArray(value) ? 'list' : typeof value));
    }
    return value;
}
function gunzip(buf) {
    try {
        return gunzipSync(buf);
    }
    catch {
        throw new DecodeError(`Not a gzipped file (${JSON.stringify(buf.subarray(0, 2).toString('latin1'))})`);
    }
}
/** Decode the parameters of a request as panda-server would for this route. */
export function decodeParams(req, route, body, query) {
    const contentType = header(req, 'content-type');
    const method = req.method ?? 'GET';
    if (route.kind === 'legacy') {
        if (contentType === 'application/json') {
            const params = parseJsonObject(gunzip(body));
            for (const [k, v] of Object.entries(params))
                if (typeof v === 'boolean')
                    params[k] = v ? 'True' : 'False';
            return { params, json: true };
        }
        return { params: formOrQuery(method, contentType, body, query), json: false };
    }
    const jsonBody = contentType === 'application/json' && (method === 'POST' || method === 'PUT');
    if (jsonBody) {
        const raw = header(req, 'content-encoding') === 'gzip' ? gunzip(body) : body;
        return { params: parseJsonObject(raw), json: true };
    }
    return { params: formOrQuery(method, contentType, body, query), json: false };
}
function formOrQuery(method, contentType, body, query) {
    if (method === 'GET' || method === 'HEAD')
        return parseQs(query, false);
    // werkzeug only parses url-encoded forms here (multipart is not used by the pilot)
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded'))
        return parseQs(body.toString('utf8'), true);
    return {};
}
//# sourceMappingURL=request.js.map