/**
 * Request decoding the way panda-server's WSGI entry point does it (server/panda.py).
 *
 * Legacy `/server/panda/<method>`: `Content-Type: application/json` means the body is gunzipped
 * whatever the headers say, JSON-decoded, and top-level booleans become "True"/"False"; anything
 * else is a form (POST) or a query string (GET). New API `/api/v1/...`: JSON only gunzipped when
 * `Content-Encoding: gzip`. Decoding failures surface as HTTP 500 with the exception text.
 */
import type { IncomingMessage } from 'node:http';
/** Parameters as the handler receives them (strings for forms, JSON types for JSON bodies). */
export type Params = Record<string, unknown>;
/** Where a request is going: legacy method, new-API module/method, or neither. */
export interface Route {
    kind: 'legacy' | 'api' | 'other';
    method: string;
    module: string;
}
/** Split a path the way `parse_script_name` does (exact field counts, no trailing slash). */
export declare function parseRoute(pathname: string): Route;
/** Read a whole request body (bounded, so a runaway client cannot exhaust memory). */
export declare function readBody(req: IncomingMessage, limit?: number): Promise<Buffer>;
/** Decoding failure: answered as HTTP 500 with the message, as the real server does. */
export declare class DecodeError extends Error {
}
/** True when the client asked for JSON answers (`Accept` contains application/json). */
export declare function acceptsJson(req: IncomingMessage): boolean;
/** Form/query-string parsing (`+` is a space); `firstOnly` mimics `dict(MultiDict)` for forms. */
export declare function parseQs(text: string, firstOnly: boolean): Params;
/** Decode the parameters of a request as panda-server would for this route. */
export declare function decodeParams(req: IncomingMessage, route: Route, body: Buffer, query: string): {
    params: Params;
    json: boolean;
};
