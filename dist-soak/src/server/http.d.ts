import type { TlsMaterial } from './auth.js';
/** What a request needs. */
export interface HttpRequest {
    url: string;
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: Buffer | string;
    /** whole-exchange limit (Pilot 3: http_maxtime) */
    timeoutMs: number;
    /** TCP+TLS connect limit (Pilot 3: http_connect_timeout) */
    connectTimeoutMs: number;
    signal?: AbortSignal;
    tls?: TlsMaterial;
}
/** Status, headers and the raw body. */
export interface HttpResponse {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}
/** A transport failure (connection refused, TLS, timeout...) with a short reason. */
export declare class HttpError extends Error {
    readonly timedOut: boolean;
    constructor(message: string, timedOut?: boolean, options?: {
        cause?: unknown;
    });
}
/**
 * Start loading the HTTP client now (e.g. at pilot start-up, while other I/O is pending), so the
 * first server call does not pay for it.
 */
export declare function preloadHttp(): Promise<void>;
/** Close all cached connections (tests, pilot exit). */
export declare function closeHttpAgents(): Promise<void>;
/** Perform one exchange; rejects with HttpError on transport failure, or with the caller's abort reason. */
export declare function httpRequest(req: HttpRequest): Promise<HttpResponse>;
