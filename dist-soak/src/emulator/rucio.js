/**
 * Rucio emulator: the REST calls the pilot makes, in Rucio's formats.
 *
 * - `GET /auth/userpass` (X-Rucio-Account/-Username/-Password) → `X-Rucio-Auth-Token` header
 * - `POST /replicas/list` (`{dids, schemes, ...}`) and `GET /replicas/{scope}/{name}` →
 *   `application/x-json-stream` (one JSON replica record per line)
 * - `POST /traces/` → 201, collected in `traces`
 * Errors carry Rucio's `ExceptionClass`/`ExceptionMessage` headers and JSON body.
 */
import { createServer } from 'node:http';
function rucioError(res, status, cls, msg) {
    res.writeHead(status, { 'content-type': 'application/json', ExceptionClass: cls, ExceptionMessage: msg });
    res.end(JSON.stringify({ ExceptionClass: cls, ExceptionMessage: msg }));
}
async function readBody(req, max = 10 * 1024 * 1024) {
    const chunks = [];
    let n = 0;
    for await (const c of req) {
        n += c.length;
        if (n > max)
            throw new Error('request body too large');
        chunks.push(c);
    }
    return Buffer.concat(chunks).toString('utf8');
}
function record(f, schemes) {
    const pfns = {};
    const rses = {};
    for (const r of f.replicas) {
        const scheme = /^([a-z0-9+.-]+):\/\//i.exec(r.pfn)?.[1];
        if (schemes?.length && (!scheme || !schemes.includes(scheme)))
            continue;
        pfns[r.pfn] = { rse: r.rse, rse_id: r.rse.toLowerCase(), type: r.type ?? 'DISK', domain: r.domain ?? 'wan', priority: r.priority ?? 1, volatile: false, client_extract: false };
        (rses[r.rse] ??= []).push(r.pfn);
    }
    return { scope: f.scope, name: f.name, bytes: f.bytes, adler32: f.adler32 ?? null, md5: f.md5 ?? null, pfns, rses, states: Object.fromEntries(Object.keys(rses).map((r) => [r, 'AVAILABLE'])) };
}
/** Start the Rucio emulator on 127.0.0.1 (free port unless given). */
export async function startRucioEmulator(opts = {}) {
    const files = new Map();
    for (const f of opts.files ?? [])
        files.set(`${f.scope}:${f.name}`, f);
    const traces = [];
    const requests = [];
    let failures = 0;
    let failStatus = 503;
    const authorised = (req) => !opts.token || req.headers['x-rucio-auth-token'] === opts.token;
    const handler = async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const path = url.pathname.replace(/\/+$/, '') || '/';
        requests.push(`${req.method} ${path}`);
        if (req.method === 'POST' && path === '/traces') {
            try {
                traces.push(JSON.parse(await readBody(req, 1024 * 1024)));
            }
            catch {
                return rucioError(res, 400, 'InvalidObject', 'cannot decode trace');
            }
            res.writeHead(201, { 'content-type': 'text/plain' });
            res.end('Created');
            return;
        }
        if (failures > 0) {
            failures--;
            return rucioError(res, failStatus, 'ServiceUnavailable', 'emulated failure');
        }
        if (req.method === 'GET' && path === '/auth/userpass') {
            const up = opts.userpass;
            if (!up || req.headers['x-rucio-account'] !== up.account || req.headers['x-rucio-username'] !== up.username || req.headers['x-rucio-password'] !== up.password) {
                return rucioError(res, 401, 'CannotAuthenticate', 'Cannot authenticate with given credentials');
            }
            res.writeHead(200, { 'X-Rucio-Auth-Token': opts.token ?? 'emulator-token', 'X-Rucio-Auth-Token-Expires': new Date(Date.now() + 3600e3).toUTCString() });
            res.end();
            return;
        }
        if (!authorised(req))
            return rucioError(res, 401, 'CannotAuthenticate', 'Cannot authenticate to account with given token');
        if (req.method === 'POST' && path === '/replicas/list') {
            let body;
            try {
                body = JSON.parse(await readBody(req));
            }
            catch {
                return rucioError(res, 400, 'ValueError', 'cannot decode json parameter list');
            }
            if (!Array.isArray(body.dids))
                return rucioError(res, 400, 'KeyError', "'dids' not defined");
            const found = body.dids.map((d) => files.get(`${d.scope}:${d.name}`)).filter((f) => !!f);
            if (!found.length && body.dids.length)
                return rucioError(res, 404, 'DataIdentifierNotFound', 'Data identifier not found.');
            res.writeHead(200, { 'content-type': 'application/x-json-stream' });
            res.end(found.map((f) => JSON.stringify(record(f, body.schemes)) + '\n').join(''));
            return;
        }
        const m = /^\/replicas\/([^/]+)\/([^/]+)$/.exec(path);
        if (req.method === 'GET' && m) {
            const f = files.get(`${decodeURIComponent(m[1])}:${decodeURIComponent(m[2])}`);
            if (!f)
                return rucioError(res, 404, 'DataIdentifierNotFound', 'Data identifier not found.');
            const schemes = url.searchParams.getAll('schemes');
            res.writeHead(200, { 'content-type': 'application/x-json-stream' });
            res.end(JSON.stringify(record(f, schemes.length ? schemes : undefined)) + '\n');
            return;
        }
        rucioError(res, 404, 'MethodNotAllowed', `no such endpoint: ${req.method} ${path}`);
    };
    const server = createServer((req, res) => {
        handler(req, res).catch((e) => {
            if (!res.headersSent)
                rucioError(res, 500, 'RucioException', String(e.message));
            else
                res.destroy();
        });
    });
    await new Promise((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
    const port = server.address().port;
    return {
        url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
        port,
        files,
        traces,
        requests,
        addFile: (f) => void files.set(`${f.scope}:${f.name}`, f),
        failNext: (n, status = 503) => {
            failures = n;
            failStatus = status;
        },
        close: () => new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
        }),
    };
}
//# sourceMappingURL=rucio.js.map