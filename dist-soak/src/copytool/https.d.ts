import type { CopyContext, Copytool } from './types.js';
/** TLS options (serialisable, so range workers can build the same agent); verification stays on. */
export declare function connectOptions(ctx: CopyContext): {
    key: string;
    opts: {
        rejectUnauthorized: true;
        ca?: string[];
        cert?: string;
        key?: string;
    };
};
/** davs:// → https://, dav:// → http:// (what the server actually speaks). */
export declare function httpUrl(url: string): string;
/** Request headers: user agent and, when a WLCG token is available, its bearer header. */
export declare function headers(ctx: CopyContext, extra?: Record<string, string>): Record<string, string>;
/** The native https/davs copytool. */
export declare const httpsCopytool: Copytool;
