/** A transport failure (connection refused, TLS, timeout...) with a short reason. */
export class HttpError extends Error {
    timedOut;
    constructor(message, timedOut = false, options) {
        super(message, options);
        this.timedOut = timedOut;
        this.name = 'HttpError';
    }
}
let undiciP;
/** Load undici's Agent and request API (only these two files), falling back to the package. */
function loadUndici() {
    undiciP ??= (async () => {
        try {
            // non-literal specifiers: these files have no type declarations of their own
            const agentSpec = 'undici/lib/dispatcher/agent.js';
            const requestSpec = 'undici/lib/api/api-request.js';
            const [agentMod, requestMod] = await Promise.all([import(agentSpec), import(requestSpec)]);
            const Agent = (agentMod.default ?? agentMod);
            const api = (requestMod.default ?? requestMod);
            if (typeof Agent !== 'function' || typeof api !== 'function')
                throw new Error('unexpected undici layout');
            return { Agent, request: (d, opts) => api.call(d, opts) };
        }
        catch {
            const u = await import('undici');
            return { Agent: u.Agent, request: (d, opts) => d.request(opts) };
        }
    })();
    return undiciP;
}
/**
 * Start loading the HTTP client now (e.g. at pilot start-up, while other I/O is pending), so the
 * first server call does not pay for it.
 */
export function preloadHttp() {
    return loadUndici().then(() => undefined);
}
const agents = new Map();
async function agentFor(u, tls, connectTimeoutMs) {
    const id = `${tls?.id ?? ''}|${connectTimeoutMs}`;
    let agent = agents.get(id);
    if (!agent) {
        const connect = { timeout: connectTimeoutMs, rejectUnauthorized: true };
        if (tls?.ca)
            connect.ca = tls.ca;
        if (tls?.cert && tls.key) {
            connect.cert = tls.cert;
            connect.key = tls.key;
        }
        // undici unrefs idle keep-alive sockets, so they never delay the pilot's exit (tested)
        agent = new u.Agent({ connect, keepAliveTimeout: 4_000 });
        // a replaced proxy or CA set makes older agents useless: keep only a few recent ones
        if (agents.size >= 4) {
            const [oldest, old] = agents.entries().next().value;
            agents.delete(oldest);
            void old.close().catch(() => undefined);
        }
        agents.set(id, agent);
    }
    return agent;
}
/** Close all cached connections (tests, pilot exit). */
export async function closeHttpAgents() {
    const all = [...agents.values()];
    agents.clear();
    await Promise.all(all.map((a) => a.close().catch(() => undefined)));
}
/** Perform one exchange; rejects with HttpError on transport failure, or with the caller's abort reason. */
export async function httpRequest(req) {
    const u = await loadUndici();
    const agent = await agentFor(u, req.tls, req.connectTimeoutMs);
    const timeout = AbortSignal.timeout(req.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
        const target = new URL(req.url);
        const res = await u.request(agent, {
            origin: target.origin,
            path: target.pathname + target.search,
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal,
            // the overall AbortSignal is the real limit; these only stop undici's own shorter defaults
            headersTimeout: req.timeoutMs,
            bodyTimeout: req.timeoutMs,
        });
        const body = Buffer.from(await res.body.arrayBuffer());
        return { status: res.statusCode, headers: res.headers, body };
    }
    catch (e) {
        if (req.signal?.aborted)
            throw req.signal.reason;
        if (timeout.aborted)
            throw new HttpError(`timed out after ${req.timeoutMs / 1000}s`, true, { cause: e });
        const err = e;
        const code = err.code ?? err.cause?.code;
        const msg = err.cause?.message ?? err.message;
        throw new HttpError(code && !msg.includes(code) ? `${code}: ${msg}` : msg, false, { cause: e });
    }
}
//# sourceMappingURL=http.js.map